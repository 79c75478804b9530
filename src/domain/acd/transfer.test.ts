// Transfer rules: only the call in hand, by its call taker (or a supervisor), to a free desk; the outcome moves it.
import { describe, expect, it } from 'vitest';
import type { State } from '../state.ts';
import { cmd, expectRefused, logOf, makeState, run, supervisor, system } from '../test-fixtures.ts';
import type { Actor } from '../types.ts';

const taker = (userId: string): Actor => ({ userId, role: 'call_taker', agencyId: null });

/** Desks 1 and 2 signed in; the call s1 answered at desk 1 by user-1. */
function answeredAtDesk1(): State {
  const state = makeState();
  run(
    state,
    cmd('telephony.sign_in', { positionId: 'desk-1', extension: '1001', contact: 'sip:1001@h' }),
    taker('user-1'),
  );
  run(
    state,
    cmd('telephony.sign_in', { positionId: 'desk-2', extension: '1002', contact: 'sip:1002@h' }),
    taker('user-2'),
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

const transfer = (toPositionId = 'desk-2') => cmd('telephony.transfer', { sipCallId: 's1', toPositionId });

describe('telephony.transfer', () => {
  it('holds the target desk while it rings and moves the call, the desk and the Pinisi call when it answers', () => {
    const state = answeredAtDesk1();
    const { result } = run(state, transfer(), taker('user-1'));
    expect(result.transfer).toMatchObject({
      fromPositionId: 'desk-1',
      toPositionId: 'desk-2',
      contact: 'sip:1002@h',
    });
    expect(state.telephony.positions.get('desk-2')?.state).toBe('ringing');
    expect(state.telephony.calls.get('s1')?.transferTo).toBe('desk-2');
    // The target desk is not offered another caller while it rings for the transfer.
    expectRefused(state, () => run(state, transfer(), supervisor), 'conflict', 'transfer.under_way');

    run(state, cmd('telephony.transfer_result', { sipCallId: 's1', ok: true, code: 200 }), system);
    const call = state.telephony.calls.get('s1');
    expect(call).toMatchObject({
      answeredBy: 'desk-2',
      answeredByUser: 'user-2',
      transferTo: null,
      transferredFrom: ['desk-1'],
    });
    expect(state.telephony.positions.get('desk-2')).toMatchObject({ state: 'on_call', callId: 's1' });
    expect(state.telephony.positions.get('desk-1')?.state).toBe('wrap_up');
    expect(state.calls.get(call!.callId!)?.answeredBy).toBe('user-2');
    expect(logOf(state).map((e) => e.type)).toContain('call.transferred');
    // A repeated outcome changes nothing.
    const before = state.seq;
    run(state, cmd('telephony.transfer_result', { sipCallId: 's1', ok: true, code: 200 }), system);
    expect(state.seq).toBe(before);
  });

  it('leaves the call at the first desk and frees the target when the transfer fails', () => {
    const state = answeredAtDesk1();
    run(state, transfer(), taker('user-1'));
    run(state, cmd('telephony.transfer_result', { sipCallId: 's1', ok: false, code: 408 }), system);
    expect(state.telephony.calls.get('s1')).toMatchObject({ answeredBy: 'desk-1', transferTo: null });
    expect(state.telephony.positions.get('desk-1')).toMatchObject({ state: 'on_call', callId: 's1' });
    expect(state.telephony.positions.get('desk-2')).toMatchObject({ state: 'available', callId: null });
    expect(logOf(state).slice(-2)).toMatchObject([
      { type: 'telephony.transfer_failed', toPositionId: 'desk-2', code: 408 },
      // The call's timeline says so too, with the code.
      { type: 'call.transfer_failed', toPositionId: 'desk-2', target: 'desk-2', code: 408 },
    ]);
  });

  it('frees the target desk when the caller hangs up while it rings', () => {
    const state = answeredAtDesk1();
    run(state, transfer(), taker('user-1'));
    run(state, cmd('telephony.hang_up', { sipCallId: 's1', fromTag: 'a' }), system);
    expect(state.telephony.positions.get('desk-2')).toMatchObject({ state: 'available', callId: null });
  });

  it('refuses another call taker’s call, a busy or the same desk, and a call not answered', () => {
    const state = answeredAtDesk1();
    expectRefused(state, () => run(state, transfer(), taker('user-2')), 'forbidden', 'transfer.not_yours');
    expectRefused(
      state,
      () => run(state, transfer('desk-1'), taker('user-1')),
      'conflict',
      'transfer.same_desk',
    );
    run(state, cmd('telephony.take_break', { positionId: 'desk-2', reason: 'sholat' }), taker('user-2'));
    expectRefused(state, () => run(state, transfer(), taker('user-1')), 'conflict', 'transfer.desk_busy');
    expectRefused(
      state,
      () => run(state, transfer('desk-9'), taker('user-1')),
      'not_found',
      'position.not_found',
    );
    run(state, cmd('telephony.hang_up', { sipCallId: 's1', fromTag: 'a' }), system);
    expectRefused(state, () => run(state, transfer(), supervisor), 'not_found', 'call.not_found');
  });
});
