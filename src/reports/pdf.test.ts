// The monthly PDF: fonts opened once per process (the words shaped for one report serve the next), every report
// still whole and readable, with its own glyphs.
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { pdfText } from '../../test/support/report-files.ts';
import { type ChartWords, desaMapOption } from '../domain/reports/charts.ts';
import type { Fact } from '../domain/reports/facts.ts';
import { summarize } from '../domain/reports/summary.ts';
import type { ReportBundle } from './bundle.ts';
import { chartSvg, DESA_MAP, paperRing } from './chart-svg.ts';
import { reportLook } from './look.ts';
import { reportPdf } from './pdf.ts';

/** 2026-11-10 08:00 WITA, one hour of figures. */
const HOUR = Date.UTC(2026, 10, 10, 0);
const base = {
  hour: HOUR,
  channel: '',
  category: '',
  priority: 0,
  kecamatan: '',
  desa: '',
  agency: '',
  user: '',
};
const FACTS: Fact[] = [
  { ...base, metric: 'call', key: 'prank', channel: 'voice', n: 3, total: 0 },
  { ...base, metric: 'call', key: 'emergency', channel: 'voice', n: 2, total: 0 },
  { ...base, metric: 'answer', key: '15', channel: 'voice', n: 4, total: 48_000 },
  { ...base, metric: 'answer', key: '30', channel: 'voice', n: 1, total: 25_000 },
  {
    ...base,
    metric: 'incident',
    key: 'open',
    category: 'kebakaran_bangunan',
    priority: 1,
    kecamatan: '73.02.02',
    desa: '73.02.02.1001',
    n: 2,
    total: 0,
  },
  { ...base, metric: 'request', key: 'acknowledged', agency: 'damkar', n: 2, total: 0 },
  { ...base, metric: 'ack', key: '60', agency: 'damkar', n: 2, total: 100_000 },
];

function bundle(): ReportBundle {
  const period = { from: HOUR - 8 * 3_600_000, to: HOUR + 16 * 3_600_000 };
  const options = { tzOffsetMinutes: 480, shiftStarts: [7, 19], staff: false, granularity: 'hour' as const };
  const report = summarize(FACTS, { ...period, ...options });
  const own = summarize(
    FACTS.filter((f) => f.agency === 'damkar'),
    { ...period, ...options },
  );
  return {
    period,
    filters: {},
    report,
    agencies: [{ agency: 'damkar', report: own }],
    names: {
      agencies: { damkar: 'Dinas Pemadam Kebakaran' },
      kecamatan: { '73.02.02': 'Ujung Bulu' },
      desa: { '73.02.02.1001': 'Caile' },
      categories: { kebakaran_bangunan: 'Kebakaran bangunan' },
      users: {},
    },
  };
}

/** fontkit's font class, as pdfkit loads it: its `layout` shapes a word. */
function fontkitLayout() {
  const fromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
  const fontkit = fromPdfkit('fontkit') as { create(data: Buffer): object };
  const robotoDir = createRequire(import.meta.url)
    .resolve('pdfmake/package.json')
    .replace(/package\.json$/, '');
  const { readFileSync } = fromPdfkit('node:fs') as typeof import('node:fs');
  const font = fontkit.create(readFileSync(`${robotoDir}fonts/Roboto/Roboto-Regular.ttf`));
  return Object.getPrototypeOf(font) as { layout: (...args: unknown[]) => unknown };
}

describe('monthly PDF', () => {
  it('shapes the words of a report once per process, and each report keeps its own glyphs', async () => {
    const layout = vi.spyOn(fontkitLayout(), 'layout');
    const look = reportLook({});
    const first = await reportPdf(bundle(), look);
    const shapedFirst = layout.mock.calls.length;
    const second = await reportPdf(bundle(), look);
    const shapedSecond = layout.mock.calls.length - shapedFirst;
    // Before the fonts were kept, the second report shaped as many words as the first (hundreds).
    expect(shapedFirst).toBeGreaterThan(100);
    expect(shapedSecond).toBeLessThan(shapedFirst / 10);
    const [a, b] = [await pdfText(new Uint8Array(first)), await pdfText(new Uint8Array(second))];
    expect(b).toEqual(a);
    expect(a.join(' ')).toMatch(/Jumlah panggilan\s+5\b/);
    // A third report with letters the first two never used: its subset embeds them, and they read back.
    const other = reportLook({ reportHeading: 'PEMERINTAH KABUPATEN ÆØÅ|ŽÝQX Ω' });
    layout.mockRestore();
    const third = await pdfText(new Uint8Array(await reportPdf(bundle(), other)));
    expect(third[0]).toContain('PEMERINTAH KABUPATEN ÆØÅ');
    expect(third[0]).toContain('ŽÝQX Ω');
    expect(third.slice(1)).toEqual(a.slice(1));
    // Three reports drawn and read back: 39 s alone at load 22, over the default 60 s beside other tests.
  }, 240_000);

  it('draws the incidents by desa over the shipped boundaries, on paper too', async () => {
    const draw = await chartSvg();
    const words = { incidents: 'Kejadian', number: (n: number) => String(n) } as ChartWords;
    const svg = draw(
      desaMapOption(DESA_MAP, { '73.02.01.1001': 12, '73.02.01.1002': 3 }, String, words),
      515,
      400,
    );
    // Bulukumba's 136 desa and kelurahan, the busiest in the darkest colour of the scale (#a63603).
    expect(svg.match(/<path/g)?.length).toBeGreaterThanOrEqual(136);
    expect(svg).toContain('fill="rgb(166,54,3)"');
    const pages = await pdfText(new Uint8Array(await reportPdf(bundle(), reportLook({}))));
    expect(pages.join(' ')).toMatch(/Peta kejadian menurut desa\/ ?kelurahan/);
    // Corners nearer than paper shows are left out; a ring keeps its ends and at least four corners.
    const ring = [
      [120, -5],
      [120.0001, -5],
      [120.01, -5],
      [120.01, -5.01],
      [120.0100001, -5.01],
      [120, -5],
    ];
    expect(paperRing(ring)).toEqual([
      [120, -5],
      [120.01, -5],
      [120.01, -5.01],
      [120, -5],
    ]);
  });

  it('names the filters on the cover as the reader knows them, not by their codes', async () => {
    const filtered = {
      ...bundle(),
      filters: { agency: 'damkar', kecamatan: '73.02.02', category: 'kebakaran_bangunan', priority: 1 },
    };
    const cover = (await pdfText(new Uint8Array(await reportPdf(filtered, reportLook({})))))[0]!;
    const line = cover.replace(/\s+/g, ' ');
    expect(line).toContain(
      'Saringan: Instansi: Dinas Pemadam Kebakaran; Kecamatan: Ujung Bulu; Kategori: Kebakaran bangunan; Prioritas: P1 Mengancam nyawa',
    );
    expect(line).not.toMatch(/agency|kecamatan =|73\.02\.02|kebakaran_bangunan/);
  });

  it('gives an agency its own pages: no centre figures it has none of, no empty rows, declined once', async () => {
    const period = bundle().period;
    const options = {
      tzOffsetMinutes: 480,
      shiftStarts: [7, 19],
      staff: false,
      granularity: 'hour' as const,
    };
    const facts: Fact[] = [
      ...FACTS.filter((f) => f.agency === 'damkar'),
      { ...base, metric: 'request', key: 'declined', agency: 'damkar', n: 1, total: 0 },
      { ...base, metric: 'decline', key: 'Di luar wilayah', agency: 'damkar', n: 1, total: 0 },
      { ...base, metric: 'outcome', key: 'injured', agency: 'damkar', n: 2, total: 0 },
    ];
    const report = summarize(facts, { ...period, ...options });
    const pages = await pdfText(
      new Uint8Array(
        await reportPdf(
          { ...bundle(), filters: { agency: 'damkar' }, report, agencies: [{ agency: 'damkar', report }] },
          reportLook({}),
        ),
      ),
    );
    const text = pages.join('\n').replace(/\s+/g, ' ');
    // The cover, then the agency's page: no summary of calls (all 0) nor empty charts.
    expect(pages.length).toBe(2);
    expect(text).not.toContain('Ringkasan');
    expect(text).toContain('Instansi: Dinas Pemadam Kebakaran');
    expect(text).toMatch(/Permintaan penanganan 3\b/);
    expect(text.match(/Ditolak \d/g)).toEqual(['Ditolak 1']);
    // Incidents carry no agency (their table would stand empty); the casualties are those the agency reported.
    expect(text).not.toMatch(/Kejadian menurut jenis/);
    expect(text).toMatch(/Korban meninggal \(laporan instansi\) 0 Korban luka \(laporan instansi\) 2\b/);
  });
});
