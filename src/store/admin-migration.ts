// Migration: accounts become log entities (password due, unlock and revocation times) and sessions by user.
import type { Kysely, Migration } from 'kysely';

export const adminMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const columns = [
      ['must_change_password', 'integer', 0],
      ['unlocked_at', 'bigint', null],
      ['sessions_revoked_at', 'bigint', null],
      ['created_at', 'bigint', 0],
      ['updated_at', 'bigint', 0],
    ] as const;
    for (const [name, type, fallback] of columns) {
      await db.schema
        .alterTable('users')
        .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
        .execute();
    }
    await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id', 'created_at']).execute();
  },
};
