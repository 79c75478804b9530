// Every state machine of decide: calls, incidents, assignments and units, each accepted and each refused move.
import { describe, expect, it } from 'vitest';
import { UNIT_TRANSITIONS } from './decide.ts';
import type { DomainEvent } from './events.ts';
import {
  answeredCall,
  callTaker,
  cmd,
  DESA_BONTORAJA,
  DESA_CAILE,
  dispatcher,
  expectRefused,
  houseFire,
  KEC_GANTARANG,
  KEC_UJUNG_BULU,
  liaison,
  logOf,
  makeState,
  newIncident,
  request,
  run,
  setUnit,
  supervisor,
  system,
  T0,
  TICK,
  workingIncident,
} from './test-fixtures.ts';
import { UNIT_STATUSES, type UnitStatus } from './types.ts';

const damkar = liaison('damkar');
const psc = liaison('psc119');
const outcome = { dead: 0, injured: 2, report: 'Api padam, dua korban luka bakar dibawa ke RSUD' };

describe('call: ringing → answered → classified / ended', () => {
  it('registers a ringing call stamped with the clock and the id it was given', () => {
    const state = makeState();
    const d = run(state, cmd('call.register', { channel: 'voice', number: '081234567890' }), system);
    const callId = d.result.callId as string;
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ type: 'call.registered', at: T0 + TICK, actor: 'telephony' });
    expect(state.calls.get(callId)).toMatchObject({
      id: callId,
      channel: 'voice',
      number: '081234567890',
      status: 'ringing',
      type: null,
      incidentId: null,
      registeredAt: T0 + TICK,
    });
  });

  it('registers a call without a caller number (112 without a SIM card)', () => {
    const state = makeState();
    const callId = run(state, cmd('call.register', { channel: 'walk_in' }), callTaker).result
      .callId as string;
    expect(state.calls.get(callId)?.number).toBeNull();
  });

  it('answers a ringing call once, with who and when', () => {
    const state = makeState();
    const callId = answeredCall(state);
    expect(state.calls.get(callId)).toMatchObject({
      status: 'answered',
      answeredBy: 'operator1',
      answeredAt: T0 + 2 * TICK,
    });
    expectRefused(
      state,
      () => run(state, cmd('call.answer', { callId }), callTaker),
      'conflict',
      'call.not_ringing',
    );
  });

  it('refuses to answer a call that ended while ringing (abandoned)', () => {
    const state = makeState();
    const callId = run(state, cmd('call.register', { channel: 'voice', number: '0811' }), system).result
      .callId as string;
    run(state, cmd('call.end', { callId }), system);
    expect(state.calls.get(callId)).toMatchObject({
      status: 'ended',
      answeredAt: null,
      endedBy: 'telephony',
    });
    expectRefused(
      state,
      () => run(state, cmd('call.answer', { callId }), callTaker),
      'conflict',
      'call.not_ringing',
    );
  });

  it('refuses to classify a ringing call', () => {
    const state = makeState();
    const callId = run(state, cmd('call.register', { channel: 'voice' }), system).result.callId as string;
    expectRefused(
      state,
      () => run(state, cmd('call.classify', { callId, callType: 'prank' }), callTaker),
      'conflict',
      'call.not_answered',
    );
  });

  it('classifies an answered call, and still after it ended', () => {
    const state = makeState();
    const callId = answeredCall(state);
    run(state, cmd('call.classify', { callId, callType: 'information' }), callTaker);
    expect(state.calls.get(callId)).toMatchObject({ type: 'information', classifiedAt: T0 + 3 * TICK });
    run(state, cmd('call.end', { callId }), callTaker);
    run(state, cmd('call.classify', { callId, callType: 'prank' }), callTaker);
    expect(state.calls.get(callId)).toMatchObject({ status: 'ended', type: 'prank' });
  });

  it('keeps a call that belongs to an incident an emergency', () => {
    const state = makeState();
    const { callId } = newIncident(state);
    expect(state.calls.get(callId)?.type).toBe('emergency');
    for (const callType of ['prank', 'ghost', 'non_emergency', 'test'] as const) {
      expectRefused(
        state,
        () => run(state, cmd('call.classify', { callId, callType }), callTaker),
        'conflict',
        'call.attached',
      );
    }
    run(state, cmd('call.classify', { callId, callType: 'emergency' }), callTaker);
    expect(state.calls.get(callId)?.type).toBe('emergency');
  });

  it('ends a call once', () => {
    const state = makeState();
    const callId = answeredCall(state);
    run(state, cmd('call.end', { callId }), callTaker);
    expect(state.calls.get(callId)).toMatchObject({ status: 'ended', endedBy: 'operator1' });
    expectRefused(state, () => run(state, cmd('call.end', { callId }), system), 'conflict', 'call.ended');
  });

  it('answers not_found naming callId for an unknown call, whatever the command', () => {
    const state = makeState();
    const callId = 'nope';
    for (const command of [
      cmd('call.answer', { callId }),
      cmd('call.classify', { callId, callType: 'emergency' }),
      cmd('call.end', { callId }),
    ]) {
      expectRefused(state, () => run(state, command, supervisor), 'not_found', 'call.not_found', 'callId');
    }
  });
});

describe('incident.create', () => {
  it('creates a new incident from the call, joined to it', () => {
    const state = makeState();
    const callId = answeredCall(state);
    const d = run(state, cmd('incident.create', houseFire(callId)), callTaker);
    const incidentId = d.result.incidentId as string;
    expect(d.result.number).toBe('2026-000001');
    expect(state.incidents.get(incidentId)).toMatchObject({
      number: '2026-000001',
      category: 'kebakaran_bangunan',
      status: 'new',
      priority: 1,
      callIds: [callId],
      createdBy: 'operator1',
      caller: { name: 'Andi', phone: '081234567890' },
      location: { kecamatan: KEC_UJUNG_BULU, desa: DESA_CAILE, lat: -5.556, lon: 120.195 },
      forwardedAt: null,
      dispatchedAt: null,
      closedAt: null,
    });
    expect(state.calls.get(callId)).toMatchObject({ incidentId, type: 'emergency' });
  });

  it('creates an incident without a call, filling absent optional fields with null', () => {
    const state = makeState();
    const d = run(
      state,
      cmd('incident.create', {
        category: 'lainnya',
        location: { kecamatan: KEC_GANTARANG },
        description: 'Laporan langsung di pos',
        priority: 4,
      }),
      dispatcher,
    );
    expect(state.incidents.get(d.result.incidentId as string)).toMatchObject({
      callIds: [],
      caller: { name: null, phone: null },
      location: {
        kecamatan: KEC_GANTARANG,
        desa: null,
        address: null,
        landmark: null,
        lat: null,
        lon: null,
      },
    });
  });

  it('numbers incidents in order of creation', () => {
    const state = makeState();
    const numbers = [1, 2, 3].map(
      () => run(state, cmd('incident.create', houseFire()), callTaker).result.number as string,
    );
    expect(numbers).toEqual(['2026-000001', '2026-000002', '2026-000003']);
    expect(new Set([...state.incidents.values()].map((i) => i.number)).size).toBe(3);
  });

  const badLocations: [string, Record<string, unknown>, string, string][] = [
    ['unknown kecamatan', { kecamatan: '73.99.99' }, 'location.kecamatan', 'location.kecamatan'],
    ['unknown desa', { kecamatan: KEC_UJUNG_BULU, desa: '73.02.02.9999' }, 'location.desa', 'location.desa'],
    [
      'desa of another kecamatan',
      { kecamatan: KEC_UJUNG_BULU, desa: DESA_BONTORAJA },
      'location.desa',
      'location.desa',
    ],
    ['lat without lon', { kecamatan: KEC_UJUNG_BULU, lat: -5.5 }, 'location.point', 'location.lon'],
    [
      'lat with a null lon',
      { kecamatan: KEC_UJUNG_BULU, lat: -5.5, lon: null },
      'location.point',
      'location.lon',
    ],
    ['lon without lat', { kecamatan: KEC_UJUNG_BULU, lon: 120.2 }, 'location.point', 'location.lat'],
  ];
  for (const [name, location, code, field] of badLocations) {
    it(`refuses ${name} as invalid naming ${field}`, () => {
      const state = makeState();
      const p = { ...houseFire(), location: location as ReturnType<typeof houseFire>['location'] };
      expectRefused(state, () => run(state, cmd('incident.create', p), callTaker), 'invalid', code, field);
      expect(state.incidents.size).toBe(0);
    });
  }

  it('refuses an unknown category as invalid naming category', () => {
    const state = makeState();
    expectRefused(
      state,
      () => run(state, cmd('incident.create', { ...houseFire(), category: 'alien' }), callTaker),
      'invalid',
      'category.unknown',
      'category',
    );
  });

  it('refuses a call that is unknown, already in an incident, or classified as not an emergency', () => {
    const state = makeState();
    expectRefused(
      state,
      () => run(state, cmd('incident.create', houseFire('ghost-call')), callTaker),
      'not_found',
      'call.not_found',
      'callId',
    );
    const { callId } = newIncident(state);
    expectRefused(
      state,
      () => run(state, cmd('incident.create', houseFire(callId)), callTaker),
      'conflict',
      'call.attached',
    );
    const prank = answeredCall(state, '0899');
    run(state, cmd('call.classify', { callId: prank, callType: 'prank' }), callTaker);
    expectRefused(
      state,
      () => run(state, cmd('incident.create', houseFire(prank)), callTaker),
      'conflict',
      'call.classified',
    );
  });
});

describe('incident.attach_call and incident.amend', () => {
  it('attaches a second call to an open incident', () => {
    const state = makeState();
    const { incidentId, callId } = newIncident(state);
    const second = answeredCall(state, '0822');
    run(state, cmd('incident.attach_call', { incidentId, callId: second }), callTaker);
    expect(state.incidents.get(incidentId)?.callIds).toEqual([callId, second]);
    expect(state.calls.get(second)).toMatchObject({ incidentId, type: 'emergency' });
    expectRefused(
      state,
      () => run(state, cmd('incident.attach_call', { incidentId, callId: second }), callTaker),
      'conflict',
      'call.attached',
    );
  });

  it('refuses to attach to an unknown or ended incident', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const callId = answeredCall(state, '0833');
    expectRefused(
      state,
      () => run(state, cmd('incident.attach_call', { incidentId: 'nope', callId }), callTaker),
      'not_found',
      'incident.not_found',
      'incidentId',
    );
    run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan ganda' }), dispatcher);
    expectRefused(
      state,
      () => run(state, cmd('incident.attach_call', { incidentId, callId }), callTaker),
      'conflict',
      'incident.ended',
    );
  });

  it('amends only what is given', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const d = run(
      state,
      cmd('incident.amend', {
        incidentId,
        priority: 2,
        reason: 'Api sudah dikendalikan warga',
        location: { kecamatan: KEC_GANTARANG, desa: DESA_BONTORAJA, lat: -5.48, lon: 120.2 },
      }),
      callTaker,
    );
    expect(d.events[0]).toMatchObject({ type: 'incident.amended' });
    expect(Object.keys((d.events[0] as { changes: object }).changes).sort()).toEqual([
      'location',
      'priority',
    ]);
    expect(state.incidents.get(incidentId)).toMatchObject({
      priority: 2,
      category: 'kebakaran_bangunan',
      description: houseFire().description,
      location: { kecamatan: KEC_GANTARANG, desa: DESA_BONTORAJA, address: null },
    });
  });

  it('refuses an empty, wrongly placed or late amendment', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    expectRefused(
      state,
      () => run(state, cmd('incident.amend', { incidentId }), callTaker),
      'invalid',
      'amend.empty',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.amend', { incidentId, category: 'alien' }), callTaker),
      'invalid',
      'category.unknown',
      'category',
    );
    expectRefused(
      state,
      () =>
        run(
          state,
          cmd('incident.amend', { incidentId, location: { kecamatan: KEC_GANTARANG, desa: DESA_CAILE } }),
          callTaker,
        ),
      'invalid',
      'location.desa',
      'location.desa',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.amend', { incidentId: 'nope', priority: 1 }), callTaker),
      'not_found',
      'incident.not_found',
      'incidentId',
    );
    run(state, cmd('incident.cancel', { incidentId, reason: 'Salah sambung' }), dispatcher);
    expectRefused(
      state,
      () => run(state, cmd('incident.amend', { incidentId, priority: 1 }), callTaker),
      'conflict',
      'incident.ended',
    );
  });
});

describe('incident: new → waiting_dispatch → dispatched → closed / cancelled', () => {
  it('walks the whole flow of a house fire with Damkar and PSC 119', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    run(state, cmd('incident.forward', { incidentId }), callTaker);
    expect(state.incidents.get(incidentId)).toMatchObject({ status: 'waiting_dispatch' });
    const [fire, ambulance] = request(state, incidentId, ['damkar', 'psc119']);
    const dispatchedAt = state.incidents.get(incidentId)?.dispatchedAt;
    expect(state.incidents.get(incidentId)?.status).toBe('dispatched');
    expect(dispatchedAt).not.toBeNull();
    run(state, cmd('assignment.acknowledge', { assignmentId: fire! }), damkar);
    run(state, cmd('assignment.acknowledge', { assignmentId: ambulance! }), psc);
    run(state, cmd('assignment.assign_unit', { assignmentId: fire!, unitId: 'damkar-1' }), damkar);
    run(state, cmd('assignment.assign_unit', { assignmentId: ambulance!, unitId: 'psc-1' }), psc);
    for (const status of ['en_route', 'on_scene'] as const) {
      run(state, cmd('unit.set_status', { unitId: 'damkar-1', status }), damkar);
    }
    for (const status of ['en_route', 'on_scene', 'transporting', 'at_hospital'] as const) {
      run(state, cmd('unit.set_status', { unitId: 'psc-1', status }), psc);
    }
    expectRefused(
      state,
      () => run(state, cmd('incident.close', { incidentId }), dispatcher),
      'conflict',
      'incident.agencies_working',
    );
    run(state, cmd('assignment.complete', { assignmentId: fire!, outcome }), damkar);
    run(state, cmd('assignment.complete', { assignmentId: ambulance!, outcome }), psc);
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'available' }), damkar);
    run(state, cmd('unit.set_status', { unitId: 'psc-1', status: 'available' }), psc);
    const d = run(state, cmd('incident.close', { incidentId }), dispatcher);
    expect(d.events[0]).toMatchObject({
      type: 'incident.ended',
      status: 'closed',
      forced: false,
      reason: null,
    });
    expect(state.incidents.get(incidentId)).toMatchObject({
      status: 'closed',
      closedBy: 'pengarah1',
      dispatchedAt,
    });
    expect([...state.assignments.values()].map((a) => a.status)).toEqual(['done', 'done']);
    expect(state.units.get('damkar-1')).toMatchObject({ status: 'available', incidentId: null });
  });

  it('forwards a new incident once', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    run(state, cmd('incident.forward', { incidentId }), callTaker);
    expect(state.incidents.get(incidentId)?.forwardedAt).toBe(T0 + 4 * TICK);
    expectRefused(
      state,
      () => run(state, cmd('incident.forward', { incidentId }), callTaker),
      'conflict',
      'incident.already_forwarded',
    );
    request(state, incidentId, ['damkar']);
    expectRefused(
      state,
      () => run(state, cmd('incident.forward', { incidentId }), callTaker),
      'conflict',
      'incident.already_forwarded',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.forward', { incidentId: 'nope' }), callTaker),
      'not_found',
      'incident.not_found',
      'incidentId',
    );
  });

  it('lets the dispatcher dispatch a new incident straight away', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    request(state, incidentId, ['psc119']);
    expect(state.incidents.get(incidentId)).toMatchObject({ status: 'dispatched', forwardedAt: null });
  });

  it('refuses to close an incident that was never dispatched; it can be cancelled', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    expectRefused(
      state,
      () => run(state, cmd('incident.close', { incidentId }), supervisor),
      'conflict',
      'incident.not_dispatched',
    );
    run(state, cmd('incident.forward', { incidentId }), callTaker);
    expectRefused(
      state,
      () => run(state, cmd('incident.close', { incidentId, force: true, reason: 'Selesai' }), supervisor),
      'conflict',
      'incident.not_dispatched',
    );
    run(state, cmd('incident.cancel', { incidentId, reason: 'Penelepon membatalkan' }), dispatcher);
    expect(state.incidents.get(incidentId)).toMatchObject({
      status: 'cancelled',
      closeReason: 'Penelepon membatalkan',
    });
  });

  for (const from of ['new', 'waiting_dispatch', 'dispatched'] as const) {
    it(`cancels from ${from}`, () => {
      const state = makeState();
      const { incidentId } = newIncident(state);
      if (from !== 'new') run(state, cmd('incident.forward', { incidentId }), callTaker);
      if (from === 'dispatched') request(state, incidentId, ['damkar']);
      expect(state.incidents.get(incidentId)?.status).toBe(from);
      const d = run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan palsu' }), dispatcher);
      expect(d.events[0]).toMatchObject({
        type: 'incident.ended',
        status: 'cancelled',
        reason: 'Laporan palsu',
      });
      expect(state.incidents.get(incidentId)?.status).toBe('cancelled');
    });
  }

  for (const ended of ['closed', 'cancelled'] as const) {
    it(`refuses every incident command once ${ended}`, () => {
      const state = makeState();
      const { incidentId, assignmentId } = workingIncident(state);
      if (ended === 'closed') {
        run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar);
        run(state, cmd('incident.close', { incidentId }), dispatcher);
      } else {
        run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan ganda' }), dispatcher);
      }
      const callId = answeredCall(state, '0844');
      for (const command of [
        cmd('incident.attach_call', { incidentId, callId }),
        cmd('incident.amend', { incidentId, priority: 3 }),
        cmd('incident.forward', { incidentId }),
        cmd('incident.request_agencies', { incidentId, agencies: ['polres'] }),
        cmd('incident.close', { incidentId }),
        cmd('incident.close', { incidentId, force: true, reason: 'Tutup paksa' }),
        cmd('incident.cancel', { incidentId, reason: 'Batal' }),
      ]) {
        expectRefused(state, () => run(state, command, supervisor), 'conflict', 'incident.ended');
      }
    });
  }
});

describe('closing while agencies work', () => {
  function working() {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    const [requested] = request(state, incidentId, ['psc119']);
    return { state, incidentId, acknowledged: assignmentId, requested: requested! };
  }

  it('refuses a plain close while an agency is still working (requested or acknowledged)', () => {
    const { state, incidentId, acknowledged } = working();
    const e = expectRefused(
      state,
      () => run(state, cmd('incident.close', { incidentId }), dispatcher),
      'conflict',
      'incident.agencies_working',
    );
    expect(e.message).toContain('DAMKAR');
    expect(e.message).toContain('PSC 119');
    run(state, cmd('assignment.complete', { assignmentId: acknowledged, outcome }), damkar);
    const still = expectRefused(
      state,
      () => run(state, cmd('incident.close', { incidentId }), supervisor),
      'conflict',
      'incident.agencies_working',
    );
    expect(still.message).not.toContain('DAMKAR');
  });

  it('forbids a dispatcher from forcing, with or without a reason', () => {
    const { state, incidentId } = working();
    for (const reason of [undefined, 'Api sudah padam']) {
      expectRefused(
        state,
        () => run(state, cmd('incident.close', { incidentId, force: true, reason }), dispatcher),
        'forbidden',
        'incident.force_needs_supervisor',
      );
    }
  });

  it('refuses a supervisor forcing without a reason as invalid naming reason', () => {
    const { state, incidentId } = working();
    for (const reason of [undefined, null, '']) {
      expectRefused(
        state,
        () => run(state, cmd('incident.close', { incidentId, force: true, reason }), supervisor),
        'invalid',
        'reason.required',
        'reason',
      );
    }
  });

  it('lets a supervisor force a close with a reason, withdrawing the open assignments', () => {
    const { state, incidentId, acknowledged, requested } = working();
    const d = run(
      state,
      cmd('incident.close', { incidentId, force: true, reason: 'Api padam, OPD tidak melapor' }),
      supervisor,
    );
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({
      type: 'incident.ended',
      status: 'closed',
      forced: true,
      reason: 'Api padam, OPD tidak melapor',
      actor: 'koordinator',
    });
    expect(state.incidents.get(incidentId)).toMatchObject({ status: 'closed', closedBy: 'koordinator' });
    expect(state.assignments.get(acknowledged)?.status).toBe('withdrawn');
    expect(state.assignments.get(requested)?.status).toBe('withdrawn');
  });

  it('closes without force once only declined and done assignments remain; force is then not recorded', () => {
    const { state, incidentId, acknowledged, requested } = working();
    run(state, cmd('assignment.complete', { assignmentId: acknowledged, outcome }), damkar);
    run(state, cmd('assignment.decline', { assignmentId: requested, reason: 'Tidak ada korban' }), psc);
    const d = run(state, cmd('incident.close', { incidentId, force: true }), dispatcher);
    expect(d.events[0]).toMatchObject({ forced: false, status: 'closed' });
    expect(state.assignments.get(acknowledged)?.status).toBe('done');
    expect(state.assignments.get(requested)?.status).toBe('declined');
  });

  it('cancelling a dispatched incident withdraws its open assignments', () => {
    const { state, incidentId, acknowledged, requested } = working();
    run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan palsu' }), dispatcher);
    expect(state.assignments.get(acknowledged)?.status).toBe('withdrawn');
    expect(state.assignments.get(requested)?.status).toBe('withdrawn');
  });
});

describe('incident.request_agencies', () => {
  it('creates one requested assignment per agency, with the note and who asked', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const d = run(
      state,
      cmd('incident.request_agencies', {
        incidentId,
        agencies: ['damkar', 'psc119'],
        note: 'Dua orang terjebak',
      }),
      dispatcher,
    );
    const ids = d.result.assignmentIds as string[];
    expect(ids).toHaveLength(2);
    expect(d.events.map((e) => e.type)).toEqual(['assignment.requested', 'assignment.requested']);
    expect(ids.map((id) => state.assignments.get(id))).toMatchObject([
      {
        agencyId: 'damkar',
        status: 'requested',
        note: 'Dua orang terjebak',
        requestedBy: 'pengarah1',
        unitIds: [],
      },
      {
        agencyId: 'psc119',
        status: 'requested',
        note: 'Dua orang terjebak',
        requestedBy: 'pengarah1',
        unitIds: [],
      },
    ]);
    for (const e of d.events) {
      expect((e as Extract<DomainEvent, { type: 'assignment.requested' }>).incident).toMatchObject({
        id: incidentId,
        status: 'dispatched',
      });
    }
  });

  it('refuses an unknown agency naming its position, writing nothing', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    expectRefused(
      state,
      () =>
        run(
          state,
          cmd('incident.request_agencies', { incidentId, agencies: ['damkar', 'pemadam'] }),
          dispatcher,
        ),
      'invalid',
      'agency.unknown',
      'agencies.1',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.request_agencies', { incidentId, agencies: ['x'] }), dispatcher),
      'invalid',
      'agency.unknown',
      'agencies.0',
    );
    expect(state.assignments.size).toBe(0);
    expect(state.incidents.get(incidentId)?.status).toBe('new');
  });

  it('refuses an agency already working on the incident, but asks again after it declined or finished', () => {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    const [requested] = request(state, incidentId, ['psc119']);
    for (const agencies of [['damkar'], ['psc119'], ['polres', 'psc119']]) {
      expectRefused(
        state,
        () => run(state, cmd('incident.request_agencies', { incidentId, agencies }), dispatcher),
        'conflict',
        'assignment.exists',
      );
    }
    expect(state.assignments.size).toBe(2);
    run(state, cmd('assignment.decline', { assignmentId: requested!, reason: 'Ambulans penuh' }), psc);
    run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar);
    const again = request(state, incidentId, ['psc119', 'damkar']);
    expect(again.map((id) => state.assignments.get(id)?.status)).toEqual(['requested', 'requested']);
  });

  it('keeps the first dispatch time when more agencies are requested', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    request(state, incidentId, ['damkar']);
    const first = state.incidents.get(incidentId)?.dispatchedAt;
    request(state, incidentId, ['polres']);
    expect(state.incidents.get(incidentId)?.dispatchedAt).toBe(first);
  });

  it('answers not_found for an unknown incident', () => {
    const state = makeState();
    expectRefused(
      state,
      () =>
        run(
          state,
          cmd('incident.request_agencies', { incidentId: 'nope', agencies: ['damkar'] }),
          dispatcher,
        ),
      'not_found',
      'incident.not_found',
      'incidentId',
    );
  });
});

describe('assignment: requested → acknowledged → done, declined, withdrawn', () => {
  function requested(agency = 'damkar') {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const [assignmentId] = request(state, incidentId, [agency]);
    return { state, incidentId, assignmentId: assignmentId! };
  }

  it('acknowledges a requested assignment once', () => {
    const { state, assignmentId } = requested();
    run(state, cmd('assignment.acknowledge', { assignmentId }), damkar);
    expect(state.assignments.get(assignmentId)).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: T0 + 5 * TICK,
    });
    expectRefused(
      state,
      () => run(state, cmd('assignment.acknowledge', { assignmentId }), damkar),
      'conflict',
      'assignment.not_requested',
    );
  });

  it('declines a requested or acknowledged assignment with a reason', () => {
    const a = requested();
    run(
      a.state,
      cmd('assignment.decline', { assignmentId: a.assignmentId, reason: 'Bukan wewenang' }),
      damkar,
    );
    expect(a.state.assignments.get(a.assignmentId)).toMatchObject({
      status: 'declined',
      declinedReason: 'Bukan wewenang',
    });
    const b = requested();
    run(b.state, cmd('assignment.acknowledge', { assignmentId: b.assignmentId }), damkar);
    run(b.state, cmd('assignment.decline', { assignmentId: b.assignmentId, reason: 'Salah alamat' }), damkar);
    expect(b.state.assignments.get(b.assignmentId)?.status).toBe('declined');
  });

  it('refuses to decline while its units are out, and allows it once they stand down', () => {
    const { state, assignmentId } = requested();
    run(state, cmd('assignment.acknowledge', { assignmentId }), damkar);
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-1' }), damkar);
    const decline = cmd('assignment.decline', { assignmentId, reason: 'Salah alamat' });
    expectRefused(state, () => run(state, decline, damkar), 'conflict', 'assignment.units_busy');
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'en_route' }), damkar);
    expectRefused(state, () => run(state, decline, damkar), 'conflict', 'assignment.units_busy');
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'available' }), damkar);
    run(state, decline, damkar);
    expect(state.assignments.get(assignmentId)?.status).toBe('declined');
  });

  it('does not count a unit that has since moved to another assignment as busy', () => {
    const state = makeState();
    const first = workingIncident(state);
    run(
      state,
      cmd('assignment.assign_unit', { assignmentId: first.assignmentId, unitId: 'damkar-1' }),
      damkar,
    );
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'available' }), damkar);
    const second = workingIncident(state);
    run(
      state,
      cmd('assignment.assign_unit', { assignmentId: second.assignmentId, unitId: 'damkar-1' }),
      damkar,
    );
    run(
      state,
      cmd('assignment.decline', { assignmentId: first.assignmentId, reason: 'Salah alamat' }),
      damkar,
    );
    expect(state.assignments.get(first.assignmentId)?.status).toBe('declined');
  });

  it('completes an acknowledged assignment with its outcome', () => {
    const { state, assignmentId } = requested();
    expectRefused(
      state,
      () => run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar),
      'conflict',
      'assignment.not_acknowledged',
    );
    run(state, cmd('assignment.acknowledge', { assignmentId }), damkar);
    const d = run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar);
    expect(state.assignments.get(assignmentId)).toMatchObject({
      status: 'done',
      outcome,
      doneAt: d.events[0]?.at,
    });
  });

  const finished = {
    done: (s: ReturnType<typeof requested>) => {
      run(s.state, cmd('assignment.acknowledge', { assignmentId: s.assignmentId }), damkar);
      run(s.state, cmd('assignment.complete', { assignmentId: s.assignmentId, outcome }), damkar);
    },
    declined: (s: ReturnType<typeof requested>) => {
      run(
        s.state,
        cmd('assignment.decline', { assignmentId: s.assignmentId, reason: 'Bukan wewenang' }),
        damkar,
      );
    },
    withdrawn: (s: ReturnType<typeof requested>) => {
      run(s.state, cmd('incident.cancel', { incidentId: s.incidentId, reason: 'Laporan palsu' }), dispatcher);
    },
  };
  for (const [status, reach] of Object.entries(finished)) {
    it(`refuses every assignment command once ${status}`, () => {
      const s = requested();
      reach(s);
      const { state, assignmentId } = s;
      expect(state.assignments.get(assignmentId)?.status).toBe(status);
      expectRefused(
        state,
        () => run(state, cmd('assignment.acknowledge', { assignmentId }), damkar),
        'conflict',
        'assignment.not_requested',
      );
      expectRefused(
        state,
        () => run(state, cmd('assignment.decline', { assignmentId, reason: 'Terlambat' }), damkar),
        'conflict',
        'assignment.closed',
      );
      expectRefused(
        state,
        () => run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-2' }), damkar),
        'conflict',
        'assignment.not_acknowledged',
      );
      expectRefused(
        state,
        () => run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar),
        'conflict',
        'assignment.not_acknowledged',
      );
    });
  }

  it('answers not_found naming assignmentId for an unknown assignment', () => {
    const state = makeState();
    for (const command of [
      cmd('assignment.acknowledge', { assignmentId: 'nope' }),
      cmd('assignment.decline', { assignmentId: 'nope', reason: 'Tidak ada' }),
      cmd('assignment.assign_unit', { assignmentId: 'nope', unitId: 'damkar-1' }),
      cmd('assignment.complete', { assignmentId: 'nope', outcome }),
    ]) {
      expectRefused(
        state,
        () => run(state, command, dispatcher),
        'not_found',
        'assignment.not_found',
        'assignmentId',
      );
    }
  });
});

describe('assignment.assign_unit', () => {
  it('sends an available unit of the agency: the unit is dispatched to the incident', () => {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    const d = run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-2' }), damkar);
    expect(d.events).toHaveLength(1);
    expect(state.units.get('damkar-2')).toMatchObject({ status: 'dispatched', assignmentId, incidentId });
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-1' }), dispatcher);
    expect(state.assignments.get(assignmentId)?.unitIds).toEqual(['damkar-2', 'damkar-1']);
  });

  it('refuses before the assignment is acknowledged', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const [assignmentId] = request(state, incidentId, ['damkar']);
    expectRefused(
      state,
      () =>
        run(
          state,
          cmd('assignment.assign_unit', { assignmentId: assignmentId!, unitId: 'damkar-1' }),
          damkar,
        ),
      'conflict',
      'assignment.not_acknowledged',
    );
  });

  it('refuses an unknown unit, and a unit of another agency, as invalid naming unitId', () => {
    const state = makeState();
    const { assignmentId } = workingIncident(state);
    expectRefused(
      state,
      () => run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-9' }), damkar),
      'invalid',
      'unit.unknown',
      'unitId',
    );
    expectRefused(
      state,
      () => run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'psc-1' }), dispatcher),
      'invalid',
      'unit.other_agency',
      'unitId',
    );
    expectRefused(
      state,
      () => run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'psc-1' }), damkar),
      'invalid',
      'unit.unknown',
      'unitId',
    );
  });

  for (const status of UNIT_STATUSES.filter((s) => s !== 'available')) {
    it(`refuses a unit that is ${status}`, () => {
      const state = makeState();
      const { assignmentId } = workingIncident(state);
      setUnit(state, 'damkar-1', status);
      expectRefused(
        state,
        () => run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-1' }), damkar),
        'conflict',
        'unit.not_available',
      );
    });
  }
});

describe('unit: every transition of UNIT_TRANSITIONS and every refused one', () => {
  /** A unit in `from`: assigned to a working Damkar assignment unless it is available or out of service. */
  function unitIn(from: UnitStatus) {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    const free = from === 'available' || from === 'out_of_service' || from === 'returning';
    setUnit(state, 'damkar-1', from, free ? null : assignmentId);
    return { state, incidentId, assignmentId };
  }

  const pairs = UNIT_STATUSES.flatMap((from) => UNIT_STATUSES.map((to) => [from, to] as const));
  const allowed = pairs.filter(([from, to]) => UNIT_TRANSITIONS[from].includes(to));
  const refused = pairs.filter(([from, to]) => from !== to && !UNIT_TRANSITIONS[from].includes(to));

  it('has a table for every status and covers all pairs', () => {
    expect(Object.keys(UNIT_TRANSITIONS).sort()).toEqual([...UNIT_STATUSES].sort());
    expect(allowed.length + refused.length + UNIT_STATUSES.length).toBe(UNIT_STATUSES.length ** 2);
    expect(allowed.length).toBeGreaterThan(0);
    // `dispatched` is reached only by assigning the unit.
    expect(allowed.filter(([, to]) => to === 'dispatched')).toEqual([]);
  });

  for (const [from, to] of allowed) {
    it(`allows ${from} → ${to}`, () => {
      const { state, incidentId, assignmentId } = unitIn(from);
      const d = run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: to }), damkar);
      expect(d.events).toEqual([
        expect.objectContaining({ type: 'unit.status_changed', unitId: 'damkar-1', status: to, from }),
      ]);
      const freed = to === 'available' || to === 'out_of_service' || to === 'returning';
      expect(state.units.get('damkar-1')).toMatchObject({
        status: to,
        assignmentId: freed ? null : assignmentId,
        incidentId: freed ? null : incidentId,
      });
      const wasFree = from === 'available' || from === 'out_of_service' || from === 'returning';
      expect(d.result.incidentId).toBe(wasFree ? null : incidentId);
    });
  }

  for (const [from, to] of refused) {
    it(`refuses ${from} → ${to} as conflict unit.transition`, () => {
      const { state } = unitIn(from);
      const e = expectRefused(
        state,
        () => run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: to }), damkar),
        'conflict',
        'unit.transition',
      );
      expect(e.message).toContain(from);
      expect(state.units.get('damkar-1')?.status).toBe(from);
    });
  }

  for (const status of UNIT_STATUSES) {
    it(`refuses ${status} → ${status} as conflict unit.same_status`, () => {
      const { state } = unitIn(status);
      expectRefused(
        state,
        () => run(state, cmd('unit.set_status', { unitId: 'damkar-1', status }), damkar),
        'conflict',
        'unit.same_status',
      );
    });
  }

  it('refuses on scene before the unit was dispatched (409 conflict unit.transition)', () => {
    const state = makeState();
    expectRefused(
      state,
      () => run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'on_scene' }), damkar),
      'conflict',
      'unit.transition',
    );
  });

  it('walks a unit through a whole job by commands only', () => {
    const state = makeState();
    const { assignmentId } = workingIncident(state, 'psc119');
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'psc-1' }), psc);
    const path: UnitStatus[] = [
      'en_route',
      'on_scene',
      'transporting',
      'at_hospital',
      'available',
      'out_of_service',
      'available',
    ];
    for (const status of path) run(state, cmd('unit.set_status', { unitId: 'psc-1', status }), psc);
    expect(state.units.get('psc-1')).toMatchObject({
      status: 'available',
      assignmentId: null,
      incidentId: null,
    });
  });

  it("refuses an unknown unit, and another agency's unit to a liaison, as invalid naming unitId", () => {
    const state = makeState();
    expectRefused(
      state,
      () => run(state, cmd('unit.set_status', { unitId: 'nope', status: 'out_of_service' }), dispatcher),
      'invalid',
      'unit.unknown',
      'unitId',
    );
    expectRefused(
      state,
      () => run(state, cmd('unit.set_status', { unitId: 'psc-1', status: 'out_of_service' }), damkar),
      'invalid',
      'unit.unknown',
      'unitId',
    );
    run(state, cmd('unit.set_status', { unitId: 'psc-1', status: 'out_of_service' }), dispatcher);
    expect(state.units.get('psc-1')?.status).toBe('out_of_service');
  });
});

describe('agency scoping', () => {
  it("a liaison cannot see or act on another agency's assignment: not_found", () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const [fire] = request(state, incidentId, ['damkar']);
    const assignmentId = fire!;
    for (const command of [
      cmd('assignment.acknowledge', { assignmentId }),
      cmd('assignment.decline', { assignmentId, reason: 'Bukan kami' }),
      cmd('assignment.assign_unit', { assignmentId, unitId: 'psc-1' }),
      cmd('assignment.complete', { assignmentId, outcome }),
    ]) {
      expectRefused(
        state,
        () => run(state, command, psc),
        'not_found',
        'assignment.not_found',
        'assignmentId',
      );
    }
    run(state, cmd('assignment.acknowledge', { assignmentId }), damkar);
    expectRefused(
      state,
      () => run(state, cmd('assignment.complete', { assignmentId, outcome }), liaison('dinsos')),
      'not_found',
      'assignment.not_found',
    );
  });

  it('a liaison bound to no agency acts on nothing', () => {
    const state = makeState();
    const { assignmentId } = workingIncident(state);
    const unbound = { userId: 'opd-x', role: 'agency', agencyId: null } as const;
    expectRefused(
      state,
      () => run(state, cmd('assignment.complete', { assignmentId, outcome }), unbound),
      'not_found',
      'assignment.not_found',
    );
    expectRefused(
      state,
      () => run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'out_of_service' }), unbound),
      'invalid',
      'unit.unknown',
    );
  });

  it("the dispatcher and supervisor act on any agency's assignment", () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const [a, b] = request(state, incidentId, ['damkar', 'dinsos']);
    run(state, cmd('assignment.acknowledge', { assignmentId: a! }), dispatcher);
    run(state, cmd('assignment.decline', { assignmentId: b!, reason: 'Tidak perlu' }), supervisor);
    expect(state.assignments.get(a!)?.status).toBe('acknowledged');
    expect(state.assignments.get(b!)?.status).toBe('declined');
  });
});

describe('units come back: withdraw, cancel and close release them; status after the report', () => {
  /** Damkar working with damkar-1 in `status` on the incident. */
  function unitAt(status: UnitStatus) {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-1' }), damkar);
    if (status !== 'dispatched') setUnit(state, 'damkar-1', status, assignmentId);
    return { state, incidentId, assignmentId };
  }
  const released = (events: DomainEvent[]) =>
    events.filter((e) => e.type === 'unit.status_changed').map((e) => [e.unitId, e.status, e.agencies]);

  it('cancelling sends a unit under way back to its station and frees one not yet moving', () => {
    for (const [status, after] of [
      ['en_route', 'returning'],
      ['on_scene', 'returning'],
      ['dispatched', 'available'],
    ] as const) {
      const { state, incidentId } = unitAt(status);
      const d = run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan palsu' }), dispatcher);
      expect(released(d.events)).toEqual([['damkar-1', after, ['damkar']]]);
      expect(d.events[0]?.type).toBe('incident.ended');
      expect(state.units.get('damkar-1')).toMatchObject({
        status: after,
        incidentId: null,
        assignmentId: null,
      });
    }
  });

  it('closing (also forced) releases the units still at work; a unit already back is left alone', () => {
    const { state, incidentId, assignmentId } = unitAt('on_scene');
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-2' }), damkar);
    run(state, cmd('unit.set_status', { unitId: 'damkar-2', status: 'available' }), damkar);
    run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar);
    // After the report the unit is still on scene and its agency may still move it.
    expect(state.units.get('damkar-1')?.status).toBe('on_scene');
    const d = run(state, cmd('incident.close', { incidentId }), dispatcher);
    expect(released(d.events)).toEqual([['damkar-1', 'returning', ['damkar']]]);
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'available' }), damkar);
    expect(state.units.get('damkar-1')?.status).toBe('available');

    const forced = unitAt('transporting');
    const f = run(
      forced.state,
      cmd('incident.close', { incidentId: forced.incidentId, force: true, reason: 'Damkar tidak menjawab' }),
      supervisor,
    );
    expect(released(f.events)).toEqual([['damkar-1', 'returning', ['damkar']]]);
  });

  it('a unit on scene after the report can go back to its station, then be available', () => {
    const { state, assignmentId } = unitAt('on_scene');
    run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar);
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'returning' }), damkar);
    expect(state.units.get('damkar-1')).toMatchObject({ status: 'returning', incidentId: null });
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'available' }), damkar);
    expect(state.units.get('damkar-1')?.status).toBe('available');
  });
});

describe('assignment.withdraw and an acceptance heard by phone or radio', () => {
  it('withdraws an open request with a reason, tells its agency and releases its units', () => {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-1' }), damkar);
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'en_route' }), damkar);
    const d = run(state, cmd('assignment.withdraw', { assignmentId, reason: 'Api sudah padam' }), dispatcher);
    expect(d.events.map((e) => [e.type, e.agencies])).toEqual([
      ['assignment.withdrawn', ['damkar']],
      ['unit.status_changed', ['damkar']],
    ]);
    expect(state.assignments.get(assignmentId)).toMatchObject({
      status: 'withdrawn',
      withdrawnReason: 'Api sudah padam',
    });
    expect(state.units.get('damkar-1')?.status).toBe('returning');
    // Nobody works on it any more: the dispatcher may close without forcing.
    run(state, cmd('incident.close', { incidentId }), dispatcher);
    expect(state.incidents.get(incidentId)?.status).toBe('closed');
  });

  it('refuses to withdraw twice, a done assignment, without a reason, and for a liaison', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const [a, b] = request(state, incidentId, ['damkar', 'psc119']);
    run(state, cmd('assignment.withdraw', { assignmentId: a!, reason: 'Salah instansi' }), supervisor);
    expectRefused(
      state,
      () => run(state, cmd('assignment.withdraw', { assignmentId: a!, reason: 'Lagi' }), dispatcher),
      'conflict',
      'assignment.closed',
    );
    expectRefused(
      state,
      () => run(state, cmd('assignment.withdraw', { assignmentId: b!, reason: 'Salah' }), psc),
      'forbidden',
      'role.forbidden',
    );
    run(state, cmd('assignment.acknowledge', { assignmentId: b! }), psc);
    run(state, cmd('assignment.complete', { assignmentId: b!, outcome }), psc);
    expectRefused(
      state,
      () =>
        run(state, cmd('assignment.withdraw', { assignmentId: b!, reason: 'Salah instansi' }), dispatcher),
      'conflict',
      'assignment.closed',
    );
  });

  it('records who accepted by phone or radio; a liaison accepts in its console, not "via"', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const [a] = request(state, incidentId, ['damkar']);
    const via = { channel: 'radio' as const, contact: 'Pak Rudi, piket Damkar' };
    expectRefused(
      state,
      () => run(state, cmd('assignment.acknowledge', { assignmentId: a!, via }), damkar),
      'invalid',
      'assignment.via_centre',
      'via',
    );
    const d = run(state, cmd('assignment.acknowledge', { assignmentId: a!, via }), dispatcher);
    expect(d.events[0]).toMatchObject({ type: 'assignment.acknowledged', via, actor: 'pengarah1' });
    expect(state.assignments.get(a!)).toMatchObject({ status: 'acknowledged', acknowledgedVia: via });
  });
});

describe('escalation.raise (system only)', () => {
  const raise = (assignmentId: string, kind: 'ack_overdue' | 'en_route_overdue' | 'on_scene_overdue') =>
    cmd('escalation.raise', { assignmentId, kind, dueAt: T0, occurrence: 1 });

  it('raises an overdue acknowledgement for the centre only, while the assignment is requested', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const [assignmentId] = request(state, incidentId, ['damkar']);
    const d = run(state, raise(assignmentId!, 'ack_overdue'), system);
    expect(d.events).toEqual([
      expect.objectContaining({
        type: 'escalation.raised',
        incidentId,
        assignmentId,
        agencyId: 'damkar',
        kind: 'ack_overdue',
        agencies: [],
      }),
    ]);
    run(state, cmd('assignment.acknowledge', { assignmentId: assignmentId! }), damkar);
    expectRefused(
      state,
      () => run(state, raise(assignmentId!, 'ack_overdue'), system),
      'conflict',
      'escalation.resolved',
    );
    run(state, raise(assignmentId!, 'en_route_overdue'), system);
  });

  for (const kind of ['ack_overdue', 'en_route_overdue', 'on_scene_overdue'] as const) {
    it(`refuses ${kind} once the assignment is done or withdrawn`, () => {
      const state = makeState();
      const { incidentId, assignmentId } = workingIncident(state);
      run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar);
      expectRefused(
        state,
        () => run(state, raise(assignmentId, kind), system),
        'conflict',
        'escalation.resolved',
      );
      const [again] = request(state, incidentId, ['damkar']);
      run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan palsu' }), dispatcher);
      expectRefused(state, () => run(state, raise(again!, kind), system), 'conflict', 'escalation.resolved');
    });
  }

  it('answers not_found naming assignmentId for an unknown assignment', () => {
    const state = makeState();
    expectRefused(
      state,
      () => run(state, raise('nope', 'ack_overdue'), system),
      'not_found',
      'assignment.not_found',
      'assignmentId',
    );
  });
});

describe('unit.set_status with the time the crew pressed the button (a change that waited on the phone)', () => {
  /** A PSC 119 ambulance just assigned; `now()` is the clock of the next command. */
  function assigned() {
    const state = makeState();
    const { assignmentId } = workingIncident(state, 'psc119');
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'psc-1' }), psc);
    const assignedAt = state.units.get('psc-1')!.updatedAt;
    return { state, assignedAt, now: () => logOf(state).at(-1)!.at + TICK };
  }
  const enRoute = (pressedAt: number) =>
    cmd('unit.set_status', { unitId: 'psc-1', status: 'en_route', pressedAt });

  it('records the press time in the event, and the status holds from it', () => {
    const { state, assignedAt } = assigned();
    const d = run(state, enRoute(assignedAt + 400), psc);
    expect(d.events[0]).toMatchObject({
      type: 'unit.status_changed',
      status: 'en_route',
      pressedAt: assignedAt + 400,
    });
    expect(d.events[0]!.at).toBeGreaterThan(assignedAt + 400);
    expect(state.units.get('psc-1')).toMatchObject({ status: 'en_route', updatedAt: assignedAt + 400 });
  });

  it('never records a press before the unit’s previous change, nor after the server’s now', () => {
    const early = assigned();
    const d1 = run(early.state, enRoute(early.assignedAt - 60_000), psc);
    expect(d1.events[0]).toMatchObject({ pressedAt: early.assignedAt });
    // A phone clock a little ahead of the server's: counted as now.
    const ahead = assigned();
    const d2 = run(ahead.state, enRoute(ahead.now() + 30_000), psc);
    expect(d2.events[0]).toMatchObject({ pressedAt: d2.events[0]!.at });
  });

  it('refuses a press time in the future or older than a shift, naming pressedAt, and writes nothing', () => {
    const { state, now } = assigned();
    expectRefused(
      state,
      () => run(state, enRoute(now() + 120_000), psc),
      'invalid',
      'unit.pressed_in_future',
      'pressedAt',
    );
    expectRefused(
      state,
      () => run(state, enRoute(now() - 12 * 3_600_000 - 60_000), psc),
      'invalid',
      'unit.pressed_too_old',
      'pressedAt',
    );
    expect(state.units.get('psc-1')?.status).toBe('dispatched');
  });

  it('without a press time the status holds from the server’s time, as before', () => {
    const { state } = assigned();
    const d = run(state, cmd('unit.set_status', { unitId: 'psc-1', status: 'en_route' }), psc);
    expect(d.events[0]).not.toHaveProperty('pressedAt');
    expect(state.units.get('psc-1')?.updatedAt).toBe(d.events[0]!.at);
  });
});
