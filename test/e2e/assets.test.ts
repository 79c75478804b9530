// The server hands out the built consoles compressed and cached: hashed assets as brotli or gzip, kept a year
// (immutable), index.html checked on every load, the boundaries gzipped; a missing old asset is a 404, not the app.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt, PinisiServer } from './harness.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A plain GET that does not decompress, so the encoding on the wire is what the test sees. */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('the built consoles over HTTP', () => {
  const server = new PinisiServer();
  let assets: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    await server.start();
    const page = await get(`${server.url}/`);
    assets = [...page.body.toString().matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  });
  afterAll(() => server.dispose());

  it('serves index.html to be checked on every load', async () => {
    for (const path of ['/', '/laporan/2026-000001']) {
      const page = await get(`${server.url}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves every hashed asset of the page compressed, immutable for a year', async () => {
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const plain = await get(`${server.url}${asset}`);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers['cache-control']).toBe(IMMUTABLE);
      for (const encoding of ['br', 'gzip']) {
        const answer = await get(`${server.url}${asset}`, { 'accept-encoding': encoding });
        expect(answer.status, `${asset} ${encoding}`).toBe(200);
        expect(answer.headers['content-encoding']).toBe(encoding);
        expect(answer.headers['cache-control']).toBe(IMMUTABLE);
        expect(answer.headers.vary).toMatch(/accept-encoding/i);
        expect(answer.headers['content-type']).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
        expect(answer.body.length).toBeLessThan(plain.body.length);
      }
    }
  });

  it('answers a missing asset of an old build with 404, not with the app', async () => {
    const answer = await get(`${server.url}/assets/index-AAAAAAAA.js`);
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/json/);
  });

  it('sends the boundaries gzipped to a browser that accepts it', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator1', password: 'pinisi112' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const plain = await get(`${server.url}/api/geo/boundaries`, { cookie });
    const gzipped = await get(`${server.url}/api/geo/boundaries`, { cookie, 'accept-encoding': 'gzip, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body.length).toBeLessThan(plain.body.length / 2);
  });
});
