// Migration for loading open work and a recent window instead of all history: status, seq and time indexes,
// and each call's phone-number key (indexed) so a caller's older history is read from the store.
import type { Kysely, Migration } from 'kysely';
import { phoneNumberKey } from '../domain/phone-number.ts';

const BACKFILL_PAGE = 5000;

export const liveWindowMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of ['calls', 'incidents']) {
      await db.schema.createIndex(`${table}_status`).on(table).column('status').execute();
      await db.schema.createIndex(`${table}_seq`).on(table).column('seq').execute();
    }
    await db.schema.createIndex('event_log_at').on('event_log').columns(['at', 'seq']).execute();
    await db.schema.alterTable('calls').addColumn('number_key', 'text').execute();
    await db.schema.createIndex('calls_number_key').on('calls').column('number_key').execute();
    // Calls recorded before this migration: their key, computed as phone-number.ts computes it today.
    const calls = db as unknown as Kysely<{
      calls: { id: string; number: string | null; number_key: string | null };
    }>;
    let after = '';
    for (;;) {
      const page = await calls
        .selectFrom('calls')
        .select(['id', 'number'])
        .where('id', '>', after)
        .where('number', 'is not', null)
        .orderBy('id')
        .limit(BACKFILL_PAGE)
        .execute();
      if (page.length === 0) break;
      for (const row of page) {
        const key = phoneNumberKey(row.number!);
        if (key !== null)
          await calls.updateTable('calls').set({ number_key: key }).where('id', '=', row.id).execute();
      }
      after = page.at(-1)!.id;
    }
  },
};
