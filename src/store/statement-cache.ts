// SQLite's prepared statements, each SQL text prepared once and reused (by Kysely too), and the commit path whose fsync
// runs off the event loop.
import { closeSync, fdatasync, openSync } from 'node:fs';
import { promisify } from 'node:util';
import type Database from 'better-sqlite3';
import { Checkpointer } from './checkpointer.ts';

const syncData = promisify(fdatasync);

/** Most statements kept; the least recently prepared go first (texts with IN lists of many lengths are many). */
const CAPACITY = 500;

/** Also serves as Kysely's SQLite database, so every query Kysely builds is prepared once per distinct text. */
export class StatementCache {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Checkpoints off the event loop once the log sees steady writes (checkpointer.ts). */
  readonly checkpointer: Checkpointer;

  constructor(db: Database.Database) {
    this.db = db;
    this.checkpointer = new Checkpointer(db);
  }

  /** The prepared statement for this SQL text, prepared on first use. */
  get(sqlText: string): Database.Statement {
    let statement = this.statements.get(sqlText);
    if (!statement) {
      statement = this.db.prepare(sqlText);
      if (this.statements.size >= CAPACITY) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sqlText, statement);
    }
    return statement;
  }

  /** Kysely's SqliteDatabase interface. */
  prepare(sqlText: string): Database.Statement {
    return this.get(sqlText);
  }

  /** Kysely's SqliteDatabase interface. The checkpointer, if running, closes its connection after this one. */
  close(): void {
    void this.checkpointer.stop();
    this.statements.clear();
    this.db.close();
  }

  /**
   * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws or rejects, and resolves only once the
   * commit is on disk. The commit itself is written with `synchronous = NORMAL` and the write-ahead log is then
   * flushed with fdatasync on libuv's thread pool, the same flush `synchronous = FULL` makes inside COMMIT: the
   * guarantee is unchanged (nothing resolves before its commit is on disk) but the event loop keeps serving requests
   * meanwhile. The caller holds the connection for the whole call, so no other query on it can read the commit
   * before it is durable.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    let result: T;
    this.get('pragma synchronous = NORMAL').run();
    try {
      this.get('begin immediate').run();
      try {
        result = await fn();
        this.get('commit').run();
      } catch (error) {
        if (this.db.inTransaction) this.get('rollback').run();
        throw error;
      }
    } finally {
      // Every other writer on this connection (users, sessions, SOP) keeps committing with FULL.
      this.get('pragma synchronous = FULL').run();
    }
    await this.flushLog();
    this.checkpointer.committed();
    return result;
  }

  /** fdatasync of the write-ahead log; SQLite keeps the file (and its inode) while this connection is open. */
  private async flushLog(): Promise<void> {
    const fd = openSync(`${this.db.name}-wal`, 'r');
    try {
      await syncData(fd);
    } finally {
      closeSync(fd);
    }
  }
}
