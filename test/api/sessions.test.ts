// Session lifetime: an idle timeout and an absolute lifetime that fit a 12-hour shift, a cookie with Max-Age, Secure
// whenever the request came over HTTPS (directly or through a trusted proxy), and an open console keeping it in use.
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { Client, DEMO_PASSWORD, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('sessions', () => {
  let running: Running | null = null;
  let clock = Date.UTC(2026, 10, 29, 7, 0);
  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  async function start(config: Partial<Config> = {}): Promise<Running> {
    running = await startPinisi('sqlite', {
      engine: { clock: () => clock },
      config: { sessionIdleMinutes: 120, sessionMaxHours: 13, ...config },
    });
    return running;
  }

  async function cookieFrom(url: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username: 'operator1', password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    return response.headers
      .get('set-cookie')!
      .split(';')
      .map((p) => p.trim().toLowerCase());
  }

  it('ends a session after two idle hours; use keeps it going', async () => {
    const { url } = await start();
    const operator = await Client.login(url, 'operator1');
    for (let i = 0; i < 3; i++) {
      clock += 119 * MINUTE;
      expect((await operator.get('/api/me')).status).toBe(200);
    }
    clock += 121 * MINUTE;
    expect((await operator.get('/api/me')).status).toBe(401);
    expect((await operator.command('call.register', { channel: 'voice' })).status).toBe(401);
  });

  it('ends a session 13 hours after login however busy it was', async () => {
    const { url } = await start();
    const operator = await Client.login(url, 'operator1');
    const loginAt = clock;
    while (clock + 90 * MINUTE < loginAt + 13 * HOUR) {
      clock += 90 * MINUTE;
      expect((await operator.get('/api/me')).status).toBe(200);
    }
    clock = loginAt + 13 * HOUR + MINUTE;
    expect((await operator.get('/api/me')).status).toBe(401);
    // Logging in again starts a new shift.
    expect((await Client.login(url, 'operator1').then((c) => c.get('/api/me'))).status).toBe(200);
  });

  it('keeps the session of an open console in use, and closes its stream when the lifetime is over', async () => {
    const { url } = await start();
    const operator = await Client.login(url, 'operator1');
    const stream = await StreamClient.open(url, operator.cookie, 0);
    for (let i = 0; i < 4; i++) {
      clock += 100 * MINUTE;
      await running!.hub.checkSessions();
    }
    expect(stream.closed).toBeNull();
    expect((await operator.get('/api/me')).status).toBe(200);
    clock += 6 * HOUR;
    await running!.hub.checkSessions();
    expect((await stream.waitForClose()).code).toBe(4401);
  });

  it('gives the cookie a Max-Age of the lifetime, HttpOnly and SameSite=Strict', async () => {
    const { url } = await start();
    const parts = await cookieFrom(url);
    expect(parts).toContain(`max-age=${13 * 3600}`);
    expect(parts).toContain('httponly');
    expect(parts).toContain('samesite=strict');
    expect(parts).not.toContain('secure');
  });

  it('marks the cookie Secure when a trusted proxy says the request came over HTTPS, and only then', async () => {
    const trusted = await start({ cookieSecure: 'auto', trustProxy: ['127.0.0.1'] });
    expect(await cookieFrom(trusted.url, { 'x-forwarded-proto': 'https' })).toContain('secure');
    expect(await cookieFrom(trusted.url)).not.toContain('secure');
    await trusted.stop();

    const untrusted = await start({ cookieSecure: 'auto', trustProxy: ['10.9.8.7'] });
    expect(await cookieFrom(untrusted.url, { 'x-forwarded-proto': 'https' })).not.toContain('secure');
  });
});
