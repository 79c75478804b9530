// INVITEs as NG9-1-1 and IMS networks send them (modelled on the public NG9-1-1 suite's SIPp cases): any Request-URI
// is normalised before the transaction (ringback, offer, desk or hunt group, recorded), and the desk phone gets a
// plain SDP whatever the multipart shape, while Pinisi still reads the PIDF-LO part.
import { afterEach, describe, expect, it } from 'vitest';
import { callerNumber, missingTelephony, sippCall, startSippPhone, until } from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

describe.skipIf(missing !== null)('NG9-1-1 shaped calls', () => {
  let room: Room | null = null;
  afterEach(async () => {
    await room?.stop();
    room = null;
  });

  async function deskRoom(): Promise<Room> {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const desk = room.phones[0]!;
    const { brain } = await room.startBrain({ wrapUpMs: 0 });
    await brain.login('pos-1', 'user-1', desk.extension, desk.contact);
    return room;
  }

  it('rings a desk for every Request-URI a network may send, with ringback, and records each call', async () => {
    const r = await deskRoom();
    const desk = r.phones[0]!;
    const dialled = ['urn:service:test:sos', '911', 'test_incorrect', 'urn:service:sos.police', 'tel:112'];
    for (const [i, ruri] of dialled.entries()) {
      const result = await sippCall(
        r.kamailio,
        'call-uri.xml',
        { caller: callerNumber(300 + i), ruri },
        { holdMs: 200 },
      );
      expect(result.code, `${ruri}: ${result.output}`).toBe(0);
      await until(
        `${ruri} answered`,
        () => phoneEvents(desk).filter((t) => t === 'CALL_CLOSED').length > i || null,
      );
    }
    await r.service!.brain.settled();
    const offered = r.sink.events.flatMap((e) => (e.type === 'telephony.call_offered' ? [e.number] : []));
    expect(offered).toEqual(dialled.map((_, i) => callerNumber(300 + i)));
    const answered = r.sink.events.filter((e) => e.type === 'telephony.call_answered');
    expect(answered).toHaveLength(dialled.length);
    expect(r.kamailio.log()).not.toMatch(/\b479\b|uri invalid/);
  });

  it('rings the hunt group for a call to an unparsable Request-URI while Pinisi is down, and records it on return', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const result = await sippCall(
      room.kamailio,
      'call-uri.xml',
      { caller: callerNumber(310), ruri: 'urn:service:test:sos' },
      { holdMs: 200 },
    );
    expect(result.code, result.output).toBe(0);
    expect(room.kamailio.log()).toMatch(/PINISI-FALLBACK callid=\S+ from=\S+ reason=pinisi_down/);
    const { brain } = await room.startBrain();
    await until(
      'the outage call is recorded',
      () => brain.liveCalls().find((c) => c.state === 'ended') ?? null,
    );
    expect(brain.liveCalls()[0]).toMatchObject({ number: callerNumber(310), fallback: true, state: 'ended' });
  });

  for (const [scenario, located] of [
    ['multipart-part-headers.xml', true],
    ['multipart-nested.xml', true],
    ['multipart-no-boundary.xml', false],
  ] as const) {
    it(`gives the desk phone a plain SDP: ${scenario}`, async () => {
      const r = await deskRoom();
      const desk = r.phones[0]!;
      const result = await sippCall(r.kamailio, scenario, { caller: callerNumber(320) }, { holdMs: 200 });
      expect(result.code, `${result.output}\n${desk.log()}`).toBe(0);
      expect(phoneEvents(desk)).toContain('CALL_ESTABLISHED');
      await r.service!.brain.settled();
      const [call] = r.service!.brain.liveCalls();
      expect(call).toMatchObject({ number: callerNumber(320), answeredBy: 'user-1' });
      if (located) expect(call!.location).toMatchObject({ lat: -5.4172, lon: 120.2374, source: 'pidf-lo' });
    });

    it(`a strict phone (plain SDP or 415) answers ${scenario}`, async () => {
      room = await openRoom({ phones: [] });
      const strict = await startSippPhone('1009', 'desk-strict.xml');
      try {
        const { brain } = await room.startBrain({ wrapUpMs: 0 });
        await brain.login('pos-9', 'user-9', '1009', strict.contact);
        const result = await sippCall(
          room.kamailio,
          scenario,
          { caller: callerNumber(330) },
          { holdMs: 200 },
        );
        expect(result.code, result.output).toBe(0);
        const phone = await strict.done;
        expect(phone.output).not.toMatch(/415 Unsupported/);
        await brain.settled();
        expect(brain.liveCalls()[0]).toMatchObject({ answeredBy: 'user-9', state: 'ended' });
      } finally {
        await strict.stop();
      }
    });
  }
});
