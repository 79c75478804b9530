// The monthly report as a PDF in Indonesian (pdfmake): a cover in the Pemda's format, the summary table, the charts
// (ECharts drawn as SVG on the server) and one page per agency, for the Bupati and the Pusat Monitoring.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  agencyTimesOption,
  type ChartWords,
  callTypesOption,
  countsHeight,
  countsOption,
  desaMapOption,
  histogramOption,
} from '../domain/reports/charts.ts';
import type { ReportClock } from '../domain/reports/clock.ts';
import { type Durations, type ReportFilters, summarize } from '../domain/reports/summary.ts';
import type { ReportBundle } from './bundle.ts';
import { chartSvg, DESA_MAP } from './chart-svg.ts';
import {
  CALL_TYPE_ID,
  CHANNEL_ID,
  MONTHS_ID as MONTHS,
  PRIORITY_ID,
  periodTitle,
  STATUS_ID,
} from './words-id.ts';

/** The cover's heading and logo (configuration: PINISI_REPORT_HEADING, PINISI_REPORT_LOGO), the centre's clock. */
export interface ReportLook extends ReportClock {
  /** Lines of the letterhead, e.g. PEMERINTAH KABUPATEN BULUKUMBA / DINAS KOMUNIKASI DAN INFORMATIKA. */
  heading: string[];
  /** A PNG or JPEG as a data URL, or null for none. */
  logo: string | null;
}

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  createPdf(doc: object): { getBuffer(): Promise<Buffer> };
}

const require = createRequire(import.meta.url);
let pdfmake: PdfMake | null = null;

/** What pdfkit keeps of an opened font: the fontkit font and the words it has shaped with it. */
interface OpenedFont {
  font: unknown;
  layoutCache?: Record<string, unknown>;
}
interface FontDocument {
  _font: OpenedFont | null;
  _fontFamilies: Record<string, OpenedFont>;
}
type OpenFont = (this: FontDocument, src: unknown, family?: unknown, size?: unknown) => FontDocument;

/** Shaped words kept across documents before the cache starts again (memory must not grow with use). */
const KEPT_WORDS = 50_000;

/**
 * pdfmake opens its fonts anew for each document and shapes every word anew (fontkit: half the time of a monthly
 * report). The fonts of `dir` are opened once per process instead: each document's pdfkit font uses the first
 * document's fontkit font and its cache of shaped words, and still embeds its own subset of glyphs.
 */
function keepFonts(dir: string): void {
  const document = (require('pdfmake/js/PDFDocument') as { default: { prototype: { font: OpenFont } } })
    .default.prototype;
  const open = document.font;
  const kept = new Map<string, { font: unknown; layoutCache: Record<string, unknown> }>();
  document.font = function (src, family, size) {
    const fresh = typeof src === 'string' && dirname(src) === dir && !this._fontFamilies[src];
    const result = open.call(this, src, family, size);
    const opened = this._font;
    if (fresh && opened?.layoutCache) {
      const same = kept.get(src);
      if (!same) kept.set(src, { font: opened.font, layoutCache: opened.layoutCache });
      else {
        if (Object.keys(same.layoutCache).length > KEPT_WORDS) same.layoutCache = Object.create(null);
        opened.font = same.font;
        opened.layoutCache = same.layoutCache;
      }
    }
    return result;
  };
}

/** pdfmake's measure of an SVG (its width and height) and its rewrite at the size drawn. */
interface SvgMeasure {
  measureSVG(svg: unknown): { width?: number; height?: number };
  writeDimensions(svg: unknown, dimensions: { width: number; height: number }): unknown;
}

/** The width, height and view box written on an SVG document's root tag, or null when it does not say all three. */
function svgSize(svg: string): { width: number; height: number } | null {
  const root = /^\s*<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root || !/\sviewBox="[^"]*"/.test(root)) return null;
  const width = /\swidth="([0-9.]+)"/.exec(root)?.[1];
  const height = /\sheight="([0-9.]+)"/.exec(root)?.[1];
  return width && height ? { width: Number(width), height: Number(height) } : null;
}

/**
 * pdfmake parses each SVG into a DOM to read its size, and again to write the size it is drawn at, before
 * svg-to-pdfkit parses it a third time to draw it (a tenth of a monthly report's time, the map's and the daily
 * chart's large SVGs). The charts' SVGs say their size on the root tag and are drawn at it: read it there, and leave
 * such an SVG as it is; any other SVG goes through pdfmake's own measure.
 */
function measureSvgOnTheRootTag(): void {
  const measure = (require('pdfmake/js/SVGMeasure') as { default: { prototype: SvgMeasure } }).default
    .prototype;
  const { measureSVG, writeDimensions } = measure;
  measure.measureSVG = function (svg) {
    return (typeof svg === 'string' && svgSize(svg)) || measureSVG.call(this, svg);
  };
  measure.writeDimensions = function (svg, dimensions) {
    const size = typeof svg === 'string' ? svgSize(svg) : null;
    return size && size.width === dimensions.width && size.height === dimensions.height
      ? svg
      : writeDimensions.call(this, svg, dimensions);
  };
}

/** pdfmake with Roboto (shipped in its package); it may read those font files and nothing else, and fetch no URL. */
function printer(): PdfMake {
  if (pdfmake) return pdfmake;
  const made = require('pdfmake') as PdfMake;
  const fonts = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  const file = (name: string) => join(fonts, name);
  made.setFonts({
    Roboto: {
      normal: file('Roboto-Regular.ttf'),
      bold: file('Roboto-Medium.ttf'),
      italics: file('Roboto-Italic.ttf'),
      bolditalics: file('Roboto-MediumItalic.ttf'),
    },
  });
  made.setUrlAccessPolicy(() => false);
  made.setLocalAccessPolicy((path) => dirname(path) === fonts);
  keepFonts(fonts);
  measureSvgOnTheRootTag();
  pdfmake = made;
  return made;
}

const number = new Intl.NumberFormat('id-ID');
const n = (value: number) => number.format(value);
const pct = (value: number | null) =>
  value === null
    ? '–'
    : `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(value * 100)} %`;
const secs = (ms: number | null) =>
  ms === null ? '–' : `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(ms / 1000)} dtk`;
const mins = (ms: number | null) =>
  ms === null
    ? '–'
    : `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(ms / 60_000)} mnt`;
const bin = (le: string | null) => (le === null ? '–' : le === '+' ? '> 3600 dtk' : `≤ ${le} dtk`);

/** A table of label/value rows with a header. */
function table(header: string[], rows: (string | number)[][], widths?: (string | number)[]) {
  return {
    table: {
      headerRows: 1,
      widths: widths ?? header.map((_, i) => (i === 0 ? '*' : 'auto')),
      body: [
        header.map((text) => ({ text, bold: true, fillColor: '#e8eef4' })),
        ...rows.map((r) => r.map((c, i) => ({ text: String(c), alignment: i === 0 ? 'left' : 'right' }))),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 4, 0, 12],
  };
}

const WIDTH = 515;

/** A chart under its title, the two on one page (a title alone at the foot of a page is no use). */
function chart(title: string, svg: string) {
  return [
    {
      stack: [
        { text: title, style: 'h3' },
        { svg, width: WIDTH, margin: [0, 2, 0, 10] },
      ],
      unbreakable: true,
    },
  ];
}

/**
 * The filters of a report as its reader names them, e.g. `Instansi: Damkar; Kecamatan: Ujung Bulu` (the names of the
 * codes, in the order of the form), or '' for none.
 */
function filterWords(filters: ReportFilters, names: ReportBundle['names']): string {
  const named = (map: Record<string, string>, code: string | undefined) =>
    code === undefined ? undefined : (map[code] ?? code);
  const parts: [string, string | undefined][] = [
    ['Instansi', named(names.agencies, filters.agency)],
    ['Kecamatan', named(names.kecamatan, filters.kecamatan)],
    ['Desa/kelurahan', named(names.desa, filters.desa)],
    ['Kategori', named(names.categories, filters.category)],
    [
      'Prioritas',
      filters.priority === undefined ? undefined : (PRIORITY_ID[filters.priority] ?? `P${filters.priority}`),
    ],
    ['Saluran', named(CHANNEL_ID, filters.channel)],
    ['Operator penerima panggilan', named(names.users, filters.user)],
  ];
  return parts
    .filter(([, value]) => value !== undefined)
    .map(([label, value]) => `${label}: ${value}`)
    .join('; ');
}

const durationRow = (label: string, d: Durations) => [label, n(d.n), mins(d.meanMs), bin(d.p50), bin(d.p90)];

/** The PDF of a bundle (usually a local month), in Indonesian. */
export async function reportPdf(bundle: ReportBundle, look: ReportLook): Promise<Buffer> {
  const { report, names } = bundle;
  const drawChart = await chartSvg();
  const local = (ms: number) => new Date(ms + look.tzOffsetMinutes * 60_000);
  const date = (ms: number) =>
    `${local(ms).getUTCDate()} ${MONTHS[local(ms).getUTCMonth()]} ${local(ms).getUTCFullYear()}`;
  const words: ChartWords = {
    seconds: 'detik',
    minutes: 'menit',
    calls: 'Panggilan',
    incidents: 'Kejadian',
    agencyTimes: ['Diterima', 'Berangkat', 'Tiba di lokasi', 'Selesai'],
    callType: (t) => CALL_TYPE_ID[t] ?? t,
    at: (ms, step) =>
      step === 'hour'
        ? `${String(local(ms).getUTCHours()).padStart(2, '0')}.00`
        : String(local(ms).getUTCDate()),
    number: n,
  };
  const name = (map: Record<string, string>) => (code: string) => map[code] ?? code;
  /** A chart of counts by a code (kind, kecamatan), every bar named. */
  const countsChart = (title: string, counts: Record<string, number>, namer: (code: string) => string) =>
    chart(title, drawChart(countsOption(counts, namer, words), WIDTH, countsHeight(counts, 16, 220)));
  const title = periodTitle(bundle.period.from, bundle.period.to, look.tzOffsetMinutes);
  const filters = filterWords(bundle.filters, names);
  const c = report.calls;
  const i = report.incidents;
  const summary = table(
    ['Uraian', 'Jumlah', 'Target'],
    [
      ['Jumlah panggilan', n(c.total), ''],
      ...Object.entries(c.byType)
        .sort(([, a], [, b]) => b - a)
        .map(([type, count]) => [`   ${CALL_TYPE_ID[type] ?? type}`, n(count), '']),
      ['Panggilan tidak terjawab (penelepon menutup)', n(c.abandoned), ''],
      ['Telepon kembali', n(c.callbacks), ''],
      ['Dijawab ≤ 15 detik', `${n(report.answer.within15)} (${pct(report.answer.share15)})`, '90 %'],
      ['Dijawab ≤ 20 detik', `${n(report.answer.within20)} (${pct(report.answer.share20)})`, '95 %'],
      ['Rata-rata waktu jawab', secs(report.answer.meanMs), ''],
      ['Jumlah kejadian', n(i.total), ''],
      ...Object.entries(i.byStatus).map(([s, count]) => [`   ${STATUS_ID[s] ?? s}`, n(count), '']),
      [
        'Diproses operator penerima panggilan ≤ 60 detik',
        `${n(report.processing.within60)} (${pct(report.processing.share60)})`,
        '90 %',
      ],
      ['Rata-rata waktu sampai penugasan instansi', mins(report.dispatch.meanMs), ''],
      ['Korban meninggal', n(i.dead), ''],
      ['Korban luka', n(i.injured), ''],
      ['Eskalasi (batas waktu SOP terlewati)', n(report.escalations.total), ''],
    ],
  );
  /** The agency's requests by a dimension of their incident, most first, named. */
  const requestsBy = (
    title: string,
    what: string,
    counts: Record<string, number>,
    names: Record<string, string>,
  ) =>
    Object.keys(counts).length === 0
      ? []
      : [
          { text: title, style: 'h3' },
          table(
            [what, 'Jumlah'],
            Object.entries(counts)
              .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
              .map(([code, count]) => [names[code] ?? code, n(count)]),
          ),
        ];
  const agencyPages = bundle.agencies.map(({ agency, report: own }) => {
    const figures = report.agencies.find((a) => a.agency === agency);
    const declines = report.declines.filter((d) => d.agency === agency);
    // Its requests by their incident's kind and kecamatan, from its own report (the centre's may be read from the
    // daily slices, which carry the agency alone).
    const requests = own.agencies.find((a) => a.agency === agency);
    return [
      { text: `Instansi: ${names.agencies[agency] ?? agency}`, style: 'h2', pageBreak: 'before' },
      table(
        ['Uraian', 'Jumlah'],
        [
          ['Permintaan penanganan', n(figures?.requested ?? 0)],
          // Declined once, in its own row below.
          ...Object.entries(figures?.byStatus ?? {})
            .filter(([s]) => s !== 'declined')
            .map(([s, count]) => [`   ${STATUS_ID[s] ?? s}`, n(count)]),
          ['Ditolak', n(figures?.declined ?? 0)],
          ['Eskalasi', n(figures?.escalations ?? 0)],
          // As the agency reported them when done (the incident's own count is the centre's summary's).
          ['Korban meninggal (laporan instansi)', n(figures?.dead ?? 0)],
          ['Korban luka (laporan instansi)', n(figures?.injured ?? 0)],
        ],
      ),
      { text: 'Waktu sejak diminta', style: 'h3' },
      table(
        ['Tahap', 'Jumlah', 'Rata-rata', 'Median', 'Persentil 90'],
        figures
          ? [
              durationRow('Diterima', figures.ack),
              durationRow('Berangkat', figures.enRoute),
              durationRow('Tiba di lokasi', figures.onScene),
              durationRow('Selesai', figures.done),
            ]
          : [],
      ),
      requestsBy(
        'Permintaan menurut jenis kejadian',
        'Jenis kejadian',
        requests?.byCategory ?? {},
        names.categories,
      ),
      requestsBy('Permintaan menurut kecamatan', 'Kecamatan', requests?.byKecamatan ?? {}, names.kecamatan),
      declines.length > 0
        ? [
            { text: 'Penolakan dan alasannya', style: 'h3' },
            table(
              ['Alasan', 'Jumlah'],
              declines.map((d) => [d.reason || '(tanpa alasan)', n(d.n)]),
            ),
          ]
        : [],
    ];
  });
  const doc = {
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    info: { title: `Laporan Bulanan Layanan 112 — ${title}`, creator: 'Pinisi 112' },
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    styles: {
      cover: { fontSize: 14, bold: true, alignment: 'center' },
      title: { fontSize: 20, bold: true, alignment: 'center', margin: [0, 40, 0, 8] },
      h2: { fontSize: 14, bold: true, margin: [0, 0, 0, 8] },
      h3: { fontSize: 11, bold: true, margin: [0, 6, 0, 2] },
      note: { fontSize: 8, italics: true, color: '#444444' },
    },
    footer: (page: number, pages: number) => ({
      text: `Laporan Layanan 112 — ${title} — halaman ${page} dari ${pages}`,
      alignment: 'center',
      fontSize: 7,
      margin: [0, 16, 0, 0],
    }),
    content: [
      look.logo
        ? { image: look.logo, fit: [90, 90], alignment: 'center', margin: [0, 40, 0, 12] }
        : { text: '', margin: [0, 60, 0, 0] },
      ...look.heading.map((line) => ({ text: line, style: 'cover' })),
      { canvas: [{ type: 'line', x1: 0, y1: 6, x2: WIDTH, y2: 6, lineWidth: 1.5 }], margin: [0, 4, 0, 0] },
      { text: 'LAPORAN BULANAN LAYANAN PANGGILAN DARURAT 112', style: 'title' },
      { text: `Periode ${title}`, alignment: 'center', fontSize: 13 },
      {
        text: 'Kepada Yth. Bupati dan Pusat Monitoring Layanan 112',
        alignment: 'center',
        fontSize: 11,
        margin: [0, 24, 0, 0],
      },
      filters
        ? {
            text: `Saringan: ${filters}`,
            alignment: 'center',
            margin: [0, 12, 0, 0],
          }
        : '',
      {
        text: `Disusun oleh sistem Pinisi 112 dari log peristiwa pada ${date(Date.now())}; waktu dalam ${look.tzName}.`,
        style: 'note',
        alignment: 'center',
        margin: [0, 200, 0, 0],
      },
      // One agency's report (a liaison's): its pages alone. The centre's calls and incidents carry no agency, the
      // summary and charts would read 0 and stand empty.
      ...(bundle.filters.agency === undefined
        ? [
            { text: 'Ringkasan', style: 'h2', pageBreak: 'before' },
            summary,
            {
              text:
                'Waktu jawab diukur dari dering pertama di sentral sampai dijawab; panggilan yang dicatat tanpa sentral diukur dari saat dicatat. ' +
                'Waktu proses: dijawab sampai diteruskan ke petugas pengarah (NFPA 1225: 90 % ≤ 60 detik). ' +
                'Target waktu jawab: NENA-STA-020 (90 % ≤ 15 detik, 95 % ≤ 20 detik).',
              style: 'note',
            },
            { text: 'Grafik', style: 'h2', pageBreak: 'before' },
            ...chart(
              'Sebaran waktu jawab',
              drawChart(
                histogramOption(
                  report.answer,
                  [
                    { seconds: 15, label: '15 dtk' },
                    { seconds: 20, label: '20 dtk' },
                  ],
                  words,
                ),
                WIDTH,
                190,
              ),
            ),
            ...chart(
              'Panggilan menurut jenis per hari',
              drawChart(callTypesOption(report, words), WIDTH, 270),
            ),
            ...countsChart('Kejadian menurut jenis', i.byCategory, name(names.categories)),
            ...countsChart('Kejadian menurut kecamatan', i.byKecamatan, name(names.kecamatan)),
            ...chart(
              'Waktu tanggap instansi (menit sejak diminta, skala log; kotak: persentil 25–75 dan median, garis: persentil 10–90)',
              drawChart(agencyTimesOption(report, name(names.agencies), words), WIDTH, 240),
            ),
            ...chart(
              'Waktu proses operator penerima panggilan (sejak dijawab sampai diteruskan)',
              drawChart(
                histogramOption(report.processing, [{ seconds: 60, label: '60 dtk' }], {
                  ...words,
                  calls: 'Kejadian',
                }),
                WIDTH,
                190,
              ),
            ),
            ...chart(
              'Peta kejadian menurut desa/kelurahan',
              drawChart(desaMapOption(DESA_MAP, i.byDesa, name(names.desa), words), WIDTH, 400),
            ),
            { text: 'Kejadian menurut desa/kelurahan (20 terbanyak)', style: 'h3' },
            table(
              ['Desa/kelurahan', 'Jumlah'],
              Object.entries(i.byDesa)
                .sort(([, a], [, b]) => b - a)
                .slice(0, 20)
                .map(([code, count]) => [names.desa[code] ?? code, n(count)]),
            ),
          ]
        : []),
      ...agencyPages,
    ],
  };
  return printer().createPdf(doc).getBuffer();
}

/**
 * Makes the PDF of an empty month, with one agency, and lets it go: what the first report of a process loads (ECharts
 * and the desa map, pdfmake and its fonts, the words every report shapes, the code made fast by running) is loaded
 * then, not when the first user asks for a report.
 */
export async function warmPdf(look: ReportLook): Promise<void> {
  const period = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2000, 1, 1) };
  const report = summarize([], { ...period, ...look, staff: false, granularity: 'day' });
  const none = {};
  await reportPdf(
    {
      period,
      filters: {},
      report,
      agencies: [{ agency: 'warm', report }],
      names: { agencies: none, kecamatan: none, desa: none, categories: none, users: none },
    },
    look,
  );
}
