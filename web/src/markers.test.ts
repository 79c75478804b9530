// The map's markers: a unit is drawn at its incident only while the incident is open, else at its station; markers on
// the same spot are drawn apart on the screen (pixel offsets) while keeping their true place.
import { describe, expect, it } from 'vitest';
import { cmd, dispatcher, liaison, makeState, run, workingIncident } from '../../src/domain/test-fixtures.ts';
import { mapMarkers } from './markers.ts';

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
