// Opens the database: SQLite (WAL, synchronous=FULL) under the data folder by default, PostgreSQL when a URL is given.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { pgDriver } from './pg-driver.ts';
import type { DatabaseSchema } from './schema.ts';
import { StatementCache } from './statement-cache.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<DatabaseSchema>;
  dialect: Dialect;
  close: () => Promise<void>;
  /** SQLite only: the connection with its prepared statements, under kysely too (the commit path uses it directly). */
  sqlite?: StatementCache;
  /** PostgreSQL only: the pool under kysely too (the commit path takes a connection of its own, pg-transaction.ts). */
  pool?: pg.Pool;
  /**
   * PostgreSQL only: calls back with the head sequence number whenever any node commits events, so this node can
   * read them from the log. Resolves to a function that stops listening.
   */
  listen?: (onCommit: (seq: number) => void) => Promise<() => Promise<void>>;
}

/** The PostgreSQL channel on which every commit announces its head sequence number. */
export const COMMIT_CHANNEL = 'pinisi_commits';

async function listenForCommits(url: string, onCommit: (seq: number) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  const connect = async (): Promise<void> => {
    const next = new (pgDriver().Client)({ connectionString: url });
    next.on('notification', (n) => {
      if (n.channel === COMMIT_CHANNEL) onCommit(Number(n.payload));
    });
    next.on('error', () => {
      // The connection dropped: listen again, and catch up in case a commit was announced meanwhile.
      if (stopped) return;
      setTimeout(
        () =>
          void connect()
            .then(() => onCommit(Number.MAX_SAFE_INTEGER))
            .catch(() => {}),
        1000,
      );
    });
    await next.connect();
    await next.query(`LISTEN ${COMMIT_CHANNEL}`);
    client = next;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end();
  };
}

export function openDb(options: { databaseUrl?: string | null; dataDir: string }): Db {
  if (options.databaseUrl) {
    const pool = new (pgDriver().Pool)({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection that drops (server restart, terminated backend) is replaced by the pool; without a
    // listener its 'error' event would crash the process.
    pool.on('error', () => {});
    const kysely = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
    const url = options.databaseUrl;
    return {
      kysely,
      dialect: 'postgres',
      pool,
      close: () => kysely.destroy(),
      listen: (onCommit) => listenForCommits(url, onCommit),
    };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const sqlite = new Database(join(options.dataDir, 'pinisi.db'));
  sqlite.pragma('journal_mode = WAL');
  // An answer of 2xx means the events are on disk: every commit waits for fsync.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const statements = new StatementCache(sqlite);
  const kysely = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: statements }) });
  return {
    kysely,
    dialect: 'sqlite',
    sqlite: statements,
    close: async () => {
      await statements.checkpointer.stop();
      await kysely.destroy();
    },
  };
}
