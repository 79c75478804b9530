// The crew page as an installed app on a phone (360×640) in Chromium: it opens without a network from its service
// worker, status changes made offline wait in the phone's outbox across a reload and reach the server once, in
// order, when the network returns; a change whose answer was lost is sent again with its key and applied once.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiUser, browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

const KAJANG = { kecamatan: '73.02.06', lat: -5.335, lon: 120.345, address: 'Jl. Poros Kajang' };
const DESCRIPTION = 'Gudang kopra terbakar di belakang pasar';

interface Timeline {
  events: { type: string; unitId?: string; status?: string; at: number; pressedAt?: number }[];
}

describe.skipIf(!chromiumAvailable())('responder page offline', () => {
  const { server, browser } = browserRoom();

  it('opens offline from its service worker and sends offline status changes once, in order, when back online', {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await openConsole(browser(), server.url, 'kru-damkar-01', {
      width: 360,
      height: 640,
    });
    // Installable: a manifest with the crew page as start and icons a phone can use.
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel=manifest]')?.getAttribute('href') ?? '';
      return (await fetch(href)).json() as Promise<{
        start_url: string;
        display: string;
        icons: { sizes: string }[];
      }>;
    });
    expect(manifest.start_url).toBe('/responder');
    expect(manifest.display).toBe('standalone');
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // The browser's offer to install (as Chromium makes it on a phone) becomes a button that opens its dialog.
    await page.evaluate(() => {
      const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => {
          document.body.dataset.installAsked = 'yes';
        },
      });
      window.dispatchEvent(offer);
    });
    await page.getByRole('button', { name: 'Pasang di layar utama' }).click();
    await page.locator('body[data-install-asked=yes]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Pasang di layar utama' }).waitFor({ state: 'detached' });

    const dispatcher = new ApiUser(server.url);
    await dispatcher.login('pengarah1');
    const { incidentId } = await dispatcher.command('incident.create', {
      category: 'kebakaran_bangunan',
      location: KAJANG,
      description: DESCRIPTION,
      priority: 1,
    });
    await dispatcher.command('incident.forward', { incidentId });
    const { assignmentIds } = await dispatcher.command('incident.request_agencies', {
      incidentId,
      agencies: ['damkar'],
      note: 'uji luring',
    });
    const damkar = new ApiUser(server.url);
    await damkar.login('opd-damkar');
    const assignmentId = (assignmentIds as string[])[0];
    await damkar.command('assignment.acknowledge', { assignmentId });
    await damkar.command('assignment.assign_unit', { assignmentId, unitId: 'damkar-01' });
    await page.locator(`[data-testid=responder-task] >> text=${DESCRIPTION}`).waitFor();
    // The page keeps its task for a start without a network (the service worker's copy of the snapshot).
    await expect
      .poll(
        () =>
          page.evaluate(async (text) => {
            const kept = await Promise.all(
              ['/api/me', '/api/reference', '/api/snapshot', '/api/geo/boundaries'].map((p) =>
                caches.match(p),
              ),
            );
            return kept.every((r) => r !== undefined) && (await kept[2]!.text()).includes(text);
          }, DESCRIPTION),
        { timeout: 30_000 },
      )
      .toBe(true);

    // The page has asked the server's time with its three light probes once settled (api.ts keepServerClock),
    // after the console's own start-up read of /api/config.
    await page.waitForFunction(
      () =>
        performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/config')).length >= 4,
    );
    await context.setOffline(true);
    const beforePress = Date.now();
    await page.getByRole('button', { name: 'Menuju lokasi' }).click();
    const status = page.locator('[data-testid=responder-status]');
    await page.locator('[data-testid=responder-status][data-pending=en_route]').waitFor();
    const afterPress = Date.now();
    // The crew sees when it pressed the button while the change waits.
    expect(await page.locator('[data-testid=responder-pressed]').textContent()).toMatch(/ditekan \d\d\.\d\d/);
    expect(await status.getAttribute('data-status')).toBe('dispatched');

    // Reloaded without a network: the page, its task and the pending change come from the phone.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.locator(`[data-testid=responder-task] >> text=${DESCRIPTION}`).waitFor();
    await page.locator('[data-testid=responder-status][data-pending=en_route]').waitFor();
    // The task's map is drawn from the kept boundaries: Kajang framed, the incident's point marked.
    await page.locator('.responder-map svg[data-frame="73.02.06"] [data-marker=incident]').waitFor();
    await page.getByRole('button', { name: 'Tiba di lokasi' }).click();
    await page.locator('[data-testid=responder-status][data-pending=on_scene]').waitFor();
    expect(await page.locator('[data-testid=responder-queued]').textContent()).toContain('2 perubahan');
    await screenshot(page, 'responder-offline-pending');

    const unitStatus = async () =>
      (await damkar.get<{ units: { id: string; status: string }[] }>('/api/snapshot')).units.find(
        (u) => u.id === 'damkar-01',
      )?.status;
    expect(await unitStatus()).toBe('dispatched');

    await context.setOffline(false);
    await page.locator('[data-testid=responder-status][data-status=on_scene][data-pending=""]').waitFor();
    await page.locator('[data-testid=responder-queued]').waitFor({ state: 'detached' });
    expect(await unitStatus()).toBe('on_scene');
    await screenshot(page, 'responder-offline-sent');

    // The next change reaches the server but its answer is lost: the page sends it again with the same key.
    let lost = 0;
    await page.route('**/api/commands/unit.set_status', async (route) => {
      if (lost > 0) return route.continue();
      lost += 1;
      await route.fetch();
      await route.abort('internetdisconnected');
    });
    await page.getByRole('button', { name: 'Selesai, kembali' }).click();
    await page.locator('[data-testid=responder-status][data-status=returning][data-pending=""]').waitFor();
    expect(lost).toBe(1);

    const timeline = await dispatcher.get<Timeline>(`/api/incidents/${incidentId}/timeline`);
    const changes = timeline.events
      .filter((e) => e.type === 'unit.status_changed' && e.unitId === 'damkar-01')
      .map((e) => e.status);
    expect(changes).toEqual(['en_route', 'on_scene', 'returning']);
    // The change made offline carries the time the crew pressed the button, not only the time it arrived. (The
    // server's clock as the page learnt it from its answers' X-Server-Time: within a second of the test's.)
    const enRoute = timeline.events.find((e) => e.type === 'unit.status_changed' && e.status === 'en_route')!;
    expect(enRoute.pressedAt).toBeGreaterThanOrEqual(beforePress - 1000);
    expect(enRoute.pressedAt).toBeLessThanOrEqual(afterPress + 1000);
    expect(enRoute.at).toBeGreaterThan(enRoute.pressedAt!);
  });
});

describe.skipIf(!chromiumAvailable())('the crew app keeps no one else’s data', () => {
  const { server, browser } = browserRoom();

  /** What the page's service worker keeps of the start-up answers, and whose they are. */
  const keptData = (page: Page) =>
    page.evaluate(async () => {
      // An answer read now passes the service worker, which has dealt with the cache by the time it arrives.
      await fetch('/api/snapshot');
      if (!(await caches.has('pinisi-data'))) return [];
      const cache = await caches.open('pinisi-data');
      return Promise.all(
        (await cache.keys()).map(
          async (r) =>
            `${new URL(r.url).pathname} ${(await cache.match(r))?.headers.get('x-pinisi-offline-owner') ?? ''}`,
        ),
      );
    });

  it('keeps a crew’s start-up data for offline use, and nothing of a dispatcher who signs in after it', {
    timeout: 180_000,
  }, async () => {
    const { page } = await openConsole(browser(), server.url, 'kru-damkar-01', { width: 360, height: 640 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // The crew's own answers are kept.
    await expect
      .poll(async () => (await keptData(page)).some((e) => e.startsWith('/api/snapshot ')), {
        timeout: 30_000,
      })
      .toBe(true);
    // Marked as the crew's: another crew signing in on this phone finds it forgotten.
    expect((await keptData(page)).find((e) => e.startsWith('/api/snapshot '))).toMatch(
      /^\/api\/snapshot \S+$/,
    );

    // The crew signs out; a dispatcher signs in on the same browser, which the crew's service worker still serves.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.fill('input[name=username]', 'pengarah1');
    await page.fill('input[name=password]', 'pinisi112');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=connection][data-state=online]');
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    expect(await keptData(page)).toEqual([]);
    // Nor does any answer of the dispatcher's come from the cache without a network: it has none to give.
    await page.context().setOffline(true);
    expect(
      await page.evaluate(() =>
        fetch('/api/snapshot').then(
          (r) => r.status,
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    await page.context().setOffline(false);
  });
});
