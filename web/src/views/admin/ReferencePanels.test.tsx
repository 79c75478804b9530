// @vitest-environment happy-dom
// The admin's list of units names each unit's kind in words ("Mobil pemadam"), its code beside it, not the code alone.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Unit } from '../../../../src/domain/types.ts';
import { LiveContext, LiveStore, toReference } from '../../live.ts';
import { UnitsAdminPanel } from './ReferencePanels.tsx';

const unit = (id: string, kind: string): Unit => ({
  id,
  agencyId: 'damkar',
  stationId: null,
  callsign: id.toUpperCase(),
  kind,
  status: 'available',
  incidentId: null,
  assignmentId: null,
  updatedAt: 0,
});

afterEach(cleanup);

describe('UnitsAdminPanel', () => {
  it('names a known kind in words with its code, and shows a kind of the admin’s own as typed', () => {
    const reference = toReference({
      kecamatan: [],
      desa: [],
      agencies: [{ id: 'damkar', code: 'DAMKAR', name: 'Damkar' }],
      stations: [],
      categories: [],
    });
    const store = new LiveStore(reference, {
      seq: 1,
      calls: [],
      incidents: [],
      assignments: [],
      units: [unit('damkar-01', 'fire_engine'), unit('tagana-1', 'perahu karet')],
    });
    render(
      <LiveContext.Provider value={store}>
        <UnitsAdminPanel />
      </LiveContext.Provider>,
    );
    const row = (callsign: string) => screen.getByText(callsign).closest('tr')?.textContent ?? '';
    expect(row('DAMKAR-01')).toContain('Mobil pemadam fire_engine');
    expect(row('TAGANA-1')).toContain('perahu karet');
    expect(row('TAGANA-1')).not.toContain('perahu karet perahu karet');
  });
});
