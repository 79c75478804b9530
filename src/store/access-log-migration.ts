// Migration: the access log of personal data (UU PDP 27/2022): who read which caller's data, when, from where.
import type { Kysely, Migration } from 'kysely';

export const accessLogMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('personal_data_reads')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('what', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('ip', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('personal_data_reads_at').on('personal_data_reads').column('at').execute();
    await db.schema
      .createIndex('personal_data_reads_user')
      .on('personal_data_reads')
      .columns(['user_id', 'at'])
      .execute();
  },
};
