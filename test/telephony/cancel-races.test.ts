// Hang-ups at the edges of a ring: a caller's CANCEL is never the desk's miss nor an answered call, ring_failed names
// the desk rung, and a call's end records who hung up as the switch saw it (caller or call taker).
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.ts';
import { callerNumber, missingTelephony, sippCall, startSippPhone, until } from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

const ofType = <T extends DomainEvent['type']>(events: DomainEvent[], type: T) =>
  events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);

describe.skipIf(missing !== null)('hang-ups racing the ring', () => {
  let room: Room | null = null;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
    await room?.stop();
    room = null;
  });

  /** A hunt-group phone (SIPp) that picks up only once the caller's CANCEL has reached it. */
  async function crossingHuntPhone() {
    const hunt = await startSippPhone('1900', 'hunt-answer-crosses-cancel.xml');
    cleanups.push(() => hunt.stop());
    room = await openRoom({ phones: [], huntContacts: [hunt.contact] });
    return hunt;
  }

  it('a hunt phone’s 200 crossing the CANCEL while Pinisi is down: abandoned, on the callback list', async () => {
    const hunt = await crossingHuntPhone();
    const caller = await sippCall(
      room!.kamailio,
      'cancel-crossed.xml',
      { caller: callerNumber(501) },
      { holdMs: 500 },
    );
    expect(caller.code, caller.output).toBe(0);
    await hunt.stop();
    const { brain } = await room!.startBrain();
    await until('the outage call is recorded', () => brain.liveCalls()[0]?.state === 'abandoned' || null);
    await brain.settled();
    expect(brain.callbacks().map((c) => c.number)).toEqual([callerNumber(501)]);
    expect(ofType(room!.sink.events, 'telephony.call_answered')).toEqual([]);
    expect([...room!.sink.state.calls.values()][0]).toMatchObject({ answeredAt: null, hungUpBy: 'caller' });
  });

  it('a hunt phone’s 200 crossing the CANCEL while Pinisi is up: abandoned, on the callback list', async () => {
    const hunt = await crossingHuntPhone();
    const { brain } = await room!.startBrain({ noDeskFallbackMs: 0 });
    const caller = await sippCall(
      room!.kamailio,
      'cancel-crossed.xml',
      { caller: callerNumber(502) },
      { holdMs: 800 },
    );
    expect(caller.code, caller.output).toBe(0);
    await hunt.stop();
    await until('abandoned', () => brain.liveCalls()[0]?.state === 'abandoned' || null);
    await brain.settled();
    expect(brain.liveCalls()[0]).toMatchObject({ state: 'abandoned', answeredAt: null });
    expect(brain.callbacks().map((c) => c.number)).toEqual([callerNumber(502)]);
    expect(room!.kamailio.log()).not.toMatch(/"event":"answered"/);
  });

  it('ring_failed names the desk rung, and a no-answer is its miss', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'manual' }], huntGroup: [] });
    const desk = room.phones[0]!;
    const { brain } = await room.startBrain({ ringTimeoutMs: 1000, noDeskFallbackMs: 60_000 });
    const raw: Array<Record<string, unknown>> = [];
    const handle = brain.handle.bind(brain);
    brain.handle = (message) => {
      raw.push(message);
      return handle(message);
    };
    await brain.login('pos-1', 'user-1', desk.extension, desk.contact);
    const ac = new AbortController();
    const call = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(503) }, { signal: ac.signal });
    await until('ring failed', () => raw.find((m) => m.event === 'ring_failed'), 20_000);
    ac.abort();
    await call;
    expect(raw.find((m) => m.event === 'ring_failed')).toMatchObject({ target: desk.contact, code: 408 });
  });

  it('a CANCEL at any moment of the ring is no desk’s miss and no ring_failed 500', async () => {
    const desk = await startSippPhone('1001', 'desk-until-cancel.xml', 10);
    cleanups.push(() => desk.stop());
    room = await openRoom({ phones: [], huntContacts: [desk.contact] });
    const { brain } = await room.startBrain({ missesBeforeBreak: 1 });
    await brain.login('pos-1', 'user-1', '1001', desk.contact);
    // Callers hang up 0–90 ms after ringback: before Pinisi decides, while the INVITE goes to the desk, while it rings.
    for (let i = 0; i < 10; i++) {
      const r = await sippCall(
        room.kamailio,
        'cancel.xml',
        { caller: callerNumber(510 + i) },
        { holdMs: i * 10 },
      );
      expect(r.code, r.output).toBe(0);
    }
    await until('ten abandoned calls', () => brain.callbacks().length === 10 || null);
    await brain.settled();
    expect(ofType(room.sink.events, 'telephony.ring_failed')).toEqual([]);
    expect(brain.acd.position('pos-1')).toMatchObject({ state: 'available', missedInARow: 0 });
  });

  it('records who hung up: the caller, or the call taker', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const desk = room.phones[0]!;
    const { brain } = await room.startBrain({ wrapUpMs: 0 });
    await brain.login('pos-1', 'user-1', desk.extension, desk.contact);

    const byCaller = await sippCall(
      room.kamailio,
      'call.xml',
      { caller: callerNumber(520) },
      { holdMs: 200 },
    );
    expect(byCaller.code, byCaller.output).toBe(0);
    const byDesk = sippCall(room.kamailio, 'call-held.xml', { caller: callerNumber(521) });
    await until(
      'second call answered',
      () => phoneEvents(desk).filter((t) => t === 'CALL_ESTABLISHED').length === 2,
    );
    desk.command('hangup');
    const r = await byDesk;
    expect(r.code, r.output).toBe(0);
    await until('both ended', () => ofType(room!.sink.events, 'call.ended').length === 2 || null);
    await brain.settled();
    const ended = [...room.sink.state.calls.values()].map((c) => [c.number, c.hungUpBy, c.endedBy]);
    expect(ended).toEqual([
      [callerNumber(520), 'caller', 'system'],
      [callerNumber(521), 'call_taker', 'user-1'],
    ]);
  });
});
