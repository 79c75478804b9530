// Migration for reports: the hourly and daily KPI aggregates (filled from the log once here, then with every commit) and the
// columns the reports' lists of calls and incidents filter on, indexed by time.
import { type Kysely, type Migration, sql } from 'kysely';
import { DEFAULT_REPORT_CLOCK } from '../domain/reports/clock.ts';
import { callLine } from '../domain/reports/export.ts';
import { agencyDims, FactSum, hourOf, outcomeFacts } from '../domain/reports/facts.ts';
import { sliceUp } from '../domain/reports/rollup.ts';
import type { Assignment, Call, Incident } from '../domain/types.ts';
import { backfillFromDocs } from './backfill.ts';
import {
  EXPORT_COLUMNS,
  exportedCall,
  incidentColumns,
  KPI_KEY_COLUMNS,
  REPORT_CLOCK_KEY,
  rebuildFacts,
  saveFacts,
  saveSlices,
  toFact,
} from './report-store.ts';
import type { DatabaseSchema } from './schema.ts';
import { isPostgres } from './statistics.ts';

const BACKFILL_PAGE = 2000;

/** An aggregate table: the dimensions as its primary key, the count and the summed duration. */
async function createKpiTable(db: Kysely<unknown>, table: string): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('kecamatan', 'text', (c) => c.notNull())
    .addColumn('desa', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, [...KPI_KEY_COLUMNS])
    .execute();
}

/**
 * The calls' columns this migration adds, from a document: its own list, as it was (the store's `callColumns` has
 * grown with later migrations, whose columns do not exist yet here).
 */
const firstCallColumns = (call: Call) => ({
  registered_at: call.registeredAt,
  channel: call.channel,
  type: call.type,
  answered_by: call.answeredBy,
  answer_ms: call.answeredAt === null ? null : call.answeredAt - call.registeredAt,
});

export const reportMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of ['kpi_hourly', 'kpi_daily']) await createKpiTable(db, table);
    const columns = {
      calls: ['registered_at:bigint', 'channel:text', 'type:text', 'answered_by:text', 'answer_ms:bigint'],
      incidents: ['created_at:bigint', 'category:text', 'priority:integer', 'kecamatan:text', 'desa:text'],
    };
    for (const [table, list] of Object.entries(columns)) {
      for (const column of list) {
        const [name, type] = column.split(':') as [string, 'bigint' | 'text' | 'integer'];
        await db.schema.alterTable(table).addColumn(name, type).execute();
      }
    }
    await db.schema.createIndex('calls_registered_at').on('calls').column('registered_at').execute();
    await db.schema.createIndex('incidents_created_at').on('incidents').column('created_at').execute();
    await backfillFromDocs(db, 'calls', BACKFILL_PAGE, (doc) => firstCallColumns(doc as Call));
    await backfillFromDocs(db, 'incidents', BACKFILL_PAGE, (doc) => incidentColumns(doc as Incident));
    const store = db as unknown as Kysely<DatabaseSchema>;
    // Cut by the default clock; a configured other one is adopted at start (report-store.ts adoptReportClock).
    await rebuildFacts(store, DEFAULT_REPORT_CLOCK, false);
  },
};

/**
 * Reports at the size of years: the daily slices (a month without filters reads some thousands of rows instead of
 * every combination of dimensions), filled from the daily rows month by month; and the lists' filter columns in one
 * index each for calls and incidents, so counting a month's abandoned calls never reads the documents.
 */
export const reportSlicesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await createKpiTable(db, 'kpi_daily_slices');
    const store = db as unknown as Kysely<DatabaseSchema>;
    const span = await store
      .selectFrom('kpi_daily')
      .select((eb) => [eb.fn.min<number>('hour').as('first'), eb.fn.max<number>('hour').as('last')])
      .executeTakeFirstOrThrow();
    const MONTH_MS = 31 * 24 * 3_600_000;
    if (span.first !== null && span.last !== null) {
      for (let from = Number(span.first); from <= Number(span.last); from += MONTH_MS) {
        const rows = await store
          .selectFrom('kpi_daily')
          .selectAll()
          .where('hour', '>=', from)
          .where('hour', '<', from + MONTH_MS)
          .execute();
        await saveSlices(store, sliceUp(rows.map(toFact)));
      }
    }
    await db.schema.dropIndex('calls_registered_at').execute();
    await db.schema
      .createIndex('calls_report')
      .on('calls')
      .columns(['registered_at', 'status', 'channel', 'type', 'answered_by', 'answer_ms'])
      .execute();
    await db.schema.dropIndex('incidents_created_at').execute();
    await db.schema
      .createIndex('incidents_report')
      .on('incidents')
      .columns(['created_at', 'status', 'category', 'priority', 'kecamatan', 'desa'])
      .execute();
  },
};

/**
 * The unanswered calls (abandoned, and the few ringing now) in their own small index, in the lists' order: a month's
 * abandoned calls are counted and paged from it instead of from every call of the month (SQLite, without planner
 * statistics, chose the status index and read the whole table: 2.9 s for a first page at a year's size).
 */
export const reportUnansweredMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('calls_unanswered')
      .on('calls')
      .columns(['registered_at', 'id', 'status'])
      .where(sql.ref('answer_ms'), 'is', null)
      .execute();
  },
};

/**
 * The lists in their own order, and the calls' exported fields as columns. Calls are indexed by (registered_at, id)
 * and incidents by (created_at, id), the columns the lists filter on after them, so a page (and each page of an
 * export, keyset on time and id) is read in order from the index, filtered there, and stops at its limit, with no
 * sort of the period's rows; counts read the same index. They replace the report indexes (time first, then the
 * filter columns, without the id), which they cover. The calls' remaining exported fields (incident, classified,
 * ended, ended by) become columns, filled here from the documents, so an export reads no document. The assignments
 * get an index by agency holding the incident, for the incidents one agency was requested on.
 */
export const reportListOrderMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const columns = ['incident_id:text', 'classified_at:bigint', 'ended_at:bigint', 'ended_by:text'];
    for (const column of columns) {
      const [name, type] = column.split(':') as [string, 'bigint' | 'text'];
      await db.schema.alterTable('calls').addColumn(name, type).execute();
    }
    // In one statement each database runs by itself (a year's million calls in seconds, not a round trip each).
    if (isPostgres(db))
      await sql`update calls set incident_id = doc::json ->> 'incidentId',
        classified_at = (doc::json ->> 'classifiedAt')::bigint, ended_at = (doc::json ->> 'endedAt')::bigint,
        ended_by = doc::json ->> 'endedBy'`.execute(db);
    else
      await sql`update calls set incident_id = json_extract(doc, '$.incidentId'),
        classified_at = json_extract(doc, '$.classifiedAt'), ended_at = json_extract(doc, '$.endedAt'),
        ended_by = json_extract(doc, '$.endedBy')`.execute(db);
    await db.schema
      .createIndex('calls_list')
      .on('calls')
      .columns(['registered_at', 'id', 'status', 'channel', 'type', 'answered_by', 'answer_ms'])
      .execute();
    await db.schema.dropIndex('calls_report').execute();
    await db.schema
      .createIndex('incidents_list')
      .on('incidents')
      .columns(['created_at', 'id', 'status', 'category', 'priority', 'kecamatan', 'desa'])
      .execute();
    await db.schema.dropIndex('incidents_report').execute();
    await db.schema
      .createIndex('assignments_agency_incident')
      .on('assignments')
      .columns(['agency_id', 'incident_id'])
      .execute();
  },
};

/**
 * The calls' CSV lines kept with their rows (column `csv_line`, export.ts `callLine`, written with every state row by
 * event-store.ts), last in the lists' index: a month's calls export reads one text per call from the index, in order,
 * instead of twelve values and a line built per call (a month's 83,000 calls: 1.2 s of CPU became 0.27 s on SQLite,
 * 1.4 s became 0.48 s on PostgreSQL, at load ~10-17). In the index, SQLite also keeps its plans: with the column in
 * the table alone, its estimates moved a month's count of abandoned calls from calls_unanswered to calls_list. The
 * rows written before get theirs from their columns, a page at a time, one statement per page.
 */
export const reportCallLinesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('calls').addColumn('csv_line', 'text').execute();
    const calls = db as unknown as Kysely<DatabaseSchema>;
    let after = '';
    for (;;) {
      const page = await calls
        .selectFrom('calls')
        .select(EXPORT_COLUMNS)
        .where('id', '>', after)
        .orderBy('id')
        .limit(BACKFILL_PAGE)
        .execute();
      if (page.length === 0) break;
      const lines = page.map((r) => sql`(${r.id}, ${callLine(exportedCall(r))})`);
      await sql`with v (id, line) as (values ${sql.join(lines)})
        update calls set csv_line = v.line from v where calls.id = v.id`.execute(db);
      after = page.at(-1)!.id;
    }
    await db.schema.dropIndex('calls_list').execute();
    await db.schema
      .createIndex('calls_list')
      .on('calls')
      .columns(['registered_at', 'id', 'status', 'channel', 'type', 'answered_by', 'answer_ms', 'csv_line'])
      .execute();
  },
};

/**
 * The stamps of a period's calls and incidents (report-store.ts `callsStamp`, `incidentsStamp`: the count and the
 * latest seq) read from an index of the time and the seq alone. The lists' indexes hold no seq, so the stamp read the
 * table row by row; a closed month's ready or kept workbook is served after its stamps are read. A month of 83,000
 * calls (two generated months, warm): SQLite 66 ms -> 10 ms (covering index; calls_list with the seq added: 29 ms),
 * PostgreSQL 100 ms (bitmap heap scan, 8,751 buffers) -> 22 ms (index only scan, 323 buffers; calls_list with the seq
 * added: ~40 ms, 2,856 buffers). PostgreSQL updates every index of a call's row at each change already (the seq has
 * its own index, so no update is HOT); one more narrow index is one more entry written per change.
 */
export const reportStampsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('calls_stamp').on('calls').columns(['registered_at', 'seq']).execute();
    await db.schema.createIndex('incidents_stamp').on('incidents').columns(['created_at', 'seq']).execute();
  },
};

/**
 * Each agency's own casualties (`outcome` facts, issue 14): the ones it reported on its requests so far, from the
 * assignments' rows with their incident's columns, as facts.ts `outcomeFacts` gives them for the state the rows hold
 * (the log's replay gives the same: test/api/reports.test.ts audits it). Cut by the clock the daily rows were cut with.
 */
export const reportAgencyOutcomesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const store = db as unknown as Kysely<DatabaseSchema>;
    const kept = await store
      .selectFrom('meta')
      .select('value')
      .where('key', '=', REPORT_CLOCK_KEY)
      .executeTakeFirst();
    const clock = kept
      ? { ...DEFAULT_REPORT_CLOCK, ...(JSON.parse(kept.value) as object) }
      : DEFAULT_REPORT_CLOCK;
    let after = '';
    for (;;) {
      const rows = await store
        .selectFrom('assignments as a')
        .innerJoin('incidents as i', 'i.id', 'a.incident_id')
        .select(['a.id', 'a.doc', 'i.created_at', 'i.category', 'i.priority', 'i.kecamatan', 'i.desa'])
        .where('a.id', '>', after)
        .orderBy('a.id')
        .limit(BACKFILL_PAGE)
        .execute();
      if (rows.length === 0) break;
      const facts = rows.flatMap((r) => {
        const assignment = JSON.parse(r.doc) as Assignment;
        const incident = {
          hour: hourOf(Number(r.created_at)),
          category: r.category,
          priority: Number(r.priority),
          kecamatan: r.kecamatan,
          desa: r.desa ?? '',
        };
        return outcomeFacts(agencyDims(incident, assignment.agencyId), assignment);
      });
      // Summed by key first: PostgreSQL's upsert cannot add to one row twice in a statement (two requests to one
      // agency of incidents of the same hour and kind, in one page).
      await saveFacts(store, new FactSum().add(facts).facts(), clock);
      after = rows.at(-1)!.id;
    }
  },
};
