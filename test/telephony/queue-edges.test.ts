// Abandoned calls, the fail-safe hunt group while the brain is stopped or silent, PIDF-LO arriving with a call.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { callerNumber, missingTelephony, sippCall, until } from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

describe.skipIf(missing !== null)('queue edges through Kamailio', () => {
  let room: Room | null = null;
  afterEach(async () => {
    await room?.stop();
    room = null;
  });

  it('puts a caller who hangs up while waiting on the callback list', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const { brain } = await room.startBrain();
    // Nobody is logged in: the caller waits on ringback in the queue, then gives up after 3 s.
    const r = await sippCall(room.kamailio, 'cancel.xml', { caller: callerNumber(21) }, { holdMs: 3000 });
    expect(r.code, r.output).toBe(0);
    await until('abandoned call seen', () => brain.callbacks().length === 1);
    expect(brain.callbacks()[0]).toMatchObject({ number: callerNumber(21) });
    expect(brain.callbacks()[0]!.waitedMs).toBeGreaterThan(0);
    expect(brain.liveCalls()[0]).toMatchObject({ state: 'abandoned', endedBy: 'caller', answeredAt: null });
    expect(phoneEvents(room.phones[0]!)).toEqual([]); // nobody was rung, not even the hunt group
    await brain.settled();
    const [call] = [...room.sink.state.calls.values()];
    expect(call).toMatchObject({
      number: callerNumber(21),
      status: 'ended',
      answeredAt: null,
      endedBy: 'system',
    });
  });

  it('rings the fallback hunt group while the brain is stopped, and the brain learns of the call on return', async () => {
    room = await openRoom({
      phones: [
        { extension: '1001', answer: 'manual' },
        { extension: '1002', answer: 'auto' },
      ],
    });
    const r = await sippCall(room.kamailio, 'call.xml', { caller: callerNumber(31) }, { holdMs: 500 });
    expect(r.code, r.output).toBe(0);
    expect(phoneEvents(room.phones[0]!)).toContain('CALL_INCOMING'); // rung together…
    expect(phoneEvents(room.phones[1]!)).toContain('CALL_ESTABLISHED'); // …answered by the first to pick up
    expect(room.kamailio.log()).toMatch(/PINISI-FALLBACK callid=\S+ from=081200000031/);

    const { brain } = await room.startBrain();
    const learned = await until('fallback call replayed', () =>
      brain.liveCalls().find((c) => c.number === callerNumber(31) && c.state === 'ended'),
    );
    expect(learned).toMatchObject({ fallback: true, endedBy: 'caller' });
    expect(learned.answeredAt).not.toBeNull();
    await brain.settled();
    expect([...room.sink.state.calls.values()].map((c) => [c.number, c.status])).toEqual([
      [callerNumber(31), 'ended'],
    ]);
  });

  it('rings the fallback hunt group when the brain is connected but does not answer in time', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }], pinisiTimeoutMs: 1000 });
    // A connected client that never answers stands for a hung brain.
    const silent = connect({ host: '127.0.0.1', port: room.kamailio.evapiPort });
    let received = '';
    silent.on('data', (d) => {
      received += d;
    });
    await new Promise((r) => silent.once('connect', r));
    try {
      const r = await sippCall(room.kamailio, 'call.xml', { caller: callerNumber(41) }, { holdMs: 300 });
      expect(r.code, r.output).toBe(0);
      expect(received).toContain('"event":"offer"');
      expect(received).toContain('"event":"fallback"');
      expect(phoneEvents(room.phones[0]!)).toContain('CALL_ESTABLISHED');
      expect(room.kamailio.log()).toMatch(/PINISI-SILENT callid=/);
    } finally {
      silent.destroy();
    }
  });

  it('sends callers waiting in the queue to the hunt group as soon as the brain goes away', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const service = await room.startBrain();
    // Nobody is logged in, so the caller waits in Pinisi's queue…
    const call = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(61) }, { holdMs: 300 });
    await until('caller queued', () => service.brain.stats().length === 1);
    expect(phoneEvents(room.phones[0]!)).toEqual([]);
    // …until the brain stops: Kamailio's watchdog rings the hunt group.
    await service.stop();
    room.service = null;
    const r = await call;
    expect(r.code, r.output).toBe(0);
    expect(phoneEvents(room.phones[0]!)).toContain('CALL_ESTABLISHED');
    expect(room.kamailio.log()).toMatch(/PINISI-GONE/);
  });

  it('sends every caller waiting in the queue to the hunt group when the brain goes away, not only some', async () => {
    // One desk phone left ringing stands for the hunt group: it must ring once for each of the three callers.
    room = await openRoom({ phones: [{ extension: '1001', answer: 'manual' }] });
    const [phone] = room.phones as [(typeof room.phones)[0]];
    const service = await room.startBrain();
    const hangUp = new AbortController();
    const numbers = [71, 72, 73].map(callerNumber);
    const calls = numbers.map((caller) =>
      sippCall(room!.kamailio, 'call.xml', { caller }, { holdMs: 300, signal: hangUp.signal }),
    );
    try {
      await until('three callers queued', () => service.brain.stats().length === 3);
      expect(phoneEvents(phone)).toEqual([]);
      await service.stop();
      room.service = null;
      const rung = await until('the hunt group rings for all three', () => {
        const incoming = phone.events.filter((e) => e.type === 'CALL_INCOMING');
        return new Set(incoming.map((e) => e.id)).size === 3 ? incoming : null;
      });
      expect(rung).toHaveLength(3);
      const sent = [...room.kamailio.log().matchAll(/PINISI-FALLBACK callid=\S+ from=(\d+)/g)].map(
        (m) => m[1],
      );
      expect(sent.sort()).toEqual(numbers);
    } finally {
      hangUp.abort();
      await Promise.all(calls);
    }
  });

  it('takes a call without a caller number (withheld, or a phone without SIM card)', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const { brain } = await room.startBrain();
    brain.login('pos-1', 'user-1', room.phones[0]!.extension, room.phones[0]!.contact);
    const r = await sippCall(room.kamailio, 'call.xml', { caller: 'anonymous' }, { holdMs: 300 });
    expect(r.code, r.output).toBe(0);
    await until('call ended', () => brain.liveCalls()[0]?.state === 'ended');
    await brain.settled();
    expect(brain.liveCalls()[0]).toMatchObject({ number: null, answeredBy: 'user-1' });
    expect([...room.sink.state.calls.values()].map((c) => [c.number, c.status])).toEqual([[null, 'ended']]);
  });

  it('reads the PIDF-LO location that arrives with the call', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const { brain } = await room.startBrain();
    brain.login('pos-1', 'user-1', room.phones[0]!.extension, room.phones[0]!.contact);
    const r = await sippCall(room.kamailio, 'call-pidf.xml', { caller: callerNumber(51) }, { holdMs: 300 });
    expect(r.code, r.output).toBe(0);
    const call = brain.liveCalls()[0]!;
    expect(call.number).toBe(callerNumber(51));
    expect(call.location).toMatchObject({ lat: -5.5588, lon: 120.1955, accuracyM: 35, source: 'pidf-lo' });
    expect(call.answeredBy).toBe('user-1');
  });
});
