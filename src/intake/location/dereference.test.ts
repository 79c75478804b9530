// Location by reference fetched from a real local HTTP server: HELD POST, GET fallback, errors, slow and broken servers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dereferenceLocation } from './dereference.ts';
import { ASTERISK_PIDF_LO_TEST_XML, RFC6442_PIDF_LO } from './fixtures/samples.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const routes: Record<string, Handler> = {
  // A HELD server: answers a locationRequest with a locationResponse that holds the PIDF-LO.
  '/held': (req, res, body) => {
    if (req.method !== 'POST' || !body.includes('locationRequest')) return void res.writeHead(400).end();
    res.writeHead(200, { 'content-type': 'application/held+xml' });
    res.end(
      `<?xml version="1.0"?><locationResponse xmlns="urn:ietf:params:xml:ns:geopriv:held">${RFC6442_PIDF_LO.replace('<?xml version="1.0" encoding="UTF-8"?>', '')}</locationResponse>`,
    );
  },
  // An LbyR server that only serves GET.
  '/get-only': (req, res) => {
    if (req.method !== 'GET') return void res.writeHead(405).end();
    res.writeHead(200, { 'content-type': 'application/pidf+xml' }).end(ASTERISK_PIDF_LO_TEST_XML);
  },
  '/held-error': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/held+xml' });
    res.end('<error xmlns="urn:ietf:params:xml:ns:geopriv:held" code="locationUnknown"/>');
  },
  '/gone': (_req, res) => void res.writeHead(404).end('no'),
  '/garbage': (_req, res) => void res.writeHead(200).end('<presence><unclosed>'),
  '/huge': (_req, res) => void res.writeHead(200).end('x'.repeat(200_000)),
  '/slow': () => undefined, // never answers
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const route = routes[req.url ?? ''];
      if (route) route(req, res, body);
      else res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const fetchIt = (path: string, timeoutMs = 5_000) => dereferenceLocation(`${base}${path}`, { timeoutMs });

describe('dereferenceLocation', () => {
  it('reads the PIDF-LO inside a HELD locationResponse, with its civic address', async () => {
    const result = await fetchIt('/held');
    expect(result).toMatchObject({ ok: true, location: { lat: 32.86726, lon: -97.16054 } });
    expect(result.civic).toContain('Colleyville');
  });

  it('falls back to GET when the server refuses the HELD POST', async () => {
    const result = await fetchIt('/get-only');
    expect(result).toMatchObject({
      ok: true,
      location: { lat: -34.410649, lon: 150.87651, method: 'Manual' },
    });
  });

  it('says what went wrong: HELD error, HTTP status, broken PIDF-LO, too large, no answer in time', async () => {
    expect(await fetchIt('/held-error')).toEqual({
      ok: false,
      error: 'the location server answered HELD error locationUnknown',
    });
    expect(await fetchIt('/gone')).toEqual({ ok: false, error: 'the location server answered HTTP 404' });
    expect((await fetchIt('/garbage')).ok).toBe(false);
    expect(await fetchIt('/huge')).toEqual({
      ok: false,
      error: 'the location server sent more than 65536 bytes',
    });
    expect(await fetchIt('/slow', 300)).toEqual({
      ok: false,
      error: 'no answer from the location server within 300 ms',
    });
  });

  it('does not fetch what is not http(s), carries credentials or is no URI', async () => {
    const options = { timeoutMs: 1_000 };
    expect((await dereferenceLocation('sips:3sdefrhy2jj7@lis.example.com', options)).ok).toBe(false);
    expect(await dereferenceLocation('https://u:p@lis.example.com/x', options)).toEqual({
      ok: false,
      error: 'a reference with credentials is not fetched',
    });
    expect(await dereferenceLocation('not a uri', options)).toEqual({
      ok: false,
      error: 'the reference is not a URI',
    });
  });

  it('reports an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const result = await dereferenceLocation(`http://127.0.0.1:${port}/x`, { timeoutMs: 2_000 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/could not be reached/);
  });
});
