// Opens the database: SQLite (WAL, synchronous=FULL) under the data folder by default, PostgreSQL when a URL is given.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<DatabaseSchema>;
  dialect: Dialect;
  close: () => Promise<void>;
}

// BIGINT columns hold epoch milliseconds and sequence numbers, well inside Number's safe range.
pg.types.setTypeParser(20, (value) => Number(value));

export function openDb(options: { databaseUrl?: string | null; dataDir: string }): Db {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    const kysely = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const sqlite = new Database(join(options.dataDir, 'pinisi.db'));
  sqlite.pragma('journal_mode = WAL');
  // An answer of 2xx means the events are on disk: every commit waits for fsync.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const kysely = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { kysely, dialect: 'sqlite', close: () => kysely.destroy() };
}
