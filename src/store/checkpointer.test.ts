// SQLite checkpoints on their own thread: pages reach the database file without the committing thread copying them,
// and stopping closes the thread's connection before the server's.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatementCache } from './statement-cache.ts';

describe('Checkpointer', () => {
  let dir: string;
  let cache: StatementCache;

  function open(): StatementCache {
    dir = mkdtempSync(join(tmpdir(), 'pinisi-checkpointer-'));
    const db = new Database(join(dir, 'x.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table t (id integer primary key, data text not null)');
    cache = new StatementCache(db);
    return cache;
  }

  /** Rows the database file holds by itself: a copy of it opened without its write-ahead log. */
  function rowsInDatabaseFile(): number {
    const copy = join(dir, 'copy.db');
    copyFileSync(join(dir, 'x.db'), copy);
    const db = new Database(copy, { readonly: true });
    try {
      return (db.prepare('select count(*) as n from t').get() as { n: number }).n;
    } finally {
      db.close();
      rmSync(copy, { force: true });
    }
  }

  async function commit(rows: number): Promise<void> {
    const insert = cache.get('insert into t (data) values (?)');
    for (let i = 0; i < rows; i++)
      await cache.transaction(async () => {
        insert.run('x'.repeat(500));
      });
  }

  afterEach(() => {
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts no thread for a few commits; SQLite checkpoints as by default', async () => {
    open();
    await commit(50);
    expect(cache.checkpointer.running).toBe(false);
    expect(cache.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('copies committed pages into the database file on its own thread once commits keep coming', async () => {
    open();
    await commit(400);
    expect(cache.checkpointer.running).toBe(true);
    // The committing connection checkpoints only as a backstop, far beyond the log these commits make.
    expect(cache.db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000);
    await vi.waitFor(() => expect(rowsInDatabaseFile()).toBe(400), { timeout: 20_000, interval: 50 });
  });

  it('stops the thread before the server closes its connection, so that closing checkpoints everything', async () => {
    open();
    await commit(300);
    expect(cache.checkpointer.running).toBe(true);
    await cache.checkpointer.stop();
    expect(cache.checkpointer.running).toBe(false);
    cache.db.close();
    // The last connection to close checkpoints the whole log and removes it.
    expect(existsSync(join(dir, 'x.db-wal'))).toBe(false);
    expect(rowsInDatabaseFile()).toBe(300);
  });
});
