// Backups and restores of the whole database: SQLite's online backup (consistent while serving), pg_dump/pg_restore.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';

const run = promisify(execFile);

/** Where the data folder keeps the SQLite database (db.ts opens the same file). */
const sqliteFile = (dataDir: string) => join(dataDir, 'pinisi.db');

export interface BackupTarget {
  dataDir: string;
  databaseUrl: string | null;
}

/**
 * Writes a backup of the database to `file`. SQLite: the online backup API through its own read connection, so a
 * running server goes on committing and the copy is one consistent moment; PostgreSQL: `pg_dump --format=custom`.
 */
export async function backup(target: BackupTarget, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  if (target.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, target.databaseUrl]);
    return;
  }
  const source = sqliteFile(target.dataDir);
  if (!existsSync(source)) throw new Error(`No database at ${source}`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    // Written beside the target and renamed, so a backup file is always whole.
    const partial = `${file}.partial`;
    await db.backup(partial);
    renameSync(partial, file);
  } finally {
    db.close();
  }
}

/**
 * Puts a backup into an empty place: a data folder without a database, or an empty PostgreSQL database. Refuses
 * to overwrite, so a restore never destroys the only copy of a log by mistake.
 */
export async function restore(target: BackupTarget, file: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`No backup file at ${file}`);
  if (target.databaseUrl) {
    await run('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${target.databaseUrl}`,
      file,
    ]);
    return;
  }
  const destination = sqliteFile(target.dataDir);
  if (existsSync(destination))
    throw new Error(
      `${destination} exists: restore into an empty data folder (PINISI_DATA_DIR), then move it`,
    );
  mkdirSync(target.dataDir, { recursive: true });
  const partial = `${destination}.partial`;
  copyFileSync(file, partial);
  rmSync(`${destination}-wal`, { force: true });
  rmSync(`${destination}-shm`, { force: true });
  renameSync(partial, destination);
}
