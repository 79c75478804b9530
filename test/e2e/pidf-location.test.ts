// A 112 call with its location (SIPp, PIDF-LO in the INVITE) through real Kamailio rings a baresip desk phone, and the
// call taker's console in Chromium shows the location from the stream alone: no HTTP request repeats meanwhile.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/pinisi.ts';
import {
  callerNumber,
  type Kamailio,
  missingTelephony,
  type Phone,
  sippCall,
  startKamailio,
  startPhone,
  until,
  untilAsync,
} from '../telephony/harness.ts';
import {
  boundariesLoaded,
  chromiumAvailable,
  ensureWebBuilt,
  launchChromium,
  openConsole,
  PinisiServer,
} from './harness.ts';

const missing = missingTelephony();
const canRun = chromiumAvailable() && missing === null;
if (missing) console.warn(`PIDF-LO end-to-end test skipped: ${missing}`);

describe.skipIf(!canRun)('a caller location in the call taker’s browser', () => {
  let phone: Phone;
  let kamailio: Kamailio;
  let server: PinisiServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    phone = await startPhone('1001', 'manual');
    kamailio = await startKamailio({ huntGroup: [phone.contact] });
    server = new PinisiServer({ PINISI_EVAPI: kamailio.evapi });
    await server.start();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await kamailio?.stop();
    await phone?.stop();
  });

  it('shows the PIDF-LO location of a ringing call, pushed on the stream, without polling', {
    timeout: 120_000,
  }, async () => {
    const operator = await Client.login(server.url, 'operator1');
    await untilAsync(
      'Kamailio connected',
      async () =>
        (await operator.get<{ switchConnected: boolean }>('/api/telephony/status')).body.switchConnected,
      30_000,
    );
    const desk = await operator.post('/api/telephony/positions/login', {
      positionId: 'meja-1',
      extension: phone.extension,
      contact: phone.contact,
    });
    expect(desk.status, JSON.stringify(desk.body)).toBe(200);

    const { page } = await openConsole(browser, server.url, 'operator1');
    // The call taker's view fetches the boundaries once it is drawn; that request comes before the call.
    await boundariesLoaded(page);
    // From here on every HTTP request the console makes is counted; the stream is one WebSocket.
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() !== 'websocket') requests.push(new URL(request.url()).pathname);
    });

    const hangUp = new AbortController();
    const number = callerNumber(81);
    const call = sippCall(
      kamailio,
      'call-pidf.xml',
      { caller: number },
      { holdMs: 300, signal: hangUp.signal },
    );
    try {
      const offered = Date.now();
      const box = page.locator('[data-testid=ringing-call] [data-testid=caller-location]');
      await box.waitFor({ timeout: 30_000 });
      const shownAfterMs = Date.now() - offered;
      console.info(`PIDF-LO location shown in the browser ${shownAfterMs} ms after the INVITE was sent`);
      await expect.poll(() => box.textContent()).toContain('-5.55880');
      expect(await box.textContent()).toContain('120.19550');
      expect(await page.locator('[data-testid=ringing-call] .number').first().textContent()).toBe(number);
      // The desk phone rings meanwhile: the location did not wait for an answer.
      await until('the desk phone rings', () => phone.events.some((e) => e.type === 'CALL_INCOMING'));

      // The call taker picks up the desk phone; the console learns that from the stream too.
      phone.command('accept');
      const result = await call;
      expect(result.code, result.output).toBe(0);
      await page.locator('[data-testid=ringing-call]').waitFor({ state: 'detached', timeout: 30_000 });
    } finally {
      hangUp.abort();
      await call;
    }
    // The location came with the stream's events: the only request the console made is the caller's history, once.
    expect(requests.filter((path) => path.startsWith('/api/'))).toEqual([
      expect.stringMatching(/^\/api\/calls\/[^/]+\/history$/),
    ]);
  });
});
