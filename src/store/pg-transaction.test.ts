// The PostgreSQL commit path's transaction: one query at a time on its connection, BEGIN first, the held statement
// sent with COMMIT, and nothing of a transaction whose held statement fails.
import { sql } from 'kysely';
import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { type Db, openDb } from './db.ts';
import { literal, PgTransaction } from './pg-transaction.ts';

describe('PostgreSQL transaction in few round trips', () => {
  let database: TestDatabase;
  let db: Db;
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  /** The pool, with every query its connections send recorded, and the most sent at once. */
  async function watched() {
    database = await createTestDatabase('postgres');
    db = openDb(database);
    await sql`create table t (n integer primary key)`.execute(db.kysely);
    const sent: string[] = [];
    const watch = { sent, active: 0, most: 0 };
    const pool = {
      connect: async () => {
        const client = await db.pool!.connect();
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
          sent.push(String(args[0]));
          watch.most = Math.max(watch.most, ++watch.active);
          try {
            return await query(...args);
          } finally {
            watch.active--;
          }
        };
        return client;
      },
    } as unknown as pg.Pool;
    return { pool, watch };
  }

  const rows = async () =>
    (await sql<{ n: number }>`select n from t order by n`.execute(db.kysely)).rows.map((r) => r.n);

  it('sends queries made together one at a time, BEGIN first', async () => {
    const { pool, watch } = await watched();
    const tx = await PgTransaction.open(pool);
    const found = await Promise.all(
      [1, 2, 3, 4].map(
        async (n) => (await sql<{ n: number }>`select ${n}::int as n`.execute(tx.kysely)).rows,
      ),
    );
    await tx.commit();
    await tx.release();
    expect(found.flat().map((r) => r.n)).toEqual([1, 2, 3, 4]);
    expect(watch.most).toBe(1);
    expect(watch.sent[0]).toBe('begin');
    expect(watch.sent.at(-1)).toBe('commit');
  });

  it('sends the held statement with COMMIT, and keeps nothing when it fails', async () => {
    const { pool, watch } = await watched();
    const tx = await PgTransaction.open(pool);
    const results = await tx.run(['insert into t values (1)', 'select count(*)::int as n from t']);
    expect(results).toEqual([[], [{ n: 1 }]]);
    tx.defer(`insert into t values (${literal(2)})`);
    await tx.commit();
    await tx.release();
    expect(watch.sent).toHaveLength(2);
    expect(await rows()).toEqual([1, 2]);

    const failing = await PgTransaction.open(pool);
    await failing.run(['insert into t values (3)']);
    failing.defer('insert into t values (1)');
    const error = await failing.commit().catch((e: unknown) => e);
    expect(String(error)).toMatch(/duplicate key/);
    await failing.release(error);
    expect(await rows()).toEqual([1, 2]);
  });

  it('writes strings as literals that come back unchanged', async () => {
    await watched();
    const tx = await PgTransaction.open(db.pool!);
    const text = `it's a \\ back'slash "quote" \\' ${'\u00e9'} ;--`;
    const [found] = await tx.run([
      `select ${literal(text)} as s, ${literal(-1.5)} as x, ${literal(null)} as z`,
    ]);
    await tx.commit();
    await tx.release();
    expect(found).toEqual([{ s: text, x: '-1.5', z: null }]);
  });
});
