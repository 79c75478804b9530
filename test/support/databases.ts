// Test databases: a fresh SQLite folder or a fresh PostgreSQL database per test, both real.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword } from '../../src/server/passwords.ts';

export const PG_ADMIN_URL = process.env.PINISI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The demo users' password in the tests. */
export const DEMO_PASSWORD = 'pinisi112';

/** Set by the global setup (test/support/global-setup.ts) for the run: the migrated templates and demo hashes. */
export const SQLITE_TEMPLATE_ENV = 'PINISI_TEST_SQLITE_TEMPLATE';
export const PG_TEMPLATE_ENV = 'PINISI_TEST_PG_TEMPLATE';
export const DEMO_HASHES_ENV = 'PINISI_TEST_DEMO_HASHES';

export interface TestDatabase {
  dialect: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl: string | null;
  drop: () => Promise<void>;
}

/**
 * A fresh database: empty, or with `migrated`, a copy of the run's migrated template when the global setup made one
 * (empty otherwise; migrating it again is then a no-op either way).
 */
export async function createTestDatabase(
  dialect: 'sqlite' | 'postgres',
  { migrated = false }: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-test-'));
  if (dialect === 'sqlite') {
    const template = migrated ? process.env[SQLITE_TEMPLATE_ENV] : undefined;
    if (template) copyFileSync(template, join(dataDir, 'pinisi.db'));
    return {
      dialect,
      dataDir,
      databaseUrl: null,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const template = migrated ? process.env[PG_TEMPLATE_ENV] : undefined;
  const name = `pinisi_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    dataDir,
    databaseUrl: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Hashes the demo password for one seeding: each user its own salted argon2id hash, taken from those the global
 * setup made once for the run (the seed's own hashing runs there and in the CLI's tests); any other password, or
 * more users than were hashed, is hashed here.
 */
export function demoHasher(): (password: string) => Promise<string> {
  const made: string[] = JSON.parse(process.env[DEMO_HASHES_ENV] ?? '[]');
  let next = 0;
  return async (password) =>
    password === DEMO_PASSWORD && next < made.length ? made[next++]! : hashPassword(password);
}

/** Both dialects: the store and API tests run against each. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
