// The consoles end to end in headless Chromium against the real server: a call becomes a fire handled by Damkar.
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiUser,
  type Console,
  chromiumAvailable,
  ensureWebBuilt,
  freePort,
  launchChromium,
  openConsole,
  PinisiServer,
  pick,
  registerWalkIn,
  screenshot,
} from './harness.ts';

const canRun = chromiumAvailable();

describe.skipIf(!canRun)('consoles in the browser', () => {
  const server = new PinisiServer();
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    await server.start();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });

  // The whole shift of one report across five consoles: every step waits for its event; the limit only stops a hang
  // (at load average 22–34 it took up to 179 s).
  it('takes a prank and a house fire from the call to Damkar and back to closed', {
    timeout: 360_000,
  }, async () => {
    const taker = await openConsole(browser, server.url, 'operator1');
    const dispatcher = await openConsole(browser, server.url, 'pengarah1');
    const damkar = await openConsole(browser, server.url, 'opd-damkar');
    const dinsos = await openConsole(browser, server.url, 'opd-dinsos');
    // The supervisor's console runs on a wall display.
    const supervisor = await openConsole(browser, server.url, 'koordinator', { width: 1920, height: 1080 });
    const t = taker.page;

    // A prank: one key classifies and ends it.
    await registerWalkIn(t, '081200000001');
    await t.keyboard.press('p');
    await t.waitForSelector('[data-testid=call-in-hand]', { state: 'detached' });
    await expect
      .poll(() => t.locator('.notice').textContent(), { timeout: 15_000 })
      .toContain('Panggilan iseng');

    // The same number again: the call taker is warned before doing anything.
    await registerWalkIn(t, '081200000001');
    await t.waitForSelector('[data-testid=call-in-hand] [data-testid=junk-warning]');
    await screenshot(t, 'call-taker-junk-warning');
    await t.keyboard.press('g');
    await t.waitForSelector('[data-testid=call-in-hand]', { state: 'detached' });

    // A house fire in Ujung Bulu: D opens the form, pickers by typing, Ctrl+Enter submits.
    await registerWalkIn(t, '081355501234');
    await t.keyboard.press('d');
    await t.waitForSelector('form.incident-form');
    await pick(t, 'category', 'kebakaran bang');
    // The SOP's triage questions of the category; someone trapped makes it P1 and adds PSC 119 and Basarnas.
    await t.waitForSelector('[data-testid=triage] select[name=q_jenis_bangunan]');
    await t.selectOption('select[name=q_jenis_bangunan]', 'rumah');
    await t.selectOption('select[name=q_api_menyala]', 'true');
    await t.selectOption('select[name=q_orang_terjebak]', 'true');
    await expect
      .poll(() => t.locator('[data-testid=triage-suggestion]').textContent(), { timeout: 15_000 })
      .toContain('Ada orang terjebak');
    await pick(t, 'kecamatan', 'ujung bulu');
    await pick(t, 'desa', 'caile');
    await t.fill('input[name=landmark]', 'Dekat Masjid Raya');
    await t.fill('input[name=callerName]', 'Pak Basri');
    await t.fill(
      'textarea[name=description]',
      'Rumah kayu terbakar, api membesar, satu orang di kamar belakang',
    );
    await t.fill('input[name=address]', 'Jl. Sam Ratulangi No. 12');
    await expect.poll(() => t.inputValue('select[name=priority]'), { timeout: 15_000 }).toBe('1');

    // A server error shows in words next to the field at fault; the typed input survives a reload.
    await t.fill('input[name=callerPhone]', 'nol delapan');
    await t.press('input[name=address]', 'Control+Enter');
    const phoneError = t.locator('input[name=callerPhone] ~ .field-error');
    await phoneError.waitFor();
    expect(await phoneError.textContent()).toContain('Nomor telepon hanya boleh');
    expect(await t.locator('form.incident-form').textContent()).not.toContain('{');
    await screenshot(t, 'call-taker-field-error');
    await t.reload();
    await t.waitForSelector('form.incident-form');
    expect(await t.inputValue('input[name=kecamatan]')).toBe('Ujung Bulu');
    expect(await t.inputValue('input[name=desa]')).toBe('Caile');
    expect(await t.inputValue('textarea[name=description]')).toContain('Rumah kayu terbakar');
    await t.fill('input[name=callerPhone]', '0813 5550 1234');
    await screenshot(t, 'call-taker-incident-form');
    // Submitting is one command: the incident is created, triaged and forwarded together.
    const commands: string[] = [];
    const onRequest = (request: { method: () => string; url: () => string }) => {
      const path = new URL(request.url()).pathname;
      if (request.method() === 'POST' && path.startsWith('/api/')) commands.push(path);
    };
    t.on('request', onRequest);
    await t.press('input[name=address]', 'Control+Enter');
    await t.waitForSelector('form.incident-form', { state: 'detached' });
    const notice = (await t.locator('.notice', { hasText: 'dilaporkan' }).textContent()) ?? '';
    t.off('request', onRequest);
    expect(commands).toEqual(['/api/commands/incident.report']);
    const number = /\d{4}-\d{6}/.exec(notice)?.[0];
    expect(number, notice).toBeTruthy();
    await screenshot(t, 'call-taker-after-submit');
    // The caller is still on the line for instructions; ending the call is the next step.
    await t.getByRole('button', { name: 'Akhiri panggilan' }).click();
    await t.waitForSelector('[data-testid=call-in-hand]', { state: 'detached' });

    // A neighbour calls about the same fire: the call joins the incident instead of making a duplicate.
    await registerWalkIn(t, '081355509999');
    await t.keyboard.press('d');
    await pick(t, 'category', 'kebakaran bang');
    await pick(t, 'kecamatan', 'ujung bulu');
    await pick(t, 'desa', 'caile');
    await t
      .locator(`[data-testid=duplicate-banner] li[data-number="${number}"]`)
      .getByRole('button', { name: 'Gabungkan panggilan ke kejadian ini' })
      .click();
    await t.locator('.notice', { hasText: `digabungkan ke kejadian ${number}` }).waitFor();
    await t.getByRole('button', { name: 'Akhiri panggilan' }).click();
    await t.waitForSelector('[data-testid=call-in-hand]', { state: 'detached' });

    // The dispatcher sees it arrive without a reload and forwards it with Damkar pre-selected.
    const d = dispatcher.page;
    const queued = d.locator(`[data-testid=queue] [data-number="${number}"]`);
    await queued.waitFor();
    await queued.locator('button').click();
    const detail = d.locator(`[data-testid=incident-detail][data-number="${number}"]`);
    await detail.waitFor();
    const agency = (id: string) => detail.locator(`input[name=agency][value=${id}]`);
    await expect.poll(() => agency('psc119').isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await agency('damkar').isChecked()).toBe(true);
    expect(await agency('basarnas').isChecked()).toBe(true);
    expect(await agency('dinsos').isChecked()).toBe(false);
    expect(await detail.locator('[data-testid=sop-reasons]').textContent()).toContain('Orang terjebak');
    // The caller's answers, readable, and the SOP's priority with its reason.
    const answers = (await detail.locator('[data-testid=triage-answers]').textContent()) ?? '';
    expect(answers).toContain('Apakah ada orang terjebak di dalam?Ya');
    expect(answers).toContain('Rumah tinggal');
    expect(await detail.locator('[data-testid=triage-priority]').textContent()).toContain('P1');
    await screenshot(d, 'dispatcher-queue');
    // Changing the SOP's suggestion needs a reason, which goes with the request.
    await agency('psc119').uncheck();
    await agency('basarnas').uncheck();
    await detail.locator('form.forward button[type=submit]').click();
    await detail.getByText('tulis alasannya').waitFor();
    await detail
      .locator('form.forward input[name=note]')
      .fill('Warga sudah mengevakuasi penghuni; Damkar cukup');
    await detail.locator('form.forward button[type=submit]').click();
    const onBoard = d.locator(`[data-testid=board] [data-number="${number}"]`);
    await onBoard.waitFor();
    await onBoard.locator('.chip.not-acked').waitFor();

    // The supervisor sees the room; the English switch is remembered across a reload.
    const v = supervisor.page;
    await v.locator('[data-testid=open-dispatched]:text-is("1")').waitFor();
    await screenshot(v, 'supervisor');
    await v.getByRole('button', { name: 'English' }).click();
    await v.getByText('Calls waiting').waitFor();
    await v.reload();
    await v.getByText('Calls waiting').waitFor();
    await screenshot(v, 'supervisor-english');

    // The Damkar liaison sees it appear, acknowledges, sends a unit en route and on scene, reports done.
    const g = damkar.page;
    const card = g.locator(`[data-testid=assignment][data-number="${number}"]`);
    await card.waitFor();
    // The agency requested reads the triage too.
    expect(await card.locator('[data-testid=triage-answers]').textContent()).toContain('Rumah tinggal');
    await screenshot(g, 'damkar-requested');
    await card.getByRole('button', { name: 'Terima' }).click();
    await g.locator(`[data-testid=assignment][data-number="${number}"][data-status=acknowledged]`).waitFor();
    await onBoard.locator('.chip.assignment-acknowledged').waitFor();
    await card.getByRole('button', { name: 'Kerahkan unit' }).click();
    await card.locator('[data-testid=assigned-unit][data-status=dispatched]').waitFor();
    await card.getByRole('button', { name: 'Menuju lokasi' }).click();
    await card.locator('[data-testid=assigned-unit][data-status=en_route]').waitFor();
    await card.getByRole('button', { name: 'Di lokasi' }).click();
    await card.locator('[data-testid=assigned-unit][data-status=on_scene]').waitFor();
    await card.locator('textarea[name=report]').fill('Api padam pukul 10.40, satu rumah rusak berat');
    await screenshot(g, 'damkar-on-scene');
    await card.getByRole('button', { name: 'Laporkan selesai' }).click();
    await g.locator(`[data-testid=assignment][data-number="${number}"][data-status=done]`).waitFor();

    // The dispatcher sees the agency done and closes the incident.
    await onBoard.locator('.chip.assignment-done').waitFor();
    await screenshot(d, 'dispatcher-board');
    await detail.getByRole('button', { name: 'Tutup kejadian' }).click();
    await detail.getByRole('button', { name: 'Ya, tutup kejadian' }).click();
    await onBoard.waitFor({ state: 'detached' });
    await detail.locator('.timeline li', { hasText: 'Kejadian berakhir' }).waitFor();
    await g.locator(`[data-testid=assignment][data-number="${number}"]`).waitFor({ state: 'detached' });

    // Dinas Sosial never saw any of it.
    const s = dinsos.page;
    expect(await s.locator('[data-testid=assignment]').count()).toBe(0);
    expect(await s.locator('body').textContent()).not.toContain(number);
    await screenshot(s, 'dinsos');

    for (const c of [taker, dispatcher, damkar, dinsos, supervisor]) await c.context.close();
  });

  it('shows a lost connection, recovers by itself and shows what changed meanwhile', {
    timeout: 180_000,
  }, async () => {
    const dispatcher: Console = await openConsole(browser, server.url, 'pengarah1');
    const d = dispatcher.page;
    const operator = new ApiUser(server.url);
    await operator.login('operator2');

    // Cut this console off the network while another operator records two incidents.
    await dispatcher.context.setOffline(true);
    await d.locator('[data-testid=offline-banner]').waitFor();
    const numbers: string[] = [];
    for (const kecamatan of ['73.02.02', '73.02.06']) {
      numbers.push(await operator.forwardedIncident(kecamatan, 'pohon_tumbang', 3));
    }
    await screenshot(d, 'dispatcher-offline');
    expect(await d.locator('[data-testid=queue] [data-number]').count()).toBe(0);

    await dispatcher.context.setOffline(false);
    const recovered = d.locator('[data-testid=recovered-banner]');
    await recovered.waitFor();
    expect(await recovered.textContent()).toMatch(/\d+ perubahan saat terputus/);
    expect(await recovered.getAttribute('data-kind')).toBe('replayed');
    for (const n of numbers) await d.locator(`[data-testid=queue] .missed[data-number="${n}"]`).waitFor();
    await screenshot(d, 'dispatcher-recovered');
    await recovered.getByRole('button').click();
    await recovered.waitFor({ state: 'detached' });

    // The server itself goes away and comes back: the console notices and reconnects by itself.
    await server.stop();
    await d.locator('[data-testid=offline-banner]').waitFor();
    await server.start();
    await d.locator('[data-testid=connection][data-state=online]').waitFor({ timeout: 30_000 });
    await d.locator('[data-testid=offline-banner]').waitFor({ state: 'detached' });
    const late = await operator.forwardedIncident('73.02.01', 'banjir', 2);
    await d.locator(`[data-testid=queue] [data-number="${late}"]`).waitFor();
    await screenshot(d, 'dispatcher-after-restart');
    await dispatcher.context.close();
  });
});

// A 1×1 PNG: enough for MapLibre to draw a raster basemap tile.
const TILE = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe.skipIf(!canRun)(
  'a console away for longer than the server replays, over a configured basemap',
  () => {
    let server: PinisiServer;
    let browser: Browser;
    let tiles: Server;
    const tileRequests: string[] = [];

    beforeAll(async () => {
      ensureWebBuilt();
      tiles = createServer((request, response) => {
        tileRequests.push(request.url ?? '');
        response.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
        response.end(TILE);
      });
      const tilePort = await freePort();
      await new Promise<void>((listening) => tiles.listen(tilePort, '127.0.0.1', listening));
      server = new PinisiServer({
        PINISI_REPLAY_LIMIT: '3',
        PINISI_TILE_URL: `http://127.0.0.1:${tilePort}/tiles/{z}/{x}/{y}.png`,
      });
      await server.start();
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.dispose();
      tiles?.close();
    });

    it('draws the basemap from the configured tile URL', { timeout: 60_000 }, async () => {
      const supervisor = await openConsole(browser, server.url, 'koordinator');
      await expect.poll(() => tileRequests.length, { timeout: 30_000 }).toBeGreaterThan(0);
      expect(tileRequests[0]).toMatch(/^\/tiles\/\d+\/\d+\/\d+\.png$/);
      await supervisor.context.close();
    });

    it('reloads the snapshot and marks what changed', { timeout: 120_000 }, async () => {
      const dispatcher = await openConsole(browser, server.url, 'pengarah1');
      const d = dispatcher.page;
      const operator = new ApiUser(server.url);
      await operator.login('operator2');
      await dispatcher.context.setOffline(true);
      await d.locator('[data-testid=offline-banner]').waitFor();
      const first = await operator.forwardedIncident('73.02.03', 'kecelakaan_laut', 1);
      const second = await operator.forwardedIncident('73.02.05', 'hewan', 4);
      await dispatcher.context.setOffline(false);
      const recovered = d.locator('[data-testid=recovered-banner]');
      await recovered.waitFor();
      expect(await recovered.textContent()).toContain('2 kejadian ditandai kuning');
      expect(await recovered.getAttribute('data-kind')).toBe('reloaded');
      await d.locator(`[data-testid=queue] .missed[data-number="${first}"]`).waitFor();
      await d.locator(`[data-testid=queue] .missed[data-number="${second}"]`).waitFor();
      // P1 before P4.
      const order = await d
        .locator('[data-testid=queue] [data-number]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')));
      expect(order).toEqual([first, second]);
      await screenshot(d, 'dispatcher-recovered-from-snapshot');
      await dispatcher.context.close();
    });
  },
);
