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
  const units = [...state.units.values()];
  units.forEach((unit, i) => {
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
      return;
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
    if (!base) return;
    // Spread units that share a place so each stays visible.
    const angle = (i * 2.4) % (2 * Math.PI);
    const r = atIncident ? 0.004 : 0.006;
    markers.push({
      id: `unit:${unit.id}`,
      lat: base.lat + r * Math.sin(angle),
      lon: base.lon + r * Math.cos(angle),
      color: UNIT_COLORS[unit.status],
      label: unit.status === 'available' ? '' : unit.callsign,
      title: `${unit.callsign} (${unit.status})`,
      kind: 'unit',
      highlight: highlight(unit.id),
    });
  });
  return markers;
}
