// A call in hand when Pinisi died that ended during the outage: closed from Kamailio's journal when Pinisi is back,
// with who hung up, so it does not stay "answered" forever in the call taker's hand.
import { afterEach, describe, expect, it } from 'vitest';
import { startTelephony } from '../../src/intake/telephony/service.ts';
import { callerNumber, missingTelephony, sippCall, until } from './harness.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

describe.skipIf(missing !== null)('calls that ended while Pinisi was down', () => {
  let room: Room | null = null;
  afterEach(async () => {
    await room?.stop();
    room = null;
  });

  it('closes an answered call whose caller hung up during the outage, once Pinisi reconnects', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const [desk] = room.phones as [(typeof room.phones)[0]];
    const first = await room.startBrain({ wrapUpMs: 0 });
    await first.brain.login('pos-1', 'user-1', desk.extension, desk.contact);
    const call = sippCall(room.kamailio, 'call.xml', { caller: callerNumber(71) }, { holdMs: 2500 });
    await until('answered at the desk', () => first.brain.liveCalls()[0]?.state === 'answered');
    await first.brain.settled();

    // Pinisi goes away with the call in hand; the caller hangs up meanwhile.
    await first.stop();
    room.service = null;
    const r = await call;
    expect(r.code, r.output).toBe(0);
    await until('desk phone hung up', () => phoneEvents(desk).includes('CALL_CLOSED'));
    const sink = room.sink;
    const [pinisiCall] = [...sink.state.calls.values()];
    expect(pinisiCall?.status).toBe('answered'); // what the log knew when Pinisi went away

    // Pinisi is back on the same log: Kamailio's journal closes the call.
    const second = startTelephony(room.kamailio.evapi, { commands: sink });
    room.service = second;
    await until('call closed', () => second.brain.liveCalls()[0]?.state === 'ended');
    await second.brain.settled();
    expect(second.brain.liveCalls()[0]).toMatchObject({ endedBy: 'caller', answeredBy: 'user-1' });
    expect(sink.state.calls.get(pinisiCall!.id)?.status).toBe('ended');
    expect(second.brain.positions()[0]).toMatchObject({ id: 'pos-1', state: 'available', callId: null });
  });
});
