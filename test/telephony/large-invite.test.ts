// A 14 KB INVITE (SDP, a PIDF-LO polygon of 120 vertices and RFC 7852 additional data in one multipart body) over
// UDP, TCP and TLS: the desk phone rings with a plain SDP, Pinisi gets the whole body and reads the location, also
// when Pinisi was down and learns of the hunt-group call from the replay.
import { afterEach, describe, expect, it } from 'vitest';
import { callerNumber, missingTls, selfSignedCertificate, sippCall, until } from './harness.ts';
import { LARGE_CENTRE, LARGE_CONTENT_TYPE, largeBody, largeInviteScenario } from './large-invite.ts';
import { openRoom, phoneEvents, type Room } from './setup.ts';
import { tlsCall } from './stream-caller.ts';

const missing = missingTls();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

describe.skipIf(missing !== null)('a 14 KB INVITE', () => {
  let room: Room | null = null;
  afterEach(async () => {
    await room?.stop();
    room = null;
  });

  async function deskRoom(): Promise<Room> {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }], tls: selfSignedCertificate() });
    const desk = room.phones[0]!;
    const { brain } = await room.startBrain({ wrapUpMs: 0 });
    await brain.login('pos-1', 'user-1', desk.extension, desk.contact);
    return room;
  }

  /** The call reached the desk and ended, and Pinisi read the polygon's centre from the whole body. */
  async function expectRoutedWithLocation(r: Room, number: string): Promise<void> {
    const desk = r.phones[0]!;
    await until('the desk phone hung up', () => phoneEvents(desk).includes('CALL_CLOSED'));
    expect(phoneEvents(desk)).toContain('CALL_ESTABLISHED');
    await r.service!.brain.settled();
    const [call] = r.service!.brain.liveCalls();
    expect(call).toMatchObject({ number, answeredBy: 'user-1', state: 'ended' });
    expect(call!.location?.lat).toBeCloseTo(LARGE_CENTRE.lat, 6);
    expect(call!.location?.lon).toBeCloseTo(LARGE_CENTRE.lon, 6);
    expect(call!.location?.accuracyM).toBeGreaterThan(200);
    expect(r.kamailio.log()).not.toMatch(/PINISI-SILENT|PINISI-FALLBACK|ERROR/);
  }

  for (const transport of ['udp', 'tcp'] as const) {
    it(`is routed to a desk over ${transport.toUpperCase()} (SIPp)`, async () => {
      const r = await deskRoom();
      const number = callerNumber(transport === 'udp' ? 401 : 402);
      const scenario = largeInviteScenario(number);
      const result = await sippCall(r.kamailio, scenario, { caller: number }, { holdMs: 200, transport });
      expect(result.code, `${result.output}\n${r.kamailio.log()}`).toBe(0);
      await expectRoutedWithLocation(r, number);
    });
  }

  it('rings the hunt group over TCP while Pinisi is down, and Pinisi records it with its location on return', async () => {
    room = await openRoom({ phones: [{ extension: '1001', answer: 'auto' }] });
    const number = callerNumber(404);
    const result = await sippCall(
      room.kamailio,
      largeInviteScenario(number),
      { caller: number },
      {
        holdMs: 200,
        transport: 'tcp',
      },
    );
    expect(result.code, result.output).toBe(0);
    expect(room.kamailio.log()).toMatch(/PINISI-FALLBACK callid=\S+ from=\S+ reason=pinisi_down/);
    const { brain } = await room.startBrain();
    const call = await until('the outage call is recorded', () =>
      brain.liveCalls().find((c) => c.number === number && c.state === 'ended'),
    );
    expect(call).toMatchObject({ fallback: true });
    expect(call.location?.lat).toBeCloseTo(LARGE_CENTRE.lat, 6);
    expect(call.location?.lon).toBeCloseTo(LARGE_CENTRE.lon, 6);
  });

  it('is routed to a desk over TLS', async () => {
    const r = await deskRoom();
    const number = callerNumber(403);
    const sdp = (ip: string) => [
      'v=0',
      `o=caller 1 1 IN IP4 ${ip}`,
      's=-',
      `c=IN IP4 ${ip}`,
      't=0 0',
      'm=audio 40000 RTP/AVP 8',
      'a=rtpmap:8 PCMA/8000',
    ];
    const result = await tlsCall({
      port: r.kamailio.tlsPort!,
      caller: number,
      contentType: LARGE_CONTENT_TYPE,
      body: (ip) => largeBody(sdp(ip), number),
      holdMs: 200,
    });
    expect(result.inviteBytes).toBeGreaterThan(14_000);
    expect(result.inviteCodes).toContain(180);
    expect(result.inviteCodes.at(-1), r.kamailio.log()).toBe(200);
    expect(result.byeCode).toBe(200);
    await expectRoutedWithLocation(r, number);
  });
});
