// A desk rung again within one call attempt: the phone accepts the second INVITE (no 482) and it is not a miss.
import { afterEach, describe, expect, it } from 'vitest';
import { callerNumber, missingTelephony, sippCall, until } from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

describe.skipIf(missing !== null)('re-ringing the only free desk', () => {
  let room: Room | null = null;
  afterEach(async () => {
    await room?.stop();
    room = null;
  });

  it('rings the same desk again after a no-answer, and the call taker picks up the second ring', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'manual' }] });
    const [desk] = room.phones as [(typeof room.phones)[0]];
    const { brain } = await room.startBrain({ ringTimeoutMs: 1500, wrapUpMs: 0 });
    await brain.login('pos-1', 'user-1', desk.extension, desk.contact);

    const call = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(81) }, { holdMs: 300 });
    await until(
      'rung twice',
      () => phoneEvents(desk).filter((t) => t === 'CALL_INCOMING').length >= 2,
      30_000,
    );
    desk.command('accept');
    const r = await call;
    expect(r.code, r.output).toBe(0);
    await brain.settled();
    const [live] = brain.liveCalls();
    expect(live).toMatchObject({ answeredBy: 'user-1', fallback: false });
    expect(brain.acd.position('pos-1')).toMatchObject({ missedInARow: 0 });
    // A 482 reply, not digits inside a port number such as 34825.
    expect(room.kamailio.log()).not.toMatch(/\b482\b|Loop Detected/);
    const failures = room.sink.events.filter((e) => e.type === 'telephony.ring_failed');
    expect(failures.map((e) => (e as { code: number | null }).code)).toEqual([408]);
  });
});
