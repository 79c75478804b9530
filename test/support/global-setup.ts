// Once per test run: a migrated template database per dialect and hashes of the demo password, so a test's server copies them instead of migrating and hashing again.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { bulukumbaSeed } from '../../src/seed/bulukumba.ts';
import { hashPassword } from '../../src/server/passwords.ts';
import { openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrations.ts';
import {
  DEMO_HASHES_ENV,
  DEMO_PASSWORD,
  PG_ADMIN_URL,
  PG_TEMPLATE_ENV,
  SQLITE_TEMPLATE_ENV,
} from './databases.ts';

async function sqliteTemplate(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-template-'));
  const db = openDb({ dataDir });
  try {
    await migrate(db.kysely);
  } finally {
    await db.close();
  }
  return dataDir;
}

/** Null when PostgreSQL is not reachable: its tests then make their databases the long way (and say why they fail). */
async function postgresTemplate(): Promise<string | null> {
  const name = `pinisi_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = openDb({ databaseUrl: url.toString(), dataDir: tmpdir() });
  try {
    await migrate(db.kysely);
  } finally {
    await db.close();
  }
  return name;
}

async function dropPostgres(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

export default async function setup(): Promise<() => Promise<void>> {
  // The root config and each project that extends it name this setup: the first call makes the templates for all.
  if (process.env[DEMO_HASHES_ENV]) return async () => {};
  const [sqliteDir, postgres, hashes] = await Promise.all([
    sqliteTemplate(),
    postgresTemplate(),
    Promise.all(bulukumbaSeed().users.map(() => hashPassword(DEMO_PASSWORD))),
  ]);
  const sqliteFile = join(sqliteDir, 'pinisi.db');
  if (existsSync(`${sqliteFile}-wal`))
    throw new Error('The SQLite template kept a write-ahead log after closing');
  process.env[SQLITE_TEMPLATE_ENV] = sqliteFile;
  if (postgres) process.env[PG_TEMPLATE_ENV] = postgres;
  process.env[DEMO_HASHES_ENV] = JSON.stringify(hashes);
  return async () => {
    rmSync(sqliteDir, { recursive: true, force: true });
    if (postgres) await dropPostgres(postgres);
  };
}
