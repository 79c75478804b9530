// The brain between Kamailio and Pinisi: decisions sent to the switch, commands to the real domain, replays, AML.
import { describe, expect, it } from 'vitest';
import { DomainSink } from '../../../test/telephony/domain-sink.ts';
import type { CallerLocation } from '../location/types.ts';
import { TelephonyBrain } from './brain.ts';

function setup() {
  let now = 1_000_000;
  const sent: Record<string, unknown>[] = [];
  const sink = new DomainSink({ now: () => now, acd: { wrapUpMs: 5_000 } });
  const brain = new TelephonyBrain({ now: () => now, commands: sink });
  brain.attach((m) => {
    sent.push(m);
    return true;
  });
  return {
    brain,
    sink,
    sent,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const offer = (callId: string, fromUser: string | null, tindex = 1) => ({
  event: 'offer',
  callId,
  fromTag: `${callId}-from`,
  fromUser,
  tindex,
  tlabel: 100 + tindex,
});

const HERE: CallerLocation = {
  lat: -5.5588,
  lon: 120.1955,
  accuracyM: 20,
  confidence: null,
  source: 'aml-http',
  method: 'gps',
  time: null,
};

describe('TelephonyBrain', () => {
  it('rings the free call taker and records the call through the domain: registered, answered once, ended', async () => {
    const { brain, sink, sent } = setup();
    await brain.login('p1', 'operator1', '1001', 'sip:1001@10.0.0.11:5060');
    await brain.handle(offer('c1', '081234567890'));
    expect(sent).toEqual([
      { tindex: 1, tlabel: 101, action: 'ring', target: 'sip:1001@10.0.0.11:5060', ringMs: 15_000 },
    ]);
    await brain.handle({ event: 'answered', callId: 'c1', contact: '<sip:1001@10.0.0.11:5060>' });
    await brain.handle({ event: 'answered', callId: 'c1', contact: '<sip:1001@10.0.0.11:5060>' }); // retransmitted 200 OK
    await brain.handle({ event: 'ended', callId: 'c1', fromTag: 'c1-from' });
    await brain.settled();
    expect(sink.events.filter((e) => e.type.startsWith('call.')).map((e) => [e.type, e.actor])).toEqual([
      ['call.registered', 'system'],
      ['call.answered', 'operator1'],
      ['call.ended', 'system'],
    ]);
    expect(brain.liveCall('c1')).toMatchObject({
      state: 'ended',
      endedBy: 'caller',
      answeredBy: 'operator1',
    });
    expect(brain.positions()[0]?.state).toBe('wrap_up');
    expect(brain.decisionLatenciesMs).toHaveLength(1);
  });

  it('tells Kamailio to hold a caller when nobody is free, and rings the held call when someone logs in', async () => {
    const { brain, sent } = setup();
    await brain.handle(offer('c1', null));
    expect(sent).toEqual([{ tindex: 1, tlabel: 101, action: 'wait', maxWaitMs: 300_000 }]);
    await brain.handle({ event: 'waiting', callId: 'c1', tindex: 7, tlabel: 8 });
    expect(sent).toHaveLength(1); // held: nothing more to say
    await brain.login('p1', 'operator1', '1001', 'sip:1001@h');
    expect(sent[1]).toEqual({ tindex: 7, tlabel: 8, action: 'ring', target: 'sip:1001@h', ringMs: 15_000 });
  });

  it('keeps a ring decided while no suspension is held and delivers it on the next one', async () => {
    const { brain, sent } = setup();
    await brain.handle(offer('c1', null));
    await brain.login('p1', 'operator1', '1001', 'sip:1001@h'); // Kamailio has not yet re-suspended the call
    expect(sent).toHaveLength(1);
    await brain.handle({ event: 'waiting', callId: 'c1', tindex: 7, tlabel: 8 });
    expect(sent[1]).toMatchObject({ tindex: 7, action: 'ring', target: 'sip:1001@h' });
  });

  it('moves on after a failed ring and puts an abandoned caller on the callback list', async () => {
    const { brain, sent, sink } = setup();
    await brain.login('p1', 'a', '1001', 'sip:1001@h');
    await brain.login('p2', 'b', '1002', 'sip:1002@h');
    await brain.handle(offer('c1', '0811'));
    await brain.handle({ event: 'ring_failed', callId: 'c1', tindex: 2, tlabel: 3, code: 408 });
    expect(sent[1]).toMatchObject({ tindex: 2, action: 'ring', target: 'sip:1002@h' });
    await brain.handle({ event: 'abandoned', callId: 'c1', fromTag: 'c1-from' });
    expect(brain.callbacks().map((c) => c.number)).toEqual(['0811']);
    await brain.settled();
    expect([...sink.state.calls.values()][0]).toMatchObject({ status: 'ended', answeredAt: null });
  });

  it('on reconnection asks for the calls rung on the hunt group, records them and lets Kamailio forget them', async () => {
    const { brain, sent, sink } = setup();
    brain.connected();
    expect(sent).toEqual([{ action: 'replay' }]);
    const record = {
      event: 'fallback',
      replayed: true,
      callId: 'f1',
      fromTag: 'f1-from',
      fromUser: '0822',
      fallbackAt: '1795830001.0',
      answeredAt: '1795830003.0',
      endedAt: '1795830010.0',
      endedFromTag: 'f1-from',
    };
    await brain.handle(record);
    await brain.handle(record); // replayed again by a second reconnection: recorded once
    await brain.settled();
    expect(sent.filter((m) => m.action === 'forget')).toEqual([{ action: 'forget', callId: 'f1' }]);
    expect(brain.liveCall('f1')).toMatchObject({ fallback: true, state: 'ended', endedBy: 'caller' });
    expect([...sink.state.calls.values()].map((c) => [c.number, c.status])).toEqual([['0822', 'ended']]);
  });

  it('attaches an AML location to the live call of the same number, or keeps it a while for the call to come', async () => {
    const { brain, advance } = setup();
    await brain.handle(offer('c1', '081234567890'));
    expect((await brain.offerLocation('+6281234567890', HERE))?.sipCallId).toBe('c1');
    expect(brain.liveCall('c1')).toMatchObject({ location: HERE, outsideServiceArea: false });

    expect(await brain.offerLocation('0899', HERE)).toBeNull();
    await brain.handle(offer('c2', '0899', 2));
    expect(brain.liveCall('c2')?.location).toEqual(HERE);

    await brain.offerLocation('0877', { ...HERE, lat: 51.5, lon: -0.1 });
    advance(300_001);
    await brain.handle(offer('c3', '0877', 3));
    expect(brain.liveCall('c3')?.location).toBeNull();
  });

  it('marks a blocked caller and a location outside the service area', async () => {
    const { brain } = setup();
    await brain.block('0811', 60_000, 'prank calls', 'koordinator');
    await brain.offerLocation('0811', { ...HERE, lat: 51.5, lon: -0.1 });
    await brain.handle(offer('c1', '0811'));
    expect(brain.liveCall('c1')).toMatchObject({ blockedReason: 'prank calls', outsideServiceArea: true });
  });
});
