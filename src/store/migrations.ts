// Schema migrations, frozen in time: each runs once, in name order, on SQLite and PostgreSQL alike.
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { accessLogMigration } from './access-log-migration.ts';
import { adminMigration } from './admin-migration.ts';
import { checkpointsMigration } from './checkpoints.ts';
import { historyMigration } from './history-migration.ts';
import { liveWindowMigration } from './live-window-migration.ts';
import { logHeadMigration } from './log-head.ts';
import {
  reportAgencyOutcomesMigration,
  reportCallLinesMigration,
  reportListOrderMigration,
  reportMigration,
  reportSlicesMigration,
  reportStampsMigration,
  reportUnansweredMigration,
} from './report-migration.ts';
import { retentionMigration } from './retention-migration.ts';
import type { DatabaseSchema } from './schema.ts';
import { secondFactorMigration } from './second-factor-migration.ts';
import { sopMigration } from './sop-migration.ts';
import { analyze, isPostgres } from './statistics.ts';
import { triageEventsMigration } from './triage-events-migration.ts';
import { unitsAvlMigration } from './units-avl-migration.ts';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('event_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text')
      .addColumn('agencies', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('event_log_subject').on('event_log').columns(['subject', 'seq']).execute();
    for (const table of ['calls', 'incidents', 'assignments', 'units']) {
      let t = db.schema
        .createTable(table)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('doc', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull());
      if (table === 'calls') t = t.addColumn('number', 'text');
      if (table === 'assignments') {
        t = t
          .addColumn('incident_id', 'text', (c) => c.notNull())
          .addColumn('agency_id', 'text', (c) => c.notNull());
      }
      if (table === 'units') t = t.addColumn('agency_id', 'text', (c) => c.notNull());
      await t.execute();
    }
    await db.schema.createIndex('calls_number').on('calls').column('number').execute();
    await db.schema.createIndex('assignments_incident').on('assignments').column('incident_id').execute();
    await db.schema
      .createTable('kecamatan')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('desa')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('kecamatan', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('agencies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('stations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('agency_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kecamatan', 'text', (c) => c.notNull())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('categories')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('doc', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text')
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema
      .createTable('login_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('ok', 'integer', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('login_attempts_user')
      .on('login_attempts')
      .columns(['username', 'at'])
      .execute();
    await db.schema
      .createTable('idempotency')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('command', 'text', (c) => c.notNull())
      .addColumn('response', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};

/**
 * Add new migrations at the end under a name that sorts after every earlier one (Kysely runs them in name order and
 * refuses a database where a pending migration sorts before an executed one); never edit one that has shipped.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '2026-11-28-initial': initial,
  '2026-11-28-sop': sopMigration,
  '2026-11-29-log-head': logHeadMigration,
  '2026-11-29-triage-events': triageEventsMigration,
  '2026-11-29-window-indexes': liveWindowMigration,
  '2026-11-29.1-checkpoints': checkpointsMigration,
  '2026-11-29.2-reports': reportMigration,
  '2026-11-29.3-units-avl': unitsAvlMigration,
  '2026-11-29.4-user-admin': adminMigration,
  '2026-11-29.5-incident-search': historyMigration,
  '2026-11-29.6-report-slices': reportSlicesMigration,
  '2026-11-29.7-second-factor': secondFactorMigration,
  '2026-11-29.8-personal-data-reads': accessLogMigration,
  '2026-11-30.4-report-unanswered': reportUnansweredMigration,
  '2026-11-30.7-personal-keys': retentionMigration,
  '2026-12-01.c-report-list-order': reportListOrderMigration,
  '2026-12-01.d-report-call-lines': reportCallLinesMigration,
  '2026-12-02.x-report-stamps': reportStampsMigration,
  '2026-12-02.y-report-agency-outcomes': reportAgencyOutcomesMigration,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * On SQLite the migrations commit without an fsync each (about a hundred of them were most of an empty database's
 * start): WAL with synchronous=NORMAL never corrupts, a power cut loses at most the last migrations, which then run
 * again, and the next commit made with FULL (the seed's, the first command's) puts them on disk with it.
 */
export async function migrate(db: Kysely<DatabaseSchema>): Promise<void> {
  const sqlite = !isPostgres(db as unknown as Kysely<unknown>);
  if (sqlite) await sql`pragma synchronous = NORMAL`.execute(db);
  const migrator = new Migrator({ db: db as unknown as Kysely<unknown>, provider });
  const { error, results } = await migrator.migrateToLatest().finally(async () => {
    if (sqlite) await sql`pragma synchronous = FULL`.execute(db);
  });
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Fresh statistics for the planner at every start (PostgreSQL); a new table has none until analysed.
  await analyze(db as unknown as Kysely<unknown>);
}
