// Issue 11 in the browser, dispatcher and agency side: units come back after the report and after a cancel, closing
// never hangs on a silent agency, the selection survives a reload, keys, history, retry after an outage, map point.
import type { Browser } from 'playwright-core';
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
const UJUNG_BULU = '73.02.02';
const CALLER = '081355507777';

describe.skipIf(!canRun)('incident work in the browser (issue 11)', () => {
  const server = new PinisiServer();
  let browser: Browser;
  let operator: ApiUser;
  let dispatcherApi: ApiUser;

  /** A forwarded house fire with a map point, requested from these agencies by the dispatcher (over the API). */
  async function requested(
    agencies: string[],
  ): Promise<{ number: string; incidentId: string; ids: string[] }> {
    const { callId } = await operator.command('call.register', { channel: 'voice', number: CALLER });
    await operator.command('call.answer', { callId });
    const created = await operator.command('incident.create', {
      callId,
      category: 'kebakaran_bangunan',
      location: { kecamatan: UJUNG_BULU, lat: -5.556, lon: 120.195, address: 'Jl. Sam Ratulangi 12' },
      caller: { name: 'Pak Basri', phone: CALLER },
      description: 'Rumah kayu terbakar',
      priority: 1,
    });
    const incidentId = String(created.incidentId);
    await operator.command('incident.forward', { incidentId });
    const { assignmentIds } = await dispatcherApi.command('incident.request_agencies', {
      incidentId,
      agencies,
    });
    return { number: String(created.number), incidentId, ids: assignmentIds as string[] };
  }

  beforeAll(async () => {
    ensureWebBuilt();
    await server.start();
    browser = await launchChromium();
    operator = new ApiUser(server.url);
    dispatcherApi = new ApiUser(server.url);
    await operator.login('operator2');
    await dispatcherApi.login('pengarah1');
  });

  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });

  it('lets the liaison work by keys, keeps an outage click, and moves units after the report and a cancel', {
    timeout: 180_000,
  }, async () => {
    const damkar = await openConsole(browser, server.url, 'opd-damkar');
    const dispatcher = await openConsole(browser, server.url, 'pengarah1');
    const g = damkar.page;
    const first = await requested(['damkar']);
    const card = g.locator(`[data-testid=assignment][data-number="${first.number}"]`);
    await card.waitFor();
    // The map point as text, for the agency as for the dispatcher.
    expect(await card.locator('[data-testid=map-point]').textContent()).toContain('-5.55600, 120.19500');
    expect(await g.locator('[data-testid=shortcuts]').textContent()).toContain('T terima');

    // Enter in the reason field does not decline (the acceptance below proves it stayed requested).
    await card.locator('input[name=declineReason]').fill('Tidak ada unit');
    await card.locator('input[name=declineReason]').press('Enter');
    await g.locator('body').click({ position: { x: 5, y: 5 } });

    // An outage: the click is kept, shown as pending, and goes through once the connection is back.
    await damkar.context.setOffline(true);
    await g.locator('[data-testid=offline-banner]').waitFor();
    await g.keyboard.press('t');
    await card.locator('[data-testid=command-queued]').waitFor();
    await screenshot(g, 'damkar-pending-command');
    await damkar.context.setOffline(false);
    await g
      .locator(`[data-testid=assignment][data-number="${first.number}"][data-status=acknowledged]`)
      .waitFor();
    await card.locator('[data-testid=command-queued]').waitFor({ state: 'detached' });
    expect(await g.locator('.form-error').allTextContents()).toEqual([]);

    // Keys: U assigns the unit, 1 and 2 move it; then the report.
    await g.keyboard.press('u');
    const unit = card.locator('[data-testid=assigned-unit]');
    await unit.and(g.locator('[data-status=dispatched]')).waitFor();
    const callsign = (await unit.locator('th').textContent()) ?? '';
    await g.keyboard.press('1');
    await unit.and(g.locator('[data-status=en_route]')).waitFor();
    await g.keyboard.press('2');
    await unit.and(g.locator('[data-status=on_scene]')).waitFor();
    await card.locator('textarea[name=report]').fill('Api padam, tidak ada korban');
    await card.getByRole('button', { name: 'Laporkan selesai' }).click();
    await g.locator(`[data-testid=assignment][data-number="${first.number}"][data-status=done]`).waitFor();
    // After the report the unit still moves: back to its station, then available.
    await unit.getByRole('button', { name: 'Kembali ke pos' }).click();
    const listed = g.locator(`[data-testid=unit][data-callsign="${callsign}"]`);
    await listed.filter({ hasText: 'Kembali ke pos' }).waitFor();
    await screenshot(g, 'damkar-unit-returning');
    await listed.getByRole('button', { name: 'Siap' }).click();
    await listed.locator('.unit-buttons button', { hasText: 'Siap' }).waitFor({ state: 'detached' });
    expect(await listed.textContent()).toContain('Siap');

    // A second fire, the unit on its way, then the dispatcher cancels it: the unit turns back by itself.
    const second = await requested(['damkar']);
    const card2 = g.locator(`[data-testid=assignment][data-number="${second.number}"]`);
    await card2.getByRole('button', { name: 'Terima' }).click();
    await card2.getByRole('button', { name: 'Kerahkan unit' }).click();
    const unit2 = card2.locator('[data-testid=assigned-unit]');
    await unit2.getByRole('button', { name: 'Menuju lokasi' }).click();
    await unit2.and(g.locator('[data-status=en_route]')).waitFor();
    const callsign2 = (await unit2.locator('th').textContent()) ?? '';
    const d = dispatcher.page;
    await d.goto(`/?kejadian=${second.number}`);
    const detail = d.locator(`[data-testid=incident-detail][data-number="${second.number}"]`);
    await detail.waitFor();
    expect(await detail.locator('[data-testid=map-point]').textContent()).toBe('-5.55600, 120.19500');
    await detail.getByRole('button', { name: 'Batalkan kejadian' }).click();
    // Enter in the reason field does not cancel anything.
    await detail.locator('input[name=cancelReason]').fill('Laporan palsu');
    await detail.locator('input[name=cancelReason]').press('Enter');
    expect(await d.locator(`[data-testid=board] [data-number="${second.number}"]`).count()).toBe(1);
    await detail.getByRole('button', { name: 'Ya, batalkan kejadian' }).click();
    await g
      .locator(`[data-testid=unit][data-callsign="${callsign2}"]`)
      .filter({ hasText: 'Kembali ke pos' })
      .waitFor();
    // At its station: its own marker, or named in the marker of the stations drawn as one at this zoom.
    await g.locator(`.map-marker[title*="${callsign2} (Kembali ke pos)"]`).waitFor({ state: 'attached' });
    await screenshot(g, 'damkar-after-cancel');
    for (const c of [damkar, dispatcher]) await c.context.close();
  });

  it('closes with a silent agency: acceptance by radio, a withdrawn request, a forced close by the supervisor', {
    timeout: 180_000,
  }, async () => {
    const dispatcher = await openConsole(browser, server.url, 'pengarah1');
    const psc = await openConsole(browser, server.url, 'opd-psc119');
    const d = dispatcher.page;
    const fire = await requested(['damkar', 'psc119']);
    await d.goto(`/?kejadian=${fire.number}`);
    const detail = d.locator(`[data-testid=incident-detail][data-number="${fire.number}"]`);
    await detail.waitFor();
    const row = (code: string) => detail.locator('table.assignments tr', { hasText: code });

    // Damkar does not look at its console: the dispatcher records the acceptance heard on the radio.
    await row('DAMKAR').getByRole('button', { name: 'Catat diterima' }).click();
    await row('DAMKAR').locator('select[name=via]').selectOption('radio');
    await row('DAMKAR').locator('input[name=contact]').fill('Pak Rudi, piket Damkar');
    await screenshot(d, 'dispatcher-ack-by-radio');
    await row('DAMKAR').getByRole('button', { name: 'Ya, catat diterima' }).click();
    await row('DAMKAR').getByText('diterima lewat radio oleh Pak Rudi, piket Damkar').waitFor();

    // PSC 119 is not needed after all: withdrawn with a reason, and its liaison no longer sees it.
    await psc.page.locator(`[data-testid=assignment][data-number="${fire.number}"]`).waitFor();
    await row('PSC').getByRole('button', { name: 'Tarik permintaan' }).click();
    await row('PSC').locator('input[name=withdrawReason]').fill('Tidak ada korban');
    await row('PSC').getByRole('button', { name: 'Ya, tarik permintaan' }).click();
    await row('PSC').getByText('Ditarik — Tidak ada korban').waitFor();
    await psc.page
      .locator(`[data-testid=assignment][data-number="${fire.number}"]`)
      .waitFor({ state: 'detached' });
    await detail.locator('.timeline li', { hasText: 'Permintaan ditarik' }).waitFor();
    // Damkar still works on it (and says nothing): the dispatcher is told who, and cannot close.
    expect(await detail.locator('[data-testid=still-working]').textContent()).toContain('DAMKAR');
    expect(await detail.getByRole('button', { name: 'Tutup kejadian' }).count()).toBe(0);
    await screenshot(d, 'dispatcher-still-working');

    // The supervisor opens it from the board and forces the close with a reason.
    const supervisor = await openConsole(browser, server.url, 'koordinator', { width: 1920, height: 1080 });
    const v = supervisor.page;
    await v
      .locator('[data-testid=incident-row]', { hasText: fire.number })
      .getByRole('button')
      .first()
      .click();
    const sDetail = v.locator(`[data-testid=incident-detail][data-number="${fire.number}"]`);
    await sDetail.getByRole('button', { name: 'Tutup paksa' }).click();
    await sDetail.locator('input[name=forceReason]').fill('Damkar tidak dapat dihubungi; api sudah padam');
    await screenshot(v, 'supervisor-force-close');
    await sDetail.getByRole('button', { name: 'Ya, tutup paksa' }).click();
    await detail.locator('.timeline li', { hasText: 'Damkar tidak dapat dihubungi' }).waitFor();
    await d.locator(`[data-testid=board] [data-number="${fire.number}"]`).waitFor({ state: 'detached' });
    for (const c of [dispatcher, psc, supervisor]) await c.context.close();
  });

  it('draws attention to new incidents, keeps the selection on reload, works by keys and finds closed incidents', {
    timeout: 180_000,
  }, async () => {
    const dispatcher = await openConsole(browser, server.url, 'pengarah1');
    const damkar = await openConsole(browser, server.url, 'opd-damkar');
    const d = dispatcher.page;
    expect(await d.locator('[data-testid=shortcuts]').textContent()).toContain('N kejadian berikutnya');

    // A new incident arrives: highlighted with a badge until opened.
    const { callId } = await operator.command('call.register', { channel: 'voice', number: CALLER });
    await operator.command('call.answer', { callId });
    const created = await operator.command('incident.create', {
      callId,
      category: 'kebakaran_bangunan',
      location: { kecamatan: UJUNG_BULU },
      caller: { name: 'Pak Basri', phone: CALLER },
      description: 'Asap dari gudang',
      priority: 2,
    });
    await operator.command('incident.forward', { incidentId: created.incidentId });
    const number = String(created.number);
    const queued = d.locator(`[data-testid=queue] [data-number="${number}"]`);
    await queued.and(d.locator('.arrived')).waitFor();
    expect(await queued.locator('.new-badge').textContent()).toBe('BARU');
    // The highlight costs the compositor, not the page: its animations change opacity only (a background animated
    // instead was repainted at every frame, 2-3 s of a console's main thread for each new incident).
    const animated = await d.evaluate(() =>
      document
        .getAnimations()
        .flatMap((a) => (a.effect as KeyframeEffect).getKeyframes().flatMap((k) => Object.keys(k)))
        .filter((p) => !['offset', 'computedOffset', 'easing', 'composite'].includes(p)),
    );
    expect(animated.length).toBeGreaterThan(0);
    expect([...new Set(animated)]).toEqual(['opacity']);
    await screenshot(d, 'dispatcher-new-arrival');
    // N opens the next in the queue; the address keeps it across a reload.
    await d.keyboard.press('n');
    const detail = d.locator(`[data-testid=incident-detail][data-number="${number}"]`);
    await detail.waitFor();
    await queued.and(d.locator('.arrived')).waitFor({ state: 'detached' });
    expect(new URL(d.url()).searchParams.get('kejadian')).toBe(number);
    await d.reload();
    await detail.waitFor();
    // F forwards to the suggested agencies; T asks before closing.
    await expect.poll(() => detail.locator('input[name=agency][value=damkar]').isChecked()).toBe(true);
    await d.keyboard.press('f');
    await d.locator(`[data-testid=board] [data-number="${number}"]`).waitFor();
    const g = damkar.page;
    const card = g.locator(`[data-testid=assignment][data-number="${number}"]`);
    await card.getByRole('button', { name: 'Terima' }).click();
    await card.locator('textarea[name=report]').fill('Gudang kosong, asap dari sampah dibakar');
    await card.getByRole('button', { name: 'Laporkan selesai' }).click();
    await detail.locator('.ready-to-close, .notice', { hasText: 'Semua instansi selesai' }).waitFor();
    await d.locator('body').click({ position: { x: 5, y: 5 } });
    await d.keyboard.press('t');
    await detail.getByRole('button', { name: 'Ya, tutup kejadian' }).click();
    await d.locator(`[data-testid=board] [data-number="${number}"]`).waitFor({ state: 'detached' });

    // The liaison's page keeps its finished work.
    await g.locator('[data-testid=history-results]', { hasText: number }).waitFor();
    await screenshot(g, 'damkar-recent-work');

    // History: by number, by phone number and by place; a result opens read-only with its timeline.
    const search = async (q: string) => {
      await d.locator('input[name=history]').fill(q);
      await d.locator('input[name=history]').press('Enter');
    };
    const results = d.locator('[data-testid=history-results]');
    await search(number);
    await results.locator(`[data-number="${number}"]`).waitFor();
    expect(await results.locator('[data-number]').count()).toBe(1);
    await search('0813 5550 7777');
    // The number's own answer (one row, this one) stays on screen until the phone search answers: wait for it.
    await expect.poll(() => results.locator('[data-number]').count()).toBeGreaterThanOrEqual(4);
    await results.locator(`[data-number="${number}"]`).waitFor();
    await search('ujung bulu');
    await results.locator(`[data-number="${number}"]`).waitFor();
    await results.locator(`[data-number="${number}"] button`).click();
    await detail.locator('.timeline li', { hasText: 'Kejadian berakhir' }).waitFor();
    await screenshot(d, 'dispatcher-history');

    // Printed, the record stands alone: no top bar, no other panel.
    await d.emulateMedia({ media: 'print' });
    await d.locator('.topbar').waitFor({ state: 'hidden' });
    expect(await d.locator('.layout > .panel:not(.detail)').first().isVisible()).toBe(false);
    expect(await detail.locator('.timeline li', { hasText: 'Kejadian berakhir' }).isVisible()).toBe(true);
    await d.emulateMedia({ media: 'screen' });
    for (const c of [dispatcher, damkar]) await c.context.close();
  });
});
