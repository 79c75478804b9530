// The run card of an incident: the SOP's unit needs (which kinds, how many) and, for each kind and each agency on
// it, the available units ranked by estimated time of arrival, each with its reason ("Pos Sektor Damkar Kajang ·
// 4,2 km · ±7 menit · posisi 12 detik lalu"). Pure: the router is passed in.
import { STALE_POSITION_MS, type UnitPosition } from './positions.ts';
import { runCardOfIncident } from './sop/run-card.ts';
import { assignmentsOf, isOpenAssignment, type State } from './state.ts';
import type { Actor, AssignmentStatus, Bilingual, Incident } from './types.ts';

export interface Point {
  lat: number;
  lon: number;
}

/** A trip as the router sees it; `fallback` when a road router was asked and failed, so the straight line was used. */
interface Route {
  meters: number;
  seconds: number;
  fallback?: boolean;
}

/** Road distance and driving time between two points, as well as the router can tell (perhaps over the network). */
export type Router = (from: Point, to: Point) => Route | Promise<Route>;

interface Candidate {
  unitId: string;
  callsign: string;
  kind: string;
  agencyId: string;
  stationId: string | null;
  /** The open assignment of the unit's agency on this incident, which the unit would join; null before a request. */
  assignmentId: string | null;
  /** Where the estimate starts: the unit's fresh position, or its station (no position, or a stale one). */
  from: 'position' | 'station';
  /** Age of the unit's last position (ms, from its receipt), or null when it never sent one. */
  positionAgeMs: number | null;
  /** True when a position exists but is older than the limit, so the station was used instead. */
  stale: boolean;
  meters: number;
  seconds: number;
  /** The road router failed for this trip: the straight-line estimate was used. */
  fallback: boolean;
  /** Why this unit and how far: station, distance, time, position age, in both languages. */
  reason: Bilingual;
}

interface RunCardAgency {
  agencyId: string;
  assignmentId: string | null;
  assignmentStatus: AssignmentStatus | null;
  candidates: Candidate[];
}

/** One line of the SOP's run card: a kind of unit, how many, how many are on the incident, and who to send. */
interface RunCardNeed {
  kind: string;
  count: number;
  /** Units of this kind working on the incident now (assigned to one of its open assignments). */
  assigned: number;
  reasons: Bilingual[];
  candidates: Candidate[];
}

export interface RunCard {
  incidentId: string;
  point: Point;
  /** `incident`: the incident's own point; `kecamatan`: the kecamatan's centre, the incident having no point. */
  pointFrom: 'incident' | 'kecamatan';
  agencies: RunCardAgency[];
  /** The SOP's run card for the incident's category and triage; empty when the category has none. */
  needs: RunCardNeed[];
}

export interface RecommendOptions {
  now: number;
  router: Router;
  positions: ReadonlyMap<string, UnitPosition>;
  /** A position older than this is not trusted: the unit is counted from its station (default 5 minutes). */
  staleAfterMs?: number;
  /** At most this many candidates per agency and per kind (default 5). */
  limit?: number;
}

function incidentPoint(
  state: State,
  incident: Incident,
): { point: Point; from: RunCard['pointFrom'] } | null {
  const { lat, lon, kecamatan } = incident.location;
  if (lat !== null && lon !== null) return { point: { lat, lon }, from: 'incident' };
  const k = state.ref.kecamatan.get(kecamatan);
  return k ? { point: { lat: k.lat, lon: k.lon }, from: 'kecamatan' } : null;
}

/**
 * The agencies to fill: those with an open assignment on the incident (a liaison only its own), else, before any
 * was requested, the SOP's suggestion from the triage. Units of other agencies are never offered.
 */
function agenciesFor(state: State, incident: Incident, actor: Actor): RunCardAgency[] {
  const open = assignmentsOf(state, incident.id).filter(isOpenAssignment);
  const rows: RunCardAgency[] = open.map((a) => ({
    agencyId: a.agencyId,
    assignmentId: a.id,
    assignmentStatus: a.status,
    candidates: [],
  }));
  if (rows.length === 0 && assignmentsOf(state, incident.id).length === 0) {
    for (const a of incident.triage?.agencies ?? []) {
      rows.push({ agencyId: a.agencyId, assignmentId: null, assignmentStatus: null, candidates: [] });
    }
  }
  const own = actor.role === 'agency' || actor.role === 'responder';
  return rows.filter((r) => !own || r.agencyId === actor.agencyId);
}

/** `12 detik` / `12 s`, `7 menit` / `7 min`, `2 jam` / `2 h`. */
function ageText(ms: number): Bilingual {
  const s = Math.round(ms / 1000);
  if (s < 60) return { id: `${s} detik`, en: `${s} s` };
  if (s < 3600) return { id: `${Math.round(s / 60)} menit`, en: `${Math.round(s / 60)} min` };
  return { id: `${Math.round(s / 3600)} jam`, en: `${Math.round(s / 3600)} h` };
}

function reasonOf(c: Omit<Candidate, 'reason'>, stationName: string | null): Bilingual {
  const km = (c.meters / 1000).toFixed(1);
  const minutes = Math.max(1, Math.round(c.seconds / 60));
  const age = c.positionAgeMs === null ? null : ageText(c.positionAgeMs);
  const where: Bilingual =
    c.from === 'position' && age
      ? { id: `posisi ${age.id} lalu`, en: `position ${age.en} ago` }
      : c.stale && age
        ? {
            id: `posisi terakhir ${age.id} lalu, dihitung dari pos`,
            en: `last position ${age.en} ago, from station`,
          }
        : { id: 'tanpa posisi, dihitung dari pos', en: 'no position, from station' };
  const parts = (lang: keyof Bilingual, distance: string, time: string) =>
    [
      stationName,
      distance,
      time,
      where[lang],
      c.fallback ? (lang === 'id' ? 'rute tidak tersedia: garis lurus' : 'no route: straight line') : null,
    ]
      .filter((p) => p !== null)
      .join(' · ');
  return {
    id: parts('id', `${km.replace('.', ',')} km`, `±${minutes} menit`),
    en: parts('en', `${km} km`, `±${minutes} min`),
  };
}

/** The units of the incident's open assignments that still work on it, by kind. */
function assignedByKind(state: State, incident: Incident): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of assignmentsOf(state, incident.id).filter(isOpenAssignment)) {
    for (const id of a.unitIds) {
      const unit = state.units.get(id);
      if (unit?.assignmentId === a.id) counts.set(unit.kind, (counts.get(unit.kind) ?? 0) + 1);
    }
  }
  return counts;
}

/** The run card, or null when the incident is unknown or has no place to measure from. */
export async function recommend(
  state: State,
  incidentId: string,
  actor: Actor,
  options: RecommendOptions,
): Promise<RunCard | null> {
  const incident = state.incidents.get(incidentId);
  if (!incident) return null;
  const target = incidentPoint(state, incident);
  if (!target) return null;
  const staleAfter = options.staleAfterMs ?? STALE_POSITION_MS;
  const agencies = agenciesFor(state, incident, actor);
  const byAgency = new Map(agencies.map((a) => [a.agencyId, a]));
  const assigned = assignedByKind(state, incident);
  const needs: RunCardNeed[] = runCardOfIncident(state.ref, incident).map((n) => ({
    kind: n.kind,
    count: n.count,
    assigned: assigned.get(n.kind) ?? 0,
    reasons: n.reasons,
    candidates: [],
  }));
  const byKind = new Map(needs.map((n) => [n.kind, n]));

  /** A unit's estimate without its reason: the reason's text is written only for the few candidates kept. */
  type Estimate = Omit<Candidate, 'reason'> & { reason?: Bilingual };
  const place = (row: RunCardAgency, need: RunCardNeed | undefined, candidate: Estimate) => {
    row.candidates.push(candidate as Candidate);
    need?.candidates.push(candidate as Candidate);
  };
  const work: Promise<void>[] = [];
  for (const unit of state.units.values()) {
    const row = byAgency.get(unit.agencyId);
    if (!row || unit.status !== 'available') continue;
    const position = options.positions.get(unit.id);
    const ageMs = position ? Math.max(0, options.now - position.receivedAt) : null;
    const fresh = position !== undefined && ageMs !== null && ageMs <= staleAfter;
    const station = unit.stationId ? state.ref.stations.get(unit.stationId) : undefined;
    const origin = fresh ? position : station;
    if (!origin) continue;
    const need = byKind.get(unit.kind);
    const estimate = (route: Route): Estimate => ({
      unitId: unit.id,
      callsign: unit.callsign,
      kind: unit.kind,
      agencyId: unit.agencyId,
      stationId: unit.stationId,
      assignmentId: row.assignmentId,
      from: fresh ? 'position' : 'station',
      positionAgeMs: ageMs,
      stale: position !== undefined && !fresh,
      meters: Math.round(route.meters),
      seconds: Math.round(route.seconds),
      fallback: route.fallback === true,
    });
    const route = options.router({ lat: origin.lat, lon: origin.lon }, target.point);
    // A router that answers at once (the straight line) costs no promise per unit; a road router is awaited.
    if (route instanceof Promise) work.push(route.then((r) => place(row, need, estimate(r))));
    else place(row, need, estimate(route));
  }
  await Promise.all(work);
  const limit = options.limit ?? 5;
  for (const list of [...agencies, ...needs]) {
    list.candidates.sort((a, b) => a.seconds - b.seconds || a.callsign.localeCompare(b.callsign));
    list.candidates.splice(limit);
    for (const c of list.candidates as Estimate[]) {
      c.reason ??= reasonOf(c, c.stationId ? (state.ref.stations.get(c.stationId)?.name ?? null) : null);
    }
  }
  return { incidentId: incident.id, point: target.point, pointFrom: target.from, agencies, needs };
}
