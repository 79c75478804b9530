// What the map shows: open incidents coloured by priority, units coloured by status, placed where they are.
import { STALE_POSITION_MS, type UnitPosition } from '../../src/domain/positions.ts';
import type { State } from '../../src/domain/state.ts';
import type { Incident, Priority, UnitStatus } from '../../src/domain/types.ts';
import type { MapMarker } from './components/MapView.tsx';

export const PRIORITY_COLORS: Record<Priority, string> = {
  1: '#c62828',
  2: '#b84a00',
  3: '#8a6500',
  4: '#1565c0',
};

const UNIT_COLORS: Record<UnitStatus, string> = {
  available: '#2e7d32',
  dispatched: '#6a1b9a',
  en_route: '#b84a00',
  on_scene: '#c62828',
  transporting: '#1565c0',
  at_hospital: '#00838f',
  returning: '#3f6e1f',
  out_of_service: '#757575',
};

function incidentPoint(state: State, incident: Incident): { lat: number; lon: number } | null {
  const { lat, lon, kecamatan } = incident.location;
  if (lat !== null && lon !== null) return { lat, lon };
  const k = state.ref.kecamatan.get(kecamatan);
  return k ? { lat: k.lat, lon: k.lon } : null;
}

const OPEN = new Set(['new', 'waiting_dispatch', 'dispatched']);

export function mapMarkers(
  state: State,
  highlight: (id: string) => boolean = () => false,
  /** Units' latest positions; a fresh one places its unit where it is, a stale or missing one at the station. */
  positions: ReadonlyMap<string, UnitPosition> = new Map(),
  now = Date.now(),
): MapMarker[] {
  const markers: MapMarker[] = [];
  for (const incident of state.incidents.values()) {
    if (!OPEN.has(incident.status)) continue;
    const p = incidentPoint(state, incident);
    if (!p) continue;
    const category = state.ref.categories.get(incident.category)?.nameId ?? incident.category;
    markers.push({
      id: `incident:${incident.id}`,
      ...p,
      color: PRIORITY_COLORS[incident.priority],
      label: `P${incident.priority}`,
      title: `${incident.number} ${category}`,
      kind: 'incident',
      highlight: highlight(incident.id),
    });
  }
  for (const unit of state.units.values()) {
    const position = positions.get(unit.id);
    if (position && now - position.receivedAt <= STALE_POSITION_MS) {
      markers.push({
        id: `unit:${unit.id}`,
        lat: position.lat,
        lon: position.lon,
        color: UNIT_COLORS[unit.status],
        label: unit.callsign,
        title: `${unit.callsign} (${unit.status}) · GPS`,
        kind: 'unit',
        highlight: highlight(unit.id),
        live: true,
      });
      continue;
    }
    const incident = unit.incidentId ? state.incidents.get(unit.incidentId) : undefined;
    // Only while the incident is open: once it ends the unit is shown at its station, not at the old place.
    const atIncident =
      incident && OPEN.has(incident.status) && (unit.status === 'on_scene' || unit.status === 'en_route');
    const station = unit.stationId ? state.ref.stations.get(unit.stationId) : undefined;
    const base = atIncident
      ? incidentPoint(state, incident)
      : station
        ? { lat: station.lat, lon: station.lon }
        : null;
    if (!base) continue;
    markers.push({
      id: `unit:${unit.id}`,
      ...base,
      color: UNIT_COLORS[unit.status],
      label: unit.status === 'available' ? '' : unit.callsign,
      title: `${unit.callsign} (${unit.status})`,
      kind: 'unit',
      highlight: highlight(unit.id),
    });
  }
  return spread(markers);
}

/** Height of a labelled marker and the gap between two, in pixels (0.75rem text with padding and border). */
const ROW_PX = 20;

/**
 * Markers on the same spot (the units of one station, the units on scene at their incident) are drawn apart on the
 * screen, not on the ground: an incident stays on its point, the units at it stand in a column under it, or, all
 * small (available, without a label), in a ring around the spot. Their coordinates stay the true ones.
 */
function spread(markers: MapMarker[]): MapMarker[] {
  const groups = new Map<string, MapMarker[]>();
  for (const m of markers) {
    // About 100 m: a crew's GPS at its incident, or beside its station, counts as the same spot.
    const key = `${m.lat.toFixed(3)},${m.lon.toFixed(3)}`;
    const group = groups.get(key);
    if (group) group.push(m);
    else groups.set(key, [m]);
  }
  const offsets = new Map<string, [number, number]>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const centre = group.find((m) => m.kind === 'incident');
    const around = group.filter((m) => m !== centre);
    if (around.every((m) => m.label === '') && !centre) {
      const radius = Math.max(9, around.length * 2.5);
      around.forEach((m, i) => {
        const angle = (2 * Math.PI * i) / around.length - Math.PI / 2;
        offsets.set(m.id, [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))]);
      });
    } else {
      // A column: under the incident, or centred on the spot when there is none.
      const first = centre ? ROW_PX : -((around.length - 1) * ROW_PX) / 2;
      around.forEach((m, i) => {
        offsets.set(m.id, [0, Math.round(first + i * ROW_PX)]);
      });
    }
  }
  return markers.map((m) => {
    const offset = offsets.get(m.id);
    return offset ? { ...m, offset } : m;
  });
}
