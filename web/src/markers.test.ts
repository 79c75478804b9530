// The map's markers: a unit is drawn at its incident only while the incident is open, else at its station.
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
});
