// The lists behind the report figures: the abandoned calls come from the unanswered calls' own index (never a scan
// of every ended call), every list pages by keyset with the `next` cursor, and a list's stamp is read from an index
// alone, on both databases.
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { CALL_HEADER, callLine, callRow, csv } from '../domain/reports/export.ts';
import { emptyState, noneTouched } from '../domain/state.ts';
import type { Call, Incident } from '../domain/types.ts';
import { linesCsv, listCsv } from '../reports/list-files.ts';
import { type Db, openDb } from './db.ts';
import { EventStore } from './event-store.ts';
import { migrate } from './migrations.ts';
import {
  callColumns,
  callLines,
  callPages,
  callsStamp,
  incidentPages,
  incidentsStamp,
  type ListPage,
  listCalls,
  listIncidents,
  readCursor,
} from './report-store.ts';
import type { DatabaseSchema } from './schema.ts';

/** 2026-11-10 08:00 WITA. */
const T0 = Date.UTC(2026, 10, 10, 0);
const S = 1000;

/** Forty calls a minute apart: every fourth abandoned, one still ringing, the rest answered after 9 s. */
function calls(): Call[] {
  return Array.from({ length: 40 }, (_, i) => {
    const registeredAt = T0 + i * 60 * S;
    const abandoned = i % 4 === 0;
    const ringing = i === 39;
    return {
      id: `call-${String(i).padStart(2, '0')}`,
      channel: 'voice',
      number: '081200000000',
      status: ringing ? 'ringing' : 'ended',
      type: abandoned || ringing ? null : 'information',
      incidentId: null,
      registeredAt,
      answeredAt: abandoned || ringing ? null : registeredAt + 9 * S,
      answeredBy: abandoned || ringing ? null : 'operator1',
      classifiedAt: null,
      endedAt: ringing ? null : registeredAt + 30 * S,
      endedBy: null,
    };
  });
}

async function insert(db: Kysely<DatabaseSchema>, list: Call[]) {
  await db
    .insertInto('calls')
    .values(
      list.map((c) => ({
        id: c.id,
        doc: JSON.stringify(c),
        status: c.status,
        seq: 0,
        number: c.number,
        number_key: null,
        ...callColumns(c),
        csv_line: callLine(c),
      })),
    )
    .execute();
}

/** Every page of a list, following `next`. */
async function allPages(db: Kysely<DatabaseSchema>, abandoned: boolean, limit: number) {
  const pages: string[][] = [];
  let page: ListPage = { limit };
  for (;;) {
    const answer = await listCalls(db, { from: T0, to: T0 + 3600 * S, abandoned }, page);
    pages.push(answer.calls.map((c) => c.id));
    if (!answer.next) return { pages, total: answer.total };
    page = { limit, after: readCursor(answer.next)! };
  }
}

describe.each(DIALECTS)('report lists on %s', (dialect) => {
  let database: TestDatabase;
  let db: Db;

  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it('pages the abandoned calls by keyset, from the unanswered calls index', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    await insert(db.kysely, calls());
    const abandoned = calls()
      .filter((c) => c.answeredAt === null && c.status === 'ended')
      .map((c) => c.id);
    expect(abandoned).toHaveLength(10);
    const paged = await allPages(db.kysely, true, 4);
    expect(paged.total).toBe(10);
    expect(paged.pages).toEqual([abandoned.slice(0, 4), abandoned.slice(4, 8), abandoned.slice(8)]);
    const every = await allPages(db.kysely, false, 16);
    expect(every.pages.flat()).toEqual(calls().map((c) => c.id));
    expect(every.pages.map((p) => p.length)).toEqual([16, 16, 8]);
    // The offset pages give the same as the keyset ones.
    const second = await listCalls(
      db.kysely,
      { from: T0, to: T0 + 3600 * S, abandoned: true },
      { limit: 4, offset: 4 },
    );
    expect(second.calls.map((c) => c.id)).toEqual(abandoned.slice(4, 8));

    if (dialect === 'sqlite') {
      // Each query the list makes, as SQLite would run it: from calls_unanswered, never the status index (which
      // holds every ended call: a year's calls read for one page).
      const plans: string[] = [];
      const base = db.kysely;
      const explained = base.withPlugin({
        transformQuery: ({ node, queryId }) => {
          const compiled = base.getExecutor().compileQuery(node, queryId);
          plans.push(compiled.sql);
          return node;
        },
        transformResult: async ({ result }) => result,
      });
      await listCalls(explained, { from: T0, to: T0 + 3600 * S, abandoned: true }, { limit: 4 });
      await listCalls(
        explained,
        { from: T0, to: T0 + 3600 * S, abandoned: true },
        { limit: 4, after: { at: T0, id: 'call-00' } },
      );
      expect(plans).toHaveLength(4);
      for (const query of plans) {
        const params = Array.from(query.matchAll(/\?/g), (_, i) =>
          i < 2 ? [T0, T0 + 3600 * S][i] : i === 2 || i === 3 ? T0 : 'call-00',
        );
        const rows = await base.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${query}`, params),
        );
        const plan = rows.rows.map((r) => r.detail).join(' | ');
        expect(plan).toContain('calls_unanswered');
        expect(plan).not.toContain('calls_status');
      }
    }
  });
  it("keeps each call's CSV line with its state row: the domain's line, rewritten with the row", async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    const store = new EventStore(db);
    // Fields a CSV quotes or defuses, empty ones, and every time.
    const written = calls().map(
      (c, i): Call => ({
        ...c,
        number: i % 3 === 0 ? '+62 812; "0001"' : i % 3 === 1 ? null : c.number,
        type: i === 1 ? 'prank' : c.type,
        answeredBy: i === 2 ? '=cmd|x' : c.answeredBy,
        incidentId: i === 5 ? 'inc,1' : null,
        classifiedAt: c.answeredAt === null ? null : c.answeredAt + 2 * S,
        endedBy: i === 6 ? 'operator\r\n2' : null,
      }),
    );
    const save = async (list: Call[], seq: number) => {
      const state = emptyState();
      const touched = noneTouched();
      for (const call of list) {
        state.calls.set(call.id, call);
        touched.calls.add(call.id);
      }
      state.seq = seq;
      await store.transaction((tx) => tx.saveEntities(state, touched));
    };
    await save(written, 1);
    const period = { from: T0, to: T0 + 3600 * S };
    const lines = async () => {
      const pages: string[] = [];
      for await (const page of callLines(db.kysely, period, 7)) pages.push(page);
      return pages;
    };
    // Each page is the lines of 7 calls, the last the rest.
    const sevens = Array.from({ length: 6 }, (_, i) => csv(written.slice(i * 7, i * 7 + 7).map(callRow)));
    expect(await lines()).toEqual(sevens);
    // The file is the one built from the columns, byte for byte.
    const list = { ...period, filters: {}, kind: 'calls' as const, sheet: 'Panggilan', header: CALL_HEADER };
    const text = async (stream: AsyncIterable<unknown>) => {
      let all = '';
      for await (const chunk of stream) all += String(chunk);
      return all;
    };
    expect(await text(linesCsv(list, callLines(db.kysely, period)))).toBe(
      await text(listCsv({ ...list, row: callRow }, callPages(db.kysely, period))),
    );
    // A change of the call (the ringing one answered and ended) rewrites its line with its row.
    const last = written.at(-1)!;
    const ended: Call = {
      ...last,
      status: 'ended',
      answeredAt: last.registeredAt + 4 * S,
      answeredBy: 'operator2',
      endedAt: last.registeredAt + 90 * S,
    };
    await save([ended], 2);
    expect((await lines()).join('')).toBe(csv([...written.slice(0, -1), ended].map(callRow)));
  });
  it('exports the calls from their columns, and reads every list in its order from the (time, id) indexes', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    // Calls with every field set, classified and ended, one of them on an incident.
    const full = calls().map((c, i) =>
      c.answeredAt === null
        ? c
        : {
            ...c,
            classifiedAt: c.answeredAt + 5 * S,
            endedBy: 'operator1',
            incidentId: i === 5 ? 'inc-1' : null,
          },
    );
    await insert(db.kysely, full);
    const exported = [];
    for await (const page of callPages(db.kysely, { from: T0, to: T0 + 3600 * S }, 7)) exported.push(...page);
    // Each exported row is the row of the stored document, field by field.
    expect(exported.map(callRow)).toEqual(full.map(callRow));
    expect(exported.filter((c) => c.incidentId === 'inc-1')).toHaveLength(1);

    if (dialect === 'sqlite') {
      const queries: string[] = [];
      const base = db.kysely;
      const recorded = base.withPlugin({
        transformQuery: ({ node, queryId }) => {
          queries.push(base.getExecutor().compileQuery(node, queryId).sql);
          return node;
        },
        transformResult: async ({ result }) => result,
      });
      const period = { from: T0, to: T0 + 3600 * S };
      for await (const _ of callPages(recorded, period, 16));
      for await (const _ of callLines(recorded, period, 16));
      await listCalls(recorded, { ...period, type: 'information' }, { limit: 4, after: { at: T0, id: 'c' } });
      for await (const _ of incidentPages(recorded, period, 16));
      await listIncidents(
        recorded,
        { ...period, agency: 'damkar' },
        { limit: 4, after: { at: T0, id: 'i' } },
      );
      // The processing time and the time to dispatch are computed per incident of the period, read in order.
      await listIncidents(
        recorded,
        { ...period, processingAbove: 0, processingAtMost: 60 * S, dispatched: true },
        { limit: 4, after: { at: T0, id: 'i' } },
      );
      for (const query of queries) {
        // Every parameter is a time but the ids of the cursor and the filter values: any value plans the same.
        const params = Array.from(query.matchAll(/\?/g), () => T0);
        const rows = await base.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${query}`, params),
        );
        const plan = rows.rows.map((r) => r.detail).join(' | ');
        // A list by its times reads the documents: its count may range the period on either time index.
        const table = query.includes('json_each')
          ? '(incidents_list|incidents_stamp) \\(created_at>\\?'
          : query.includes('"incidents"')
            ? 'incidents_list\\b'
            : 'calls_list\\b';
        expect(plan, query).toMatch(new RegExp(`USING (COVERING )?INDEX ${table}`));
        // One agency's incidents are the period's, in order, each probed for that agency's request (not the
        // agency's requests of every year, each incident looked up by its id, then sorted).
        if (query.includes('"assignments"'))
          expect(plan, query).toMatch(
            /USING COVERING INDEX assignments_agency_incident \(agency_id=\? AND incident_id=\?\)/,
          );
        // Each incident's calls are found by their ids, never by a scan of the calls.
        if (query.includes('json_each')) {
          expect(plan, query).toMatch(/SEARCH c USING (COVERING )?INDEX sqlite_autoindex_calls_1 \(id=\?\)/);
          expect(plan, query).not.toMatch(/SCAN c\b/);
        }
        // The order is the index's: no sort of the period's rows for a page.
        expect(plan, query).not.toContain('TEMP B-TREE');
      }
      expect(queries.length).toBeGreaterThanOrEqual(6);
    }
  });
  it('starts each page after a cursor at the cursor: one lower bound on the time, the cursor time', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    await insert(db.kysely, calls());
    // With the period's start as a second lower bound, SQLite ranged the index from the period's start: every page
    // of a month's export read the month from its start.
    const pages: { sql: string; parameters: readonly unknown[] }[] = [];
    const base = db.kysely;
    const recorded = base.withPlugin({
      transformQuery: ({ node, queryId }) => {
        pages.push(base.getExecutor().compileQuery(node, queryId));
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const period = { from: T0, to: T0 + 3600 * S };
    const exported = [];
    for await (const page of callPages(recorded, period, 16)) exported.push(...page);
    expect(exported.map((c) => c.id)).toEqual(calls().map((c) => c.id));
    const incidents = [];
    for await (const page of incidentPages(recorded, period, 16)) incidents.push(...page);
    expect(incidents).toEqual([]);
    await listCalls(
      recorded,
      { ...period, abandoned: true },
      { limit: 4, after: { at: T0 + 600 * S, id: 'x' } },
    );
    await listIncidents(recorded, period, { limit: 4, after: { at: T0 + 600 * S, id: 'x' } });
    const keyset = pages.filter((q) => / or /i.test(q.sql));
    // The calls export's second and third pages, and a page of each list after a cursor.
    expect(keyset).toHaveLength(4);
    const cursors = [exported[15]!.registeredAt, exported[31]!.registeredAt, T0 + 600 * S, T0 + 600 * S];
    keyset.forEach((query, i) => {
      const lower = [...query.sql.matchAll(/"(registered_at|created_at)" >= (\?|\$(\d+))/g)];
      expect(lower, query.sql).toHaveLength(1);
      const at = lower[0]![3]
        ? Number(lower[0]![3]) - 1
        : query.sql.slice(0, lower[0]!.index).split('?').length - 1;
      expect(query.parameters[at]).toBe(cursors[i]);
    });
  });
  it("reads a period's stamps from the time-and-seq indexes alone, and a changed row changes them", async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    const store = new EventStore(db);
    const incident: Incident = {
      id: 'inc-1',
      number: '2026-000001',
      category: 'kebakaran',
      location: {
        kecamatan: '7302010',
        desa: null,
        address: 'Jl. Contoh',
        landmark: null,
        lat: null,
        lon: null,
      },
      caller: { name: null, phone: '081200000000' },
      description: 'Kejadian',
      priority: 1,
      status: 'new',
      callIds: ['call-01'],
      createdAt: T0 + 90 * S,
      createdBy: 'operator1',
      forwardedAt: null,
      dispatchedAt: null,
      closedAt: null,
      closedBy: null,
      closeReason: null,
      updatedAt: T0 + 90 * S,
    };
    const save = async (list: Call[], incidents: Incident[], seq: number) => {
      const state = emptyState();
      const touched = noneTouched();
      for (const call of list) {
        state.calls.set(call.id, call);
        touched.calls.add(call.id);
      }
      for (const one of incidents) {
        state.incidents.set(one.id, one);
        touched.incidents.add(one.id);
      }
      state.seq = seq;
      await store.transaction((tx) => tx.saveEntities(state, touched));
    };
    await save(calls(), [incident], 1);
    const period = { from: T0, to: T0 + 3600 * S };
    const stamps = async (kysely = db.kysely) => [
      await callsStamp(kysely, period),
      await incidentsStamp(kysely, period),
    ];
    expect(await stamps()).toEqual(['40:1', '1:1']);
    // The ringing call answered and ended: as many calls, another stamp; then the incident forwarded.
    const ringing = calls().at(-1)!;
    await save(
      [{ ...ringing, status: 'ended', answeredAt: ringing.registeredAt + 3 * S, endedAt: T0 + 3000 * S }],
      [],
      2,
    );
    expect(await stamps()).toEqual(['40:2', '1:1']);
    await save([], [{ ...incident, status: 'waiting_dispatch', forwardedAt: T0 + 120 * S }], 3);
    expect(await stamps()).toEqual(['40:2', '1:3']);

    // Each stamp as the database runs it: from its index alone, never a row of the table read.
    const queries: CompiledQuery[] = [];
    const base = db.kysely;
    const recorded = base.withPlugin({
      transformQuery: ({ node, queryId }) => {
        queries.push(base.getExecutor().compileQuery(node, queryId));
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    await stamps(recorded);
    expect(queries).toHaveLength(2);
    if (dialect === 'postgres') await sql`vacuum analyze calls, incidents`.execute(base);
    for (const [query, index] of queries.map(
      (q, i) => [q, i === 0 ? 'calls_stamp' : 'incidents_stamp'] as const,
    )) {
      if (dialect === 'sqlite') {
        const rows = await base.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
        );
        expect(rows.rows.map((r) => r.detail).join(' | ')).toMatch(
          new RegExp(`USING COVERING INDEX ${index}\\b`),
        );
      } else {
        // A few rows here: the planner would read the table whatever the indexes; a month of a year is not.
        const plan = await base.transaction().execute(async (trx) => {
          await sql`set local enable_seqscan = off`.execute(trx);
          const rows = await trx.executeQuery<Record<string, unknown>>(
            CompiledQuery.raw(`explain (analyze, format json) ${query.sql}`, [...query.parameters]),
          );
          return JSON.stringify(rows.rows);
        });
        expect(plan).toContain('"Node Type":"Index Only Scan"');
        expect(plan).toContain(`"Index Name":"${index}"`);
        expect(plan).toContain('"Heap Fetches":0');
      }
    }
  });
});
