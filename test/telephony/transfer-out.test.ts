// Transfer of an answered 112 call to an outside number from the configured list through real Kamailio: a SIPp UAS
// stands for the police's 110 behind the gateway; a baresip desk phone; a SIPp caller.
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.ts';
import {
  callerNumber,
  missingTelephony,
  type SippPhone,
  sippCall,
  startSippPhone,
  until,
} from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

const ofType = <T extends DomainEvent['type']>(events: DomainEvent[], type: T) =>
  events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

const police = (uri: string) => ({
  transferTargets: [{ id: 'polisi', name: 'Polisi (110)', kind: 'police' as const, uri }],
});

describe.skipIf(missing !== null)('transfer to an outside number through Kamailio', () => {
  let room: Room | null = null;
  let agency: SippPhone | null = null;
  afterEach(async () => {
    await agency?.stop();
    await room?.stop();
    room = null;
    agency = null;
  });

  it('moves the caller to 110, hangs up the desk, and passes the caller’s hang-up on to 110', async () => {
    agency = await startSippPhone('110', 'agency-110.xml');
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const [desk] = room.phones as [(typeof room.phones)[0]];
    const { brain } = await room.startBrain({ wrapUpMs: 0, ...police(agency.contact) });
    await brain.login('pos-1', 'user-1', desk.extension, desk.contact);
    // The caller accepts the re-INVITE that moves it to 110, talks 3 s more, then hangs up.
    const caller = sippCall(
      room.kamailio,
      'call-transferred.xml',
      { caller: callerNumber(11) },
      { holdMs: 3000 },
    );
    const answered = await until('answered at desk 1', () =>
      brain.liveCalls().find((c) => c.state === 'answered' && c.positionId === 'pos-1'),
    );
    await until('desk 1 on the call', () => phoneEvents(desk).includes('CALL_ESTABLISHED'));

    const startedAt = performance.now();
    await brain.transferOut(answered.sipCallId, 'polisi', 'user-1');
    const moved = await until('the call is with 110', () => {
      const c = brain.liveCall(answered.sipCallId);
      return c?.transferredOut === 'polisi' ? c : null;
    });
    const movedMs = performance.now() - startedAt;
    expect(moved).toMatchObject({
      state: 'answered',
      positionId: null,
      transferOut: null,
      transferredFrom: ['pos-1'],
    });
    await until('desk 1 hung up by the switch', () => phoneEvents(desk).includes('CALL_CLOSED'));
    expect(brain.positions().find((p) => p.id === 'pos-1')?.state).toBe('available');

    const result = await caller;
    expect(result.code, result.output).toBe(0);
    // 110 got an INVITE to 110 with an SDP, answered, and got the caller's BYE inside its dialog.
    const police110 = await agency.done;
    expect(police110.code, police110.output).toBe(0);
    await until('call ended', () => brain.liveCall(answered.sipCallId)?.state === 'ended');
    await brain.settled();

    const events = room.sink.events;
    expect(ofType(events, 'telephony.outside_transfer_started')[0]).toMatchObject({
      fromPositionId: 'pos-1',
      targetId: 'polisi',
      uri: agency.contact,
      actor: 'user-1',
    });
    expect(ofType(events, 'telephony.call_transferred_out')).toHaveLength(1);
    // The call's timeline in Pinisi's log (its call.* events).
    const timeline = events
      .filter((e) => e.type.startsWith('call.') && 'callId' in e && e.callId === answered.callId)
      .map((e) => e.type);
    expect(timeline).toEqual([
      'call.answered',
      'call.transfer_started',
      'call.transferred_out',
      'call.ended',
    ]);
    expect(room.sink.state.calls.get(answered.callId!)?.status).toBe('ended');
    console.info(`transfer to 110: command → caller moved ${movedMs.toFixed(0)} ms`);
  });

  it('keeps the caller at the desk when 110 is busy, with the code in the call’s timeline', async () => {
    agency = await startSippPhone('110', 'agency-busy.xml');
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const [desk] = room.phones as [(typeof room.phones)[0]];
    const { brain } = await room.startBrain({ wrapUpMs: 0, ...police(agency.contact) });
    await brain.login('pos-1', 'user-1', desk.extension, desk.contact);
    // The caller stays 8 s and hangs up; a re-INVITE or BYE meanwhile fails its scenario.
    const caller = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(12) }, { holdMs: 8000 });
    const answered = await until('answered at desk 1', () =>
      brain.liveCalls().find((c) => c.state === 'answered' && c.positionId === 'pos-1'),
    );
    await brain.transferOut(answered.sipCallId, 'polisi', 'user-1');
    const failed = await until(
      'the transfer failed',
      () => ofType(room!.sink.events, 'telephony.outside_transfer_failed')[0],
    );
    expect(failed).toMatchObject({ targetId: 'polisi', code: 486 });
    expect(brain.liveCall(answered.sipCallId)).toMatchObject({ state: 'answered', positionId: 'pos-1' });
    expect(ofType(room.sink.events, 'call.transfer_failed')[0]).toMatchObject({
      callId: answered.callId,
      targetId: 'polisi',
      code: 486,
    });
    expect(phoneEvents(desk)).not.toContain('CALL_CLOSED');
    const result = await caller;
    expect(result.code, result.output).toBe(0);
    await until('call ended', () => brain.liveCall(answered.sipCallId)?.state === 'ended');
    await brain.settled();
    expect(room.sink.state.calls.get(answered.callId!)).toMatchObject({
      status: 'ended',
      hungUpBy: 'caller',
    });
  });
});
