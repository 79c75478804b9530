// The store's commit path on both databases: unchanged state rows cost no write, a failed batch leaves nothing, and
// PostgreSQL has planner statistics from the start.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import type { DomainEvent } from '../domain/events.ts';
import { noneTouched } from '../domain/state.ts';
import { bulukumbaSeed } from '../seed/bulukumba.ts';
import { seedIfEmpty } from '../server/reference.ts';
import { type Db, openDb } from './db.ts';
import { EventStore, sealEvents } from './event-store.ts';
import { migrate } from './migrations.ts';
import { GrowthAnalyzer } from './statistics.ts';

describe.each(DIALECTS)('event store on %s', (dialect) => {
  let database: TestDatabase;
  let db: Db;

  async function open(): Promise<EventStore> {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    await seedIfEmpty(db, bulukumbaSeed(), 'secret-password');
    return new EventStore(db);
  }

  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  const unitSeq = async (id: string) =>
    Number(
      (await db.kysely.selectFrom('units').select('seq').where('id', '=', id).executeTakeFirstOrThrow()).seq,
    );

  it('rewrites a state row only when its document changed', async () => {
    const store = await open();
    const { state, head } = await store.loadState();
    const [unit] = [...state.units.values()];
    const touched = noneTouched();
    touched.units.add(unit!.id);
    // The seed's event wrote the row.
    expect(await unitSeq(unit!.id)).toBe(head.seq);

    state.seq = 5;
    await store.transaction((tx) => tx.saveEntities(state, touched));
    expect(await unitSeq(unit!.id)).toBe(head.seq);

    state.units.set(unit!.id, {
      ...unit!,
      status: unit!.status === 'available' ? 'out_of_service' : 'available',
    });
    state.seq = 6;
    await store.transaction((tx) => tx.saveEntities(state, touched));
    expect(await unitSeq(unit!.id)).toBe(6);
    const reloaded = await store.loadState();
    expect(reloaded.state.units.get(unit!.id)).toEqual(state.units.get(unit!.id));
  });

  it('keeps nothing of a transaction that fails, and the next one commits', async () => {
    const store = await open();
    // After the seed's event.
    const { head } = await store.loadState();
    const event: DomainEvent = { type: 'call.ended', at: 1, actor: null, agencies: [], callId: 'x' };
    const first = sealEvents([event], head, () => null);
    await expect(
      store.transaction(async (tx) => {
        await tx.insertEvents(first.rows);
        await tx.saveIdempotent([{ key: 'k1', userId: 'u', command: 'c', response: '{}' }], 1);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await store.transaction((tx) => tx.begin(head.seq, ['k1']))).toEqual({
      events: [],
      known: new Map(),
    });

    await store.transaction(async (tx) => {
      await tx.insertEvents(first.rows);
      await tx.saveHead(first.head);
      await tx.saveIdempotent([{ key: 'k1', userId: 'u', command: 'c', response: '{}' }], 1);
    });
    const after = await store.transaction((tx) => tx.begin(head.seq, ['k1', 'k2']));
    expect(after.events.map((e) => e.seq)).toEqual([head.seq + 1]);
    expect([...after.known.keys()]).toEqual(['k1']);
    expect((await store.transaction((tx) => tx.begin(head.seq + 1, []))).events).toEqual([]);
  });
});

describe('SQLite commits', () => {
  let database: TestDatabase;
  let db: Db;
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it('leaves the connection at synchronous=FULL for every other writer, after a commit and after a failure', async () => {
    database = await createTestDatabase('sqlite');
    db = openDb(database);
    await migrate(db.kysely);
    const store = new EventStore(db);
    const synchronous = () => db.sqlite!.db.pragma('synchronous', { simple: true });
    expect(synchronous()).toBe(2);
    await store.transaction((tx) =>
      tx.saveIdempotent([{ key: 'k1', userId: 'u', command: 'c', response: '{}' }], 1),
    );
    expect(synchronous()).toBe(2);
    await expect(
      store.transaction((tx) =>
        tx.saveIdempotent([{ key: 'k1', userId: 'u', command: 'c', response: '{}' }], 1),
      ),
    ).rejects.toThrow(/UNIQUE/);
    expect(synchronous()).toBe(2);
    expect(db.sqlite!.db.inTransaction).toBe(false);
  });
});

describe('PostgreSQL statistics', () => {
  let database: TestDatabase;
  let db: Db;
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it('has planner statistics right after migrating and seeding', async () => {
    database = await createTestDatabase('postgres');
    db = openDb(database);
    await migrate(db.kysely);
    await seedIfEmpty(db, bulukumbaSeed(), 'secret-password');
    const rows = await sql<{ relname: string; reltuples: number }>`
      select relname, reltuples from pg_class where relname in ('event_log', 'idempotency', 'units')`.execute(
      db.kysely,
    );
    // reltuples is -1 for a table that was never analysed.
    expect(rows.rows.map((r) => [r.relname, Number(r.reltuples) >= 0]).sort()).toEqual([
      ['event_log', true],
      ['idempotency', true],
      ['units', true],
    ]);
  });

  it('analyses the growing tables again each time the log has doubled', async () => {
    database = await createTestDatabase('postgres');
    db = openDb(database);
    await migrate(db.kysely);
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      key: `k${i}`,
      user_id: 'u',
      command: 'c',
      response: '{}',
      at: i,
    }));
    await db.kysely.insertInto('idempotency').values(rows).execute();
    const estimate = async () =>
      Number(
        (
          await sql<{ n: number }>`select reltuples as n from pg_class where relname = 'idempotency'`.execute(
            db.kysely,
          )
        ).rows[0]!.n,
      );
    expect(await estimate()).toBe(0);
    const analyzer = new GrowthAnalyzer(db.kysely as never, (error) => {
      throw error;
    });
    expect(analyzer.committed(999)).toBeNull();
    await analyzer.committed(1000);
    expect(await estimate()).toBe(2000);
    expect(analyzer.committed(1999)).toBeNull();
    const again = analyzer.committed(2000);
    expect(again).not.toBeNull();
    await again;
  });
});
