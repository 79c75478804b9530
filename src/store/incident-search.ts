// Finding incidents in the whole history through indexed columns: by number, by the caller's number, by place,
// newest first, and an agency's own latest work. Every query is bounded by an index and a limit, never a scan.
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { phoneNumberKey } from '../domain/phone-number.ts';
import type { Assignment, Call, Incident, Reference } from '../domain/types.ts';
import { followsIncident } from '../domain/visibility.ts';
import type { DatabaseSchema } from './schema.ts';

/** What a search box holds, read as an incident number, a phone number or the name of a place. */
export type HistoryQuery =
  | { kind: 'number'; number: string }
  | { kind: 'phone'; key: string }
  | { kind: 'place'; kecamatan: string[]; desa: string[] }
  | { kind: 'latest' };

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/**
 * "2026-000006" (or "2026-6") is an incident number; six or more digits a phone number; anything else is matched
 * against the names of kecamatan and desa (a part of the name is enough). An empty text asks for the latest.
 */
export function parseHistoryQuery(text: string, ref: Reference): HistoryQuery {
  const q = text.trim();
  if (q === '') return { kind: 'latest' };
  const number = /^(\d{4})-(\d{1,6})$/.exec(q);
  if (number) return { kind: 'number', number: `${number[1]}-${number[2]!.padStart(6, '0')}` };
  const digits = q.replace(/[^0-9]/g, '');
  if (/^[+0-9 ()./-]+$/.test(q) && digits.length >= 6) {
    const key = phoneNumberKey(q);
    if (key !== null) return { kind: 'phone', key };
  }
  const words = fold(q);
  const kecamatan = [...ref.kecamatan.values()]
    .filter((k) => fold(k.name).includes(words))
    .map((k) => k.code);
  const desa = [...ref.desa.values()].filter((d) => fold(d.name).includes(words)).map((d) => d.code);
  return { kind: 'place', kecamatan, desa };
}

/** What the search form narrows to besides the text: a place, a category, a period (epoch ms, `to` excluded). */
export interface HistoryFilters {
  kecamatan?: string;
  desa?: string;
  category?: string;
  from?: number;
  to?: number;
}

type IncidentQuery = SelectQueryBuilder<DatabaseSchema, 'incidents', { doc: string }>;

/** The filters as conditions on the incidents' indexed columns. */
function narrowed(q: IncidentQuery, f: HistoryFilters): IncidentQuery {
  let out = q;
  if (f.kecamatan) out = out.where('kecamatan', '=', f.kecamatan);
  if (f.desa) out = out.where('desa', '=', f.desa);
  if (f.category) out = out.where('category', '=', f.category);
  if (f.from !== undefined) out = out.where('created_at', '>=', f.from);
  if (f.to !== undefined) out = out.where('created_at', '<', f.to);
  return out;
}

function passes(i: Incident, f: HistoryFilters): boolean {
  return (
    (!f.kecamatan || i.location.kecamatan === f.kecamatan) &&
    (!f.desa || i.location.desa === f.desa) &&
    (!f.category || i.category === f.category) &&
    (f.from === undefined || i.createdAt >= f.from) &&
    (f.to === undefined || i.createdAt < f.to)
  );
}

const docs = <T>(rows: { doc: string }[]) => rows.map((r) => JSON.parse(r.doc) as T);
const newestFirst = (a: Incident, b: Incident) =>
  b.createdAt - a.createdAt || b.number.localeCompare(a.number);
const unique = (incidents: Incident[]) => [...new Map(incidents.map((i) => [i.id, i])).values()];

/** Incidents matching the query in the whole stored history, newest first, at most `limit`. */
export async function searchIncidents(
  db: Kysely<DatabaseSchema>,
  query: HistoryQuery,
  limit: number,
  filters: HistoryFilters = {},
): Promise<Incident[]> {
  const incidents = () => narrowed(db.selectFrom('incidents').select('doc'), filters);
  switch (query.kind) {
    case 'number':
      return docs<Incident>(await incidents().where('number', '=', query.number).limit(limit).execute());
    case 'phone': {
      // The number the call came from, and the one the call taker typed as the caller's.
      const calls = docs<Call>(
        await db.selectFrom('calls').select('doc').where('number_key', '=', query.key).execute(),
      );
      const ids = [...new Set(calls.flatMap((c) => (c.incidentId ? [c.incidentId] : [])))].slice(0, 500);
      const [byCall, byCaller] = await Promise.all([
        ids.length ? incidents().where('id', 'in', ids).execute() : [],
        incidents().where('caller_key', '=', query.key).orderBy('created_at', 'desc').limit(limit).execute(),
      ]);
      return unique([...docs<Incident>(byCall), ...docs<Incident>(byCaller)])
        .sort(newestFirst)
        .slice(0, limit);
    }
    case 'place': {
      const found: Incident[] = [];
      // One indexed range per place, each newest first and limited, so no query reads more than it returns.
      for (const [column, codes] of [
        ['kecamatan', query.kecamatan],
        ['desa', query.desa],
      ] as const) {
        for (const code of codes.slice(0, 50)) {
          found.push(
            ...docs<Incident>(
              await incidents().where(column, '=', code).orderBy('created_at', 'desc').limit(limit).execute(),
            ),
          );
        }
      }
      return unique(found).sort(newestFirst).slice(0, limit);
    }
    case 'latest':
      return docs<Incident>(await incidents().orderBy('created_at', 'desc').limit(limit).execute());
  }
}

/** How many of an agency's latest assignments its history looks through. */
const AGENCY_WINDOW = 300;

/**
 * An agency's own incidents, newest first: those of its latest assignments it still follows (not declined, not
 * withdrawn by the centre; one that ended with its incident counts), matching the query.
 */
export async function agencyIncidents(
  db: Kysely<DatabaseSchema>,
  agencyId: string,
  query: HistoryQuery,
  limit: number,
  filters: HistoryFilters = {},
): Promise<Incident[]> {
  const assignments = docs<Assignment>(
    await db
      .selectFrom('assignments')
      .select('doc')
      .where('agency_id', '=', agencyId)
      .orderBy('seq', 'desc')
      .limit(AGENCY_WINDOW)
      .execute(),
  );
  const own = assignments.filter(
    (a) => followsIncident(a) || (a.status === 'withdrawn' && !a.withdrawnReason),
  );
  const ids = [...new Set(own.map((a) => a.incidentId))];
  if (ids.length === 0) return [];
  const incidents = docs<Incident>(
    await db.selectFrom('incidents').select('doc').where('id', 'in', ids).execute(),
  );
  return incidents
    .filter((i) => matches(i, query) && passes(i, filters))
    .sort(newestFirst)
    .slice(0, limit);
}

function matches(incident: Incident, query: HistoryQuery): boolean {
  switch (query.kind) {
    case 'number':
      return incident.number === query.number;
    case 'phone':
      return incident.caller.phone !== null && phoneNumberKey(incident.caller.phone) === query.key;
    case 'place':
      return (
        query.kecamatan.includes(incident.location.kecamatan) ||
        (incident.location.desa !== null && query.desa.includes(incident.location.desa))
      );
    case 'latest':
      return true;
  }
}
