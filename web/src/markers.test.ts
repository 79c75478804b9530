// The map's markers: a unit is drawn at its incident only while the incident is open, else at its station; markers on
// the same spot are drawn apart on the screen (pixel offsets from one point of the spot); markers that would touch on
// the screen are merged into a cluster, drawn beside an incident rather than under it.
import { describe, expect, it } from 'vitest';
import { cmd, dispatcher, liaison, makeState, run, workingIncident } from '../../src/domain/test-fixtures.ts';
import type { MapMarker } from './components/MapView.tsx';
import { declutter, mapMarkers, placeLabels } from './markers.ts';

describe('mapMarkers', () => {
  it('moves a unit still on scene off a closed incident to its station', () => {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    const damkar = liaison('damkar');
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-1' }), damkar);
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'en_route' }), damkar);
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'on_scene' }), damkar);
    // Far from Damkar's station, so the two places cannot be mistaken for each other.
    const reported = state.incidents.get(incidentId)!;
    const incident = { ...reported, location: { ...reported.location, lat: -5.35, lon: 120.05 } };
    state.incidents.set(incidentId, incident);
    const station = state.ref.stations.get(state.units.get('damkar-1')!.stationId!)!;
    const unitMarker = () => mapMarkers(state).find((m) => m.id === 'unit:damkar-1')!;
    const near = (m: { lat: number; lon: number }, p: { lat: number; lon: number }) =>
      Math.abs(m.lat - p.lat) < 0.01 && Math.abs(m.lon - p.lon) < 0.01;
    expect(near(unitMarker(), { lat: incident.location.lat!, lon: incident.location.lon! })).toBe(true);

    // A unit left on scene when the incident ends (a state written before units were released) is not drawn there.
    state.incidents.set(incidentId, { ...incident, status: 'closed' });
    expect(mapMarkers(state).some((m) => m.id === `incident:${incidentId}`)).toBe(false);
    expect(near(unitMarker(), station)).toBe(true);

    // Closing releases it: it heads back, drawn at its station with its status.
    state.incidents.set(incidentId, incident);
    run(
      state,
      cmd('assignment.complete', { assignmentId, outcome: { dead: 0, injured: 0, report: 'Padam' } }),
      damkar,
    );
    run(state, cmd('incident.close', { incidentId }), dispatcher);
    expect(unitMarker()).toMatchObject({ title: expect.stringContaining('returning') });
    // In the user's words when the view passes them: no status code left in English in an Indonesian console.
    const named = mapMarkers(state, undefined, undefined, undefined, (s) =>
      s === 'returning' ? 'Kembali ke pos' : s,
    );
    expect(named.find((m) => m.id === 'unit:damkar-1')?.title).toBe('DAMKAR-1 (Kembali ke pos)');
    expect(near(unitMarker(), station)).toBe(true);
  });

  it('draws the units of one station apart, in a ring, at the station itself', () => {
    const state = makeState();
    const station = state.ref.stations.get('damkar-ujung-bulu')!;
    const units = mapMarkers(state).filter((m) => m.id === 'unit:damkar-1' || m.id === 'unit:damkar-2');
    expect(units).toHaveLength(2);
    for (const m of units) expect([m.lat, m.lon]).toEqual([station.lat, station.lon]);
    const [a, b] = units.map((m) => m.offset);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toEqual(b);
    // A unit alone at its place is drawn on it.
    expect(mapMarkers(state).find((m) => m.id === 'unit:psc-1')?.offset).toBeUndefined();
  });

  it('keeps an incident on its point and stacks the units on scene under it, each on its own row', () => {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    const damkar = liaison('damkar');
    for (const unitId of ['damkar-1', 'damkar-2']) {
      run(state, cmd('assignment.assign_unit', { assignmentId, unitId }), damkar);
      run(state, cmd('unit.set_status', { unitId, status: 'en_route' }), damkar);
    }
    const reported = state.incidents.get(incidentId)!;
    state.incidents.set(incidentId, {
      ...reported,
      location: { ...reported.location, lat: -5.35, lon: 120.05 },
    });
    const markers = mapMarkers(state);
    expect(markers.find((m) => m.id === `incident:${incidentId}`)?.offset).toBeUndefined();
    const rows = ['unit:damkar-1', 'unit:damkar-2'].map((id) => markers.find((m) => m.id === id)!);
    for (const m of rows) expect([m.lat, m.lon, m.offset?.[0]]).toEqual([-5.35, 120.05, 0]);
    const ys = rows.map((m) => m.offset![1]);
    expect(Math.min(...ys)).toBeGreaterThan(0);
    expect(Math.abs(ys[0]! - ys[1]!)).toBeGreaterThanOrEqual(20);
  });
});

describe('mapMarkers with crews’ positions', () => {
  it('stacks crews whose phones report a few metres apart at an incident in rows from the incident’s point', () => {
    const state = makeState();
    const { incidentId } = workingIncident(state);
    const reported = state.incidents.get(incidentId)!;
    state.incidents.set(incidentId, {
      ...reported,
      location: { ...reported.location, lat: -5.4, lon: 120.06 },
    });
    const now = Date.now();
    const positions = new Map(
      ['damkar-1', 'damkar-2', 'psc-1'].map((unitId, i) => [
        unitId,
        { unitId, lat: -5.4 + i * 0.00004, lon: 120.06, receivedAt: now, at: now } as never,
      ]),
    );
    const crews = mapMarkers(state, () => false, positions, now).filter((m) => m.live);
    expect(crews).toHaveLength(3);
    for (const m of crews) expect([m.lat, m.lon, m.offset?.[0]]).toEqual([-5.4, 120.06, 0]);
    expect(new Set(crews.map((m) => m.offset![1])).size).toBe(3);
  });
});

describe('declutter', () => {
  /** Web Mercator in pixels at a zoom (MapLibre's, 512-pixel tiles), so distances on screen are a zoom's. */
  const mercator =
    (zoom: number) =>
    (lat: number, lon: number): [number, number] => {
      const scale = 512 * 2 ** zoom;
      const s = Math.sin((lat * Math.PI) / 180);
      return [((lon + 180) / 360) * scale, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale];
    };
  const unit = (
    id: string,
    station: string,
    lat: number,
    lon: number,
    extra: Partial<MapMarker> = {},
  ): MapMarker => ({
    id: `unit:${id}`,
    lat,
    lon,
    color: '#2e7d32',
    label: '',
    title: `${id} (available)`,
    kind: 'unit',
    station,
    ...extra,
  });
  // Three stations of one town within 1 km, one 20 km away, an incident and a unit with a fresh position in town.
  const markers: MapMarker[] = [
    unit('damkar-01', 'damkar-ub', -5.556, 120.195),
    unit('damkar-02', 'damkar-ub', -5.556, 120.195),
    unit('psc-01', 'psc-ub', -5.553, 120.197),
    unit('polres-01', 'polres-ub', -5.558, 120.19),
    unit('damkar-kj', 'damkar-kajang', -5.33, 120.36),
    { ...unit('psc-02', '', -5.554, 120.196, { live: true }), station: undefined },
    {
      id: 'incident:i1',
      lat: -5.555,
      lon: 120.196,
      color: '#c62828',
      label: 'P1',
      title: 'P1',
      kind: 'incident',
    },
  ];

  it('draws the town’s stations and the crew there as one marker with their count at regency zoom, and leaves the rest alone', () => {
    const shown = declutter(markers, mercator(9.5));
    const cluster = shown.find((m) => m.kind === 'cluster')!;
    expect(cluster).toMatchObject({ id: 'cluster:damkar-ub+polres-ub+psc-ub+unit:psc-02', label: '5' });
    expect(cluster.title.split('\n')).toEqual([
      'damkar-01 (available)',
      'damkar-02 (available)',
      'polres-01 (available)',
      'psc-01 (available)',
      'psc-02 (available)',
    ]);
    expect(cluster.bounds).toEqual([
      [120.19, -5.558],
      [120.197, -5.553],
    ]);
    expect(shown.map((m) => m.id).sort()).toEqual(
      ['cluster:damkar-ub+polres-ub+psc-ub+unit:psc-02', 'incident:i1', 'unit:damkar-kj'].sort(),
    );
    // No two markers left of different stations touch on the screen.
    const project = mercator(9.5);
    const stationMarkers = shown.filter((m) => m.station !== undefined || m.kind === 'cluster');
    for (const a of stationMarkers)
      for (const b of stationMarkers) {
        if (a === b) continue;
        const [ax, ay] = project(a.lat, a.lon);
        const [bx, by] = project(b.lat, b.lon);
        expect(Math.hypot(ax - bx, ay - by)).toBeGreaterThanOrEqual(28);
      }
  });

  it('lets the stations stand apart once zoomed in, and never merges a highlighted unit', () => {
    expect(declutter(markers, mercator(16))).toBe(markers);
    const highlighted = markers.map((m) => (m.id === 'unit:psc-01' ? { ...m, highlight: true } : m));
    const shown = declutter(highlighted, mercator(9.5));
    expect(shown.find((m) => m.kind === 'cluster')).toMatchObject({ label: '4' });
    expect(shown.some((m) => m.id === 'unit:psc-01')).toBe(true);
  });

  it('merges crews whose phones report one place, but never a highlighted one nor a unit at its incident', () => {
    const crews = ['a', 'b', 'c'].map((id, i) =>
      unit(`crew-${id}`, '', -5.4 + i * 0.0001, 120.3, { live: true, station: undefined, label: id }),
    );
    const onScene = unit('crew-d', '', -5.4, 120.3, { station: undefined, label: 'd' });
    const highlighted = { ...crews[2]!, id: 'unit:crew-e', highlight: true };
    const shown = declutter([...crews, onScene, highlighted], mercator(13));
    expect(shown.find((m) => m.kind === 'cluster')).toMatchObject({
      id: 'cluster:unit:crew-a+unit:crew-b+unit:crew-c',
      label: '3',
      bounds: [
        [120.3, -5.4],
        [120.3, -5.3998],
      ],
    });
    expect(shown.filter((m) => m.kind !== 'cluster').map((m) => m.id)).toEqual([
      'unit:crew-d',
      'unit:crew-e',
    ]);
  });

  it('moves a cluster lying under an incident aside on the screen, clear of the incident’s marker', () => {
    const project = mercator(9.5);
    const shown = declutter(markers, project);
    const cluster = shown.find((m) => m.kind === 'cluster')!;
    const incident = shown.find((m) => m.kind === 'incident')!;
    expect(incident.offset).toBeUndefined();
    const [cx, cy] = project(cluster.lat, cluster.lon);
    const [ix, iy] = project(incident.lat, incident.lon);
    // Without its offset it would lie on the incident; with it, further than a marker's width from it.
    expect(Math.hypot(cx - ix, cy - iy)).toBeLessThan(28);
    const [dx, dy] = cluster.offset!;
    expect(Math.hypot(cx + dx - ix, cy + dy - iy)).toBeGreaterThanOrEqual(32);
    // Far from any incident, a cluster stays on its place.
    const away = declutter(
      markers.filter((m) => m.kind !== 'incident'),
      project,
    );
    expect(away.find((m) => m.kind === 'cluster')!.offset).toBeUndefined();
  });

  it('groups the seeded stations of Ujung Bulu, which a few hundred metres part, on the regency map', () => {
    const shown = declutter(mapMarkers(makeState()), mercator(9.5));
    expect(shown.filter((m) => m.kind === 'cluster').length).toBeGreaterThan(0);
  });
});

describe('declutter, incidents', () => {
  // Pixels straight from the coordinates: lon is x, lat is y.
  const project = (lat: number, lon: number): [number, number] => [lon, lat];
  const incident = (id: string, x: number, y: number): MapMarker => ({
    id: `incident:${id}`,
    lat: y,
    lon: x,
    color: '#c62828',
    label: 'P1',
    title: id,
    kind: 'incident',
  });
  const at = (m: MapMarker) => [m.lon + (m.offset?.[0] ?? 0), m.lat + (m.offset?.[1] ?? 0)];

  it('draws incidents whose markers would overlap side by side, their units with them, and leaves the others', () => {
    // Kajang's flood on the kecamatan's point and a fire 10 px to its right, a unit on scene under the flood.
    const crew: MapMarker = {
      ...incident('x', 100, 100),
      id: 'unit:damkar-05',
      kind: 'unit',
      offset: [0, 23],
    };
    const drawn = declutter(
      [incident('flood', 100, 100), incident('fire', 110, 105), crew, incident('far', 300, 100)],
      project,
    );
    const byId = new Map(drawn.map((m) => [m.id, m]));
    const [flood, fire] = [at(byId.get('incident:flood')!), at(byId.get('incident:fire')!)];
    // A row centred where they stood (x 105), one marker's width (31 px) apart, on one line.
    expect(fire[0]! - flood[0]!).toBeGreaterThanOrEqual(31);
    expect(Math.abs((flood[0]! + fire[0]!) / 2 - 105)).toBeLessThanOrEqual(1);
    expect(Math.abs(flood[1]! - fire[1]!)).toBeLessThanOrEqual(1);
    // The unit still stands under its incident; the one far away is where it was.
    expect(at(byId.get('unit:damkar-05')!)).toEqual([flood[0], flood[1]! + 23]);
    expect(byId.get('incident:far')!.offset).toBeUndefined();
  });

  it('leaves incidents that do not overlap where they are', () => {
    const drawn = declutter(
      [incident('a', 100, 100), incident('b', 132, 100), incident('c', 100, 124)],
      project,
    );
    expect(drawn.map((m) => m.offset)).toEqual([undefined, undefined, undefined]);
  });
});

describe('placeLabels', () => {
  const marker = (x: number, y: number) => ({ x, y, w: 30, h: 22 });
  const name = (x: number, y: number, w = 90) => ({ x, y, w, h: 16 });

  it('moves a place name that an incident marker would cover just above it, and leaves the others', () => {
    // "UJUNG BULU" centred on the point of an incident without a point of its own; "GANTARANG" far away.
    const placed = placeLabels([name(100, 100), name(400, 100, 80)], [marker(100, 100)]);
    // Its bottom 2 px above the marker's top (100 − 11): centre at 89 − 2 − 8 = 79.
    expect([...placed]).toEqual([[0, [0, -21]]]);
  });

  it('moves a name touched by a marker at its edge, not one merely near', () => {
    // The name spans x 55–145 and y 92–108; a marker's box spans ±15 × ±11 about its centre.
    expect(placeLabels([name(100, 100)], [marker(155, 100)]).size).toBe(1);
    expect(placeLabels([name(100, 100)], [marker(161, 100)]).size).toBe(0);
    expect(placeLabels([name(100, 100)], [marker(100, 120)]).size).toBe(0);
  });

  it('puts it below when another incident stands above, then right, then left', () => {
    const label = name(100, 100);
    expect(placeLabels([label], [marker(100, 100), marker(90, 78)]).get(0)).toEqual([0, 21]);
    // A unit's marker below (they stand in a column under their incident) counts too.
    expect(placeLabels([label], [marker(100, 100), marker(90, 78)], [marker(100, 122)]).get(0)).toEqual([
      62, 0,
    ]);
    expect(
      placeLabels([label], [marker(100, 100), marker(90, 78), marker(170, 100)], [marker(100, 122)]).get(0),
    ).toEqual([-62, 0]);
  });

  it('does not move a name onto another name, and hides it when no place beside the marker is free', () => {
    // "GANTARANG" just above "UJUNG BULU": the moved name goes below the marker instead.
    expect(placeLabels([name(100, 100), name(100, 79)], [marker(100, 100)]).get(0)).toEqual([0, 21]);
    const boxed = [marker(100, 100), marker(100, 78), marker(100, 122), marker(160, 100), marker(40, 100)];
    expect(placeLabels([name(100, 100)], boxed).get(0)).toBeNull();
  });

  it('moves two names each under its incident, neither in the way of the other once moved', () => {
    // Gantarang's incident just above-left of Ujung Bulu's: Ujung Bulu goes below, Gantarang above.
    const placed = placeLabels([name(100, 100), name(70, 78)], [marker(100, 100), marker(70, 78)]);
    expect(placed.get(0)).toEqual([0, 21]);
    expect(placed.get(1)).toEqual([0, -21]);
  });

  it("lets a unit's small mark lie over a letter rather than hide the name, when nothing else is free", () => {
    const units = [100, 78, 122].map((y) => ({ x: 120, y, w: 12, h: 12 }));
    const incidents = [marker(100, 100), marker(170, 100), marker(30, 100)];
    expect(placeLabels([name(100, 100)], incidents, units).get(0)).toEqual([0, -21]);
  });

  it('leaves a name without a size (desa names from afar, names far from any incident) where it is', () => {
    expect(placeLabels([{ x: 100, y: 100, w: 0, h: 0 }], [marker(100, 100)]).size).toBe(0);
  });
});
