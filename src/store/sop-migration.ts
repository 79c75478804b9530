// Migration of the SOP tables: published versions (immutable), the admin's draft, and incidents' triage answers.
import type { Kysely, Migration } from 'kysely';

export const sopMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sop_versions')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .addColumn('published_at', 'bigint', (c) => c.notNull())
      .addColumn('published_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sop_draft')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('doc', 'text', (c) => c.notNull())
      .addColumn('based_on', 'integer')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('incident_triage')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull())
      .addColumn('sop_version', 'integer', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('answers', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('incident_triage_incident')
      .on('incident_triage')
      .columns(['incident_id', 'at'])
      .execute();
  },
};
