// Migration: triage answers are `incident.triaged` events now, so their side table goes (no production data held any).
import type { Kysely, Migration } from 'kysely';

export const triageEventsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable('incident_triage').ifExists().execute();
  },
};
