// The SQLite checkpointer's thread: copies committed pages from the write-ahead log into the database file, so that
// this copying and its fsync of the database file are off the event loop (checkpointer.ts).
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * signal[0]: commits so far; signal[1]: 1 once asked to stop; signal[2]: bumped by the server's thread at every
 * `every` commits and to stop.
 */
const { file, signal, settleMs } = workerData;
const db = new Database(file, { fileMustExist: true });
// A checkpoint never waits: one that finds the log busy copies what it can and the next one goes on.
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
let round = 0;
let seen = 0;
while (Atomics.load(signal, 1) === 0) {
  // Until `every` more commits, or settleMs for fewer: about as often as SQLite itself would checkpoint.
  Atomics.wait(signal, 2, round, settleMs);
  round = Atomics.load(signal, 2);
  const commits = Atomics.load(signal, 0);
  if (commits === seen || Atomics.load(signal, 1) !== 0) continue;
  seen = commits;
  try {
    checkpoint.run();
  } catch {
    // Busy or interrupted: the next round goes on, and the server's own checkpoints remain the backstop.
  }
}
db.close();
