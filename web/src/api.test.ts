// @vitest-environment happy-dom
// The server's clock is learnt from answers with a round trip, not from /api/me, whose answer may be index.html's
// preload received long before the call.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getJson, serverNow } from './api.ts';

const answer = (serverTime: number) =>
  new Response('{}', {
    status: 200,
    headers: { 'content-type': 'application/json', 'x-server-time': String(serverTime) },
  });

describe('the server clock from answers', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('learns nothing from /api/me and learns from any other answer', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => answer(Date.now() - 60_000)),
    );
    await getJson('/api/me');
    expect(Math.abs(serverNow() - Date.now())).toBeLessThan(1000);
    await getJson('/api/reference');
    expect(Math.abs(serverNow() - (Date.now() - 60_000))).toBeLessThan(1000);
  });
});
