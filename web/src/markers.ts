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
  /** A unit status in the user's words, for the titles and the clusters' names (e.g. "Siap", not "available"). */
  statusName: (status: UnitStatus) => string = (status) => status,
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
        title: `${unit.callsign} (${statusName(unit.status)}) · GPS`,
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
      ...(!atIncident && unit.stationId ? { station: unit.stationId } : {}),
      color: UNIT_COLORS[unit.status],
      label: unit.status === 'available' ? '' : unit.callsign,
      title: `${unit.callsign} (${statusName(unit.status)})`,
      kind: 'unit',
      highlight: highlight(unit.id),
    });
  }
  return spread(markers);
}

/**
 * Height of a labelled marker and the gap between two, in pixels (0.75rem text with padding and border, about 20, and
 * the ring of a unit with a live position); the first row stands this far under an incident's taller marker too.
 */
const ROW_PX = 23;

/**
 * Markers on the same spot (the units of one station, the units on scene at their incident) are drawn apart on the
 * screen, not on the ground: an incident stays on its point, the units at it stand in a column under it, or, all
 * small (available, without a label), in a ring around the spot. They are drawn from one point, the incident's or
 * the first one's (crews' phones a few metres apart would otherwise shift the rows into each other when zoomed in).
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
  const anchors = new Map<string, { lat: number; lon: number }>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const centre = group.find((m) => m.kind === 'incident');
    const around = group.filter((m) => m !== centre);
    const { lat, lon } = centre ?? group[0]!;
    for (const m of around) anchors.set(m.id, { lat, lon });
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
    return offset ? { ...m, ...anchors.get(m.id), offset } : m;
  });
}

/** Markers of stations closer than this on the screen (pixels) are drawn as one. */
const CLUSTER_PX = 28;

/** Whether a marker may be merged into a cluster: a unit at its station or where its GPS says, not highlighted. */
const mergeable = (m: MapMarker) =>
  m.kind === 'unit' && !m.highlight && (m.station !== undefined || m.live === true);

/**
 * Stations a few hundred metres apart (a town's Damkar, PSC 119, Polres and RSUD) overlap when the whole regency is
 * shown, and so do crews whose phones report them at one place: the units whose places (a station, or a unit's own
 * GPS fix) would touch on the screen at this zoom are drawn as one marker with their count, which a click opens (the
 * map zooms in until they stand apart). One station's own units stay spread around it; a unit at its incident
 * without GPS, a highlighted one and incidents are never merged. A cluster that would lie under an incident is
 * moved aside on the screen so both can be seen and clicked. `project` gives a point's place on the screen in pixels.
 */
export function declutter(
  given: MapMarker[],
  project: (lat: number, lon: number) => [number, number],
  px = CLUSTER_PX,
): MapMarker[] {
  const markers = incidentsApart(given, project);
  // The places on the screen, then every two closer than `px` joined (a chain of them is one group).
  const places = new Map<string, [number, number]>();
  const members = new Map<string, MapMarker[]>();
  for (const m of markers) {
    if (!mergeable(m)) continue;
    const place = m.station ?? m.id;
    if (!places.has(place)) places.set(place, project(m.lat, m.lon));
    members.set(place, [...(members.get(place) ?? []), m]);
  }
  const keys = [...places.keys()].sort();
  const root = new Map(keys.map((s) => [s, s]));
  const find = (s: string): string => {
    const r = root.get(s)!;
    return r === s ? s : find(r);
  };
  for (const [i, a] of keys.entries()) {
    for (const b of keys.slice(i + 1)) {
      const [ax, ay] = places.get(a)!;
      const [bx, by] = places.get(b)!;
      if (Math.hypot(ax - bx, ay - by) < px) root.set(find(b), find(a));
    }
  }
  const byRoot = new Map<string, { places: string[]; members: MapMarker[] }>();
  for (const s of keys) {
    const group = byRoot.get(find(s)) ?? { places: [], members: [] };
    group.places.push(s);
    group.members.push(...members.get(s)!);
    byRoot.set(find(s), group);
  }
  const incidents = markers
    .filter((m) => m.kind === 'incident')
    .map((m): [number, number] => {
      const [x, y] = project(m.lat, m.lon);
      const [dx, dy] = m.offset ?? [0, 0];
      return [x + dx, y + dy];
    });
  const merged = new Map<string, MapMarker>();
  const replaced = new Set<string>();
  for (const { places: grouped, members } of byRoot.values()) {
    if (grouped.length < 2) continue;
    const lats = members.map((m) => m.lat);
    const lons = members.map((m) => m.lon);
    const lat = lats.reduce((a, b) => a + b, 0) / lats.length;
    const lon = lons.reduce((a, b) => a + b, 0) / lons.length;
    const offset = aside(project(lat, lon), incidents, px);
    const cluster: MapMarker = {
      id: `cluster:${grouped.join('+')}`,
      lat,
      lon,
      color: '#37474f',
      label: String(members.length),
      title: members
        .map((m) => m.title)
        .sort()
        .join('\n'),
      kind: 'cluster',
      bounds: [
        [Math.min(...lons), Math.min(...lats)],
        [Math.max(...lons), Math.max(...lats)],
      ],
      ...(offset ? { offset } : {}),
    };
    for (const m of members) replaced.add(m.id);
    merged.set(members[0]!.id, cluster);
  }
  if (replaced.size === 0) return markers;
  const out: MapMarker[] = [];
  for (const m of markers) {
    const cluster = merged.get(m.id);
    if (cluster) out.push(cluster);
    else if (!replaced.has(m.id)) out.push(m);
  }
  return out;
}

/** An incident's marker on the screen, about: "P1" in bold 0.85rem with its padding and border, and a pixel more. */
const INCIDENT_PX: [number, number] = [31, 23];

/**
 * Incidents whose markers would overlap on the screen at this zoom (two reports a few hundred metres apart, seen from
 * the whole regency) are drawn side by side, in a row centred where they stand, so that none hides another; the units
 * standing in a column under a moved incident move with it. Incidents × incidents comparisons, at each zoom.
 */
function incidentsApart(
  markers: MapMarker[],
  project: (lat: number, lon: number) => [number, number],
): MapMarker[] {
  const [w, h] = INCIDENT_PX;
  const incidents = markers
    .filter((m) => m.kind === 'incident')
    .map((m) => {
      const [x, y] = project(m.lat, m.lon);
      const [dx, dy] = m.offset ?? [0, 0];
      return { m, x: x + dx, y: y + dy };
    });
  // Every two that would overlap joined (a chain of them is one row).
  const root = incidents.map((_, i) => i);
  const find = (i: number): number => (root[i] === i ? i : find(root[i]!));
  for (const [i, a] of incidents.entries()) {
    for (const [j, b] of incidents.entries()) {
      if (j > i && Math.abs(a.x - b.x) < w && Math.abs(a.y - b.y) < h) root[find(j)] = find(i);
    }
  }
  const rows = new Map<number, typeof incidents>();
  for (const [i, a] of incidents.entries()) rows.set(find(i), [...(rows.get(find(i)) ?? []), a]);
  const moved = new Map<string, [number, number]>();
  for (const row of rows.values()) {
    if (row.length < 2) continue;
    row.sort((a, b) => a.x - b.x || a.m.id.localeCompare(b.m.id));
    const x = row.reduce((sum, a) => sum + a.x, 0) / row.length;
    const y = row.reduce((sum, a) => sum + a.y, 0) / row.length;
    row.forEach((a, i) => {
      const delta: [number, number] = [
        Math.round(x + (i - (row.length - 1) / 2) * w - a.x),
        Math.round(y - a.y),
      ];
      if (delta[0] !== 0 || delta[1] !== 0) moved.set(a.m.id, delta);
    });
  }
  if (moved.size === 0) return markers;
  // A unit drawn under its incident stands on the incident's point with an offset of its own (spread).
  const at = new Map(
    incidents.filter((a) => moved.has(a.m.id)).map((a) => [`${a.m.lat},${a.m.lon}`, moved.get(a.m.id)!]),
  );
  return markers.map((m) => {
    const delta =
      m.kind === 'incident' ? moved.get(m.id) : m.offset ? at.get(`${m.lat},${m.lon}`) : undefined;
    if (!delta) return m;
    const [dx, dy] = m.offset ?? [0, 0];
    return { ...m, offset: [dx + delta[0], dy + delta[1]] };
  });
}

/**
 * The screen offset that takes a cluster at `at` clear of the nearest incident marker closer than `px` × 1.2 (away
 * from it, to the right when right on it), or null when none is near.
 */
function aside(at: [number, number], incidents: [number, number][], px: number): [number, number] | null {
  const clear = px * 1.2;
  const near = incidents
    .map(([x, y]) => ({ dx: at[0] - x, dy: at[1] - y }))
    .map((d) => ({ ...d, distance: Math.hypot(d.dx, d.dy) }))
    .filter((d) => d.distance < clear)
    .sort((a, b) => a.distance - b.distance)[0];
  if (!near) return null;
  const [ux, uy] = near.distance < 1 ? [1, 0] : [near.dx / near.distance, near.dy / near.distance];
  const shift = clear - near.distance;
  return [Math.round(ux * shift), Math.round(uy * shift)];
}

/** A box on the screen by its centre and size, in pixels. */
export interface ScreenBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Pixels kept between a place name moved aside and the marker it would have lain under. */
const LABEL_GAP = 2;

const overlap = (a: ScreenBox, b: ScreenBox) =>
  Math.abs(a.x - b.x) < (a.w + b.w) / 2 && Math.abs(a.y - b.y) < (a.h + b.h) / 2;

/** The markers a place name must not lie under: an incident's, and the point being chosen for one. */
export const keepsLabelsClear = (m: MapMarker) => m.kind === 'incident' || m.kind === 'pick';

/** Where a place name goes: moved by [dx, dy] pixels, or null when hidden (no free place beside the marker). */
export type LabelPlace = [dx: number, dy: number] | null;

/**
 * Place names (kecamatan, desa) that an incident's marker would cover are moved beside it: the incident stays on its
 * point and on top, and the name stays readable next to it (an incident without a point stands on its kecamatan's
 * name). Above it first, then below (where its units stand in a column), right, left: the first place that meets no
 * marker (`clearOf`, nor the units and clusters in `others`) and no other name, else the first that meets no incident
 * and no name (a unit's small mark may lie over a letter); with none the name is hidden rather than drawn under or over
 * an incident. Returns the labels to move or hide, by index; the others stay. Labels ×
 * markers box comparisons, made when the map comes to rest or the incidents change, never per frame. A label without
 * a size (not drawn, or not measured because no incident is near) is left alone.
 */
export function placeLabels(
  labels: ScreenBox[],
  clearOf: ScreenBox[],
  others: ScreenBox[] = [],
  gap = LABEL_GAP,
): Map<number, LabelPlace> {
  const placed = new Map<number, LabelPlace>();
  const markers = [...clearOf, ...others];
  // Names that an incident covers are moved in turn; until then they stand in no one's way.
  const covered = (l: ScreenBox) => clearOf.some((m) => overlap(l, m));
  const boxes = labels.map((l) => (covered(l) ? { ...l, w: 0, h: 0 } : l));
  labels.forEach((label, i) => {
    if (label.w === 0 || label.h === 0) return;
    const under = clearOf
      .filter((m) => overlap(label, m))
      .sort((a, b) => Math.hypot(a.x - label.x, a.y - label.y) - Math.hypot(b.x - label.x, b.y - label.y))[0];
    if (!under) return;
    const { x, y, w, h } = under;
    const beside: [number, number][] = [
      [x, y - h / 2 - gap - label.h / 2],
      [x, y + h / 2 + gap + label.h / 2],
      [x + w / 2 + gap + label.w / 2, y],
      [x - w / 2 - gap - label.w / 2, y],
    ];
    const places = beside.map(([bx, by]) => ({ ...label, x: bx, y: by }));
    const clear = (box: ScreenBox, of: ScreenBox[]) =>
      !of.some((m) => overlap(box, m)) &&
      !boxes.some((other, j) => j !== i && other.w > 0 && overlap(box, other));
    // Clear of every marker if it can be; else clear of incidents and names, a unit's small mark over a letter.
    const free = places.find((box) => clear(box, markers)) ?? places.find((box) => clear(box, clearOf));
    boxes[i] = free ?? { ...label, w: 0, h: 0 };
    placed.set(i, free ? [Math.round(free.x - label.x), Math.round(free.y - label.y)] : null);
  });
  return placed;
}
