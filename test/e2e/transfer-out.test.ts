// Transfer to an outside number from the call taker's console in Chromium with real Kamailio, a baresip desk phone, a
// SIPp caller and a SIPp UAS standing for the police's 110: the call taker picks "Polisi (110)" under "Alihkan
// panggilan" by keyboard, the caller ends up talking to 110, the desk is hung up, and the call's timeline says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../support/pinisi.ts';
import {
  callerNumber,
  type Kamailio,
  missingTelephony,
  type Phone,
  type SippPhone,
  sippCall,
  startKamailio,
  startPhone,
  startSippPhone,
  until,
  untilAsync,
} from '../telephony/harness.ts';
import { browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

const missing = missingTelephony();
const canRun = chromiumAvailable() && missing === null;
if (missing) console.warn(`Outside transfer end-to-end test skipped: ${missing}`);

interface LiveCall {
  callId: string | null;
  number: string | null;
  state: string;
  positionId: string | null;
  transferredOut: string | null;
}

describe.skipIf(!canRun)('transfer to 110 from the console', () => {
  const env: Record<string, string> = { PINISI_WRAP_UP_SECONDS: '0' };
  let desk: Phone;
  let police: SippPhone;
  let kamailio: Kamailio;
  beforeAll(async () => {
    desk = await startPhone('1001', 'auto');
    police = await startSippPhone('110', 'agency-110.xml');
    kamailio = await startKamailio({ huntGroup: [desk.contact], pinisiTimeoutMs: 5000 });
    env.PINISI_EVAPI = kamailio.evapi;
    env.PINISI_TRANSFER_TARGETS = JSON.stringify([
      { id: 'supervisor', name: 'Supervisor', kind: 'supervisor', uri: null },
      { id: 'polisi', name: 'Polisi (110)', kind: 'police', uri: police.contact },
      { id: 'damkar', name: 'Pemadam Kebakaran (113)', kind: 'fire', uri: null },
    ]);
  }, 60_000);
  const { server, browser } = browserRoom(env);
  afterAll(async () => {
    await kamailio?.stop();
    await desk?.stop();
    await police?.stop();
  });
  const events = (phone: Phone) => phone.events.map((e) => e.type);

  it('passes the call in hand to Polisi (110) chosen under Alihkan; the caller stays on the line', {
    timeout: 180_000,
  }, async () => {
    const operator1 = await Client.login(server.url, 'operator1');
    await untilAsync(
      'Kamailio connected',
      async () =>
        (await operator1.get<{ switchConnected: boolean }>('/api/telephony/status')).body.switchConnected,
      30_000,
    );
    const taker = (await openConsole(browser(), server.url, 'operator1')).page;
    await taker.waitForSelector('h2:text-is("Masuk ke meja")');
    await taker.fill('input[name=positionId]', 'meja-1');
    await taker.fill('input[name=extension]', desk.extension);
    await taker.fill('input[name=contact]', desk.contact);
    await taker.click('button:text-is("Masuk")');
    await taker.waitForSelector('[data-testid=desk-state]:text-is("siap")');

    const number = callerNumber(811);
    const caller = sippCall(
      kamailio,
      'call-transferred.xml',
      { caller: number },
      { holdMs: 4000, timeoutS: 120 },
    );
    await until('desk 1 on the call', () => events(desk).includes('CALL_ESTABLISHED'), 30_000);
    await taker.waitForSelector('[data-testid=desk-state]:text-is("dalam panggilan")', { timeout: 30_000 });

    // By keyboard: the target list, the arrows to "Polisi (110)" (the supervisor comes first), Enter on "Alihkan".
    const select = taker.locator('select[name=transferTo]');
    await select.waitFor({ timeout: 30_000 });
    const options = await select.locator('option').allTextContents();
    expect(options).toContain('Pemadam Kebakaran (113) (nomor belum diatur)');
    await select.focus();
    await taker.keyboard.press('ArrowDown');
    await taker.keyboard.press('ArrowDown');
    expect(await select.inputValue()).toBe('target:polisi');
    await taker.keyboard.press('Tab');
    expect(await taker.evaluate(() => document.activeElement?.textContent)).toBe('Alihkan');
    await taker.keyboard.press('Enter');

    await until('desk 1 hung up by the switch', () => events(desk).includes('CALL_CLOSED'), 30_000);
    const moved = await untilAsync(
      'the call with 110',
      async () => {
        const { calls } = (await operator1.get<{ calls: LiveCall[] }>('/api/telephony/calls')).body;
        return calls.find((c) => c.number === number && c.transferredOut === 'polisi');
      },
      30_000,
    );
    expect(moved).toMatchObject({ state: 'answered', positionId: null });
    await taker.waitForSelector('[data-testid=transferred-out]', { timeout: 30_000 });
    expect(await taker.locator('[data-testid=transferred-out]').textContent()).toBe(
      `Panggilan ${number} diteruskan ke Polisi (110).`,
    );
    await screenshot(taker, 'transfer-110');

    // The caller talked on with 110 and hung up; 110 got the BYE inside its dialog.
    const result = await caller;
    expect(result.code, result.output).toBe(0);
    const police110 = await police.done;
    expect(police110.code, police110.output).toBe(0);
    // Pinisi's call record: the centre's part ended when the caller was passed on.
    const snapshot = (await operator1.get<{ calls: Array<Record<string, unknown>> }>('/api/snapshot')).body;
    expect(snapshot.calls.find((c) => c.id === moved.callId)).toMatchObject({ status: 'ended' });
  });
});
