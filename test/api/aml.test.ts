// AML fails closed: refused until a secret is configured, refused from addresses off the allow-list, and an accepted
// message answers the same whether or not its number is on a live call (the audit's spoof and on-a-call oracle).
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { type Running, startPinisi } from '../support/pinisi.ts';

const SECRET = 'rahasia-aml-bulukumba';
const ON_CALL = '081234500081';
const NOT_ON_CALL = '081234500082';

const amlBody = (number: string) =>
  `v=1&emergency_number=112&source=call&location_latitude=-5.5588&location_longitude=120.1955&location_accuracy=20&location_source=gps&device_number=${number}`;

async function sendAml(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/api/aml`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('AML endpoint', () => {
  let running: Running | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  async function start(config: Partial<Config>): Promise<Running> {
    running = await startPinisi('sqlite', { config });
    // A 112 call from ON_CALL is ringing on the switch (the event Kamailio sends for an INVITE).
    running.telephony.brain.handle({
      event: 'offer',
      callId: 'aml-call-1',
      fromTag: 'aml-from-1',
      fromUser: ON_CALL,
      tindex: 1,
      tlabel: 101,
    });
    await running.telephony.brain.settled();
    return running;
  }
  const liveLocation = (pinisi: Running) => pinisi.telephony.brain.liveCall('aml-call-1')?.location ?? null;

  it('refuses every message while no secret is configured, and attaches nothing to the live call', async () => {
    const pinisi = await start({ amlSecret: null });
    const tries: Record<string, string>[] = [{}, { 'x-aml-secret': 'anything-at-all-here' }];
    for (const headers of tries) {
      const answer = await sendAml(pinisi.url, amlBody(ON_CALL), headers);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.text).error.code).toBe('aml.disabled');
    }
    const sms = await fetch(`${pinisi.url}/api/aml/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: ON_CALL,
        text: 'A"ML=1;lt=-5.5588;lg=+120.1955;rd=14;top=20220131171748',
      }),
    });
    expect(sms.status).toBe(403);
    expect(liveLocation(pinisi)).toBeNull();
  });

  it('refuses a wrong or missing secret, and says nothing about the number', async () => {
    const pinisi = await start({ amlSecret: SECRET });
    const missing = await sendAml(pinisi.url, amlBody(ON_CALL));
    const wrong = await sendAml(pinisi.url, amlBody(ON_CALL), { 'x-aml-secret': `${SECRET}x` });
    const wrongOther = await sendAml(pinisi.url, amlBody(NOT_ON_CALL), { 'x-aml-secret': `${SECRET}x` });
    for (const answer of [missing, wrong]) expect(answer.status).toBe(401);
    expect(wrong.text).toBe(wrongOther.text);
    expect(liveLocation(pinisi)).toBeNull();
  });

  it('answers an accepted message the same whether or not its number is on a call, and marks the source', async () => {
    const pinisi = await start({ amlSecret: SECRET });
    const onCall = await sendAml(pinisi.url, amlBody(ON_CALL), { 'x-aml-secret': SECRET });
    const notOnCall = await sendAml(pinisi.url, amlBody(NOT_ON_CALL), { 'x-aml-secret': SECRET });
    const broken = await sendAml(pinisi.url, 'location_latitude=abc&device_number=%ZZ', {
      'x-aml-secret': SECRET,
    });
    expect(onCall.status).toBe(200);
    expect(onCall.text).toBe(notOnCall.text);
    expect(onCall.text).toBe(broken.text);
    expect(onCall.text).not.toContain('aml-call-1');
    expect(liveLocation(pinisi)).toMatchObject({ lat: -5.5588, accuracyM: 20, source: 'aml-http' });
  });

  it('refuses senders outside the configured allow-list even with the right secret', async () => {
    const pinisi = await start({ amlSecret: SECRET, amlAllow: ['10.20.30.0/24'] });
    const answer = await sendAml(pinisi.url, amlBody(ON_CALL), { 'x-aml-secret': SECRET });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text).error.code).toBe('aml.address');
    expect(liveLocation(pinisi)).toBeNull();
    await pinisi.stop();

    running = await start({ amlSecret: SECRET, amlAllow: ['10.20.30.0/24', '127.0.0.1'] });
    const allowed = await sendAml(running.url, amlBody(ON_CALL), { 'x-aml-secret': SECRET });
    expect(allowed.status).toBe(200);
    expect(liveLocation(running)).toMatchObject({ source: 'aml-http' });
  });
});
