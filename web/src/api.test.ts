// @vitest-environment happy-dom
// The server's clock is learnt from answers with a round trip, not from /api/me, whose answer may be index.html's
// preload received long before the call.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getJson, keepServerClock, serverNow } from './api.ts';

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

describe('the server clock kept on a crew page', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('replaces a start-up answer of a long round trip with the light answers asked once the page settled', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const ahead = 5_000;
    // A start-up answer stamped by the server just after it was asked, received 2.6 s later (a busy page): the
    // middle of its round trip puts the clock 1.3 s behind.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        const stamped = Date.now() + ahead;
        vi.setSystemTime(Date.now() + 2_600);
        return answer(stamped);
      }),
    );
    await getJson('/api/snapshot');
    expect(serverNow() - (Date.now() + ahead)).toBe(-1_300);
    // The probes come back at once: their time is the server's within a few ms.
    const probe = vi.fn(async (_path: string) => answer(Date.now() + ahead + 2));
    vi.stubGlobal('fetch', probe);
    const stop = keepServerClock();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(probe.mock.calls.map(([path]) => path)).toEqual(['/api/config', '/api/config', '/api/config']);
    expect(Math.abs(serverNow() - (Date.now() + ahead))).toBeLessThanOrEqual(2);
    // Then one now and then, and none once stopped.
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(probe).toHaveBeenCalledTimes(4);
    stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(probe).toHaveBeenCalledTimes(4);
  });
});
