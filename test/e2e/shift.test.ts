// Issue 11 in the browser, what the first shift leans on: the call head stays in sight while the form scrolls, one
// request from submit to "created" and none on the dispatcher's side, the caller's instructions, the dispatcher's
// amendment by key U, situation notes between the centre and the agencies, and linking and merging duplicates.
import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiUser,
  browserRoom,
  chromiumAvailable,
  openConsole,
  pick,
  registerWalkIn,
  screenshot,
} from './harness.ts';

const canRun = chromiumAvailable();
const UJUNG_BULU = '73.02.02';

/** Every API request the page makes from now on (method and path), until `stop` is called. */
function recordRequests(page: Page): { paths: string[]; stop: () => void } {
  const paths: string[] = [];
  const onRequest = (request: Request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) paths.push(`${request.method()} ${url.pathname}`);
  };
  page.on('request', onRequest);
  return { paths, stop: () => page.off('request', onRequest) };
}

/** Where an element is drawn relative to the viewport. */
async function box(page: Page, selector: string): Promise<{ top: number; bottom: number }> {
  return page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom };
  });
}

describe.skipIf(!canRun)('a first shift in the browser (issue 11)', () => {
  const room = browserRoom();
  let api: ApiUser;
  let dispatcherApi: ApiUser;

  beforeAll(async () => {
    api = new ApiUser(room.server.url);
    dispatcherApi = new ApiUser(room.server.url);
    await api.login('operator2');
    await dispatcherApi.login('pengarah1');
  });

  /** A forwarded incident in Ujung Bulu, requested from these agencies by the dispatcher (over the API). */
  async function requested(
    category: string,
    description: string,
    agencies: string[],
  ): Promise<{ number: string; incidentId: string }> {
    const { callId } = await api.command('call.register', { channel: 'voice', number: '081355508888' });
    await api.command('call.answer', { callId });
    const created = await api.command('incident.create', {
      callId,
      category,
      location: { kecamatan: UJUNG_BULU, address: 'Jl. Sam Ratulangi 12' },
      caller: { name: 'Bu Hasna', phone: '081355508888' },
      description,
      priority: 2,
    });
    const incidentId = String(created.incidentId);
    await api.command('incident.forward', { incidentId });
    if (agencies.length > 0) {
      await dispatcherApi.command('incident.request_agencies', { incidentId, agencies });
    }
    return { number: String(created.number), incidentId };
  }

  /** A forwarded incident in another kecamatan, not requested from anyone yet. */
  async function forwardedIn(kecamatan: string, category: string, description: string): Promise<string> {
    const { callId } = await api.command('call.register', { channel: 'voice', number: '081355506666' });
    await api.command('call.answer', { callId });
    const created = await api.command('incident.create', {
      callId,
      category,
      location: { kecamatan },
      description,
      priority: 3,
    });
    await api.command('incident.forward', { incidentId: String(created.incidentId) });
    return String(created.number);
  }

  it('keeps the caller in sight while the form scrolls, sends one request, and shows what to tell the caller', {
    timeout: 180_000,
  }, async () => {
    const taker = await openConsole(room.browser(), room.server.url, 'operator1');
    const dispatcher = await openConsole(room.browser(), room.server.url, 'pengarah1');
    const t = taker.page;
    const d = dispatcher.page;
    await registerWalkIn(t, '081355503003');
    await t.keyboard.press('d');
    await pick(t, 'category', 'kebakaran bang');
    await t.waitForSelector('[data-testid=triage] select[name=q_orang_terjebak]');
    await t.selectOption('select[name=q_jenis_bangunan]', 'rumah');
    await t.selectOption('select[name=q_api_menyala]', 'true');
    await t.selectOption('select[name=q_orang_terjebak]', 'true');
    await pick(t, 'kecamatan', 'ujung bulu');
    await pick(t, 'desa', 'caile');
    await t.fill('input[name=callerName]', 'Pak Amir');
    await t.fill('textarea[name=description]', 'Dapur rumah terbakar, nenek masih di kamar');

    // The pane holding the call is shorter than what it holds: it scrolls, and the call head stays at its top.
    const pane = t.locator('.panel.in-hand');
    const sizes = await pane.evaluate((el) => ({ client: el.clientHeight, scroll: el.scrollHeight }));
    expect(sizes.scroll, JSON.stringify(sizes)).toBeGreaterThan(sizes.client);
    await pane.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await expect.poll(() => pane.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
    const paneBox = await box(t, '.panel.in-hand');
    const head = await box(t, '[data-testid=call-head]');
    expect(head.top).toBeGreaterThanOrEqual(paneBox.top - 1);
    expect(head.bottom).toBeLessThanOrEqual(paneBox.top + 120);
    // What the head holds is drawn, not covered: the number, the timer and the category.
    const headText = (await t.locator('[data-testid=call-head]').textContent()) ?? '';
    expect(headText).toContain('081355503003');
    expect(headText).toMatch(/\d+:\d\d/);
    expect(await t.locator('[data-testid=call-category]').textContent()).toContain('Kebakaran');
    const topmost = await t.evaluate(() => {
      const number = document.querySelector('[data-testid=call-head] .number');
      if (!number) return false;
      const r = number.getBoundingClientRect();
      return number.contains(document.elementFromPoint(r.left + 4, r.top + r.height / 2));
    });
    expect(topmost).toBe(true);
    await screenshot(t, 'call-taker-scrolled-head');

    // From Ctrl+Enter to "reported": one request from the call taker, none from the dispatcher, who sees the
    // incident arrive on the stream.
    const sent = recordRequests(t);
    const fetched = recordRequests(d);
    await t.press('textarea[name=description]', 'Control+Enter');
    const notice = t.locator('.notice', { hasText: 'dilaporkan' });
    await notice.waitFor();
    const number = /\d{4}-\d{6}/.exec((await notice.textContent()) ?? '')?.[0] ?? '';
    expect(number).not.toBe('');
    sent.stop();
    expect(sent.paths).toEqual(['POST /api/commands/incident.report']);
    await d.locator(`[data-testid=queue] [data-number="${number}"]`).waitFor();
    fetched.stop();
    expect(fetched.paths).toEqual([]);

    // While help is on the way: the SOP's instructions for a house fire, the call still in hand.
    const instructions = t.locator('[data-testid=caller-instructions]');
    await instructions.waitFor();
    expect(await instructions.textContent()).toContain(
      'Keluar dari bangunan sekarang dan jangan masuk kembali',
    );
    expect(await instructions.locator('li').count()).toBeGreaterThanOrEqual(3);
    expect(await t.locator('[data-testid=call-head] .number').textContent()).toBe('081355503003');
    await screenshot(t, 'call-taker-instructions');
    await t.getByRole('button', { name: 'Akhiri panggilan' }).click();
    await t.waitForSelector('[data-testid=call-in-hand]', { state: 'detached' });
    for (const c of [taker, dispatcher]) await c.context.close();
  });

  it('lets the dispatcher amend by key U; notes go both ways between the centre and Damkar, Enter never sends', {
    timeout: 180_000,
  }, async () => {
    const dispatcher = await openConsole(room.browser(), room.server.url, 'pengarah1');
    const damkar = await openConsole(room.browser(), room.server.url, 'opd-damkar');
    const supervisor = await openConsole(room.browser(), room.server.url, 'koordinator', {
      width: 1920,
      height: 1080,
    });
    const d = dispatcher.page;
    const g = damkar.page;
    const fire = await requested('kebakaran_bangunan', 'Asap tebal dari toko bangunan', ['damkar']);
    const card = g.locator(`[data-testid=assignment][data-number="${fire.number}"]`);
    await card.waitFor();

    expect(await d.locator('[data-testid=shortcuts]').textContent()).toContain('U ubah data');
    await d.locator(`[data-testid=board] [data-number="${fire.number}"] button`).first().click();
    const detail = d.locator(`[data-testid=incident-detail][data-number="${fire.number}"]`);
    await detail.waitFor();
    await d.locator('body').click({ position: { x: 5, y: 5 } });
    await d.keyboard.press('u');
    const amend = detail.locator('[data-testid=amend-form]');
    await amend.waitFor();
    // U typed inside the form is a letter, not a second form; Enter in a one-line field sends nothing.
    await amend.locator('input[name=amend-landmark]').fill('Utara pasar sentral');
    await amend.locator('input[name=amend-landmark]').press('Enter');
    expect(await amend.count()).toBe(1);
    expect(await amend.locator('input[name=amend-landmark]').inputValue()).toBe('Utara pasar sentral');
    await amend
      .locator('textarea[name=amend-description]')
      .fill('Toko bangunan terbakar, api menjalar ke gudang');
    await amend.locator('select[name=amend-priority]').selectOption('1');
    await amend.locator('textarea[name=amend-description]').press('Control+Enter');
    await amend.getByText('Alasan wajib diisi').waitFor();
    await amend.locator('input[name=amend-reason]').fill('Gudang berisi tabung elpiji');
    await screenshot(d, 'dispatcher-amend');
    await amend.locator('input[name=amend-reason]').press('Control+Enter');
    await amend.waitFor({ state: 'detached' });
    await detail.locator('h2 .prio-1').waitFor();
    await detail.locator('.timeline li', { hasText: 'Gudang berisi tabung elpiji' }).waitFor();
    // Damkar reads the correction on its card without a reload.
    await card.getByText('api menjalar ke gudang').waitFor();
    await card.getByText('Utara pasar sentral').waitFor();

    // A situation note from the centre: Enter alone keeps it in the field, Ctrl+Enter sends it.
    const notes = detail.locator('[data-testid=notes]');
    await notes.locator('input[name=situation]').fill('2 unit tambahan diminta');
    await notes.locator('input[name=situation]').press('Enter');
    expect(await notes.locator('input[name=situation]').inputValue()).toBe('2 unit tambahan diminta');
    expect(await notes.locator('[data-testid=note]').count()).toBe(0);
    await notes.locator('input[name=situation]').press('Control+Enter');
    await notes
      .locator('[data-testid=note]', { hasText: 'Call Center 112: 2 unit tambahan diminta' })
      .waitFor();
    expect(await notes.locator('input[name=situation]').inputValue()).toBe('');
    // Damkar sees it live and answers; the dispatcher and the supervisor see the answer.
    const damkarNotes = card.locator('[data-testid=notes]');
    await damkarNotes.locator('[data-testid=note]', { hasText: '2 unit tambahan diminta' }).waitFor();
    await damkarNotes.locator('input[name=situation]').fill('Korban dibawa ke RSUD Andi Sulthan');
    await damkarNotes.locator('input[name=situation]').press('Control+Enter');
    await notes.locator('[data-testid=note]', { hasText: 'Korban dibawa ke RSUD Andi Sulthan' }).waitFor();
    expect(await notes.locator('[data-testid=note]').last().textContent()).toContain('DAMKAR');
    await screenshot(d, 'dispatcher-notes');
    await screenshot(g, 'damkar-notes');
    const v = supervisor.page;
    await v.locator(`[data-number="${fire.number}"] button`).first().click();
    await v
      .locator('[data-testid=notes] [data-testid=note]', { hasText: 'Korban dibawa ke RSUD Andi Sulthan' })
      .waitFor();
    await screenshot(v, 'supervisor-notes');
    for (const c of [dispatcher, damkar, supervisor]) await c.context.close();
  });

  it('links two reports of one fire, then merges one into the other: its agencies move, it ends pointing there', {
    timeout: 180_000,
  }, async () => {
    const dispatcher = await openConsole(room.browser(), room.server.url, 'pengarah1');
    const psc = await openConsole(room.browser(), room.server.url, 'opd-psc119');
    const d = dispatcher.page;
    const p = psc.page;
    const kept = await requested('kebakaran_bangunan', 'Rumah terbakar di Jl. Sam Ratulangi', ['damkar']);
    const dup = await requested('kebakaran_bangunan', 'Asap hitam dekat Masjid Raya, ada korban', ['psc119']);
    const pscCard = (number: string) => p.locator(`[data-testid=assignment][data-number="${number}"]`);
    await pscCard(dup.number).waitFor();

    await d.locator(`[data-testid=board] [data-number="${dup.number}"] button`).first().click();
    const detail = d.locator(`[data-testid=incident-detail][data-number="${dup.number}"]`);
    await detail.waitFor();
    const linkBox = detail.locator('[data-testid=link-merge]');
    await linkBox.locator('summary').click();
    // An unknown number is named; Enter in the field neither links nor merges.
    await linkBox.locator('input[name=otherNumber]').fill('2026-999999');
    await linkBox.getByText('tidak ada di daftar aktif').waitFor();
    await linkBox.locator('input[name=otherNumber]').fill(kept.number.replace(/-0+/, '-'));
    await linkBox.locator('input[name=otherNumber]').press('Enter');
    expect(await detail.locator('[data-testid=incident-links]').count()).toBe(0);

    await linkBox.locator('[data-testid=link] button').click();
    await linkBox.getByText('Keduanya tetap berjalan').waitFor();
    await linkBox.getByRole('button', { name: 'Ya, tautkan' }).click();
    const links = detail.locator('[data-testid=incident-links]');
    await links.getByRole('button', { name: kept.number }).waitFor();
    await screenshot(d, 'dispatcher-linked');

    // The merge asks for a reason; then the duplicate ends, points to the one kept, and PSC 119 moves with it.
    await linkBox.locator('[data-testid=merge] button').click();
    const confirm = linkBox.getByRole('button', { name: 'Ya, gabungkan' });
    expect(await confirm.isDisabled()).toBe(true);
    await linkBox.locator('input[name=mergeReason]').fill('Kebakaran yang sama, dilaporkan tetangga');
    await linkBox.locator('input[name=mergeReason]').press('Enter');
    expect(await detail.locator('[data-testid=incident-links]').textContent()).not.toContain('Digabung');
    await screenshot(d, 'dispatcher-merge-confirm');
    await confirm.click();
    await links.getByText(`Digabungkan ke ${kept.number}`).waitFor();
    await d.locator(`[data-testid=board] [data-number="${dup.number}"]`).waitFor({ state: 'detached' });
    await pscCard(kept.number).waitFor();
    await pscCard(dup.number).waitFor({ state: 'detached' });
    await screenshot(p, 'psc119-after-merge');

    // The survivor carries both agencies and names what it absorbed.
    await links.getByRole('button', { name: kept.number }).first().click();
    const survivor = d.locator(`[data-testid=incident-detail][data-number="${kept.number}"]`);
    await survivor.waitFor();
    const agencies = (await survivor.locator('table.assignments').textContent()) ?? '';
    expect(agencies).toContain('DAMKAR');
    expect(agencies).toContain('PSC');
    await survivor.locator('.timeline li', { hasText: `Digabungkan dari ${dup.number}` }).waitFor();
    await screenshot(d, 'dispatcher-merged-survivor');
    for (const c of [dispatcher, psc]) await c.context.close();
  });

  it('opens a new arrival by itself when asked to, never over live work, and narrows the history by filters', {
    timeout: 180_000,
  }, async () => {
    const dispatcher = await openConsole(room.browser(), room.server.url, 'pengarah1');
    const d = dispatcher.page;
    const toggle = d.getByRole('button', { name: 'Buka otomatis: mati' });
    await toggle.click();
    await d.getByRole('button', { name: 'Buka otomatis: aktif' }).waitFor();
    expect(await d.locator('[data-testid=incident-detail]').count()).toBe(0);

    // Nothing open: the new arrival opens by itself.
    const tree = await requested('pohon_tumbang', 'Pohon tumbang menutup jalan poros', []);
    await d.locator(`[data-testid=incident-detail][data-number="${tree.number}"]`).waitFor();
    // Something live is open: the next arrival waits in the queue, flagged, and the detail stays.
    const flood = await forwardedIn('73.02.06', 'banjir', 'Air masuk rumah warga setinggi lutut');
    await d.locator(`[data-testid=queue] .arrived[data-number="${flood}"]`).waitFor();
    expect(await d.locator('[data-testid=incident-detail]').getAttribute('data-number')).toBe(tree.number);
    await screenshot(d, 'dispatcher-auto-open');

    // History: the category filter keeps the fallen tree, the kecamatan filter the flood; both happened today.
    const results = d.locator('[data-testid=history-results]');
    const filters = d.locator('[data-testid=history-filters]');
    await filters.locator('select[name=historyCategory]').selectOption('pohon_tumbang');
    await results.locator(`[data-number="${tree.number}"]`).waitFor();
    // The answer to the previous filter can still be on screen: wait for the row to go, not for a fixed time.
    await results.locator(`[data-number="${flood}"]`).waitFor({ state: 'detached' });
    await filters.locator('select[name=historyCategory]').selectOption('');
    await filters.locator('select[name=historyKecamatan]').selectOption('73.02.06');
    await results.locator(`[data-number="${flood}"]`).waitFor();
    await results.locator(`[data-number="${tree.number}"]`).waitFor({ state: 'detached' });
    await filters.locator('select[name=historyPeriod]').selectOption('today');
    await results.locator(`[data-number="${flood}"]`).waitFor();
    // The rows are the dispatcher's own incident rows, with the date and the status under the place.
    const row = results.locator(`[data-testid=incident-row][data-number="${flood}"]`);
    expect(await row.locator('.row-meta').textContent()).toMatch(/\d{2}[./]\d{2}.*Menunggu diteruskan/);
    await screenshot(d, 'dispatcher-history-filters');
    await filters.getByRole('button', { name: 'Hapus saringan' }).click();
    await results.locator(`[data-number="${tree.number}"]`).waitFor();
    await dispatcher.context.close();
  });
});
