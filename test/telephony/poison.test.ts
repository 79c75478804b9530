// A poison call: an INVITE every desk phone refuses for its own media or body (real-time text or video only, SRTP on
// phones without it) goes to the hunt group at once, marked `refused`, without putting any desk on break; the next
// ordinary caller rings a desk as usual. Media shapes from the NG9-1-1 suite's text, video and SRTP cases.
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../src/domain/events.ts';
import { callerNumber, missingTelephony, sippCall, until } from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

const fallbacks = (events: DomainEvent[]) =>
  events.flatMap((e) => (e.type === 'telephony.call_fallback' ? [e.reason] : []));

describe.skipIf(missing !== null)('a call no desk phone can take', () => {
  let room: Room | null = null;
  afterEach(async () => {
    await room?.stop();
    room = null;
  });

  for (const [what, media] of [
    [
      'real-time text only',
      { medium: 'text', mport: '30000', profile: 'RTP/AVP', fmt: '98', codec: 't140/1000' },
    ],
    ['video only', { medium: 'video', mport: '30002', profile: 'RTP/AVP', fmt: '96', codec: 'H264/90000' }],
    ['SRTP', { medium: 'audio', mport: '30004', profile: 'RTP/SAVP', fmt: '8', codec: 'PCMA/8000' }],
  ] as const) {
    it(`${what}: hunt group at once, marked refused, no desk on break, the next caller rings a desk`, async () => {
      room = await openRoom({
        phones: [
          { extension: '1001', answer: 'auto' },
          { extension: '1002', answer: 'auto' },
        ],
      });
      const [a, b] = room.phones as [Room['phones'][0], Room['phones'][0]];
      const { brain } = await room.startBrain({ wrapUpMs: 0, missesBeforeBreak: 1 });
      await brain.login('pos-1', 'user-1', a.extension, a.contact);
      await brain.login('pos-2', 'user-2', b.extension, b.contact);

      const poison = await sippCall(room.kamailio, 'call-media.xml', { caller: callerNumber(400), ...media });
      expect(poison.code, poison.output).toBe(0);
      await brain.settled();
      expect(fallbacks(room.sink.events)).toEqual(['refused']);
      expect(room.kamailio.log()).toMatch(/PINISI-FALLBACK callid=\S+ from=\S+ reason=refused/);
      const refusals = room.sink.events.flatMap((e) => (e.type === 'telephony.ring_failed' ? [e.miss] : []));
      expect(refusals).toEqual([false, false]);
      expect(brain.positions().map((p) => [p.state, p.missedInARow])).toEqual([
        ['available', 0],
        ['available', 0],
      ]);

      const ordinary = await sippCall(
        room.kamailio,
        'call.xml',
        { caller: callerNumber(401) },
        { holdMs: 200 },
      );
      expect(ordinary.code, ordinary.output).toBe(0);
      await brain.settled();
      const answered = brain.liveCalls().find((c) => c.number === callerNumber(401));
      expect(answered).toMatchObject({ fallback: false, state: 'ended' });
      expect(['user-1', 'user-2']).toContain(answered?.answeredBy);
      await until('a desk phone took the call', () =>
        [a, b].some((p) => phoneEvents(p).includes('CALL_ESTABLISHED')),
      );
    });
  }
});
