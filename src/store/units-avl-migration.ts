// Migration for unit positions (AVL): tracker devices bound to units, the latest position of each unit, and the
// unit a responder user is the crew of.
import type { Kysely, Migration } from 'kysely';

export const unitsAvlMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // A GPS tracker or phone app speaking the OsmAnd protocol; only the SHA-256 of its secret is kept.
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('unit_id', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .execute();
    // One row per unit, overwritten by each newer fix: positions are telemetry, not history (see positions.ts).
    await db.schema
      .createTable('unit_positions')
      .addColumn('unit_id', 'text', (c) => c.primaryKey())
      .addColumn('lat', 'double precision', (c) => c.notNull())
      .addColumn('lon', 'double precision', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('speed_kmh', 'double precision')
      .addColumn('bearing', 'double precision')
      .addColumn('accuracy', 'double precision')
      .addColumn('source', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('users').addColumn('unit_id', 'text').execute();
  },
};
