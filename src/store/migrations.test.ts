// Migrations upgrade a database made by an earlier release: names sort in the order they were added, on both databases.
import { type Kysely, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { phoneNumberKey } from '../domain/phone-number.ts';
import { callLine } from '../domain/reports/export.ts';
import type { Call } from '../domain/types.ts';
import { type Db, openDb } from './db.ts';
import { MIGRATIONS, migrate } from './migrations.ts';
import { callColumns } from './report-store.ts';

const NAMES = Object.keys(MIGRATIONS);

/** Calls as their documents hold them, every field present (null where empty), with CSV-hostile text. */
const CALLS: Call[] = [1, 2, 3].map((i) => ({
  id: `c${i}`,
  channel: 'voice',
  number: i === 1 ? '+62 811; "1"' : null,
  status: 'ended',
  type: i === 3 ? null : 'information',
  incidentId: i === 2 ? 'i,2' : null,
  registeredAt: 1_000 * i,
  answeredAt: i === 3 ? null : 1_000 * i + 700,
  answeredBy: i === 3 ? null : '=u1',
  classifiedAt: i === 3 ? null : 1_000 * i + 900,
  endedAt: 1_000 * i + 5_000,
  endedBy: i === 2 ? 'u\r\n2' : null,
}));

/** Calls as documents hold them: every field present, null where empty (a CSV-hostile number, id and names). */

describe('migrations', () => {
  it('are listed in name order, the order Kysely runs them in', () => {
    expect(NAMES).toEqual([...NAMES].sort());
  });
});

describe.each(DIALECTS)('upgrading a database on %s', (dialect) => {
  let database: TestDatabase;
  let db: Db;

  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  // The release of the morning of 2026-11-29 ended with window-indexes; every migration after it must apply on top.
  it('applies the migrations added since an earlier release', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    const shipped = NAMES.indexOf('2026-11-29-window-indexes');
    const earlier = Object.fromEntries(NAMES.slice(0, shipped + 1).map((name) => [name, MIGRATIONS[name]!]));
    const old = new Migrator({
      db: db.kysely as never,
      provider: { getMigrations: async () => earlier },
    });
    expect((await old.migrateToLatest()).error).toBeUndefined();
    await migrate(db.kysely);
    const executed = await new Migrator({
      db: db.kysely as never,
      provider: { getMigrations: async () => MIGRATIONS },
    }).getMigrations();
    expect(executed.filter((m) => m.executedAt).map((m) => m.name)).toEqual(NAMES);
  });

  // A migration fills the columns it adds with its own list of them: the store's list grows with later migrations.
  it('upgrades calls written by the release of 2026-11-29 morning, documents with every field', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    const shipped = NAMES.indexOf('2026-11-29-window-indexes');
    const earlier = Object.fromEntries(NAMES.slice(0, shipped + 1).map((name) => [name, MIGRATIONS[name]!]));
    const old = new Migrator({ db: db.kysely as never, provider: { getMigrations: async () => earlier } });
    expect((await old.migrateToLatest()).error).toBeUndefined();
    const raw = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (const call of CALLS)
      await raw
        .insertInto('calls')
        .values({ id: call.id, doc: JSON.stringify(call), status: call.status, seq: 1, number: call.number })
        .execute();
    await migrate(db.kysely);
    const rows = await db.kysely
      .selectFrom('calls')
      .select(['id', 'registered_at', 'incident_id', 'csv_line'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => ({ ...r, registered_at: Number(r.registered_at) }))).toEqual(
      CALLS.map((c) => ({
        id: c.id,
        registered_at: c.registeredAt,
        incident_id: c.incidentId,
        csv_line: callLine(c),
      })),
    );
  });

  // The reports and incident-search migrations add columns; the rows written before them get theirs from the document.
  it('fills the columns it adds from the documents of the rows written before', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    const upTo = async (last: string) => {
      const names = NAMES.slice(0, NAMES.indexOf(last) + 1);
      const migrations = Object.fromEntries(names.map((name) => [name, MIGRATIONS[name]!]));
      const migrator = new Migrator({
        db: db.kysely as never,
        provider: { getMigrations: async () => migrations },
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
    };
    await upTo('2026-11-29.1-checkpoints');
    const raw = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const calls = [
      {
        id: 'c1',
        registeredAt: 1_000,
        channel: 'voice',
        type: 'emergency',
        answeredBy: 'u1',
        answeredAt: 4_500,
      },
      { id: 'c2', registeredAt: 2_000, channel: 'voice', type: null, answeredBy: null, answeredAt: null },
    ];
    for (const [seq, call] of calls.entries()) {
      const doc = JSON.stringify(call);
      await raw
        .insertInto('calls')
        .values({ id: call.id, doc, status: 'ended', seq, number: null })
        .execute();
    }
    const incident = {
      id: 'i1',
      number: 'BLK-0001',
      createdAt: 3_000,
      category: 'fire',
      priority: 2,
      location: { kecamatan: '73.02.01', desa: '73.02.01.2001' },
      caller: { name: null, phone: '0813 5550 1234' },
    };
    const doc = JSON.stringify(incident);
    await raw.insertInto('incidents').values({ id: 'i1', doc, status: 'closed', seq: 3 }).execute();
    await upTo('2026-11-29.5-incident-search');
    const columns = ['registered_at', 'channel', 'type', 'answered_by', 'answer_ms'];
    const callRows = await raw.selectFrom('calls').select(columns).orderBy('id').execute();
    expect(callRows.map((r) => Object.values(r).map((v) => (typeof v === 'bigint' ? Number(v) : v)))).toEqual(
      [
        [1_000, 'voice', 'emergency', 'u1', 3_500],
        [2_000, 'voice', null, null, null],
      ],
    );
    const incidentRow = await raw
      .selectFrom('incidents')
      .select(['created_at', 'category', 'priority', 'kecamatan', 'desa', 'number', 'caller_key'])
      .executeTakeFirstOrThrow();
    expect({ ...incidentRow, created_at: Number(incidentRow.created_at) }).toEqual({
      created_at: 3_000,
      category: 'fire',
      priority: 2,
      kecamatan: '73.02.01',
      desa: '73.02.01.2001',
      number: 'BLK-0001',
      caller_key: phoneNumberKey('0813 5550 1234'),
    });
    expect(phoneNumberKey('0813 5550 1234')).not.toBeNull();
  });
  // The calls' CSV lines: the rows written before get the domain's line of their columns.
  it("fills the calls' CSV lines of the rows written before", async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    const names = NAMES.slice(0, NAMES.indexOf('2026-12-01.c-report-list-order') + 1);
    const migrations = Object.fromEntries(names.map((name) => [name, MIGRATIONS[name]!]));
    const before = new Migrator({
      db: db.kysely as never,
      provider: { getMigrations: async () => migrations },
    });
    expect((await before.migrateToLatest()).error).toBeUndefined();
    const raw = db.kysely as unknown as Kysely<Record<string, Record<string, unknown>>>;
    for (const call of CALLS) {
      const columns = callColumns(call);
      await raw
        .insertInto('calls')
        .values({
          id: call.id,
          doc: JSON.stringify(call),
          status: call.status,
          seq: 1,
          number: call.number,
          ...columns,
        })
        .execute();
    }
    await migrate(db.kysely);
    const rows = await db.kysely.selectFrom('calls').select(['id', 'csv_line']).orderBy('id').execute();
    expect(rows).toEqual(CALLS.map((c) => ({ id: c.id, csv_line: callLine(c) })));
  });
});

describe('migrating SQLite', () => {
  let database: TestDatabase;
  let db: Db;
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  // Migrations commit with synchronous=NORMAL; every other writer must find FULL again, even after a failed one.
  it('leaves the connection at synchronous=FULL, also when a migration fails', async () => {
    database = await createTestDatabase('sqlite');
    db = openDb(database);
    const synchronous = () => db.sqlite!.db.pragma('synchronous', { simple: true });
    db.sqlite!.db.exec('create table event_log (x integer)');
    await expect(migrate(db.kysely)).rejects.toThrow(/initial/);
    expect(synchronous()).toBe(2);
    db.sqlite!.db.exec('drop table event_log');
    await migrate(db.kysely);
    expect(synchronous()).toBe(2);
  });
});
