// Migration: erasable personal data. The keys of the log's sealed personal fields, and the index the retention worker
// reads the junk calls due for erasure through (oldest first, erased ones drop out of it).
import { type Kysely, type Migration, sql } from 'kysely';

export const retentionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('personal_keys')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('call_id', 'text')
      .addColumn('sip_call_id', 'text')
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('personal_keys_call').on('personal_keys').column('call_id').execute();
    await db.schema.createIndex('personal_keys_sip').on('personal_keys').column('sip_call_id').execute();
    await sql`create index personal_keys_unlinked on personal_keys (at)
      where call_id is null and sip_call_id is null`.execute(db);
    await db.schema.alterTable('calls').addColumn('erased_at', 'bigint').execute();
    await sql`create index calls_retention on calls (registered_at)
      where type in ('misdirected', 'ghost', 'prank') and erased_at is null`.execute(db);
  },
};
