// An older database, seeded into its tables before reference data were events, has them taken into the log once at
// start: the log alone then rebuilds agencies, stations, units, accounts and the SOP, and the accounts still sign in.
import { afterEach, describe, expect, it } from 'vitest';
import { bulukumbaSop } from '../../src/domain/sop/bulukumba-sop.ts';
import { bulukumbaSeed } from '../../src/seed/bulukumba.ts';
import { hashPassword } from '../../src/server/passwords.ts';
import { openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrations.ts';
import { stateBeforeLog, verifyState } from '../../src/store/verify-state.ts';
import { forwardedIncident, ujungBulu } from '../api/helpers.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { Client, DEMO_PASSWORD, type Running, startPinisi } from '../support/pinisi.ts';

/** What `seedIfEmpty` wrote before this change: rows in the reference tables, no event. */
async function olderDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const database = await createTestDatabase(dialect);
  const db = openDb(database);
  const seed = bulukumbaSeed();
  await migrate(db.kysely);
  await db.kysely.insertInto('kecamatan').values(seed.kecamatan).execute();
  for (let i = 0; i < seed.desa.length; i += 200)
    await db.kysely
      .insertInto('desa')
      .values(seed.desa.slice(i, i + 200))
      .execute();
  await db.kysely.insertInto('agencies').values(seed.agencies).execute();
  await db.kysely
    .insertInto('stations')
    .values(seed.stations.map(({ agencyId, ...s }) => ({ ...s, agency_id: agencyId })))
    .execute();
  await db.kysely
    .insertInto('categories')
    .values(seed.categories.map((c) => ({ code: c.code, doc: JSON.stringify(c) })))
    .execute();
  await db.kysely
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
  await db.kysely
    .insertInto('users')
    .values({
      id: 'u-operator1',
      username: 'operator1',
      display_name: 'Andi Nurhalisa',
      role: 'call_taker',
      agency_id: null,
      unit_id: null,
      password_hash: await hashPassword(DEMO_PASSWORD),
      active: 1,
      must_change_password: 0,
      unlocked_at: null,
      sessions_revoked_at: null,
      created_at: 1,
      updated_at: 1,
    })
    .execute();
  await db.kysely
    .insertInto('sop_versions')
    .values({
      version: 1,
      title: bulukumbaSop.title,
      doc: JSON.stringify(bulukumbaSop),
      published_at: 0,
      published_by: 'system',
    })
    .execute();
  await db.close();
  return database;
}

describe.each(DIALECTS)('reference data of an older database on %s', (dialect) => {
  let running: Running | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  it('are adopted into the log once, so that the log rebuilds them and their accounts still sign in', async () => {
    running = await startPinisi(dialect, { database: await olderDatabase(dialect) });
    const seed = bulukumbaSeed();
    const adopted = await running.store.eventsAfter(0, 10);
    expect(adopted.map((e) => [e.seq, e.type])).toEqual([[1, 'reference.adopted']]);
    const { reference } = adopted[0] as unknown as {
      reference: { agencies: unknown[]; units: unknown[]; users: { username: string }[]; sops: unknown[] };
    };
    expect(reference.agencies).toHaveLength(seed.agencies.length);
    expect(reference.units).toHaveLength(seed.units.length);
    expect(reference.users.map((u) => u.username)).toEqual(['operator1']);
    expect(reference.sops).toHaveLength(1);

    const operator = await Client.login(running.url, 'operator1');
    await forwardedIncident(operator, await ujungBulu(operator));
    const check = () => verifyState(running!.store.db, stateBeforeLog(running!.engine.state.ref));
    expect(await check()).toMatchObject({ ok: true });

    // Another start finds the adoption in the log and adds none.
    const head = running.engine.seq;
    await running.close();
    running = await startPinisi(dialect, { database: running.database });
    expect(running.engine.seq).toBe(head);
    const types = (await running.store.eventsAfter(0, 100)).map((e) => e.type);
    expect(types.filter((t) => t === 'reference.adopted')).toHaveLength(1);
  });
});
