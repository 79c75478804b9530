// Tracker devices and units' latest positions in the database: one row per device, one row per unit (upserted).
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { UnitPosition } from '../domain/positions.ts';
import type { DatabaseSchema } from './schema.ts';

export interface Device {
  id: string;
  unitId: string;
  /** SHA-256 (hex) of the device's secret. */
  secretHash: string;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class PositionStore {
  private readonly db: Kysely<DatabaseSchema>;

  constructor(db: Kysely<DatabaseSchema>) {
    this.db = db;
  }

  async devices(): Promise<Device[]> {
    const rows = await this.db
      .selectFrom('devices')
      .select(['id', 'unit_id', 'secret_hash'])
      .where('active', '=', 1)
      .execute();
    return rows.map((r) => ({ id: r.id, unitId: r.unit_id, secretHash: r.secret_hash }));
  }

  async device(id: string): Promise<Device | undefined> {
    const row = await this.db
      .selectFrom('devices')
      .select(['id', 'unit_id', 'secret_hash'])
      .where('id', '=', id)
      .where('active', '=', 1)
      .executeTakeFirst();
    return row && { id: row.id, unitId: row.unit_id, secretHash: row.secret_hash };
  }

  /** Binds a device to a unit with a new secret (replacing an earlier binding of the same device id). */
  async putDevice(id: string, unitId: string, secret: string, now: number): Promise<Device> {
    const row = { id, unit_id: unitId, secret_hash: hashSecret(secret), created_at: now, active: 1 };
    await this.db
      .insertInto('devices')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ unit_id: unitId, secret_hash: row.secret_hash, created_at: now, active: 1 }),
      )
      .execute();
    return { id, unitId, secretHash: row.secret_hash };
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
