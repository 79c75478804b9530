// Migrations upgrade a database made by an earlier release: names sort in the order they were added, on both databases.
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { type Db, openDb } from './db.ts';
import { MIGRATIONS, migrate } from './migrations.ts';

const NAMES = Object.keys(MIGRATIONS);

describe('migrations', () => {
  it('are listed in name order, the order Kysely runs them in', () => {
    expect(NAMES).toEqual([...NAMES].sort());
  });
});

describe.each(DIALECTS)('upgrading a database on %s', (dialect) => {
  let database: TestDatabase;
  let db: Db;

  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  // The release of the morning of 2026-11-29 ended with window-indexes; every migration after it must apply on top.
  it('applies the migrations added since an earlier release', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    const shipped = NAMES.indexOf('2026-11-29-window-indexes');
    const earlier = Object.fromEntries(NAMES.slice(0, shipped + 1).map((name) => [name, MIGRATIONS[name]!]));
    const old = new Migrator({
      db: db.kysely as never,
      provider: { getMigrations: async () => earlier },
    });
    expect((await old.migrateToLatest()).error).toBeUndefined();
    await migrate(db.kysely);
    const executed = await new Migrator({
      db: db.kysely as never,
      provider: { getMigrations: async () => MIGRATIONS },
    }).getMigrations();
    expect(executed.filter((m) => m.executedAt).map((m) => m.name)).toEqual(NAMES);
  });
});

describe('migrating SQLite', () => {
  let database: TestDatabase;
  let db: Db;
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  // Migrations commit with synchronous=NORMAL; every other writer must find FULL again, even after a failed one.
  it('leaves the connection at synchronous=FULL, also when a migration fails', async () => {
    database = await createTestDatabase('sqlite');
    db = openDb(database);
    const synchronous = () => db.sqlite!.db.pragma('synchronous', { simple: true });
    db.sqlite!.db.exec('create table event_log (x integer)');
    await expect(migrate(db.kysely)).rejects.toThrow(/initial/);
    expect(synchronous()).toBe(2);
    db.sqlite!.db.exec('drop table event_log');
    await migrate(db.kysely);
    expect(synchronous()).toBe(2);
  });
});
