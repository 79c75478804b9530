// Every console, the MapLibre map over a configured basemap, and /docs work under Pinisi's Content-Security-Policy in
// Chromium: each page loads, the map draws tiles, and the browser reports no CSP violation.
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  ensureWebBuilt,
  freePort,
  launchChromium,
  openConsole,
  PinisiServer,
} from './harness.ts';

const canRun = chromiumAvailable();
/** A 1×1 PNG tile. */
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!canRun)('the consoles under the Content-Security-Policy', () => {
  let server: PinisiServer;
  let browser: Browser;
  let tiles: Server;
  const tileRequests: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    tiles = createServer((request, response) => {
      tileRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
      response.end(TILE);
    });
    const tilePort = await freePort();
    await new Promise<void>((listening) => tiles.listen(tilePort, '127.0.0.1', listening));
    server = new PinisiServer({ PINISI_TILE_URL: `http://127.0.0.1:${tilePort}/tiles/{z}/{x}/{y}.png` });
    await server.start();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    tiles?.close();
  });

  it('loads every console and draws the map without a CSP violation', { timeout: 120_000 }, async () => {
    for (const username of ['operator1', 'pengarah1', 'opd-damkar', 'koordinator', 'admin']) {
      const before = tileRequests.length;
      const console_ = await openConsole(browser, server.url, username);
      const response = await console_.page.request.get('/');
      expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
      if (username !== 'admin') {
        await console_.page.waitForSelector('canvas.maplibregl-canvas', { timeout: 30_000 });
        await expect.poll(() => tileRequests.length, { timeout: 30_000 }).toBeGreaterThan(before);
      }
      expect(console_.cspViolations, username).toEqual([]);
      await console_.context.close();
    }
  });

  it('shows the API documentation at /docs without a CSP violation', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto('/docs');
    await page.waitForSelector('.swagger-ui .info', { timeout: 30_000 });
    expect(violations).toEqual([]);
    await context.close();
  });
});
