// An SOP escalation reads as the issue asks: the agency, what is late, and how long since it was asked.
import { describe, expect, it } from 'vitest';
import type { Assignment } from '../../src/domain/types.ts';
import { escalationText } from './describe.ts';
import { translator } from './i18n.ts';
import { LiveStore, toReference } from './live.ts';

const reference = toReference({
  kecamatan: [{ code: '73.02.02', name: 'Ujung Bulu', lat: -5.56, lon: 120.19 }],
  desa: [],
  agencies: [{ id: 'basarnas', code: 'BASARNAS', name: 'Basarnas' }],
  stations: [],
  categories: [],
});

const assignment: Assignment = {
  id: 'asg-1',
  incidentId: 'inc-1',
  agencyId: 'basarnas',
  status: 'requested',
  note: null,
  requestedAt: 100_000,
  requestedBy: 'u-disp',
  acknowledgedAt: null,
  declinedReason: null,
  unitIds: [],
  outcome: null,
  doneAt: null,
  updatedAt: 100_000,
};

describe('escalationText', () => {
  const store = new LiveStore(reference, {
    seq: 1,
    calls: [],
    incidents: [],
    assignments: [assignment],
    units: [],
  });
  const fact = { assignmentId: 'asg-1', agencyId: 'basarnas', kind: 'ack_overdue', occurrence: 1 };

  it('names the agency, what it has not done and the time since the request, in Indonesian', () => {
    const text = escalationText(store.state, { ...fact, at: 160_000 }, translator('id'));
    expect(text).toBe('BASARNAS belum menerima permintaan (lewat 60 detik)');
  });

  it('counts in minutes past two minutes, and speaks English when asked', () => {
    expect(
      escalationText(store.state, { ...fact, kind: 'on_scene_overdue', at: 1_300_000 }, translator('id')),
    ).toBe('BASARNAS belum tiba di lokasi (lewat 20 menit)');
    expect(escalationText(store.state, { ...fact, at: 160_000 }, translator('en'))).toBe(
      'BASARNAS has not accepted the request (60 s after the request)',
    );
  });
});
