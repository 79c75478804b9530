// Pinisi up but no desk able to answer: the caller reaches the switch's hunt group within the no-desk delay (or as
// soon as every desk has failed the call), never after the queue's maximum wait, and the event says why.
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.ts';
import { callerNumber, freePort, missingTelephony, sippCall, until } from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

const fallbackReasons = (events: DomainEvent[]) =>
  events.flatMap((e) => (e.type === 'telephony.call_fallback' ? [e.reason] : []));

describe.skipIf(missing !== null)('no desk can answer', () => {
  let room: Room | null = null;
  afterEach(async () => {
    await room?.stop();
    room = null;
  });

  /** Places a call and waits for the hunt group's phone to pick up; the INVITE → answer time is printed. */
  async function callReachesHuntGroup(n: number, what: string): Promise<void> {
    const hunt = room!.phones[0]!;
    const started = Date.now();
    const call = sippCall(room!.kamailio, 'call.xml', { caller: callerNumber(n) }, { holdMs: 300 });
    await until(`${what}: hunt group answers`, () => phoneEvents(hunt).includes('CALL_ESTABLISHED'), 20_000);
    console.info(`${what}: INVITE → hunt group answered in ${Date.now() - started} ms`);
    const r = await call;
    expect(r.code, r.output).toBe(0);
  }

  it('rings the hunt group when nobody is signed in', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const { brain } = await room.startBrain({ noDeskFallbackMs: 1000 });
    await callReachesHuntGroup(91, 'nobody signed in');
    // The caller's BYE reaches Pinisi after SIPp has finished: wait for the call's end, not for a moment.
    await until('the hunt-group call has ended in Pinisi', () => brain.liveCalls()[0]?.state === 'ended');
    await brain.settled();
    expect(fallbackReasons(room.sink.events)).toEqual(['no_desk']);
    expect(brain.liveCalls()[0]).toMatchObject({ number: callerNumber(91), fallback: true, state: 'ended' });
    expect(room.kamailio.log()).toMatch(/PINISI-FALLBACK callid=\S+ from=\S+ reason=no_desk/);
    expect(room.kamailio.log()).not.toMatch(/PINISI-SILENT|QUEUE-TIMEOUT/);
  });

  it('rings the hunt group when every desk signed in is on break', async () => {
    room = await openRoom({
      phones: [
        { extension: '1001', answer: 'auto' },
        { extension: '1002', answer: 'manual' },
      ],
      huntGroup: ['1001'],
    });
    const desk = room.phones[1]!;
    const { brain } = await room.startBrain({ noDeskFallbackMs: 1000 });
    await brain.login('pos-2', 'user-2', desk.extension, desk.contact);
    await room.sink.execute('telephony.take_break', { positionId: 'pos-2', reason: 'sholat' }, 'break-1', {
      userId: 'user-2',
      role: 'call_taker',
      agencyId: null,
    });
    await callReachesHuntGroup(92, 'all desks on break');
    await brain.settled();
    expect(fallbackReasons(room.sink.events)).toEqual(['no_desk']);
    expect(phoneEvents(desk)).toEqual([]);
  });

  it('rings the hunt group once every desk failed the call (phones unreachable)', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const { brain } = await room.startBrain({ noDeskFallbackMs: 60_000, reRingGapMs: 500 });
    // Two desks whose phones are switched off: nothing listens at their addresses, every ring times out (408).
    for (const n of [1, 2]) {
      const port = await freePort();
      await brain.login(`pos-${n}`, `user-${n}`, `200${n}`, `sip:200${n}@127.0.0.1:${port}`);
    }
    await callReachesHuntGroup(93, 'all desks unreachable');
    await brain.settled();
    expect(fallbackReasons(room.sink.events)).toEqual(['all_failed']);
    const failed = room.sink.events.flatMap((e) =>
      e.type === 'telephony.ring_failed' ? [e.positionId] : [],
    );
    expect(failed.sort()).toEqual(['pos-1', 'pos-2']);
    // One missed ring each: nobody was put on break for it.
    expect(brain.positions().map((p) => p.state)).toEqual(['available', 'available']);
  });
});
