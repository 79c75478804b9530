// Finding 10: a location given by reference (Geolocation URI, HELD) is fetched from a real local HTTP server beside the
// routing and recorded; one that cannot be fetched is recorded as "by reference, not fetched" with the reference.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainSink } from '../../../test/telephony/domain-sink.ts';
import { RFC6442_PIDF_LO } from '../location/fixtures/samples.ts';
import { TelephonyBrain } from './brain.ts';

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (req.url === '/loc/ok')
      res.writeHead(200, { 'content-type': 'application/pidf+xml' }).end(RFC6442_PIDF_LO);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

function setup() {
  const sent: Record<string, unknown>[] = [];
  const sink = new DomainSink();
  const brain = new TelephonyBrain({ commands: sink, locationFetchTimeoutMs: 2_000 });
  brain.attach((m) => {
    sent.push(m);
    return true;
  });
  return { brain, sink, sent };
}

const offer = (callId: string, geolocation: string) => ({
  event: 'offer',
  callId,
  fromTag: `${callId}-from`,
  fromUser: '081234567890',
  geolocation,
  contentType: 'application/sdp',
  body: 'v=0\r\n',
  tindex: 1,
  tlabel: 2,
});

describe('location by reference', () => {
  it('routes the call at once, then fetches the HELD URI (no angle brackets) and records point and civic address', async () => {
    const { brain, sink, sent } = setup();
    await brain.handle(offer('c1', `${base}/loc/ok;routing-allowed=no`));
    expect(sent[0]).toMatchObject({ action: 'wait' });
    await brain.settled();
    const call = sink.state.telephony.calls.get('c1');
    expect(call?.location).toMatchObject({ lat: 32.86726, lon: -97.16054, source: 'pidf-lo' });
    expect(call?.civicAddress).toContain('Colleyville');
    expect(call?.locationRefState).toBe('fetched');
    expect(call?.locationRef).toBe(`${base}/loc/ok`);
    expect(sink.events.map((e) => e.type)).toContain('telephony.location_dereferenced');
  });

  it('records a reference it cannot fetch, with the reason', async () => {
    const { brain, sink } = setup();
    await brain.handle(offer('c2', `<${base}/loc/missing>`));
    await brain.settled();
    const call = sink.state.telephony.calls.get('c2');
    expect(call?.location).toBeNull();
    expect(call?.locationRefState).toBe('failed');
    expect(call?.locationRef).toBe(`${base}/loc/missing`);
    expect(call?.locationError).toBe('the location server answered HTTP 404');
  });
});
