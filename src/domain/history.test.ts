// A caller's history: earlier calls and incidents by number, counts by type, the junk warning, the current call left out.
import { describe, expect, it } from 'vitest';
import { callerHistory } from './history.ts';
import type { State } from './state.ts';
import { answeredCall, callTaker, cmd, houseFire, makeState, run, system } from './test-fixtures.ts';
import type { CallType } from './types.ts';

const NUMBER = '081234567890';

/** An answered call from `number`, classified as `callType` and ended. */
function pastCall(state: State, callType: CallType, number = NUMBER): string {
  const callId = answeredCall(state, number);
  run(state, cmd('call.classify', { callId, callType }), callTaker);
  run(state, cmd('call.end', { callId }), callTaker);
  return callId;
}

function ringing(state: State, number: string | null = NUMBER): string {
  return run(state, cmd('call.register', { channel: 'voice', number }), system).result.callId as string;
}

describe('callerHistory', () => {
  it('is empty for a first-time caller, without a warning', () => {
    const state = makeState();
    pastCall(state, 'prank', '0899999');
    const current = ringing(state);
    const h = callerHistory(state, NUMBER, current);
    expect(h).toEqual({ number: NUMBER, calls: [], incidents: [], counts: {}, junkWarning: false });
  });

  it('counts earlier calls by type, newest first, leaving out the current call', () => {
    const state = makeState();
    const info = pastCall(state, 'information');
    const wrong = pastCall(state, 'misdirected');
    const info2 = pastCall(state, 'information');
    const current = ringing(state);
    const h = callerHistory(state, NUMBER, current);
    expect(h.counts).toEqual({ information: 2, misdirected: 1 });
    expect(h.calls.map((c) => c.id)).toEqual([info2, wrong, info]);
    expect(h.calls[0]).toEqual({
      id: info2,
      registeredAt: state.calls.get(info2)!.registeredAt,
      type: 'information',
      incidentId: null,
      channel: 'voice',
    });
    expect(h.calls.some((c) => c.id === current)).toBe(false);
    expect(callerHistory(state, NUMBER).calls.map((c) => c.id)).toContain(current);
  });

  it('does not count a call not yet classified', () => {
    const state = makeState();
    const unanswered = ringing(state);
    run(state, cmd('call.end', { callId: unanswered }), system);
    const h = callerHistory(state, NUMBER, ringing(state));
    expect(h.calls.map((c) => c.id)).toEqual([unanswered]);
    expect(h.counts).toEqual({});
    expect(h.junkWarning).toBe(false);
  });

  for (const junk of ['prank', 'ghost'] as const) {
    it(`warns when the number made an earlier ${junk} call`, () => {
      const state = makeState();
      pastCall(state, junk);
      expect(callerHistory(state, NUMBER, ringing(state)).junkWarning).toBe(true);
    });
  }

  for (const callType of ['misdirected', 'test', 'information', 'non_emergency', 'emergency'] as const) {
    it(`does not warn for an earlier ${callType} call`, () => {
      const state = makeState();
      pastCall(state, callType);
      const h = callerHistory(state, NUMBER, ringing(state));
      expect(h.counts).toEqual({ [callType]: 1 });
      expect(h.junkWarning).toBe(false);
    });
  }

  it('finds the prank caller who calls again with the number written as +62', () => {
    const state = makeState();
    const prank = pastCall(state, 'prank', '081342112001');
    const again = ringing(state, '+6281342112001');
    const h = callerHistory(state, '+6281342112001', again);
    expect(h.calls.map((c) => c.id)).toEqual([prank]);
    expect(h.junkWarning).toBe(true);
    expect(callerHistory(state, '62 813-4211-2001', again).junkWarning).toBe(true);
  });

  it('does not warn about the current call itself', () => {
    const state = makeState();
    const current = pastCall(state, 'prank');
    expect(callerHistory(state, NUMBER, current).junkWarning).toBe(false);
    expect(callerHistory(state, NUMBER).junkWarning).toBe(true);
  });

  it('lists the incidents of earlier calls once each, with their state', () => {
    const state = makeState();
    const first = answeredCall(state);
    const fire = run(state, cmd('incident.create', houseFire(first)), callTaker).result;
    const second = answeredCall(state);
    run(
      state,
      cmd('incident.attach_call', { incidentId: fire.incidentId as string, callId: second }),
      callTaker,
    );
    run(state, cmd('incident.cancel', { incidentId: fire.incidentId as string, reason: 'Laporan ganda' }), {
      userId: 'pengarah1',
      role: 'dispatcher',
      agencyId: null,
    });
    const other = answeredCall(state, '0877');
    run(state, cmd('incident.create', houseFire(other)), callTaker);
    const h = callerHistory(state, NUMBER, ringing(state));
    expect(h.incidents).toEqual([
      {
        id: fire.incidentId,
        number: fire.number,
        category: 'kebakaran_bangunan',
        status: 'cancelled',
        createdAt: state.incidents.get(fire.incidentId as string)!.createdAt,
      },
    ]);
    expect(h.counts).toEqual({ emergency: 2 });
    expect(h.calls.map((c) => c.incidentId)).toEqual([fire.incidentId, fire.incidentId]);
  });

  it('keeps the 20 newest calls but counts them all', () => {
    const state = makeState();
    const ids = Array.from({ length: 25 }, () => pastCall(state, 'ghost'));
    const h = callerHistory(state, NUMBER, ringing(state));
    expect(h.counts).toEqual({ ghost: 25 });
    expect(h.calls).toHaveLength(20);
    expect(h.calls.map((c) => c.id)).toEqual(ids.slice(5).reverse());
  });

  it('never matches calls without a number to a number', () => {
    const state = makeState();
    const callId = ringing(state, null);
    run(state, cmd('call.answer', { callId }), callTaker);
    run(state, cmd('call.classify', { callId, callType: 'prank' }), callTaker);
    expect(callerHistory(state, NUMBER).calls).toEqual([]);
  });
});
