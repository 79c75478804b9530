// `verify-log --state`: rebuilds the state tables from the log through the one `apply` and compares them with the
// stored rows, naming the first entity whose row the log does not account for.
import { isDeepStrictEqual } from 'node:util';
import type { Kysely } from 'kysely';
import type { DomainEvent } from '../domain/events.ts';
import { phoneNumberKey } from '../domain/phone-number.ts';
import { apply, type State } from '../domain/state.ts';
import type { Call, Incident } from '../domain/types.ts';
import { incidentSearchColumns } from './history-migration.ts';
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

/**
 * Replays the whole log onto `initial` (the state before the first event: what seeding wrote outside the log) and
 * compares every state table with the result, reading one consistent snapshot.
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
      let seq = 0;
      for (;;) {
        const rows = await trx
          .selectFrom('event_log')
          .select(['seq', 'data'])
          .where('seq', '>', seq)
          .orderBy('seq')
          .limit(pageSize)
          .execute();
        if (rows.length === 0) break;
        for (const row of rows) apply(state, JSON.parse(row.data) as DomainEvent);
        seq = Number(rows.at(-1)!.seq);
      }
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
      return { ok: true, events: seq, entities };
    });
}
