// The reports view in Chromium: the supervisor opens Laporan, sees the KPI tiles and charts of today's calls and
// incidents, opens the list behind a figure, downloads the CSV (parsed back here), in Indonesian and English.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulukumbaSeed } from '../../src/seed/bulukumba.ts';
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

describe.skipIf(!canRun)('the reports view', () => {
  let server: PinisiServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    server = new PinisiServer();
    await server.start();
    browser = await launchChromium();
    const seed = bulukumbaSeed();
    const operator = new ApiUser(server.url);
    await operator.login('operator1');
    const [a, b] = seed.kecamatan;
    const [fire, medic] = seed.categories;
    await operator.forwardedIncident(a!.code, fire!.code, 1);
    await operator.forwardedIncident(a!.code, medic!.code, 2);
    await operator.forwardedIncident(b!.code, fire!.code, 2);
    const { callId: prank } = await operator.command('call.register', { channel: 'voice', number: '0811' });
    await operator.command('call.answer', { callId: prank });
    await operator.command('call.classify', { callId: prank, callType: 'prank' });
    const { callId: missed } = await operator.command('call.register', { channel: 'sms', number: '0812' });
    await operator.command('call.end', { callId: missed });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('shows today’s figures and charts, the list behind a figure and its CSV', {
    timeout: 120_000,
  }, async () => {
    const { page, context, cspViolations } = await openConsole(browser, server.url, 'koordinator', {
      width: 1366,
      height: 1400,
    });
    await page.getByRole('link', { name: 'Laporan' }).click();
    await page.waitForSelector('[data-testid=chart-answer] svg');
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe('5');
    expect(await page.textContent('[data-testid=kpi-incidents]')).toBe('3');
    expect(await page.textContent('[data-testid=kpi-abandoned]')).toBe('1');
    // The answer-time chart draws its 15 s and 20 s lines; the others have their bars.
    expect(await page.locator('[data-testid=chart-answer] .target-label').allTextContents()).toEqual([
      '15 s',
      '20 s',
    ]);
    expect(await page.locator('[data-testid=chart-category] .bar').count()).toBe(2);
    expect(await page.locator('[data-testid=chart-kecamatan] .bar').count()).toBe(2);
    expect(await page.locator('[data-testid=chart-types] .bar').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=staff] tbody tr').count()).toBe(1);
    await screenshot(page, 'reports-supervisor-id');

    // Every figure opens its list: the incidents tile, then a kecamatan bar by keyboard.
    await page
      .getByRole('button', { name: /Kejadian/ })
      .first()
      .click();
    await page.waitForSelector('[data-testid=drill] tbody tr');
    expect(await page.locator('[data-testid=drill] tbody tr').count()).toBe(3);
    await page.locator('[data-testid=chart-kecamatan] [role=button]').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count()).toBe(2);
    await screenshot(page, 'reports-drill');

    // The CSV of the incidents, as the Unduh link gives it, parsed back.
    const href = await page.getByRole('link', { name: 'Kejadian (CSV)' }).getAttribute('href');
    const csv = await (await page.request.get(href!)).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines.findIndex((l) => l.startsWith('id,number,category'));
    expect(lines.length - header - 1).toBe(3);
    const kpi = await (
      await page.request.get((await page.getByRole('link', { name: 'KPI (CSV)' }).getAttribute('href'))!)
    ).text();
    expect(kpi).toContain('calls,total,,5\r\n');
    expect(kpi).toContain('incidents,total,,3\r\n');

    // A filter narrows the figures; English is one click away.
    await page.locator('fieldset.filters select').nth(1).selectOption(bulukumbaSeed().kecamatan[1]!.code);
    await expect.poll(() => page.textContent('[data-testid=kpi-incidents]')).toBe('1');
    await page.locator('fieldset.filters select').nth(1).selectOption('');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Reports & KPIs' }).waitFor();
    await page.getByRole('button', { name: 'This month' }).click();
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe('5');
    await screenshot(page, 'reports-supervisor-en-month');
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('gives the admin the view without per call taker figures', { timeout: 60_000 }, async () => {
    const { page, context } = await openConsole(browser, server.url, 'admin');
    await page.getByRole('link', { name: 'Laporan' }).click();
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe('5');
    expect(await page.locator('[data-testid=staff]').count()).toBe(0);
    await context.close();
  });
});
