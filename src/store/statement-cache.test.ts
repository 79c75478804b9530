// The SQLite statement cache: one prepare per SQL text for Kysely and the commit path alike, bounded in size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { StatementCache } from './statement-cache.ts';

describe('StatementCache', () => {
  let dir: string;
  let cache: StatementCache;
  let prepared: string[];

  function open(): StatementCache {
    dir = mkdtempSync(join(tmpdir(), 'pinisi-statements-'));
    const db = new Database(join(dir, 'x.db'));
    db.pragma('journal_mode = WAL');
    const prepare = db.prepare.bind(db);
    prepared = [];
    db.prepare = ((text: string) => {
      prepared.push(text);
      return prepare(text);
    }) as typeof db.prepare;
    cache = new StatementCache(db);
    return cache;
  }

  afterEach(() => {
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares each text once for Kysely queries', async () => {
    const kysely = new Kysely<{ t: { id: number; name: string } }>({
      dialect: new SqliteDialect({ database: open() }),
    });
    await kysely.schema.createTable('t').addColumn('id', 'integer').addColumn('name', 'text').execute();
    for (let i = 0; i < 5; i++)
      await kysely
        .insertInto('t')
        .values({ id: i, name: `n${i}` })
        .execute();
    for (let i = 0; i < 5; i++) {
      const row = await kysely.selectFrom('t').select('name').where('id', '=', i).executeTakeFirstOrThrow();
      expect(row.name).toBe(`n${i}`);
    }
    expect(prepared.filter((t) => t.startsWith('insert'))).toHaveLength(1);
    expect(prepared.filter((t) => t.startsWith('select'))).toHaveLength(1);
    await kysely.destroy();
  });

  it('keeps at most 500 statements, dropping the oldest', () => {
    open();
    const first = cache.get('select 0');
    expect(cache.get('select 0')).toBe(first);
    for (let i = 1; i <= 500; i++) cache.get(`select ${i}`);
    expect(cache.get('select 500')).toBe(cache.get('select 500'));
    expect(cache.get('select 0')).not.toBe(first);
  });
});
