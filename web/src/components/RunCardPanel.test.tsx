// @vitest-environment happy-dom
// The run card in a liaison's console: the SOP's needs of the kinds its agency has, else its own best units, never
// another agency's needs with "no unit available here" while its own units stand ready.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Assignment, Incident, Unit } from '../../../src/domain/types.ts';
import type { RunCardBody } from '../../../src/protocol/unit-bodies.ts';
import { LiveContext, LiveStore, toReference } from '../live.ts';
import { RunCardPanel } from './RunCardPanel.tsx';

const unit = (id: string, agencyId: string, kind: string): Unit => ({
  id,
  agencyId,
  stationId: null,
  callsign: id.toUpperCase(),
  kind,
  status: 'available',
  incidentId: null,
  assignmentId: null,
  updatedAt: 0,
});

const candidate = (u: Unit) => ({
  unitId: u.id,
  callsign: u.callsign,
  kind: u.kind,
  agencyId: u.agencyId,
  stationId: null,
  assignmentId: null,
  from: 'station' as const,
  positionAgeMs: null,
  stale: false,
  meters: 900,
  seconds: 120,
  fallback: false,
  reason: { id: '0,9 km · ±2 menit', en: '0.9 km · ±2 min' },
});

const ambulance = unit('psc119-01', 'psc119', 'ambulance');
const engine = unit('damkar-01', 'damkar', 'fire_engine');

/** A house fire whose SOP asks for one fire engine, as PSC 119 (asked by the dispatcher) receives it. */
const card: RunCardBody = {
  incidentId: 'inc-1',
  point: { lat: -5.56, lon: 120.19 },
  pointFrom: 'incident',
  needs: [{ kind: 'fire_engine', count: 1, assigned: 0, reasons: [], candidates: [] }],
  agencies: [
    {
      agencyId: 'psc119',
      assignmentId: 'as-1',
      assignmentStatus: 'acknowledged',
      candidates: [candidate(ambulance)],
    },
  ],
  model: { router: 'straight', detour: 1.4, kmh: 40, turnoutSeconds: 60 } as RunCardBody['model'],
};

const assignment = {
  id: 'as-1',
  incidentId: 'inc-1',
  agencyId: 'psc119',
  status: 'acknowledged',
} as Assignment;

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) =>
      url.startsWith('/api/incidents/inc-1/recommendation')
        ? Response.json(card)
        : new Response('{}', { status: 404 }),
    ),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('RunCardPanel for a liaison', () => {
  it('offers its own ready ambulance, not the fire engines the SOP asks of another agency', async () => {
    const reference = toReference({
      kecamatan: [],
      desa: [],
      agencies: [
        { id: 'psc119', code: 'PSC 119', name: 'PSC 119' },
        { id: 'damkar', code: 'DAMKAR', name: 'Damkar' },
      ],
      stations: [],
      categories: [],
    });
    const store = new LiveStore(reference, {
      seq: 1,
      calls: [],
      incidents: [],
      assignments: [],
      units: [ambulance, engine],
    });
    render(
      <LiveContext.Provider value={store}>
        <RunCardPanel incident={{ id: 'inc-1', updatedAt: 1 } as Incident} assignment={assignment} keys />
      </LiveContext.Provider>,
    );
    const send = await screen.findByTestId('rec-assign');
    expect(send.textContent).toBe('Kerahkan PSC119-01R');
    const panel = screen.getByTestId('run-card').textContent ?? '';
    expect(panel).not.toContain('Mobil pemadam');
    expect(panel).not.toContain('Tidak ada unit siap');
  });
});
