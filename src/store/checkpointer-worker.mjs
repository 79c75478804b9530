// The SQLite checkpointer's thread: copies committed pages from the write-ahead log into the database file, so that
// this copying and its fsync of the database file are off the event loop (checkpointer.ts).
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** signal[0]: commits so far (the server's thread adds one per commit); signal[1]: 1 once asked to stop. */
const { file, signal, pauseMs } = workerData;
const db = new Database(file, { fileMustExist: true });
// A checkpoint never waits: one that finds the log busy copies what it can and the next one goes on.
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
let seen = 0;
while (Atomics.load(signal, 1) === 0) {
  // Until a commit since the last checkpoint, then a pause so that one checkpoint covers many commits.
  Atomics.wait(signal, 0, seen);
  Atomics.wait(signal, 1, 0, pauseMs);
  seen = Atomics.load(signal, 0);
  try {
    checkpoint.run();
  } catch {
    // Busy or interrupted: the server's own checkpoints (wal_autocheckpoint) remain the backstop.
  }
}
db.close();
