// `verify-log --state`: rebuilds the state tables from the log through the one `apply` and compares them with the
// stored rows (incidents, calls, assignments, units, accounts, agencies, stations, trackers, categories and SOP
// versions), naming the first entity whose row the log does not account for.
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import { phoneNumberKey } from '../domain/phone-number.ts';
import { callLine } from '../domain/reports/export.ts';
import { apply, emptyState, type State } from '../domain/state.ts';
import type { Call, Incident, Reference } from '../domain/types.ts';
import { accountOf } from './accounts.ts';
import { sopVersionOf } from './event-store.ts';
import { incidentSearchColumns } from './history-migration.ts';
import { openRow, withKeys } from './personal-keys.ts';
import { deviceOf } from './positions.ts';
import { callColumns, incidentColumns } from './report-store.ts';
import type { DatabaseSchema } from './schema.ts';

/** Each state table and the map of the live state its rows store; a new state table is added here too. */
const STATE_TABLES = {
  calls: 'calls',
  incidents: 'incidents',
  assignments: 'assignments',
  units: 'units',
} as const satisfies Record<string, keyof State>;

export type StateCheck =
  | { ok: true; events: number; entities: number }
  | { ok: false; table: string; id: string; reason: string };

type Json = Record<string, unknown>;

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Columns the store derives from a field instead of copying it (see `saveEntities`). */
const DERIVED: Record<string, (entity: Json) => unknown> = {
  number_key: (entity) => (typeof entity.number === 'string' ? phoneNumberKey(entity.number) : null),
  answer_ms: (entity) => callColumns(entity as unknown as Call).answer_ms,
  csv_line: (entity) => callLine(entity as unknown as Call),
  kecamatan: (entity) => incidentColumns(entity as unknown as Incident).kecamatan,
  desa: (entity) => incidentColumns(entity as unknown as Incident).desa,
  // The incidents' search columns (history-migration.ts).
  caller_key: (entity) => incidentSearchColumns(entity as unknown as Incident).caller_key,
};

/** Why a stored row is not the entity the log leads to, or null when it is. */
function differs(row: Json, entity: Json): string | null {
  const doc = JSON.parse(String(row.doc)) as Json;
  for (const key of new Set([...Object.keys(entity), ...Object.keys(doc)])) {
    if (!isDeepStrictEqual(doc[key], entity[key])) {
      return `${key} is ${JSON.stringify(doc[key])} in the row, ${JSON.stringify(entity[key])} by the log`;
    }
  }
  // The columns queries filter on repeat fields of the document (status, number, agency_id …).
  for (const [column, value] of Object.entries(row)) {
    if (column === 'id' || column === 'doc' || column === 'seq') continue;
    const expected = DERIVED[column]?.(entity) ?? entity[camel(column)] ?? null;
    // PostgreSQL answers a bigint column as text.
    const stored = typeof expected === 'number' && typeof value === 'string' ? Number(value) : value;
    if (stored !== expected) {
      return `column ${column} is ${JSON.stringify(value)}, ${JSON.stringify(expected)} by the log`;
    }
  }
  return null;
}

type Db = Kysely<DatabaseSchema>;

/**
 * The tables whose rows are columns rather than a document: each row as the entity it stores, by the key of the
 * live state's map that holds what the log made of it. A password hash is not in the log and not compared.
 */
const REFERENCE_TABLES: Record<
  string,
  {
    read: (db: Db) => Promise<[string | number, unknown][]>;
    expected: (state: State) => Map<unknown, unknown>;
  }
> = {
  users: {
    read: async (db) => (await db.selectFrom('users').selectAll().execute()).map((r) => [r.id, accountOf(r)]),
    expected: (state) => state.users,
  },
  agencies: {
    read: async (db) =>
      (await db.selectFrom('agencies').selectAll().execute()).map((r) => [
        r.id,
        { id: r.id, code: r.code, name: r.name },
      ]),
    expected: (state) => state.ref.agencies,
  },
  stations: {
    read: async (db) =>
      (await db.selectFrom('stations').selectAll().execute()).map((r) => [
        r.id,
        { id: r.id, agencyId: r.agency_id, name: r.name, kecamatan: r.kecamatan, lat: r.lat, lon: r.lon },
      ]),
    expected: (state) => state.ref.stations,
  },
  devices: {
    read: async (db) =>
      (await db.selectFrom('devices').selectAll().execute()).map((r) => [r.id, deviceOf(r)]),
    expected: (state) => state.devices,
  },
  categories: {
    read: async (db) =>
      (await db.selectFrom('categories').selectAll().execute()).map((r) => [r.code, JSON.parse(r.doc)]),
    expected: (state) => state.ref.categories,
  },
  sop_versions: {
    read: async (db) =>
      (await db.selectFrom('sop_versions').selectAll().execute()).map((r) => [
        Number(r.version),
        sopVersionOf(r),
      ]),
    expected: (state) => state.ref.sops,
  },
};

/** Why a stored entity is not the one the log leads to, or null. A field absent from older events reads as null. */
function fieldDiffers(stored: Json, entity: Json): string | null {
  for (const key of new Set([...Object.keys(entity), ...Object.keys(stored)])) {
    if (!isDeepStrictEqual(stored[key] ?? null, entity[key] ?? null)) {
      return `${key} is ${JSON.stringify(stored[key])} in the row, ${JSON.stringify(entity[key])} by the log`;
    }
  }
  return null;
}

async function compareReference(db: Db, state: State): Promise<StateCheck | number> {
  let entities = 0;
  for (const [table, { read, expected }] of Object.entries(REFERENCE_TABLES)) {
    const wanted = expected(state);
    const rows = (await read(db)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [id, stored] of rows) {
      const entity = wanted.get(id);
      if (entity === undefined)
        return { ok: false, table, id: String(id), reason: 'no event in the log created it' };
      const reason = fieldDiffers(
        JSON.parse(JSON.stringify(stored)) as Json,
        JSON.parse(JSON.stringify(entity)) as Json,
      );
      if (reason) return { ok: false, table, id: String(id), reason };
    }
    const have = new Set(rows.map(([id]) => id));
    const missing = [...wanted.keys()]
      .filter((id) => !have.has(id as string | number))
      .map(String)
      .sort()[0];
    if (missing !== undefined)
      return { ok: false, table, id: missing, reason: 'the log created it but its row is missing' };
    entities += rows.length;
  }
  return entities;
}

/**
 * The state before the first event: the map only (kecamatan and desa ship with the release as tables); agencies,
 * stations, units, accounts, trackers and the SOP all come from the log.
 */
export function stateBeforeLog(reference: Pick<Reference, 'kecamatan' | 'desa'>): State {
  const state = emptyState();
  state.ref.kecamatan = reference.kecamatan;
  state.ref.desa = reference.desa;
  return state;
}

/**
 * Replays the whole log onto `initial` (the state before the first event, `stateBeforeLog`) and compares every
 * state table with the result, reading one consistent snapshot.
 */
export async function verifyState(
  db: Kysely<DatabaseSchema>,
  initial: State,
  pageSize = 5000,
): Promise<StateCheck> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const state = initial;
      /** Events whose kept key does not open their personal fields (a key altered or moved). */
      const faults: number[] = [];
      let seq = 0;
      for (;;) {
        const rows = await withKeys(trx)
          .where('event_log.seq', '>', seq)
          .orderBy('event_log.seq')
          .limit(pageSize)
          .execute();
        if (rows.length === 0) break;
        for (const row of rows)
          apply(
            state,
            openRow(row, (at) => faults.push(at)),
          );
        seq = Number(rows.at(-1)!.seq);
      }
      if (faults.length > 0)
        return {
          ok: false,
          table: 'personal_keys',
          id: String(faults[0]),
          reason: `the key does not open the event's personal fields (${faults.length} such keys)`,
        };
      let entities = 0;
      for (const [table, key] of Object.entries(STATE_TABLES)) {
        const expected = state[key] as Map<string, object>;
        const rows = (await trx.selectFrom(key).selectAll().orderBy('id').execute()) as unknown as Json[];
        const stored = new Set<string>();
        for (const row of rows) {
          const id = String(row.id);
          stored.add(id);
          const entity = expected.get(id);
          if (!entity) return { ok: false, table, id, reason: 'no event in the log created it' };
          const reason = differs(row, JSON.parse(JSON.stringify(entity)) as Json);
          if (reason) return { ok: false, table, id, reason };
        }
        const missing = [...expected.keys()].filter((id) => !stored.has(id)).sort()[0];
        if (missing !== undefined) {
          return { ok: false, table, id: missing, reason: 'the log created it but its row is missing' };
        }
        entities += rows.length;
      }
      const reference = await compareReference(trx, state);
      if (typeof reference !== 'number') return reference;
      return { ok: true, events: seq, entities: entities + reference };
    });
}
