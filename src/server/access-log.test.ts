// The access log's writer: a burst of reads (a room of consoles loading at once) is one INSERT, in order, and a
// flush writes what is still gathering before anyone reads the log.
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseSchema } from '../store/schema.ts';
import { ReadsWriter } from './access-log.ts';

describe('ReadsWriter', () => {
  let db: Kysely<DatabaseSchema>;
  let inserts: number;

  async function open(): Promise<Kysely<DatabaseSchema>> {
    inserts = 0;
    db = new Kysely<DatabaseSchema>({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
      log: (event) => {
        if (event.level === 'query' && event.query.sql.startsWith('insert')) inserts++;
      },
    });
    await db.schema
      .createTable('personal_data_reads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'integer')
      .addColumn('user_id', 'text')
      .addColumn('username', 'text')
      .addColumn('role', 'text')
      .addColumn('what', 'text')
      .addColumn('subject', 'text')
      .addColumn('ip', 'text')
      .execute();
    return db;
  }

  afterEach(async () => {
    await db.destroy();
  });

  const read = (i: number) => ({
    id: `r${i}`,
    at: 1_000 + i,
    user_id: `u${i}`,
    username: `user${i}`,
    role: 'agency',
    what: 'snapshot',
    subject: null,
    ip: '127.0.0.1',
  });

  it('writes a burst of seven reads as one insert, in the order they came', async () => {
    const writer = new ReadsWriter(await open(), (error) => {
      throw error;
    });
    for (let i = 0; i < 7; i++) writer.add(read(i));
    expect(await db.selectFrom('personal_data_reads').selectAll().execute()).toEqual([]);
    await writer.flush();
    expect(inserts).toBe(1);
    const rows = await db.selectFrom('personal_data_reads').select('id').orderBy('at').execute();
    expect(rows.map((r) => r.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });

  it('writes by itself shortly after a read, and a flush with nothing gathered writes nothing', async () => {
    const writer = new ReadsWriter(await open(), (error) => {
      throw error;
    });
    writer.add(read(1));
    await expect
      .poll(async () => (await db.selectFrom('personal_data_reads').select('id').execute()).length)
      .toBe(1);
    await writer.flush();
    expect(inserts).toBe(1);
  });

  it('splits a very large burst into inserts of at most 500 rows', async () => {
    const writer = new ReadsWriter(await open(), (error) => {
      throw error;
    });
    for (let i = 0; i < 1_201; i++) writer.add(read(i));
    await writer.flush();
    expect(inserts).toBe(3);
    expect((await db.selectFrom('personal_data_reads').select('id').execute()).length).toBe(1_201);
  });

  it('reports a failed write and keeps writing later reads', async () => {
    const failures: unknown[] = [];
    const writer = new ReadsWriter(await open(), (error) => failures.push(error));
    writer.add(read(1));
    writer.add(read(1)); // the same id twice: the insert fails
    await writer.flush();
    expect(failures).toHaveLength(1);
    writer.add(read(2));
    await writer.flush();
    expect((await db.selectFrom('personal_data_reads').select('id').execute()).map((r) => r.id)).toEqual([
      'r2',
    ]);
  });
});
