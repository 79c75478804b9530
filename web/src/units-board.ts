// The units board's rows: every unit by agency and station, with its incident, its position's age, and a unit
// still busy on an incident that is already closed (something to put right).
import { STALE_POSITION_MS, type UnitPosition } from '../../src/domain/positions.ts';
import type { State } from '../../src/domain/state.ts';
import type { Incident, Unit, UnitStatus } from '../../src/domain/types.ts';

export interface BoardFilter {
  agencyId: string | null;
  status: UnitStatus | null;
}

export interface BoardRow {
  unit: Unit;
  stationName: string | null;
  incident: Incident | null;
  /** Age of the latest position (ms), or null without one. */
  positionAgeMs: number | null;
  stale: boolean;
  /** The unit works (not available, returning or out of service) on an incident that is closed or cancelled. */
  busyOnClosed: boolean;
}

const FREE: readonly UnitStatus[] = ['available', 'returning', 'out_of_service'];

export function boardRows(
  state: State,
  positions: ReadonlyMap<string, UnitPosition>,
  filter: BoardFilter,
  now: number,
): BoardRow[] {
  const rows: BoardRow[] = [];
  for (const unit of state.units.values()) {
    if (filter.agencyId && unit.agencyId !== filter.agencyId) continue;
    if (filter.status && unit.status !== filter.status) continue;
    const incident = unit.incidentId ? (state.incidents.get(unit.incidentId) ?? null) : null;
    const position = positions.get(unit.id);
    const positionAgeMs = position ? Math.max(0, now - position.receivedAt) : null;
    rows.push({
      unit,
      stationName: unit.stationId ? (state.ref.stations.get(unit.stationId)?.name ?? null) : null,
      incident,
      positionAgeMs,
      stale: positionAgeMs !== null && positionAgeMs > STALE_POSITION_MS,
      busyOnClosed:
        !FREE.includes(unit.status) &&
        incident !== null &&
        (incident.status === 'closed' || incident.status === 'cancelled'),
    });
  }
  const agency = (u: Unit) => state.ref.agencies.get(u.agencyId)?.code ?? u.agencyId;
  return rows.sort(
    (a, b) =>
      agency(a.unit).localeCompare(agency(b.unit)) ||
      (a.stationName ?? '').localeCompare(b.stationName ?? '') ||
      a.unit.callsign.localeCompare(b.unit.callsign),
  );
}
