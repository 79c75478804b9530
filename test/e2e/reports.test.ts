// The reports view in Chromium: the supervisor opens Laporan, sees the KPI tiles and the ECharts charts (the desa map
// among them) of today's calls and incidents, opens the list behind a figure by mouse and by keyboard, downloads the
// CSV, the PDF and the XLSX by their buttons (each parsed back here, totals checked), in Indonesian and English.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bulukumbaSeed } from '../../src/seed/bulukumba.ts';
import { pdfText, xlsxSheets } from '../support/report-files.ts';
import { ApiUser, browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

const canRun = chromiumAvailable();
/** How long a list behind a figure may take to come (the server reads it, the browser draws it). */
const LIST = { timeout: 15_000 };

/** The file a download link gives when clicked, as Chromium saved it. */
async function download(page: Page, testId: string): Promise<{ name: string; body: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${testId}]`)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), body: await readFile(path) };
}

describe.skipIf(!canRun)('the reports view', () => {
  const room = browserRoom();
  const seed = bulukumbaSeed();
  const [a, b] = seed.kecamatan;
  const desa = seed.desa.find((d) => d.kecamatan === a!.code)!;

  beforeAll(async () => {
    const operator = new ApiUser(room.server.url);
    await operator.login('operator1');
    const [fire, medic] = seed.categories;
    await operator.forwardedIncident(a!.code, fire!.code, 1);
    await operator.forwardedIncident(b!.code, fire!.code, 2);
    // One incident in a known desa, for the map.
    const { callId } = await operator.command('call.register', { channel: 'voice', number: '085299990001' });
    await operator.command('call.answer', { callId });
    await operator.command('incident.create', {
      callId,
      category: medic!.code,
      location: { kecamatan: a!.code, desa: desa.code },
      description: 'Warga pingsan di jalan',
      priority: 2,
    });
    const { callId: prank } = await operator.command('call.register', { channel: 'voice', number: '0811' });
    await operator.command('call.answer', { callId: prank });
    await operator.command('call.classify', { callId: prank, callType: 'prank' });
    const { callId: missed } = await operator.command('call.register', { channel: 'sms', number: '0812' });
    await operator.command('call.end', { callId: missed });
  }, 120_000);

  it('shows today’s figures and charts, the list behind a figure and its CSV', {
    timeout: 120_000,
  }, async () => {
    const { page, context, cspViolations } = await openConsole(
      room.browser(),
      room.server.url,
      'koordinator',
      { width: 1366, height: 1400 },
    );
    await page.getByRole('link', { name: 'Laporan' }).click();
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe('5');
    expect(await page.textContent('[data-testid=kpi-incidents]')).toBe('3');
    expect(await page.textContent('[data-testid=kpi-abandoned]')).toBe('1');
    // ECharts draws the charts as SVG: the answer times with their 15 s and 20 s lines, a bar per figure.
    await page.waitForSelector('[data-testid=chart-answer] svg');
    await expect
      .poll(() => page.locator('[data-testid=chart-answer] svg text').allTextContents())
      .toEqual(expect.arrayContaining(['15 s', '20 s']));
    const figures = (chart: string) =>
      page.locator(`[data-testid=${chart}] .echart`).getAttribute('data-figures').then(Number);
    expect(await figures('chart-category')).toBe(2);
    expect(await figures('chart-kecamatan')).toBe(2);
    expect(await figures('chart-types')).toBeGreaterThan(0);
    const bars = page.locator('[data-testid=chart-category] svg path[fill="#1f5f8b"]');
    await expect.poll(() => bars.count()).toBe(2);
    // The map colours the desa boundaries, one of them with an incident.
    await page.waitForSelector('[data-testid=chart-desa] svg');
    expect(await figures('chart-desa')).toBe(1);
    expect(await page.locator('[data-testid=chart-desa] svg path').count()).toBeGreaterThan(10);
    expect(await page.locator('[data-testid=staff] tbody tr').count()).toBe(1);
    await screenshot(page, 'reports-supervisor-id');

    // Every figure opens its list: the incidents tile, a category bar by mouse, a kecamatan bar and a desa by keyboard.
    await page
      .getByRole('button', { name: /Kejadian/ })
      .first()
      .click();
    await page.waitForSelector('[data-testid=drill] tbody tr');
    expect(await page.locator('[data-testid=drill] tbody tr').count()).toBe(3);
    // The list opens below the tables: the focus goes to its title, which brings it into view.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('drill-title');
    // The share processed within 60 s opens the incidents processed within 60 s: the two forwarded ones.
    await page.locator('button:has-text("Diproses ≤ 60 dtk")').click();
    await expect.poll(() => page.textContent('[data-testid=drill] h2')).toContain('Diproses ≤ 60 dtk');
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(2);
    // The lower bar is the smaller count: the one category with one incident (back up to the chart, as the list
    // scrolled the page down to itself).
    await page.locator('[data-testid=chart-category]').scrollIntoViewIfNeeded();
    const boxes = await Promise.all([0, 1].map(async (i) => (await bars.nth(i).boundingBox())!));
    const lower = boxes.reduce((l, box) => (box.y > l.y ? box : l));
    await page.mouse.click(lower.x + lower.width / 2, lower.y + lower.height / 2);
    // A list asked for and drawn: more than the default second on a loaded machine.
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(1);
    await page.locator('[data-testid=chart-kecamatan] .echart').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(2);
    await expect.poll(() => page.textContent('[data-testid=drill] h2')).toContain(a!.name);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('drill-title');
    // Escape hides the list and gives the focus back to the chart that opened it.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=drill]').waitFor({ state: 'detached' });
    expect(
      await page.evaluate(() => document.activeElement?.closest('[data-testid=chart-kecamatan]') !== null),
    ).toBe(true);
    // A processing bar opens its incidents (the two forwarded within seconds), by mouse and by keyboard.
    await page.locator('[data-testid=chart-processing]').scrollIntoViewIfNeeded();
    const processingBars = page.locator('[data-testid=chart-processing] svg path[fill="#1f5f8b"]');
    const tallest = (
      await Promise.all((await processingBars.all()).map(async (bar) => (await bar.boundingBox())!))
    ).reduce((t, box) => (box.height > t.height ? box : t));
    await page.mouse.click(tallest.x + tallest.width / 2, tallest.y + tallest.height / 2);
    /** The count the bar's label gives, which its list holds (the bins a loaded machine's seconds fall in vary). */
    const barCount = async () => {
      await expect.poll(() => page.textContent('[data-testid=drill] h2')).toMatch(/Waktu proses .+: \d+$/);
      return Number((await page.textContent('[data-testid=drill] h2'))!.split(': ').at(-1));
    };
    const clicked = await barCount();
    expect(clicked).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(clicked);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=chart-processing] .echart').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const keyed = await barCount();
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(keyed);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('drill-title');
    await page.keyboard.press('Escape');
    expect(
      await page.evaluate(() => document.activeElement?.closest('[data-testid=chart-processing]') !== null),
    ).toBe(true);
    // A shift's row opens the calls of its hours, as many as the row counts.
    const shift = page.locator('[data-testid=shift-row]').last();
    const shiftCalls = Number(await shift.locator('td').first().textContent());
    await shift.locator('td').nth(1).click();
    await expect
      .poll(() => page.textContent('[data-testid=drill] h2'))
      .toContain('Panggilan di balik angka ini');
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(shiftCalls);
    await page.locator('[data-testid=chart-desa] .echart').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=drill] h2')).toContain(desa.name);
    // The title changes at once, the list when it has come.
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(1);
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

    // A filter narrows the figures (and hides the list of a figure before it); English is one click away.
    await page.locator('fieldset.filters select').nth(1).selectOption(b!.code);
    await page.locator('[data-testid=drill]').waitFor({ state: 'detached' });
    await expect.poll(() => page.textContent('[data-testid=kpi-incidents]')).toBe('1');
    // Calls have no kecamatan: their figures give way to a word why, not zeros and empty charts.
    expect(await page.locator('[data-testid=kpi-calls], [data-testid=chart-answer]').count()).toBe(0);
    expect(await page.textContent('.reports-controls')).toContain('Angka panggilan tidak ditampilkan');
    await page.locator('fieldset.filters select').nth(1).selectOption('');
    // Incidents have no channel.
    const channel = page.locator('fieldset.filters label', { hasText: /^Saluran/ }).locator('select');
    await channel.selectOption({ label: 'SMS' });
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe('1');
    expect(await page.locator('[data-testid=kpi-incidents], [data-testid=chart-category]').count()).toBe(0);
    await channel.selectOption('');
    // One agency's figures are its requests and times: no empty charts of calls and incidents, which carry none.
    await page.locator('fieldset.filters select').nth(0).selectOption('damkar');
    await expect.poll(() => page.textContent('[data-testid=kpi-requests]')).toBe('0');
    expect(await page.locator('[data-testid=chart-answer], [data-testid=kpi-calls]').count()).toBe(0);
    await page.locator('fieldset.filters select').nth(0).selectOption('');
    // The supervisor narrows the figures to one call taker: the calls operator1 answered (the missed one is no one's).
    const operator = page.locator('fieldset.filters label', { hasText: /^Operator/ }).locator('select');
    await operator.selectOption({ label: 'Andi Nurhalisa' });
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe('4');
    await operator.selectOption('');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Reports & KPIs' }).waitFor();
    await page.getByRole('button', { name: 'This month' }).click();
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe('5');
    await screenshot(page, 'reports-supervisor-en-month');
    expect(cspViolations).toEqual([]);
    await context.close();
  });

  it('downloads the month as PDF and XLSX by their buttons, with the same totals', {
    timeout: 120_000,
  }, async () => {
    const { page, context } = await openConsole(room.browser(), room.server.url, 'koordinator');
    await page.getByRole('link', { name: 'Laporan' }).click();
    await page.getByRole('button', { name: 'Bulan ini' }).click();
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe('5');

    const pdf = await download(page, 'export-pdf');
    // Named by the local month, as `pinisi report` names it, not by UTC hours.
    expect(pdf.name).toMatch(/^laporan-112-20\d\d-\d\d\.pdf$/);
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'KPI (JSON)' }).click(),
    ]);
    expect(json.suggestedFilename()).toMatch(/^pinisi-kpi-20\d\d-\d\d\.json$/);
    const pages = await pdfText(new Uint8Array(pdf.body));
    expect(pages[0]).toContain('LAPORAN BULANAN LAYANAN PANGGILAN DARURAT 112');
    const summary = pages.find((p) => p.includes('Ringkasan'))!;
    expect(summary).toMatch(/Jumlah panggilan\s+5\b/);
    expect(summary).toMatch(/Jumlah kejadian\s+3\b/);

    const xlsx = await download(page, 'export-xlsx');
    expect(xlsx.name).toMatch(/^laporan-112-20\d\d-\d\d\.xlsx$/);
    const sheets = await xlsxSheets(
      xlsx.body.buffer.slice(
        xlsx.body.byteOffset,
        xlsx.body.byteOffset + xlsx.body.byteLength,
      ) as ArrayBuffer,
    );
    expect(sheets.Panggilan!.length - 1).toBe(5);
    expect(sheets.Kejadian!.length - 1).toBe(3);
    expect(sheets.KPI!.find((row) => row[0] === 'calls' && row[1] === 'total')?.[3]).toBe(5);
    expect(sheets.KPI!.find((row) => row[0] === 'incidents' && row[1] === 'total')?.[3]).toBe(3);
    await context.close();
  });

  it('gives the admin the view without per call taker figures', { timeout: 60_000 }, async () => {
    const { page, context } = await openConsole(room.browser(), room.server.url, 'admin');
    await page.getByRole('link', { name: 'Laporan' }).click();
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe('5');
    expect(await page.locator('[data-testid=staff] tbody tr').count()).toBe(0);
    // The channels by their names; the period with its year and last day.
    expect(
      await page.locator('fieldset.filters select').last().locator('option').allTextContents(),
    ).toContain('Telepon');
    expect(await page.textContent('[data-testid=period]')).toMatch(/^\d{1,2} \w{3} 20\d\d \(WITA\)$/);
    // A range whose end is before its start says so, and the period stays.
    const before = await page.textContent('[data-testid=period]');
    const dates = page.locator('.custom-period input[type=date]');
    await dates.nth(0).fill('2026-01-20');
    await dates.nth(1).fill('2026-01-10');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Tanggal akhir sebelum tanggal awal');
    expect(await page.textContent('[data-testid=period]')).toBe(before);
    // A period without data says so instead of drawing empty charts.
    await dates.nth(0).fill('2020-01-01');
    await dates.nth(1).fill('2020-01-31');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect.poll(() => page.textContent('[data-testid=period]')).toBe('1 Jan 2020 – 31 Jan 2020 (WITA)');
    await expect
      .poll(() => page.locator('[data-testid=no-data]').textContent())
      .toContain('Belum ada panggilan');
    expect(await page.locator('.report-charts, [data-testid=range-error]').count()).toBe(0);
    // A period chosen by its button puts its days in the date fields.
    await page.getByRole('button', { name: 'Bulan ini' }).click();
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect(await dates.nth(0).inputValue()).toBe(`${month}-01`);
    expect(await dates.nth(1).inputValue()).toMatch(new RegExp(`^${month}-(28|29|30|31)$`));
    await context.close();
  });

  it('gives an agency liaison its own agency’s figures, nothing of another agency nor of the calls', {
    timeout: 60_000,
  }, async () => {
    // An incident asked of Damkar and the police (after the tests above, which count today's incidents).
    const dispatcher = new ApiUser(room.server.url);
    await dispatcher.login('pengarah1');
    const { incidentId } = await dispatcher.command('incident.create', {
      category: seed.categories[0]!.code,
      location: { kecamatan: a!.code },
      description: 'Gudang terbakar',
      priority: 1,
    });
    await dispatcher.command('incident.forward', { incidentId });
    await dispatcher.command('incident.request_agencies', { incidentId, agencies: ['damkar', 'polres'] });
    const { page, context } = await openConsole(room.browser(), room.server.url, 'opd-damkar');
    await page.getByRole('link', { name: 'Laporan' }).click();
    await expect.poll(() => page.textContent('[data-testid=kpi-requests]')).toBe('1');
    // The casualties its crews reported when done, beside its declines (none done yet).
    expect(await page.locator('button:has([data-testid=kpi-requests])').textContent()).toContain(
      'Ditolak: 0 · Korban: 0 meninggal, 0 luka',
    );
    const rows = page.locator('.report-tables table').first().locator('tbody tr');
    // The table is titled as a table (the chart's box and whiskers are not in it), its seconds in Indonesian.
    expect(await page.textContent('[data-testid=agencies-title]')).toMatch(
      /^Permintaan dan waktu tanggap per instansi/,
    );
    expect(await rows.allTextContents()).toEqual([expect.stringMatching(/^DAMKAR/)]);
    // Its requests by their incident's kind and kecamatan (incidents carry no agency): one of each, drawn.
    const figures = (chart: string) =>
      page.locator(`[data-testid=${chart}] .echart`).getAttribute('data-figures').then(Number);
    await page.waitForSelector('[data-testid=chart-agency-kecamatan] svg');
    expect(await page.textContent('[data-testid=chart-agency-category] h2')).toBe(
      'Permintaan menurut jenis kejadian',
    );
    expect(await figures('chart-agency-category')).toBe(1);
    expect(await figures('chart-agency-kecamatan')).toBe(1);
    expect(await page.locator('[data-testid=chart-agency-kecamatan] svg text').allTextContents()).toContain(
      a!.name,
    );
    // Counted as requests, not incidents (an incident may be asked of it twice).
    expect(await page.locator('[data-testid=chart-agency-category] svg text').allTextContents()).toContain(
      'Permintaan ke instansi',
    );
    // No agency to choose, no calls, no call takers.
    expect(await page.locator('fieldset.filters').textContent()).not.toMatch(/Instansi|Saluran/);
    expect(await page.getByRole('link', { name: 'Panggilan (CSV)' }).count()).toBe(0);
    expect(await page.locator('[data-testid=staff], [data-testid=kpi-calls]').count()).toBe(0);
    await page.locator('button:has([data-testid=kpi-requests])').click();
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(1);
    await page.keyboard.press('Escape');
    // The agency's row opens its incidents: a click on its numbers, or Enter on its name (focus back there after).
    await page.locator('[data-testid=agency-row-damkar] td').first().click();
    await expect.poll(() => page.textContent('[data-testid=drill] h2')).toContain('DAMKAR');
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(1);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=drill]').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('DAMKAR');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=drill] tbody tr').count(), LIST).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('drill-title');
    await context.close();
  });
});

describe.skipIf(!canRun)('the list behind a figure, page after page', () => {
  const room = browserRoom();
  const CALLS = 130;

  beforeAll(async () => {
    const operator = new ApiUser(room.server.url);
    await operator.login('operator1');
    // Calls that rang out unanswered, each from its own number, ten at a time.
    for (let i = 0; i < CALLS; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, CALLS - i) }, async (_, j) => {
          const number = `0812${String(i + j).padStart(6, '0')}`;
          const { callId } = await operator.command('call.register', { channel: 'voice', number });
          await operator.command('call.end', { callId });
        }),
      );
    }
  }, 300_000);

  it('shows the first 100 calls, then the next ones below them, each call once', {
    timeout: 120_000,
  }, async () => {
    const { page, context } = await openConsole(room.browser(), room.server.url, 'koordinator');
    await page.getByRole('link', { name: 'Laporan' }).click();
    await expect.poll(() => page.textContent('[data-testid=kpi-calls]')).toBe(String(CALLS));
    await page.locator('button:has([data-testid=kpi-calls])').click();
    const rows = page.locator('[data-testid=drill] tbody tr');
    await expect.poll(() => rows.count()).toBe(100);
    await expect
      .poll(() => page.textContent('[data-testid=drill]'))
      .toContain(`Menampilkan 100 dari ${CALLS}`);
    const numbers = () => page.locator('[data-testid=drill] tbody tr td:nth-child(3)').allTextContents();
    const first = await numbers();
    await page.getByRole('button', { name: 'Tampilkan 100 berikutnya' }).click();
    await expect.poll(() => rows.count()).toBe(CALLS);
    const all = await numbers();
    // The first page stays on top; the next page adds the other calls, none of them twice.
    expect(all.slice(0, 100)).toEqual(first);
    expect(new Set(all).size).toBe(CALLS);
    expect(all.every((n) => /^0812\d{6}$/.test(n))).toBe(true);
    expect(await page.textContent('[data-testid=drill]')).toContain(`Menampilkan ${CALLS} dari ${CALLS}`);
    // The last page has no next: the focus goes to the first row it added, not lost with the button.
    expect(await page.getByRole('button', { name: 'Tampilkan 100 berikutnya' }).count()).toBe(0);
    expect(
      await page.evaluate(() => {
        const row = document.activeElement;
        return row?.tagName === 'TR' ? [...row.parentElement!.children].indexOf(row) : -1;
      }),
    ).toBe(100);
    await context.close();
  });
});
