// Calls through real Kamailio to real baresip phones, routed by the brain: longest idle, queue order, ring-no-answer.
import { afterEach, describe, expect, it } from 'vitest';
import { callerNumber, missingTelephony, sippCall, sleep, until } from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

describe.skipIf(missing !== null)('routing through Kamailio', () => {
  let room: Room | null = null;
  afterEach(async () => {
    await room?.stop();
    room = null;
  });

  it('rings the call taker who has been idle longest, then the next', async () => {
    room = await openRoom({
      phones: [
        { extension: '1001', answer: 'auto' },
        { extension: '1002', answer: 'auto' },
      ],
    });
    const [a, b] = room.phones as [(typeof room.phones)[0], (typeof room.phones)[0]];
    const { brain } = await room.startBrain({ wrapUpMs: 0 });
    brain.login('pos-b', 'user-b', b.extension, b.contact); // idle since first
    await sleep(20);
    brain.login('pos-a', 'user-a', a.extension, a.contact);

    const first = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(1) }, { holdMs: 3000 });
    const answeredFirst = await until('first call answered', () =>
      brain.liveCalls().find((c) => c.number === callerNumber(1) && c.state === 'answered'),
    );
    const second = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(2) }, { holdMs: 500 });
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1.code, r1.output).toBe(0);
    expect(r2.code, r2.output).toBe(0);

    expect(answeredFirst.answeredBy).toBe('user-b');
    const secondCall = brain.liveCalls().find((c) => c.number === callerNumber(2));
    expect(secondCall?.answeredBy).toBe('user-a');
    expect(phoneEvents(b)).toContain('CALL_ESTABLISHED');
    expect(phoneEvents(a)).toContain('CALL_ESTABLISHED');

    // The real domain recorded both calls: registered by the system, answered by the call taker, ended.
    await until('both BYEs relayed', () => brain.liveCalls().every((c) => c.state === 'ended'));
    await brain.settled();
    const calls = [...room.sink.state.calls.values()];
    expect(calls.map((c) => [c.number, c.status, c.answeredBy]).sort()).toEqual([
      [callerNumber(1), 'ended', 'user-b'],
      [callerNumber(2), 'ended', 'user-a'],
    ]);
  });

  it('queues callers when everyone is busy and answers them in order of arrival', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const [phone] = room.phones as [(typeof room.phones)[0]];
    const { brain } = await room.startBrain({ wrapUpMs: 0 });
    brain.login('pos-1', 'user-1', phone.extension, phone.contact);

    const calls = [] as Promise<{ code: number | null; output: string }>[];
    for (let n = 1; n <= 3; n += 1) {
      calls.push(sippCall(room.kamailio, 'call.xml', { caller: callerNumber(n) }, { holdMs: 2500 }));
      await until(`call ${n} offered`, () => brain.liveCalls().some((c) => c.number === callerNumber(n)));
    }
    // While the first is on the line the other two wait in order, hearing ringback.
    const waiting = await until('two callers waiting', () =>
      brain.stats().length === 2 ? brain.stats() : null,
    );
    expect(waiting.available).toBe(0);
    expect(brain.acd.queue(Date.now()).map((c) => c.number)).toEqual([callerNumber(2), callerNumber(3)]);

    const results = await Promise.all(calls);
    for (const r of results) expect(r.code, r.output).toBe(0);
    const answered = brain
      .liveCalls()
      .sort((x, y) => (x.answeredAt ?? 0) - (y.answeredAt ?? 0))
      .map((c) => c.number);
    expect(answered).toEqual([callerNumber(1), callerNumber(2), callerNumber(3)]);
    expect(phoneEvents(phone).filter((t) => t === 'CALL_ESTABLISHED')).toHaveLength(3);
  });

  it('answers a blocked caller too, but after the callers who are not blocked', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const [phone] = room.phones as [(typeof room.phones)[0]];
    const { brain } = await room.startBrain({ wrapUpMs: 0 });
    brain.block(callerNumber(13), 3_600_000, 'five prank calls today', 'koordinator');
    brain.login('pos-1', 'user-1', phone.extension, phone.contact);
    const first = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(11) }, { holdMs: 2500 });
    await until('first answered', () => brain.liveCalls().some((c) => c.state === 'answered'));
    const blocked = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(13) }, { holdMs: 500 });
    await until('blocked caller waiting', () => brain.stats().length === 1);
    const normal = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(12) }, { holdMs: 500 });
    await until('both waiting', () => brain.stats().length === 2);
    expect(brain.acd.queue(Date.now()).map((c) => c.number)).toEqual([callerNumber(12), callerNumber(13)]);
    for (const r of await Promise.all([first, blocked, normal])) expect(r.code, r.output).toBe(0);
    const order = brain
      .liveCalls()
      .sort((x, y) => (x.answeredAt ?? 0) - (y.answeredAt ?? 0))
      .map((c) => [c.number, c.blockedReason]);
    expect(order).toEqual([
      [callerNumber(11), null],
      [callerNumber(12), null],
      [callerNumber(13), 'five prank calls today'],
    ]);
  });

  it('moves a call that rings unanswered to the next call taker', async () => {
    room = await openRoom({
      phones: [
        { extension: '1001', answer: 'manual' },
        { extension: '1002', answer: 'auto' },
      ],
    });
    const [absent, present] = room.phones as [(typeof room.phones)[0], (typeof room.phones)[0]];
    const { brain } = await room.startBrain({ ringTimeoutMs: 2000, wrapUpMs: 0 });
    brain.login('pos-absent', 'user-absent', absent.extension, absent.contact);
    await sleep(20);
    brain.login('pos-present', 'user-present', present.extension, present.contact);

    const r = await sippCall(room.kamailio, 'call.xml', { caller: callerNumber(7) }, { holdMs: 500 });
    expect(r.code, r.output).toBe(0);
    expect(phoneEvents(absent)).toContain('CALL_INCOMING');
    expect(phoneEvents(absent)).not.toContain('CALL_ESTABLISHED');
    expect(phoneEvents(present)).toContain('CALL_ESTABLISHED');
    const call = brain.liveCalls()[0]!;
    expect(call.answeredBy).toBe('user-present');
    expect(brain.acd.call(call.sipCallId)?.missedBy).toEqual(['pos-absent']);
    expect(brain.acd.position('pos-absent')?.missedInARow).toBe(1);
  });
});
