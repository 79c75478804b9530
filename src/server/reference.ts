// Reference data through the log: a new database's seed as one `reference.adopt` command, and, once, the adoption of
// what an older database held in its tables before every change was an event.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type AdoptedReference, REFERENCE_SUBJECT } from '../domain/admin/reference.ts';
import { bulukumbaSop } from '../domain/sop/bulukumba-sop.ts';
import { categoriesOf } from '../domain/sop/reference.ts';
import type { Actor, PublishedSop, UserAccount } from '../domain/types.ts';
import type { Seed } from '../seed/bulukumba.ts';
import type { Db } from '../store/db.ts';
import { type Credential, EventStore } from '../store/event-store.ts';
import type { DatabaseSchema } from '../store/schema.ts';
import { analyze } from '../store/statistics.ts';
import { Engine, type Outcome } from './engine.ts';
import { hashPassword } from './passwords.ts';

const REFERENCE_ACTOR: Actor = { userId: 'system:reference', role: 'system', agencyId: null };

/** The default Bulukumba SOP as version 1, in force since the epoch. */
function initialSop(): PublishedSop {
  return { version: 1, title: bulukumbaSop.title, publishedAt: 0, publishedBy: 'system', doc: bulukumbaSop };
}

/** The map of kecamatan and desa: geography shipped with the release, written as tables when none is there yet. */
async function seedGeography(db: Kysely<DatabaseSchema>, seed: Seed): Promise<void> {
  const existing = await db.selectFrom('kecamatan').select('code').limit(1).executeTakeFirst();
  if (existing) return;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('kecamatan').values(seed.kecamatan).execute();
    for (let i = 0; i < seed.desa.length; i += 200) {
      await trx
        .insertInto('desa')
        .values(seed.desa.slice(i, i + 200))
        .execute();
    }
  });
}

/** Makes one salted hash of the demo password per call; the tests pass hashes made once per run. */
type DemoHasher = (password: string) => Promise<string>;

/** The seed's users as accounts, each with its own salted hash of the demo password (hashed in parallel). */
async function demoAccounts(
  seed: Seed,
  password: string,
  now: number,
  hash: DemoHasher,
): Promise<{ users: UserAccount[]; credentials: Credential[] }> {
  const users = seed.users.map(
    (u): UserAccount => ({
      id: randomUUID(),
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      agencyId: u.agencyId,
      unitId: u.unitId ?? null,
      active: true,
      mustChangePassword: false,
      unlockedAt: null,
      sessionsRevokedAt: null,
      createdAt: now,
      updatedAt: now,
    }),
  );
  const credentials = await Promise.all(
    users.map(async (u) => ({ userId: u.id, passwordHash: await hash(password) })),
  );
  return { users, credentials };
}

function accepted(outcome: Outcome): void {
  if (!outcome.ok && outcome.error.code !== 'idempotency.reused')
    throw new Error(`The reference data was refused: ${outcome.error.message}`);
}

/**
 * Seeds a database without agencies: the map as tables, then agencies, stations, units, the demo users (only with
 * a demo password: a production start seeds none, its first admin comes from `pinisi create-admin`) and SOP v1 as
 * one command through the engine, so all of it is in the log. Returns false when the database had agencies.
 */
export async function seedIfEmpty(
  db: Db,
  seed: Seed,
  demoPassword: string | null,
  hash: DemoHasher = hashPassword,
): Promise<boolean> {
  const existing = await db.kysely.selectFrom('agencies').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await seedGeography(db.kysely, seed);
  const engine = await Engine.open(new EventStore(db));
  const { users, credentials } =
    demoPassword === null
      ? { users: [], credentials: [] }
      : await demoAccounts(seed, demoPassword, engine.now(), hash);
  const published = engine.state.ref.sops.size > 0;
  const reference: AdoptedReference = {
    agencies: seed.agencies,
    stations: seed.stations,
    units: seed.units,
    users,
    categories: published ? [] : seed.categories,
    sops: published ? [] : [initialSop()],
  };
  accepted(
    await engine.execute('reference.adopt', reference, REFERENCE_ACTOR, `seed:${randomUUID()}`, credentials),
  );
  await analyze(db.kysely as unknown as Kysely<unknown>);
  return true;
}

/**
 * Once per database: when the log holds no adopted reference, takes what the tables hold (agencies, stations, units,
 * accounts, categories and SOP versions, SOP v1 when none is published) into the log as one event, so the log alone
 * rebuilds the whole state from then on. Returns whether it did.
 */
export async function adoptReference(engine: Engine, store: EventStore): Promise<boolean> {
  if (await store.hasSubject(REFERENCE_SUBJECT)) return false;
  const { ref } = engine.state;
  const published = ref.sops.size > 0;
  const reference: AdoptedReference = {
    agencies: [...ref.agencies.values()],
    stations: [...ref.stations.values()],
    units: [...engine.state.units.values()],
    users: [...engine.state.users.values()],
    categories: published ? [...ref.categories.values()] : categoriesOf(bulukumbaSop),
    sops: published ? [...ref.sops.values()] : [initialSop()],
  };
  // One key for every node: two PostgreSQL nodes starting together adopt once.
  accepted(await engine.execute('reference.adopt', reference, REFERENCE_ACTOR, 'reference.adopt'));
  return true;
}
