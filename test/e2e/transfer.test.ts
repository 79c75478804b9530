// Transfer from the call taker's console in Chromium with real Kamailio, baresip desk phones and a SIPp caller: the
// call taker picks a free desk under "Alihkan panggilan" by keyboard, the caller ends up talking to that desk, the
// first desk is hung up, and Pinisi's call record names the new desk and call taker.
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
if (missing) console.warn(`Transfer end-to-end test skipped: ${missing}`);

interface LiveCall {
  sipCallId: string;
  callId: string | null;
  number: string | null;
  state: string;
  positionId: string | null;
  answeredBy: string | null;
  transferredFrom: string[];
}

describe.skipIf(!canRun)('transfer from the console', () => {
  const env: Record<string, string> = { PINISI_WRAP_UP_SECONDS: '0' };
  let first: Phone;
  let second: Phone;
  let kamailio: Kamailio;
  beforeAll(async () => {
    first = await startPhone('1001', 'auto');
    second = await startPhone('1002', 'auto');
    kamailio = await startKamailio({ huntGroup: [first.contact], pinisiTimeoutMs: 5000 });
    env.PINISI_EVAPI = kamailio.evapi;
  }, 60_000);
  const { server, browser } = browserRoom(env);
  afterAll(async () => {
    await kamailio?.stop();
    await first?.stop();
    await second?.stop();
  });
  const events = (phone: Phone) => phone.events.map((e) => e.type);

  it('passes the call in hand to the desk chosen under Alihkan; the caller stays on the line', {
    timeout: 180_000,
  }, async () => {
    const operator1 = await Client.login(server.url, 'operator1');
    const operator2 = await Client.login(server.url, 'operator2');
    await untilAsync(
      'Kamailio connected',
      async () =>
        (await operator1.get<{ switchConnected: boolean }>('/api/telephony/status')).body.switchConnected,
      30_000,
    );
    const taker = (await openConsole(browser(), server.url, 'operator1')).page;
    await taker.waitForSelector('h2:text-is("Masuk ke meja")');
    await taker.fill('input[name=positionId]', 'meja-1');
    await taker.fill('input[name=extension]', first.extension);
    await taker.fill('input[name=contact]', first.contact);
    await taker.click('button:text-is("Masuk")');
    await taker.waitForSelector('[data-testid=desk-state]:text-is("siap")');

    const number = callerNumber(801);
    const caller = sippCall(
      kamailio,
      'call-transferred.xml',
      { caller: number },
      { holdMs: 4000, timeoutS: 120 },
    );
    await until('desk 1 on the call', () => events(first).includes('CALL_ESTABLISHED'), 30_000);
    await taker.waitForSelector('[data-testid=desk-state]:text-is("dalam panggilan")', { timeout: 30_000 });
    // The second call taker signs in at desk 2 only now, so the call rang desk 1.
    const signedIn = await operator2.command('telephony.sign_in', {
      positionId: 'meja-2',
      extension: second.extension,
      contact: second.contact,
    });
    expect(signedIn.status).toBe(200);

    // By keyboard: the desk list, the arrow to the first free desk, Enter on "Alihkan".
    const select = taker.locator('select[name=transferTo]');
    await select.waitFor({ timeout: 30_000 });
    // Desk 2's sign-in reaches the console on the stream: wait for its option before choosing by keyboard.
    await select.locator('option[value="desk:meja-2"]').waitFor({ state: 'attached', timeout: 30_000 });
    await select.focus();
    await taker.keyboard.press('ArrowDown');
    expect(await select.inputValue()).toBe('desk:meja-2');
    await taker.keyboard.press('Tab');
    expect(await taker.evaluate(() => document.activeElement?.textContent)).toBe('Alihkan');
    await taker.keyboard.press('Enter');

    await until('desk 2 answered the transfer', () => events(second).includes('CALL_ESTABLISHED'), 30_000);
    await until('desk 1 hung up by the switch', () => events(first).includes('CALL_CLOSED'), 30_000);
    const moved = await untilAsync(
      'the call at desk 2',
      async () => {
        const { calls } = (await operator1.get<{ calls: LiveCall[] }>('/api/telephony/calls')).body;
        return calls.find((c) => c.number === number && c.positionId === 'meja-2');
      },
      30_000,
    );
    expect(moved.state).toBe('answered');
    expect(moved.transferredFrom).toEqual(['meja-1']);
    // Pinisi's call record: operator2 has the call in hand now.
    const me2 = (await operator2.get<{ user: { id: string } }>('/api/me')).body.user.id;
    expect(moved.answeredBy).toBe(me2);
    const snapshot = (await operator1.get<{ calls: Array<Record<string, unknown>> }>('/api/snapshot')).body;
    expect(snapshot.calls.find((c) => c.id === moved.callId)).toMatchObject({
      answeredBy: me2,
      status: 'answered',
    });
    await taker.waitForSelector('[data-testid=desk-state]:text-is("siap")', { timeout: 30_000 });
    await screenshot(taker, 'transfer-done');

    // The caller talked on to desk 2 and hung up: its scenario passed, and the BYE reached desk 2.
    const result = await caller;
    expect(result.code, result.output).toBe(0);
    await until('desk 2 hung up by the caller', () => events(second).includes('CALL_CLOSED'), 30_000);
    await untilAsync(
      'the call ended, at desk 2',
      async () => {
        const { calls } = (await operator1.get<{ calls: LiveCall[] }>('/api/telephony/calls')).body;
        return calls.find((c) => c.number === number && c.state === 'ended' && c.answeredBy === me2);
      },
      30_000,
    );
  });
});
