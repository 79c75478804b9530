// The call taker's console in headless Chromium against the real server: nothing typed sends or ends anything by
// accident (Enter in a field, a junk key next to D), and after a report the focus is where A answers the next call.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiUser,
  chromiumAvailable,
  ensureWebBuilt,
  launchChromium,
  openConsole,
  PinisiServer,
  screenshot,
} from './harness.ts';

const canRun = chromiumAvailable();

async function registerWalkIn(page: Page, number: string): Promise<void> {
  await page.selectOption('select[name=channel]', 'walk_in');
  await page.fill('input[name=number]', number);
  await page.press('input[name=number]', 'Enter');
  await page.waitForSelector(`[data-testid=call-in-hand] .number:text-is("${number}")`);
}

async function pick(page: Page, name: string, text: string): Promise<void> {
  const input = page.locator(`input[name=${name}]`);
  await input.fill(text);
  await page.waitForSelector('[role=listbox] [role=option]');
  await input.press('Enter');
}

/** The commands the page sends from now on. */
function recordCommands(page: Page): string[] {
  const commands: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.method() === 'POST' && path.startsWith('/api/commands/')) commands.push(path.slice(14));
  });
  return commands;
}

describe.skipIf(!canRun)('call taker console in the browser', () => {
  const server = new PinisiServer();
  let browser: Browser;
  let api: ApiUser;

  beforeAll(async () => {
    ensureWebBuilt();
    await server.start();
    browser = await launchChromium();
    api = new ApiUser(server.url);
    await api.login('operator2');
  });

  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });

  it('Enter in a one-line field never submits; Ctrl+Enter does once the place and description are there; focus then lets A answer the next call', {
    timeout: 180_000,
  }, async () => {
    const taker = await openConsole(browser, server.url, 'operator1');
    const t = taker.page;
    const commands = recordCommands(t);
    await registerWalkIn(t, '081355502001');
    await t.keyboard.press('d');
    await t.waitForSelector('form.incident-form');
    await pick(t, 'category', 'kebakaran bang');
    await pick(t, 'kecamatan', 'ujung bulu');
    await t.fill('input[name=address]', 'Jl. Sam Ratulangi No. 12');
    commands.length = 0;
    // Enter in Alamat, Patokan and Nama pelapor: the report stays open, nothing is sent, the call stays in hand.
    await t.press('input[name=address]', 'Enter');
    await t.fill('input[name=landmark]', 'Dekat Masjid Raya');
    await t.press('input[name=landmark]', 'Enter');
    await t.fill('input[name=callerName]', 'Pak Basri');
    await t.press('input[name=callerName]', 'Enter');
    // Enter in the description is a new line.
    await t.fill('textarea[name=description]', 'Rumah kayu terbakar');
    await t.press('textarea[name=description]', 'Enter');
    await t.locator('textarea[name=description]').pressSequentially('api membesar');
    expect(await t.inputValue('textarea[name=description]')).toBe('Rumah kayu terbakar\napi membesar');
    expect(commands).toEqual([]);
    expect(await t.locator('form.incident-form').count()).toBe(1);
    expect(await t.locator('[data-testid=call-in-hand]').count()).toBe(1);

    // Ctrl+Enter without a desa or a point: asked for the place, still nothing sent.
    await t.press('input[name=address]', 'Control+Enter');
    await t.getByText('Pilih desa/kelurahan atau klik titik di peta').waitFor();
    expect(await t.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('desa');
    expect(commands).toEqual([]);
    await pick(t, 'desa', 'caile');
    await screenshot(t, 'call-taker-form-before-submit');

    await t.press('input[name=address]', 'Control+Enter');
    await t.waitForSelector('form.incident-form', { state: 'detached' });
    expect(commands).toEqual(['incident.report']);
    // The call stays on the line for instructions; the focus is on ending it, never in a text field.
    const end = t.getByRole('button', { name: 'Akhiri panggilan' });
    await end.waitFor();
    await expect
      .poll(() => t.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Akhiri panggilan');
    await screenshot(t, 'call-taker-after-report');

    // A second caller rings; the call taker ends the first call with Enter and answers with A.
    const { callId } = await api.command('call.register', { channel: 'voice', number: '081355502002' });
    await t.locator('[data-testid=ringing-call]', { hasText: '081355502002' }).waitFor();
    await t.keyboard.press('Enter');
    await t.waitForSelector('[data-testid=call-in-hand]', { state: 'detached' });
    await t.keyboard.press('a');
    await t.locator(`[data-testid=call-in-hand][data-call-id="${String(callId)}"]`).waitFor();
    await taker.context.close();
  });

  it('a junk key waits out an undo: Esc keeps the call, D after S opens the report, the same key twice ends it', {
    timeout: 120_000,
  }, async () => {
    const taker = await openConsole(browser, server.url, 'operator2');
    const t = taker.page;
    const commands = recordCommands(t);
    await registerWalkIn(t, '081355503001');
    commands.length = 0;

    await t.keyboard.press('s');
    const pending = t.locator('[data-testid=pending-end]');
    await pending.waitFor();
    expect(await pending.textContent()).toContain('Salah sambung');
    await screenshot(t, 'call-taker-junk-undo');
    await t.keyboard.press('Escape');
    await pending.waitFor({ state: 'detached' });
    expect(commands).toEqual([]);

    // A slip on S, then D: the emergency report opens and the call was never ended.
    await t.keyboard.press('s');
    await pending.waitFor();
    await t.keyboard.press('d');
    await t.waitForSelector('form.incident-form');
    expect(commands).toEqual(['call.classify']);
    await t.getByRole('button', { name: 'Batalkan isian' }).click();

    // Discarded after all: G twice ends it at once as a silent call.
    commands.length = 0;
    await t.keyboard.press('g');
    await pending.waitFor();
    await t.keyboard.press('g');
    await t.waitForSelector('[data-testid=call-in-hand]', { state: 'detached' });
    expect(commands).toEqual(['call.classify', 'call.end']);
    await t.locator('.notice', { hasText: 'Panggilan diam' }).waitFor();
    await taker.context.close();
  });
});
