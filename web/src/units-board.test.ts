// The units board's rows (grouping, filters, position age, a unit busy on a closed incident) and the run card's
// suggestion (per kind the missing count, the liaison's own units only).
import { describe, expect, it } from 'vitest';
import { makeState, newIncident, T0 } from '../../src/domain/test-fixtures.ts';
import type { RunCardBody } from '../../src/protocol/unit-bodies.ts';
import { suggestedUnits } from './components/RunCardPanel.tsx';
import { boardRows } from './units-board.ts';

describe('units board', () => {
  it('groups by agency and station, filters, ages positions and flags a unit busy on a closed incident', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const incident = state.incidents.get(incidentId)!;
    state.incidents.set(incidentId, { ...incident, status: 'closed' });
    state.units.set('damkar-1', { ...state.units.get('damkar-1')!, status: 'on_scene', incidentId });
    state.units.set('damkar-2', { ...state.units.get('damkar-2')!, status: 'returning', incidentId: null });
    const position = (unitId: string, receivedAt: number) => ({
      unitId,
      lat: -5.5,
      lon: 120.2,
      at: receivedAt,
      receivedAt,
      speedKmh: null,
      bearing: null,
      accuracy: null,
      source: 'device' as const,
    });
    const positions = new Map([
      ['damkar-1', position('damkar-1', T0 - 12_000)],
      ['psc-1', position('psc-1', T0 - 10 * 60_000)],
    ]);
    const all = boardRows(state, positions, { agencyId: null, status: null }, T0);
    expect(all.map((r) => r.unit.id)).toEqual(['damkar-1', 'damkar-2', 'dinsos-1', 'polres-1', 'psc-1']);
    const busy = all.find((r) => r.unit.id === 'damkar-1')!;
    expect(busy).toMatchObject({ busyOnClosed: true, positionAgeMs: 12_000, stale: false });
    expect(busy.incident?.id).toBe(incidentId);
    expect(all.find((r) => r.unit.id === 'damkar-2')!.busyOnClosed).toBe(false);
    expect(all.find((r) => r.unit.id === 'psc-1')).toMatchObject({ stale: true, positionAgeMs: 600_000 });
    expect(all.find((r) => r.unit.id === 'dinsos-1')).toMatchObject({
      positionAgeMs: null,
      stationName: null,
    });
    const damkar = boardRows(state, positions, { agencyId: 'damkar', status: 'on_scene' }, T0);
    expect(damkar.map((r) => r.unit.id)).toEqual(['damkar-1']);
  });
});

describe('run card suggestion', () => {
  const candidate = (unitId: string, agencyId: string, kind: string) => ({
    unitId,
    callsign: unitId.toUpperCase(),
    kind,
    agencyId,
    stationId: null,
    assignmentId: null,
    from: 'station' as const,
    positionAgeMs: null,
    stale: false,
    meters: 1000,
    seconds: 120,
    fallback: false,
    reason: { id: '', en: '' },
  });
  const card: RunCardBody = {
    incidentId: 'i',
    point: { lat: 0, lon: 0 },
    pointFrom: 'incident',
    agencies: [],
    model: { router: 'osrm' },
    needs: [
      {
        kind: 'fire_engine',
        count: 2,
        assigned: 1,
        reasons: [],
        candidates: [candidate('e1', 'damkar', 'fire_engine'), candidate('e2', 'damkar', 'fire_engine')],
      },
      {
        kind: 'rescue',
        count: 1,
        assigned: 0,
        reasons: [],
        candidates: [candidate('r1', 'basarnas', 'rescue'), candidate('r2', 'damkar', 'rescue')],
      },
    ],
  };

  it('suggests the best of each kind for what is missing, and for a liaison only its own units', () => {
    expect(suggestedUnits(card, null).map((c) => c.unitId)).toEqual(['e1', 'r1']);
    expect(suggestedUnits(card, 'damkar').map((c) => c.unitId)).toEqual(['e1', 'r2']);
    expect(suggestedUnits({ ...card, needs: [{ ...card.needs[0]!, assigned: 2 }] }, null)).toEqual([]);
    // Without a run card in the SOP: the best unit of each agency.
    const byAgency = {
      ...card,
      needs: [],
      agencies: [
        {
          agencyId: 'damkar',
          assignmentId: null,
          assignmentStatus: null,
          candidates: [candidate('e2', 'damkar', 'fire_engine')],
        },
      ],
    };
    expect(suggestedUnits(byAgency, 'damkar').map((c) => c.unitId)).toEqual(['e2']);
  });
});
