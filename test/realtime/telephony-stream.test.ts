// Telephony reaches the consoles on the one stream, with the same visibility rules: the centre sees desks, the queue,
// callers' locations and callbacks as events and in its snapshot; an agency liaison never sees any of it.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';

describe('telephony on the stream', () => {
  let pinisi: Running | null = null;
  afterEach(async () => {
    await pinisi?.stop();
    pinisi = null;
  });

  it('sends desks, calls with their location and blocks to the centre, nothing to an agency', async () => {
    pinisi = await startPinisi('sqlite');
    const operator = await Client.login(pinisi.url, 'operator1');
    const supervisor = await Client.login(pinisi.url, 'koordinator');
    const liaison = await Client.login(pinisi.url, 'opd-damkar');
    const start = (await operator.get<{ seq: number }>('/api/snapshot')).body.seq;
    const centre = await StreamClient.open(pinisi.url, operator.cookie, start);
    const agency = await StreamClient.open(pinisi.url, liaison.cookie, start);

    const desk = { positionId: 'meja-1', extension: '1001', contact: 'sip:1001@10.0.0.11:5060' };
    expect((await operator.post('/api/telephony/positions/login', desk)).status).toBe(200);
    const system = { userId: 'system:telephony', role: 'system' as const, agencyId: null };
    const here = {
      lat: -5.5588,
      lon: 120.1955,
      accuracyM: 20,
      confidence: null,
      source: 'pidf-lo' as const,
      method: 'gps',
      time: null,
    };
    const offered = await pinisi.engine.execute(
      'telephony.offer',
      {
        sipCallId: 'sip-1',
        number: '081234567890',
        fromTag: 't',
        location: here,
        outsideServiceArea: false,
        locationError: null,
      },
      system,
      'test:offer',
    );
    expect(offered.ok).toBe(true);
    const blocked = await supervisor.command<{ seq: number }>('telephony.block', {
      number: '081299998888',
      minutes: 30,
      reason: 'prank calls',
    });
    expect(blocked.status).toBe(200);

    await centre.waitForSeq(blocked.body.seq);
    expect(centre.events.map((e) => e.type)).toEqual([
      'telephony.position_signed_in',
      'call.registered',
      'telephony.call_offered',
      'telephony.call_ringing',
      'telephony.location_received',
      'telephony.number_blocked',
    ]);
    const location = centre.events.find((e) => e.type === 'telephony.location_received');
    expect(location).toMatchObject({
      sipCallId: 'sip-1',
      location: { lat: -5.5588, accuracyM: 20 },
      outsideServiceArea: false,
    });

    // The agency's stream stays silent; a later event it may see proves it was not merely slow.
    const snapshot = await operator.get<{
      telephony: {
        positions: Array<{ id: string; state: string }>;
        calls: Array<{ id: string; location: unknown }>;
      };
    }>('/api/snapshot');
    expect(snapshot.body.telephony.positions).toMatchObject([{ id: 'meja-1', state: 'ringing' }]);
    expect(snapshot.body.telephony.calls).toMatchObject([{ id: 'sip-1', location: { lat: -5.5588 } }]);
    const agencySnapshot = await liaison.get<{ telephony: unknown }>('/api/snapshot');
    expect(agencySnapshot.body.telephony).toBeNull();
    const unit = await liaison.command<{ seq: number }>('unit.set_status', {
      unitId: 'damkar-01',
      status: 'out_of_service',
    });
    expect(unit.status).toBe(200);
    await agency.waitForSeq(unit.body.seq);
    expect(agency.events.map((e) => e.type)).toEqual(['unit.status_changed']);
    await centre.close();
    await agency.close();
  });
});
