// The run card of an incident: for each agency on it, its available units ranked by estimated time of arrival,
// each with the reason ("DAMKAR-05 · 4,2 km · ±7 menit · posisi 12 detik lalu"). Pure: the router is passed in.
import type { UnitPosition } from './positions.ts';
import { assignmentsOf, isOpenAssignment, type State } from './state.ts';
import type { Actor, AssignmentStatus, Incident } from './types.ts';

export interface Point {
  lat: number;
  lon: number;
}

/** Road distance and driving time between two points, as well as the router can tell. */
export type Router = (from: Point, to: Point) => { meters: number; seconds: number };

interface Candidate {
  unitId: string;
  callsign: string;
  kind: string;
  stationId: string | null;
  /** Where the estimate starts: the unit's fresh position, or its station (no position, or a stale one). */
  from: 'position' | 'station';
  /** Age of the unit's last position (ms, from its receipt), or null when it never sent one. */
  positionAgeMs: number | null;
  /** True when a position exists but is older than the limit, so the station was used instead. */
  stale: boolean;
  meters: number;
  seconds: number;
}

interface RunCardAgency {
  agencyId: string;
  assignmentId: string | null;
  assignmentStatus: AssignmentStatus | null;
  candidates: Candidate[];
}

export interface RunCard {
  incidentId: string;
  point: Point;
  /** `incident`: the incident's own point; `kecamatan`: the kecamatan's centre, the incident having no point. */
  pointFrom: 'incident' | 'kecamatan';
  agencies: RunCardAgency[];
}

export interface RecommendOptions {
  now: number;
  router: Router;
  positions: ReadonlyMap<string, UnitPosition>;
  /** A position older than this is not trusted: the unit is counted from its station (default 5 minutes). */
  staleAfterMs?: number;
  /** At most this many candidates per agency (default 5). */
  limit?: number;
}

const STALE_POSITION_MS = 5 * 60_000;

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

/** The run card, or null when the incident is unknown or has no place to measure from. */
export function recommend(
  state: State,
  incidentId: string,
  actor: Actor,
  options: RecommendOptions,
): RunCard | null {
  const incident = state.incidents.get(incidentId);
  if (!incident) return null;
  const target = incidentPoint(state, incident);
  if (!target) return null;
  const staleAfter = options.staleAfterMs ?? STALE_POSITION_MS;
  const agencies = agenciesFor(state, incident, actor);
  const byAgency = new Map(agencies.map((a) => [a.agencyId, a]));
  for (const unit of state.units.values()) {
    const row = byAgency.get(unit.agencyId);
    if (!row || unit.status !== 'available') continue;
    const position = options.positions.get(unit.id);
    const ageMs = position ? Math.max(0, options.now - position.receivedAt) : null;
    const fresh = position !== undefined && ageMs !== null && ageMs <= staleAfter;
    const station = unit.stationId ? state.ref.stations.get(unit.stationId) : undefined;
    const origin = fresh ? position : station;
    if (!origin) continue;
    const route = options.router({ lat: origin.lat, lon: origin.lon }, target.point);
    row.candidates.push({
      unitId: unit.id,
      callsign: unit.callsign,
      kind: unit.kind,
      stationId: unit.stationId,
      from: fresh ? 'position' : 'station',
      positionAgeMs: ageMs,
      stale: position !== undefined && !fresh,
      meters: Math.round(route.meters),
      seconds: Math.round(route.seconds),
    });
  }
  const limit = options.limit ?? 5;
  for (const row of agencies) {
    row.candidates.sort((a, b) => a.seconds - b.seconds || a.callsign.localeCompare(b.callsign));
    row.candidates.splice(limit);
  }
  return { incidentId: incident.id, point: target.point, pointFrom: target.from, agencies };
}
