// SQLite checkpoints on a thread of their own: the event loop only appends to the write-ahead log and syncs it.
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { REPO } from '../paths.ts';

/** Commits before the thread starts: a short-lived connection (a CLI command, most tests) never needs it. */
const START_AFTER = 200;
/**
 * A checkpoint every this many commits (a command writes some twenty pages: about SQLite's own 1,000 pages), or
 * SETTLE_MS after fewer, so that the thread checkpoints no more often than SQLite would and the file catches up.
 */
const EVERY = 50;
const SETTLE_MS = 1000;
/**
 * The server's own checkpoint (SQLite's, after a commit) once the log holds this many pages: the backstop if the
 * thread falls behind, and what lets a log under constant writes start over from its beginning.
 */
const BACKSTOP_PAGES = 10_000;

/**
 * Copies committed pages from the write-ahead log into the database file on a worker thread, with a connection of
 * its own (PASSIVE checkpoints, which never block the writer). SQLite does this itself after a commit once the log
 * holds 1,000 pages, on the committing thread: with a command writing some twenty pages that was the event loop
 * blocked for a copy and an fsync of the database file every fifty commands.
 */
export class Checkpointer {
  private readonly db: Database.Database;
  private readonly signal = new Int32Array(new SharedArrayBuffer(12));
  private worker: Worker | null = null;
  private commits = 0;

  constructor(db: Database.Database) {
    this.db = db;
  }

  /** Whether the thread runs. */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Called after every commit. */
  committed(): void {
    if (this.worker === null && ++this.commits === START_AFTER) this.start();
    if ((Atomics.add(this.signal, 0, 1) + 1) % EVERY === 0) this.wake();
  }

  private wake(): void {
    Atomics.add(this.signal, 2, 1);
    Atomics.notify(this.signal, 2);
  }

  private start(): void {
    this.worker = new Worker(join(REPO, 'src/store/checkpointer-worker.mjs'), {
      workerData: { file: this.db.name, signal: this.signal, settleMs: SETTLE_MS },
    });
    this.worker.unref();
    // Should the thread fail, SQLite checkpoints on the committing thread again, as it does by default.
    this.worker.once('error', (error) => {
      console.error('SQLite checkpointer stopped', error);
      this.db.pragma('wal_autocheckpoint = 1000');
    });
    this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  }

  /** Stops the thread (its connection closes first, so that closing the server's own checkpoints everything). */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (worker === null) return;
    this.worker = null;
    Atomics.store(this.signal, 1, 1);
    this.wake();
    if (worker.threadId !== -1) await once(worker, 'exit');
  }
}
