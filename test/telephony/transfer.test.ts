// Transfer of an answered 112 call from one desk to another through real Kamailio (SIPp caller, baresip desks): the
// caller ends up talking to the new desk, or stays with the first one when the new desk does not answer.
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.ts';
import { callerNumber, missingTelephony, sippCall, until } from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

const ofType = <T extends DomainEvent['type']>(events: DomainEvent[], type: T) =>
  events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

describe.skipIf(missing !== null)('transfer through Kamailio', () => {
  let room: Room | null = null;
  afterEach(async () => {
    await room?.stop();
    room = null;
  });

  it('moves the caller to the second desk, hangs up the first, and joins the caller’s hang-up to the new desk', async () => {
    room = await openRoom({
      phones: [
        { extension: '1001', answer: 'auto' },
        { extension: '1002', answer: 'auto' },
      ],
    });
    const [first, second] = room.phones as [(typeof room.phones)[0], (typeof room.phones)[0]];
    const { brain } = await room.startBrain({ wrapUpMs: 0 });
    await brain.login('pos-1', 'user-1', first.extension, first.contact);
    // The caller accepts the re-INVITE that moves it, talks 3 s more, then hangs up.
    const caller = sippCall(
      room.kamailio,
      'call-transferred.xml',
      { caller: callerNumber(1) },
      { holdMs: 3000 },
    );
    const answered = await until('answered at desk 1', () =>
      brain.liveCalls().find((c) => c.state === 'answered' && c.positionId === 'pos-1'),
    );
    await until('desk 1 on the call', () => phoneEvents(first).includes('CALL_ESTABLISHED'));
    await brain.login('pos-2', 'user-2', second.extension, second.contact);

    await brain.transfer(answered.sipCallId, 'pos-2', 'user-1');
    const moved = await until('the call is at desk 2', () => {
      const c = brain.liveCall(answered.sipCallId);
      return c?.positionId === 'pos-2' && c.transferTo === null ? c : null;
    });
    expect(moved.state).toBe('answered');
    expect(moved.answeredBy).toBe('user-2');
    expect(moved.transferredFrom).toEqual(['pos-1']);
    // Desk 1 was hung up by the switch, desk 2 talks to the caller, and the caller was never dropped.
    await until('desk 1 hung up', () => phoneEvents(first).includes('CALL_CLOSED'));
    expect(phoneEvents(second)).toContain('CALL_ESTABLISHED');
    expect(phoneEvents(second)).not.toContain('CALL_CLOSED');

    const result = await caller;
    expect(result.code, result.output).toBe(0);
    // The caller's BYE reached the new desk through Kamailio, and Pinisi recorded the end: the caller hung up.
    await until('desk 2 hung up by the caller', () => phoneEvents(second).includes('CALL_CLOSED'));
    await until('call ended', () => brain.liveCall(answered.sipCallId)?.state === 'ended');
    await brain.settled();

    const events = room.sink.events;
    const started = ofType(events, 'telephony.transfer_started');
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ fromPositionId: 'pos-1', toPositionId: 'pos-2', actor: 'user-1' });
    expect(ofType(events, 'telephony.call_transferred')[0]).toMatchObject({
      fromPositionId: 'pos-1',
      toPositionId: 'pos-2',
      userId: 'user-2',
    });
    const pinisiCall = room.sink.state.calls.get(answered.callId!);
    expect(pinisiCall).toMatchObject({ status: 'ended', answeredBy: 'user-2', hungUpBy: 'caller' });
    expect(ofType(events, 'call.transferred')).toEqual([
      expect.objectContaining({
        callId: answered.callId,
        from: 'user-1',
        to: 'user-2',
        toPositionId: 'pos-2',
      }),
    ]);
    // Both desks are free again.
    expect(
      brain
        .positions()
        .map((p) => [p.id, p.state])
        .sort(),
    ).toEqual([
      ['pos-1', 'available'],
      ['pos-2', 'available'],
    ]);
  });

  it('passes the new desk’s hang-up on to the caller, as a call taker’s hang-up', async () => {
    room = await openRoom({
      phones: [
        { extension: '1001', answer: 'auto' },
        { extension: '1002', answer: 'auto' },
      ],
    });
    const [first, second] = room.phones as [(typeof room.phones)[0], (typeof room.phones)[0]];
    const { brain } = await room.startBrain({ wrapUpMs: 0 });
    await brain.login('pos-1', 'user-1', first.extension, first.contact);
    const caller = sippCall(room.kamailio, 'call-transferred-held.xml', { caller: callerNumber(3) });
    const answered = await until('answered at desk 1', () =>
      brain.liveCalls().find((c) => c.state === 'answered' && c.positionId === 'pos-1'),
    );
    await brain.login('pos-2', 'user-2', second.extension, second.contact);
    await brain.transfer(answered.sipCallId, 'pos-2', 'user-1');
    await until('the call is at desk 2', () => brain.liveCall(answered.sipCallId)?.positionId === 'pos-2');
    await until('desk 2 on the call', () => phoneEvents(second).includes('CALL_ESTABLISHED'));
    second.command('hangup');
    // The caller's scenario passes only if the BYE came inside its dialog, as the desk.
    const result = await caller;
    expect(result.code, result.output).toBe(0);
    await until('call ended', () => brain.liveCall(answered.sipCallId)?.state === 'ended');
    await brain.settled();
    expect(brain.liveCall(answered.sipCallId)).toMatchObject({ endedBy: 'call_taker', answeredBy: 'user-2' });
    expect(room.sink.state.calls.get(answered.callId!)).toMatchObject({
      status: 'ended',
      answeredBy: 'user-2',
      hungUpBy: 'call_taker',
      endedBy: 'user-2',
    });
  });

  it('keeps the caller with the first desk when the second desk does not answer', async () => {
    room = await openRoom({
      phones: [
        { extension: '1001', answer: 'auto' },
        { extension: '1002', answer: 'manual' },
      ],
    });
    const [first, second] = room.phones as [(typeof room.phones)[0], (typeof room.phones)[0]];
    const { brain } = await room.startBrain({ wrapUpMs: 0, ringTimeoutMs: 2000 });
    await brain.login('pos-1', 'user-1', first.extension, first.contact);
    // The caller stays on the line for 12 s and then hangs up; a re-INVITE or a BYE meanwhile fails its scenario.
    const caller = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(2) }, { holdMs: 12_000 });
    const answered = await until('answered at desk 1', () =>
      brain.liveCalls().find((c) => c.state === 'answered' && c.positionId === 'pos-1'),
    );
    await brain.login('pos-2', 'user-2', second.extension, second.contact);
    await brain.transfer(answered.sipCallId, 'pos-2', 'user-1');
    await until('desk 2 rings', () => phoneEvents(second).includes('CALL_INCOMING'));
    expect(brain.positions().find((p) => p.id === 'pos-2')?.state).toBe('ringing');
    const failed = await until(
      'the transfer failed',
      () => ofType(room!.sink.events, 'telephony.transfer_failed')[0],
    );
    expect(failed).toMatchObject({ toPositionId: 'pos-2', code: 408 });
    // Still at desk 1 while the caller talks on; desk 2 is free again.
    const after = brain.liveCall(answered.sipCallId);
    expect(after).toMatchObject({
      state: 'answered',
      positionId: 'pos-1',
      transferTo: null,
      answeredBy: 'user-1',
    });
    expect(brain.positions().find((p) => p.id === 'pos-2')?.state).toBe('available');
    expect(phoneEvents(first)).not.toContain('CALL_CLOSED');

    const result = await caller;
    expect(result.code, result.output).toBe(0);
    await until('desk 1 hung up by the caller', () => phoneEvents(first).includes('CALL_CLOSED'));
    await until('call ended', () => brain.liveCall(answered.sipCallId)?.state === 'ended');
    await brain.settled();
    expect(ofType(room.sink.events, 'call.transferred')).toEqual([]);
    expect(room.sink.state.calls.get(answered.callId!)).toMatchObject({
      status: 'ended',
      answeredBy: 'user-1',
      hungUpBy: 'caller',
    });
  });
});
