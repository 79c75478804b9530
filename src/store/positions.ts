// Tracker devices and units' latest positions in the database: one row per device, one row per unit (upserted).
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { UnitPosition } from '../domain/positions.ts';
import type { TrackerDevice } from '../domain/types.ts';
import type { DatabaseSchema } from './schema.ts';

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

type DeviceRow = DatabaseSchema['devices'];

/** A tracker as its row stores it (the log's `device.registered` / `device.revoked` write the rows). */
export function deviceOf(row: DeviceRow): TrackerDevice {
  return {
    id: row.id,
    unitId: row.unit_id,
    secretHash: row.secret_hash,
    active: Number(row.active) === 1,
    registeredAt: Number(row.created_at),
  };
}

export function deviceRow(device: TrackerDevice): DeviceRow {
  return {
    id: device.id,
    unit_id: device.unitId,
    secret_hash: device.secretHash,
    created_at: device.registeredAt,
    active: device.active ? 1 : 0,
  };
}

export class PositionStore {
  private readonly db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.db = db;
  }

  async latest(): Promise<UnitPosition[]> {
    const rows = await this.db.selectFrom('unit_positions').selectAll().execute();
    return rows.map((r) => ({
      unitId: r.unit_id,
      lat: Number(r.lat),
      lon: Number(r.lon),
      at: Number(r.at),
      receivedAt: Number(r.received_at),
      speedKmh: r.speed_kmh === null ? null : Number(r.speed_kmh),
      bearing: r.bearing === null ? null : Number(r.bearing),
      accuracy: r.accuracy === null ? null : Number(r.accuracy),
      source: r.source as UnitPosition['source'],
    }));
  }

  /** Writes the latest position of each given unit, in one transaction: one row per unit, never more. */
  async save(positions: UnitPosition[]): Promise<void> {
    if (positions.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const p of positions) {
        const row = {
          unit_id: p.unitId,
          lat: p.lat,
          lon: p.lon,
          at: p.at,
          received_at: p.receivedAt,
          speed_kmh: p.speedKmh,
          bearing: p.bearing,
          accuracy: p.accuracy,
          source: p.source,
        };
        const { unit_id: _, ...changes } = row;
        await trx
          .insertInto('unit_positions')
          .values(row)
          .onConflict((oc) => oc.column('unit_id').doUpdateSet(changes))
          .execute();
      }
    });
  }
}
