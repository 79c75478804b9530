// The disk's ceiling for durable commits: raw better-sqlite3 (WAL, synchronous=FULL), one row per transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Single-row commits per second for `seconds`, each waiting for fsync exactly as Pinisi's commits do; the row is
 * about the size of one incident-creating event. Nothing else runs in between, so no command can beat it alone.
 */
export function sqliteCeiling(seconds: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'pinisi-ceiling-'));
  const db = new Database(join(dir, 'ceiling.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('create table log (seq integer primary key, data text not null)');
    const insert = db.prepare('insert into log (seq, data) values (?, ?)');
    const commit = db.transaction((seq: number) => insert.run(seq, 'x'.repeat(600)));
    const start = performance.now();
    const end = start + seconds * 1000;
    let seq = 0;
    while (performance.now() < end) commit(++seq);
    return (seq * 1000) / (performance.now() - start);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
