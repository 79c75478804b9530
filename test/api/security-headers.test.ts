// Security headers on every kind of answer, and the Origin check: a page on another origin (another port of the same
// host shares the SameSite cookie) can neither send a command, log the user out, nor open the live stream.

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Config } from '../../src/config.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { expectError } from './helpers.ts';

/** Opens the stream with the given headers; resolves with the HTTP status of a refused upgrade, or 101. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/api/stream`, { headers });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.once('error', reject);
  });
}

describe('security headers and the Origin check', () => {
  let running: Running | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
  });
  const start = async (config: Partial<Config> = {}) => {
    running = await startPinisi('sqlite', { config });
    return running;
  };

  it('sends a strict CSP, no framing, nosniff and a referrer policy on the API, /docs and errors', async () => {
    const { url } = await start({ tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png' });
    for (const path of ['/api/config', '/docs/', '/api/snapshot', '/api/nope']) {
      const response = await fetch(url + path);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      if (!path.startsWith('/docs')) expect(csp).not.toContain('unsafe');
      expect(csp).toContain("connect-src 'self' https://tiles.example.org");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('sends HSTS when configured, on HTTPS answers only (here through a trusted proxy)', async () => {
    const { url } = await start({ hstsSeconds: 31_536_000, trustProxy: ['127.0.0.1'] });
    const https = await fetch(`${url}/api/config`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect((await fetch(`${url}/api/config`)).headers.get('strict-transport-security')).toBeNull();
  });

  it('refuses commands and logout from another origin, and accepts its own and the public URL', async () => {
    const { url } = await start({ publicUrl: 'https://112.bulukumbakab.go.id' });
    const operator = await Client.login(url, 'operator1');
    const evil = { origin: `http://127.0.0.1:${Number(new URL(url).port) + 1}` };
    const before = running!.engine.seq;
    const forged = await operator.request(
      'POST',
      '/api/commands/call.register',
      { channel: 'voice' },
      {
        ...evil,
        'idempotency-key': 'forged-command-1',
      },
    );
    expect(expectError(forged, 403).code).toBe('origin.forbidden');
    expect(running!.engine.seq).toBe(before);
    expectError(await operator.post('/api/auth/logout', {}, evil), 403);
    expect((await operator.get('/api/me')).status).toBe(200);

    const own = await operator.request(
      'POST',
      '/api/commands/call.register',
      { channel: 'voice' },
      {
        origin: url,
        'idempotency-key': 'own-command-1',
      },
    );
    expect(own.status).toBe(200);
    const publicOrigin = { origin: 'https://112.bulukumbakab.go.id' };
    expect((await operator.post('/api/auth/logout', {}, publicOrigin)).status).toBe(200);
    expect((await operator.get('/api/me')).status).toBe(401);
  });

  it('refuses to open the live stream for a page on another origin', async () => {
    const { url } = await start();
    const operator = await Client.login(url, 'operator1');
    const cookie = operator.cookie;
    expect(
      await upgradeStatus(url, { cookie, origin: `http://127.0.0.1:${Number(new URL(url).port) + 1}` }),
    ).toBe(403);
    expect(await upgradeStatus(url, { cookie, origin: 'http://localhost:5173' })).toBe(403);
    expect(await upgradeStatus(url, { cookie, origin: url })).toBe(101);
    expect(await upgradeStatus(url, { cookie })).toBe(101);
  });
});
