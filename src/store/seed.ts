// Writes the seed (reference data, units, demo users) into an empty database; an existing one is left alone.
import type { Kysely } from 'kysely';
import type { Seed } from '../seed/bulukumba.ts';
import { userRows } from './accounts.ts';
import type { Db } from './db.ts';
import { analyze } from './statistics.ts';

/**
 * Returns true when the seed was written, false when the database already had data. The demo users come only with
 * a demo password (demo mode); a production start seeds none and its first admin is made by `pinisi create-admin`.
 */
export async function seedIfEmpty(db: Db, seed: Seed, demoPassword: string | null): Promise<boolean> {
  const existing = await db.kysely.selectFrom('agencies').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const users =
    demoPassword === null
      ? []
      : await userRows(
          seed.users.map((u) => ({ ...u, password: demoPassword })),
          Date.now(),
        );
  await db.kysely.transaction().execute(async (trx) => {
    await trx.insertInto('kecamatan').values(seed.kecamatan).execute();
    for (let i = 0; i < seed.desa.length; i += 200) {
      await trx
        .insertInto('desa')
        .values(seed.desa.slice(i, i + 200))
        .execute();
    }
    await trx.insertInto('agencies').values(seed.agencies).execute();
    await trx
      .insertInto('stations')
      .values(
        seed.stations.map((s) => ({
          id: s.id,
          agency_id: s.agencyId,
          name: s.name,
          kecamatan: s.kecamatan,
          lat: s.lat,
          lon: s.lon,
        })),
      )
      .execute();
    await trx
      .insertInto('categories')
      .values(seed.categories.map((c) => ({ code: c.code, doc: JSON.stringify(c) })))
      .execute();
    await trx
      .insertInto('units')
      .values(
        seed.units.map((u) => ({
          id: u.id,
          doc: JSON.stringify(u),
          status: u.status,
          seq: 0,
          agency_id: u.agencyId,
        })),
      )
      .execute();
    if (users.length > 0) await trx.insertInto('users').values(users).execute();
  });
  await analyze(db.kysely as unknown as Kysely<unknown>);
  return true;
}
