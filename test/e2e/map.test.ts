// The map in Chromium with every request outside this machine refused: boundaries and labels drawn, a click on
// the map fills kecamatan and desa, a click in a neighbouring regency says where the caller is.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserRoom, chromiumAvailable, screenshot } from './harness.ts';

const canRun = chromiumAvailable();
const LOCAL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

/** Clicks the map where a label is drawn (labels let clicks through to the map). */
async function clickAtLabel(page: Page, kind: string, name: string): Promise<void> {
  const box = await page.locator(`.map-label.${kind}`, { hasText: name }).first().boundingBox();
  if (!box) throw new Error(`label ${name} is not on screen`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe.skipIf(!canRun)('the map, offline', () => {
  const room = browserRoom();
  const server = room.server;

  it('draws the boundaries with labels, fills the form from a click, and asks nothing of the internet', {
    timeout: 120_000,
  }, async () => {
    const context = await room
      .browser()
      .newContext({ viewport: { width: 1366, height: 768 }, baseURL: server.url });
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (LOCAL.test(url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/');
    await page.fill('input[name=username]', 'operator1');
    await page.fill('input[name=password]', 'pinisi112');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=connection][data-state=online]');

    // The boundaries are drawn: the WebGL map says so, labels of every kecamatan and the neighbours are placed.
    await page.waitForSelector('.map[data-ready=boundaries]', { timeout: 30_000 });
    expect(await page.locator('.map-label.kecamatan').count()).toBe(10);
    expect(await page.locator('.map-label.desa').count()).toBe(136);
    expect(await page.locator('.map-label.regency').count()).toBe(23);
    await expect
      .poll(() => page.locator('.map-label.kecamatan', { hasText: 'Kajang' }).isVisible())
      .toBe(true);
    await screenshot(page, 'map-offline-call-taker');

    // A walk-in emergency: a click on the map in Kajang fills kecamatan and desa.
    await page.selectOption('select[name=channel]', 'walk_in');
    await page.fill('input[name=number]', '081211112222');
    await page.press('input[name=number]', 'Enter');
    await page.waitForSelector('[data-testid=call-in-hand]');
    await page.keyboard.press('d');
    await page.waitForSelector('form.incident-form');
    await clickAtLabel(page, 'kecamatan', 'Kajang');
    await expect.poll(() => page.inputValue('input[name=kecamatan]')).toBe('Kajang');
    expect(await page.inputValue('input[name=desa]')).not.toBe('');
    const inKajang = await page.locator('[data-testid=point-place]').textContent();
    expect(inKajang).toMatch(/^Kajang · /);
    expect(inKajang).toContain(await page.inputValue('input[name=desa]'));

    // A click in Bantaeng names that regency so the caller can be passed on; the kecamatan stays as it was.
    await clickAtLabel(page, 'regency', 'Bantaeng');
    await expect
      .poll(() => page.locator('[data-testid=point-place]').textContent())
      .toBe('⚠ Di luar wilayah: Kabupaten Bantaeng');
    expect(await page.inputValue('input[name=kecamatan]')).toBe('Kajang');
    await screenshot(page, 'map-offline-outside');

    // A desa chosen without a point: the map shows that desa whole, close enough to read desa names.
    await page.click('button:has-text("Hapus titik")');
    await page.locator('input[name=desa]').fill('tanah towa');
    await page.waitForSelector('[role=listbox] [role=option]');
    await page.locator('input[name=desa]').press('Enter');
    await expect
      .poll(() => page.locator('.map-label.desa', { hasText: 'Tanah Towa' }).isVisible())
      .toBe(true);
    await screenshot(page, 'map-offline-desa-area');

    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
