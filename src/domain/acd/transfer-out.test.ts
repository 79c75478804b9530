// Transfer outside the desks: to a configured number (agency, another regency's 112) or the supervisor; the refusals;
// and which target a call suggests first.
import { describe, expect, it } from 'vitest';
import type { State } from '../state.ts';
import { cmd, expectRefused, logOf, makeState, run, supervisor, system } from '../test-fixtures.ts';
import type { Actor, UserAccount } from '../types.ts';
import { defaultTransferTargets, suggestTransferTargets, type TransferTarget } from './transfer-targets.ts';
import type { AcdConfig } from './types.ts';

const taker = (userId: string): Actor => ({ userId, role: 'call_taker', agencyId: null });
const TARGETS: TransferTarget[] = [
  { id: 'supervisor', name: 'Supervisor', kind: 'supervisor', uri: null },
  { id: 'polisi', name: 'Polisi (110)', kind: 'police', uri: 'sip:110@10.0.0.1' },
  { id: 'sapa', name: 'SAPA 129', kind: 'women_children', uri: null },
];
const acd: Partial<AcdConfig> = { transferTargets: TARGETS };

/** Desk 1 signed in by user-1, who has the call s1 in hand. */
function answeredAtDesk1(): State {
  const state = makeState();
  run(
    state,
    cmd('telephony.sign_in', { positionId: 'desk-1', extension: '1001', contact: 'sip:1001@h' }),
    taker('user-1'),
  );
  run(
    state,
    cmd('telephony.offer', {
      sipCallId: 's1',
      number: '0811',
      fromTag: 'a',
      location: null,
      outsideServiceArea: null,
      locationError: null,
    }),
    system,
  );
  run(state, cmd('telephony.answer', { sipCallId: 's1', contact: 'sip:1001@h' }), system);
  return state;
}

const out = (targetId: string) => cmd('telephony.transfer_out', { sipCallId: 's1', targetId });
const result = (ok: boolean, code: number | null) =>
  cmd('telephony.transfer_result', { sipCallId: 's1', ok, code });

describe('telephony.transfer_out', () => {
  it('dials the number while the caller stays, then frees the desk and ends the centre’s part of the call', () => {
    const state = answeredAtDesk1();
    const pinisiId = state.telephony.calls.get('s1')!.callId!;
    const { result: started } = run(state, out('polisi'), taker('user-1'), acd);
    expect(started.transfer).toMatchObject({
      targetId: 'polisi',
      uri: 'sip:110@10.0.0.1',
      fromPositionId: 'desk-1',
    });
    expect(state.telephony.calls.get('s1')?.transferOut).toEqual({
      targetId: 'polisi',
      name: 'Polisi (110)',
    });
    expect(state.telephony.positions.get('desk-1')).toMatchObject({ state: 'on_call', callId: 's1' });
    expectRefused(
      state,
      () => run(state, out('polisi'), taker('user-1'), acd),
      'conflict',
      'transfer.under_way',
    );

    run(state, result(true, 200), system, acd);
    expect(state.telephony.calls.get('s1')).toMatchObject({
      status: 'answered',
      answeredBy: null,
      transferOut: null,
      transferredOut: { targetId: 'polisi', name: 'Polisi (110)' },
      transferredFrom: ['desk-1'],
    });
    expect(state.telephony.positions.get('desk-1')).toMatchObject({ state: 'wrap_up', callId: null });
    expect(state.calls.get(pinisiId)?.status).toBe('ended');
    const timeline = logOf(state).filter((e) => 'callId' in e && e.callId === pinisiId);
    expect(timeline.map((e) => e.type).slice(-3)).toEqual([
      'call.transfer_started',
      'call.transferred_out',
      'call.ended',
    ]);
    expect(logOf(state).find((e) => e.type === 'call.transferred_out')).toMatchObject({
      from: 'user-1',
      targetId: 'polisi',
      target: 'Polisi (110)',
    });
    // The caller and the police hang up later: the switch's call ends, no desk is touched.
    run(state, cmd('telephony.hang_up', { sipCallId: 's1', fromTag: 'a' }), system, acd);
    expect(state.telephony.ended.get('s1')?.status).toBe('ended');
    expect(state.telephony.positions.get('desk-1')?.state).toBe('wrap_up');
  });

  it('keeps the call at the desk when the number does not answer, with the code in the call’s timeline', () => {
    const state = answeredAtDesk1();
    const pinisiId = state.telephony.calls.get('s1')!.callId!;
    run(state, out('polisi'), taker('user-1'), acd);
    run(state, result(false, 486), system, acd);
    expect(state.telephony.calls.get('s1')).toMatchObject({
      answeredBy: 'desk-1',
      transferOut: null,
      transferFailed: { positionId: null, targetId: 'polisi', name: 'Polisi (110)', code: 486 },
    });
    expect(state.telephony.positions.get('desk-1')).toMatchObject({ state: 'on_call', callId: 's1' });
    expect(state.calls.get(pinisiId)?.status).toBe('answered');
    expect(logOf(state).at(-1)).toMatchObject({
      type: 'call.transfer_failed',
      callId: pinisiId,
      targetId: 'polisi',
      code: 486,
    });
    // It can be tried again.
    run(state, out('polisi'), taker('user-1'), acd);
    expect(state.telephony.calls.get('s1')?.transferOut?.targetId).toBe('polisi');
  });

  it('refuses an unknown target, one without a number, another’s call, a call not in hand', () => {
    const state = answeredAtDesk1();
    expectRefused(
      state,
      () => run(state, out('tni'), taker('user-1'), acd),
      'not_found',
      'transfer.unknown_target',
    );
    expectRefused(
      state,
      () => run(state, out('sapa'), taker('user-1'), acd),
      'conflict',
      'transfer.target_unset',
    );
    expectRefused(
      state,
      () => run(state, out('polisi'), taker('user-2'), acd),
      'forbidden',
      'transfer.not_yours',
    );
    expectRefused(
      state,
      () =>
        run(
          state,
          cmd('telephony.transfer_out', { sipCallId: 'nope', targetId: 'polisi' }),
          taker('user-1'),
          acd,
        ),
      'not_found',
      'call.not_found',
    );
    // A caller still waiting in the queue is nobody's call in hand.
    run(
      state,
      cmd('telephony.offer', {
        sipCallId: 's2',
        number: '0812',
        fromTag: 'b',
        location: null,
        outsideServiceArea: null,
        locationError: null,
      }),
      system,
    );
    expectRefused(
      state,
      () =>
        run(state, cmd('telephony.transfer_out', { sipCallId: 's2', targetId: 'polisi' }), supervisor, acd),
      'conflict',
      'transfer.not_answered',
    );
    // Without a configured list the defaults stand: nothing is dialable until a gateway is set.
    expectRefused(
      state,
      () => run(state, out('polisi'), taker('user-1')),
      'conflict',
      'transfer.target_unset',
    );
  });
});

describe('transfer to the supervisor', () => {
  const account = (id: string, role: UserAccount['role']): UserAccount =>
    ({ id, username: id, displayName: id, role, agencyId: null, unitId: null, active: true }) as UserAccount;

  it('rings the desk of a free supervisor, else the supervisor’s phone, else refuses', () => {
    const state = answeredAtDesk1();
    expectRefused(
      state,
      () => run(state, out('supervisor'), taker('user-1'), acd),
      'conflict',
      'transfer.no_supervisor',
    );
    // With a supervisor phone set, it is dialled as an outside number.
    const withPhone = { transferTargets: [{ ...TARGETS[0]!, uri: 'sip:1900@10.0.0.20' }] };
    const { result: toPhone } = run(answeredAtDesk1(), out('supervisor'), taker('user-1'), withPhone);
    expect(toPhone.transfer).toMatchObject({ targetId: 'supervisor', uri: 'sip:1900@10.0.0.20' });

    // A supervisor signed in at a free desk is preferred: the call is passed to that desk.
    state.users.set('koordinator', account('koordinator', 'supervisor'));
    run(
      state,
      cmd('telephony.sign_in', { positionId: 'desk-9', extension: '1009', contact: 'sip:1009@h' }),
      supervisor,
    );
    const { result: toDesk } = run(state, out('supervisor'), taker('user-1'), withPhone);
    expect(toDesk.transfer).toMatchObject({ toPositionId: 'desk-9', contact: 'sip:1009@h' });
    expect(state.telephony.positions.get('desk-9')?.state).toBe('ringing');
    expect(logOf(state).at(-1)).toMatchObject({ type: 'call.transfer_started', toPositionId: 'desk-9' });
  });
});

describe('suggestTransferTargets', () => {
  const targets = defaultTransferTargets('gw').map((t) => ({ ...t, uri: t.uri ?? 'sip:x@gw' }));
  const ids = (hints: Parameters<typeof suggestTransferTargets>[1]) =>
    suggestTransferTargets(targets, hints).map((t) => t.id);

  it('puts the caller’s regency first when the caller is outside Bulukumba, then the category’s agencies', () => {
    expect(ids({ category: null, outsideRegency: '73.07' })).toEqual(['112-sinjai']);
    expect(ids({ category: 'kriminalitas', outsideRegency: '73.01' })).toEqual(['112-selayar', 'polisi']);
    expect(ids({ category: 'kekerasan', outsideRegency: null })).toEqual(['polisi', 'sapa']);
    expect(ids({ category: 'kebakaran_bangunan', outsideRegency: null })).toEqual(['damkar']);
    expect(ids({ category: 'kecelakaan_laut', outsideRegency: null })).toEqual(['basarnas']);
    expect(ids({ category: 'persalinan', outsideRegency: null })).toEqual(['ambulans']);
  });

  it('suggests nothing when nothing points anywhere, or for a regency not in the list', () => {
    expect(ids({ category: null, outsideRegency: null })).toEqual([]);
    expect(ids({ category: 'jalan_rusak', outsideRegency: '73.06' })).toEqual([]);
    expect(suggestTransferTargets([], { category: 'kriminalitas', outsideRegency: '73.07' })).toEqual([]);
  });
});
