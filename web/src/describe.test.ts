// An SOP escalation reads as the issue asks: the agency, what is late, and how long since it was asked.
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/domain/events.ts';
import type { Assignment } from '../../src/domain/types.ts';
import { describeEvent, escalationText } from './describe.ts';
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

describe('a unit status change in the timeline', () => {
  const store = new LiveStore(reference, { seq: 1, calls: [], incidents: [], assignments: [], units: [] });
  const at = Date.UTC(2026, 10, 30, 2, 15, 40); // 10.15.40 WITA
  const change = (pressedAt?: number): StoredEvent =>
    ({
      type: 'unit.status_changed',
      unitId: 'damkar-01',
      status: 'on_scene',
      from: 'en_route',
      incidentId: 'inc-1',
      ...(pressedAt === undefined ? {} : { pressedAt }),
      at,
      actor: 'kru-damkar-01',
      seq: 9,
      hash: 'x',
    }) as StoredEvent;

  it('says when the crew pressed the button when the change waited on the phone', () => {
    const pressed = at - 13 * 60_000 - 27_000; // 10.02.13 WITA
    expect(describeEvent(store.state, change(pressed), translator('id'), 'id')).toBe(
      'Status unit: damkar-01 → Di lokasi (ditekan di ponsel 10.02.13 WITA, terkirim setelah sinyal kembali)',
    );
    expect(describeEvent(store.state, change(pressed), translator('en'), 'en')).toMatch(
      /\(pressed on the phone at 10:02:13 WITA, sent when the signal returned\)$/,
    );
  });

  it('says nothing more for a change that arrived at once', () => {
    expect(describeEvent(store.state, change(at - 800), translator('id'), 'id')).toBe(
      'Status unit: damkar-01 → Di lokasi',
    );
    expect(describeEvent(store.state, change(), translator('id'), 'id')).toBe(
      'Status unit: damkar-01 → Di lokasi',
    );
  });
});

describe('a transferred call', () => {
  it('names the desk the call was passed to', () => {
    const store = new LiveStore(reference, { seq: 1, calls: [], incidents: [], assignments: [], units: [] });
    const event = {
      type: 'call.transferred',
      callId: 'call-1',
      from: 'u-1',
      to: 'u-2',
      toPositionId: 'meja-2',
      at: 1,
      actor: 'system:telephony',
      seq: 3,
      hash: 'x',
    } as StoredEvent;
    expect(describeEvent(store.state, event, translator('id'), 'id')).toBe(
      'Panggilan dialihkan ke meja lain: meja-2',
    );
    expect(describeEvent(store.state, event, translator('en'), 'en')).toBe(
      'Call transferred to another desk: meja-2',
    );
  });
});

describe('a transfer in the call’s timeline', () => {
  const store = new LiveStore(reference, { seq: 1, calls: [], incidents: [], assignments: [], units: [] });
  const stored = (body: Record<string, unknown>) =>
    ({ callId: 'call-1', at: 1, actor: 'u-1', seq: 3, hash: 'x', ...body }) as unknown as StoredEvent;
  it('names the target when it starts, fails with its code, and when the call went outside', () => {
    const where = { toPositionId: null, targetId: 'polisi', target: 'Polisi (110)' };
    const id = translator('id');
    expect(describeEvent(store.state, stored({ type: 'call.transfer_started', ...where }), id, 'id')).toBe(
      'Pengalihan panggilan dimulai: Polisi (110)',
    );
    expect(
      describeEvent(store.state, stored({ type: 'call.transfer_failed', ...where, code: 486 }), id, 'id'),
    ).toBe('Pengalihan panggilan gagal, panggilan tetap di meja: Polisi (110) (kode 486)');
    expect(
      describeEvent(store.state, stored({ type: 'call.transferred_out', ...where, from: 'u-1' }), id, 'id'),
    ).toBe('Panggilan diteruskan ke luar pusat 112: Polisi (110)');
    expect(
      describeEvent(
        store.state,
        stored({ type: 'call.transfer_failed', ...where, code: null }),
        translator('en'),
        'en',
      ),
    ).toBe('Call transfer failed, the call stayed at the desk: Polisi (110)');
  });
});
