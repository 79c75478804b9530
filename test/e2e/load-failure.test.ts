// A part of a console whose code cannot be downloaded (the connection dropped at that moment, or a new release
// replaced the file) no longer blanks the whole console: without MapLibre the simple SVG map is drawn, and without
// the view's own code the header stays with a way to reload.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserRoom, chromiumAvailable, screenshot } from './harness.ts';

const canRun = chromiumAvailable();

describe.skipIf(!canRun)('a console whose code could not be downloaded', () => {
  const room = browserRoom();
  const server = room.server;

  /** Signs in with the files matching `refused` failing to download. */
  async function signIn(username: string, refused: RegExp): Promise<{ context: BrowserContext; page: Page }> {
    const context = await room
      .browser()
      .newContext({ viewport: { width: 1366, height: 768 }, baseURL: server.url });
    await context.route(refused, (route) => route.abort('connectionreset'));
    const page = await context.newPage();
    await page.goto('/');
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', 'pinisi112');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=connection][data-state=online]');
    return { context, page };
  }

  it('draws the simple map when MapLibre cannot be downloaded, and the console keeps working', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await signIn('pengarah1', /\/assets\/MapView-[^/]*\.js$/);
    await page.waitForSelector(
      '.map.svg-map svg[aria-label="Peta grafis gagal dimuat; yang tampil peta sederhana."]',
    );
    // The rest of the dispatcher's console is there: the queue and the header.
    await page.waitForSelector('[data-testid=queue]', { state: 'attached' });
    expect(await page.locator('.topbar h1').textContent()).toBe('Pinisi 112 Bulukumba');
    await screenshot(page, 'load-failure-map');
    await context.close();
  });

  it('keeps the header and offers a reload when the view itself cannot be downloaded', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await signIn('operator1', /\/assets\/CallTakerView-[^/]*\.js$/);
    const alert = page.getByRole('alert').filter({ hasText: 'Tampilan ini gagal dimuat' });
    await alert.waitFor();
    expect(await alert.getByRole('button', { name: 'Muat ulang halaman' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Keluar' }).isVisible()).toBe(true);
    await screenshot(page, 'load-failure-view');
    await context.close();
  });
});
