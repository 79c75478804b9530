// The telephony projection is the log: replaying the ACD's events gives the same queue, positions and callbacks.
import { describe, expect, it } from 'vitest';
import { checkpointOf, restoreCheckpoint } from '../checkpoint.ts';
import { apply, emptyState } from '../state.ts';
import { makeState, run } from '../test-fixtures.ts';
import type { Actor } from '../types.ts';
import { seesEvent } from '../visibility.ts';
import { Acd } from './acd.ts';
import { applyTelephony } from './projection.ts';
import { emptyTelephony } from './types.ts';

const system: Actor = { userId: 'system:telephony', role: 'system', agencyId: null };
const taker: Actor = { userId: 'operator1', role: 'call_taker', agencyId: null };
const supervisor: Actor = { userId: 'koordinator', role: 'supervisor', agencyId: null };
const offer = (sipCallId: string, number: string | null) => ({
  type: 'telephony.offer' as const,
  payload: {
    sipCallId,
    number,
    fromTag: `${sipCallId}-tag`,
    location: null,
    outsideServiceArea: null,
    locationError: null,
  },
});
const HERE = {
  lat: -5.5588,
  lon: 120.1955,
  accuracyM: 20,
  confidence: null,
  source: 'aml-http' as const,
  method: 'gps',
  time: null,
};

describe('telephony projection', () => {
  it('replays the ACD’s own events to the same positions, queue, ended calls and callbacks', () => {
    const acd = new Acd({ wrapUpMs: 5_000, missesBeforeBreak: 2 });
    const log: Array<{ at: number; events: ReturnType<Acd['takeEvents']> }> = [];
    const step = (at: number, act: () => unknown) => {
      act();
      log.push({ at, events: acd.takeEvents() });
    };
    step(1_000, () => acd.login('p1', 'u1', '1001', 'sip:1001@h1', 1_000));
    step(2_000, () => acd.login('p2', 'u2', '1002', 'sip:1002@h2', 2_000));
    step(3_000, () => acd.offer('c1', '0811', 3_000));
    step(3_100, () => acd.offer('c2', '0812', 3_100));
    step(3_200, () => acd.offer('c3', null, 3_200));
    step(4_000, () => acd.ringFailed('c1', 4_000, 408));
    step(5_000, () => acd.answered('c2', 5_000));
    step(6_000, () => acd.abandoned('c3', 6_000));
    step(7_000, () => acd.ended('c2', 'caller', 7_000));
    step(13_000, () => acd.tick(13_000));
    step(14_000, () => acd.callbackAttempt('c3', 'no_answer', 14_000, 'u1'));

    const replayed = emptyTelephony();
    for (const { at, events } of log)
      for (const e of events) applyTelephony(replayed, { ...e, at, actor: null });
    expect(replayed.positions).toEqual(acd.state.positions);
    expect(replayed.calls).toEqual(acd.state.calls);
    expect(replayed.ended).toEqual(acd.state.ended);
    expect(replayed.callbacks.map((c) => c.callId)).toEqual(['c3']);
    expect(replayed.callbacks[0]?.attempts?.map((a) => a.result)).toEqual(['no_answer']);
  });

  it('decides telephony commands on the live state: the call is registered, events carry the SIP Call-ID', () => {
    const state = makeState();
    run(
      state,
      {
        type: 'telephony.sign_in',
        payload: { positionId: 'meja-1', extension: '1001', contact: 'sip:1001@h' },
      },
      taker,
    );
    const offered = run(state, offer('sip-1', '081234'), system);
    expect(offered.events.map((e) => e.type)).toEqual([
      'call.registered',
      'telephony.call_offered',
      'telephony.call_ringing',
    ]);
    expect(offered.result).toMatchObject({
      duplicate: false,
      decisions: [{ kind: 'ring', positionId: 'meja-1' }],
    });
    const callId = offered.result.callId as string;
    expect(state.telephony.calls.get('sip-1')).toMatchObject({
      callId,
      status: 'ringing',
      ringingPosition: 'meja-1',
    });
    // Telephony is never an agency's business.
    const liaison: Actor = { userId: 'opd', role: 'agency', agencyId: 'damkar' };
    for (const event of offered.events.filter((e) => e.type.startsWith('telephony.'))) {
      expect(event).toHaveProperty('sipCallId', 'sip-1');
      expect(seesEvent(liaison, event)).toBe(false);
    }
    const answered = run(
      state,
      { type: 'telephony.answer', payload: { sipCallId: 'sip-1', contact: null } },
      system,
    );
    expect(answered.events.map((e) => [e.type, e.actor])).toEqual([
      ['telephony.call_answered', 'system:telephony'],
      ['call.answered', 'operator1'],
    ]);
    expect(state.calls.get(callId)?.answeredBy).toBe('operator1');
    const retransmitted = run(
      state,
      { type: 'telephony.answer', payload: { sipCallId: 'sip-1', contact: null } },
      system,
    );
    expect(retransmitted.events).toEqual([]);
  });

  it('keeps a location that came before its call and attaches it, with later updates', () => {
    const state = makeState();
    const kept = run(
      state,
      {
        type: 'telephony.locate',
        payload: { number: '+62 812-3456-7890', location: HERE, outsideServiceArea: false },
      },
      system,
    );
    expect(kept.result).toMatchObject({ kept: true });
    run(state, offer('sip-2', '081234567890'), system);
    expect(state.telephony.calls.get('sip-2')?.location).toEqual(HERE);
    expect(state.telephony.pendingLocations.size).toBe(0);
    const moved = { ...HERE, lat: -5.6, accuracyM: 5 };
    run(
      state,
      {
        type: 'telephony.locate',
        payload: { number: '081234567890', location: moved, outsideServiceArea: true },
      },
      system,
    );
    expect(state.telephony.calls.get('sip-2')).toMatchObject({ location: moved, outsideServiceArea: true });
  });

  it('blocks and unblocks a number for the supervisor, normalised, and queues a blocked caller behind others', () => {
    const state = makeState();
    const blocked = run(
      state,
      {
        type: 'telephony.block',
        payload: { number: '+62 811-2233', minutes: 60, reason: 'five prank calls' },
      },
      supervisor,
    );
    expect(blocked.events[0]).toMatchObject({
      type: 'telephony.number_blocked',
      number: '08112233',
      reason: 'five prank calls',
    });
    run(state, offer('sip-3', '08112233'), system);
    expect(state.telephony.calls.get('sip-3')?.blockedReason).toBe('five prank calls');
    run(
      state,
      { type: 'telephony.unblock', payload: { number: '08112233', reason: 'a real fire' } },
      supervisor,
    );
    expect(state.telephony.blocks.size).toBe(0);
    expect(() =>
      run(state, { type: 'telephony.unblock', payload: { number: '08112233', reason: 'again' } }, supervisor),
    ).toThrow(/not blocked/);
  });

  it('is applied by the one reducer, also in a state that starts empty (a console)', () => {
    const state = makeState();
    const events = [
      ...run(
        state,
        { type: 'telephony.sign_in', payload: { positionId: 'm', extension: '1', contact: 'sip:1@h' } },
        taker,
      ).events,
      ...run(state, offer('x', null), system).events,
    ];
    const console_ = emptyState();
    for (const e of events) apply(console_, e);
    expect(console_.telephony.positions.get('m')?.state).toBe('ringing');
    expect(console_.telephony.calls.get('x')?.status).toBe('ringing');
  });

  it('keeps a desk its call taker or the supervisor signed out, as signed out, until someone signs in there', () => {
    const state = makeState();
    const signIn = { positionId: 'pos-1', extension: '1001', contact: 'sip:1001@192.0.2.1' };
    run(state, { type: 'telephony.sign_in', payload: signIn }, taker);
    run(state, { type: 'telephony.sign_out', payload: { positionId: 'pos-1' } }, supervisor);
    expect(state.telephony.positions.has('pos-1')).toBe(false);
    expect(state.telephony.signedOut.get('pos-1')).toMatchObject({ userId: 'operator1', extension: '1001' });
    const restored = makeState();
    restoreCheckpoint(restored, JSON.parse(JSON.stringify(checkpointOf(state))));
    expect(restored.telephony.signedOut.get('pos-1')?.extension).toBe('1001');
    run(state, { type: 'telephony.sign_in', payload: signIn }, taker);
    expect(state.telephony.signedOut.has('pos-1')).toBe(false);
  });
});
