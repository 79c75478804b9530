// The boundaries file over HTTP: signed-in users get it byte for byte with an ETag; others get 401.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNDARIES_FILE } from '../../src/seed/boundaries.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';

describe('GET /api/geo/boundaries', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startPinisi('sqlite');
  });
  afterAll(async () => {
    await running.stop();
  });

  it('serves the shipped GeoJSON to a signed-in user, and 304 when it has not changed', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const response = await fetch(`${running.url}/api/geo/boundaries`, {
      headers: { cookie: operator.cookie },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/geo+json');
    expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(BOUNDARIES_FILE))).toBe(true);
    const etag = response.headers.get('etag')!;
    const again = await fetch(`${running.url}/api/geo/boundaries`, {
      headers: { cookie: operator.cookie, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('refuses an anonymous request', async () => {
    const response = await fetch(`${running.url}/api/geo/boundaries`);
    expect(response.status).toBe(401);
  });
});
