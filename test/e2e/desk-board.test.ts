// The desk board in Chromium with real Kamailio, a baresip desk phone and SIPp callers: a call taker signs in at a
// desk from the console, the supervisor sees the desk ring, the second caller wait in the queue, the desk on a call,
// and who hung up each call; the call taker sees how the last call ended.
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
import { browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

const missing = missingTelephony();
const canRun = chromiumAvailable() && missing === null;
if (missing) console.warn(`Desk board end-to-end test skipped: ${missing}`);

describe.skipIf(!canRun)('the desk board with real calls', () => {
  // No wrap-up: the second caller rings the desk as soon as the first call ends.
  const env: Record<string, string> = { PINISI_WRAP_UP_SECONDS: '0' };
  let phone: Phone;
  let kamailio: Kamailio;
  beforeAll(async () => {
    phone = await startPhone('1001', 'manual');
    // 5 s for Pinisi's answer, so a loaded machine does not turn the desk's call into a hunt-group call.
    kamailio = await startKamailio({ huntGroup: [phone.contact], pinisiTimeoutMs: 5000 });
    env.PINISI_EVAPI = kamailio.evapi;
  }, 60_000);
  const { server, browser } = browserRoom(env);
  afterAll(async () => {
    await kamailio?.stop();
    await phone?.stop();
  });

  const count = (type: string) => phone.events.filter((e) => e.type === type).length;

  it('signs in at a desk from the console; the supervisor sees it ring, the queue, the call and who hung up', {
    timeout: 180_000,
  }, async () => {
    const operator = await Client.login(server.url, 'operator1');
    await untilAsync(
      'Kamailio connected',
      async () =>
        (await operator.get<{ switchConnected: boolean }>('/api/telephony/status')).body.switchConnected,
      30_000,
    );
    const supervisor = (await openConsole(browser(), server.url, 'koordinator')).page;
    const deskState = supervisor.locator('[data-testid=desk-state-meja-1]');
    const queue = supervisor.locator('[data-testid=tile-queue] .tile-value');
    const finished = supervisor.locator('[data-testid=finished]');

    // The call taker signs in at the desk with the desk phone's SIP address.
    const taker = (await openConsole(browser(), server.url, 'operator1')).page;
    await taker.waitForSelector('h2:text-is("Masuk ke meja")');
    await taker.fill('input[name=positionId]', 'meja-1');
    await taker.fill('input[name=extension]', phone.extension);
    await taker.fill('input[name=contact]', phone.contact);
    await taker.click('button:text-is("Masuk")');
    await taker.waitForSelector('[data-testid=desk-state]:text-is("siap")');
    await expect.poll(() => deskState.textContent(), { timeout: 30_000 }).toBe('siap');

    // The first caller rings the desk; the second waits in the queue, on ringback.
    const first = callerNumber(701);
    const second = callerNumber(702);
    const firstCall = sippCall(kamailio, 'call.xml', { caller: first }, { holdMs: 300 });
    await until('the desk phone rings', () => count('CALL_INCOMING') === 1, 30_000);
    await expect.poll(() => deskState.textContent(), { timeout: 30_000 }).toBe('berdering');
    await taker.waitForSelector(`[data-testid=ringing-call] .number:text-is("${first}")`, {
      timeout: 30_000,
    });
    const secondCall = sippCall(kamailio, 'call-held.xml', { caller: second }, { timeoutS: 120 });
    await expect.poll(() => queue.textContent(), { timeout: 30_000 }).toBe('1');
    await screenshot(supervisor, 'desk-board-ringing-and-queue');

    // The desk answers; the first caller hangs up after a moment; the second caller rings the desk next.
    phone.command('accept');
    const r1 = await firstCall;
    expect(r1.code, r1.output).toBe(0);
    await expect
      .poll(() => finished.textContent(), { timeout: 30_000 })
      .toContain(`${first} · Meja meja-1 · penelepon menutup telepon`);
    await expect
      .poll(() => taker.locator('[data-testid=last-call]').textContent(), { timeout: 30_000 })
      .toContain('penelepon menutup telepon');

    await until('the second call rings the desk', () => count('CALL_INCOMING') === 2, 30_000);
    await expect.poll(() => queue.textContent(), { timeout: 30_000 }).toBe('0');
    phone.command('accept');
    await until('the second call is established', () => count('CALL_ESTABLISHED') === 2, 30_000);
    await expect.poll(() => deskState.textContent(), { timeout: 30_000 }).toBe('dalam panggilan');

    // This time the call taker hangs up.
    phone.command('hangup');
    const r2 = await secondCall;
    expect(r2.code, r2.output).toBe(0);
    await expect
      .poll(() => finished.textContent(), { timeout: 30_000 })
      .toContain(`${second} · Meja meja-1 · petugas menutup telepon`);
    await expect
      .poll(() => taker.locator('[data-testid=last-call]').textContent(), { timeout: 30_000 })
      .toContain(`${second}`);
    expect(await taker.locator('[data-testid=last-call]').textContent()).toContain('petugas menutup telepon');
    await expect.poll(() => deskState.textContent(), { timeout: 30_000 }).toBe('siap');
    await screenshot(supervisor, 'desk-board-finished-calls');
  });
});
