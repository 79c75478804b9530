// The monthly report as a file: PDF, XLSX, CSV or the JSON the Pemda sends on; one function for the button and the CLI.
import { createHash } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import {
  CALL_HEADER,
  type Cell,
  callRow,
  heading,
  incidentExport,
  reportCsv,
  reportRows,
} from '../domain/reports/export.ts';
import type { ReportFilters } from '../domain/reports/summary.ts';
import { callPages, callsStamp, incidentPages, incidentsStamp, readReport } from '../store/report-store.ts';
import type { DatabaseSchema } from '../store/schema.ts';
import { loadBundle, type ReportBundle } from './bundle.ts';
import { KeptFiles } from './kept-files.ts';
import { type ReportLook, reportPdf } from './pdf.ts';
import { type MakeWorkbook, withHeader, workbookStream } from './xlsx.ts';

export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportFile {
  /** The whole file, or (XLSX) a stream written as the lists are read a page at a time, or the one kept. */
  body: Buffer | string | Readable;
  contentType: string;
  extension: string;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The workbooks of closed periods made for each database (kept-files.ts). */
const keptWorkbooks = new WeakMap<Kysely<DatabaseSchema>, KeptFiles>();

/** Filters calls do not carry: with one of them the workbook holds incidents only, as the figures do. */
const INCIDENT_FILTERS = ['agency', 'kecamatan', 'desa', 'category', 'priority'] as const;

const iso = (ms: number) => new Date(ms).toISOString();

/** The period and filters as the first sheet: label, value. */
export const aboutSheet = (kind: string, from: number, to: number, filters: ReportFilters) => ({
  name: 'Keterangan',
  rows: heading(kind, from, to, filters).map((row): Cell[] => [String(row[0]).replace(/^# /, ''), row[1]]),
});

/**
 * The figures of the period as the JSON for the Pusat Monitoring (shape documented in README, "JSON export"): what
 * it is, the period in UTC and the centre's time zone, the filters, the names of the codes, the centre's figures
 * and each agency's own incidents by category, kecamatan and desa.
 */
function reportJson(bundle: ReportBundle, look: ReportLook) {
  // The codes' names (README, "JSON export"): not the users', the ids of the centre's staff.
  const { users: _users, ...names } = bundle.names;
  return {
    format: 'pinisi-112-report',
    version: 2,
    centre: look.heading,
    generatedAt: iso(Date.now()),
    period: {
      from: iso(bundle.period.from),
      to: iso(bundle.period.to),
      utcOffsetMinutes: look.tzOffsetMinutes,
    },
    filters: bundle.filters,
    names,
    report: bundle.report,
    agencies: bundle.agencies.map(({ agency, report }) => {
      const own = report.agencies.find((a) => a.agency === agency);
      return {
        agency,
        incidents: report.incidents,
        // Its requests by their incident's kind and kecamatan (its incidents above are empty: they carry no agency).
        requests: { byCategory: own?.byCategory ?? {}, byKecamatan: own?.byKecamatan ?? {} },
      };
    }),
  };
}

/** Makes a report's PDF: here (reportPdf, the CLI's one file) or on the server's PDF thread (pdf-thread.ts). */
export type MakePdf = (bundle: ReportBundle, look: ReportLook) => Promise<Buffer>;

/** Where closed periods' workbooks made ahead are found (ready-workbook.ts): the file for this key and stamp, or null. */
export interface WorkbookShelf {
  file(key: string, stamp: string): Promise<Readable | null>;
}

/** What a closed period's workbook is kept under: the period, the filters, and who asked (calls and staff seen). */
export const workbookKey = (
  period: { from: number; to: number },
  filters: ReportFilters,
  holds: { calls: boolean; staff: boolean },
) => JSON.stringify({ period, filters, calls: holds.calls, staff: holds.staff });

/** A workbook to make, and a closed period's key (what was asked) and stamp (what it is made from). */
interface MonthWorkbook {
  /** The workbook as a stream: the lists are read a page at a time as their sheets are written. */
  make: () => Readable;
  /** Null for a period not closed yet (always made anew); `empty` when it holds no call and no incident. */
  kept: { key: string; stamp: string; empty: boolean } | null;
}

/**
 * The XLSX of a period: the figures (and their stamp, for a closed period) read now, the lists as it is made. The
 * stamp is read before the file is made: a change while it is made then makes the next stamp differ.
 */
export async function monthWorkbook(
  db: Kysely<DatabaseSchema>,
  period: { from: number; to: number },
  filters: ReportFilters,
  look: ReportLook,
  access: { calls: boolean; staff: boolean },
  makeWorkbook: MakeWorkbook = workbookStream,
): Promise<MonthWorkbook> {
  // The figures only: the agencies' own and the names are the PDF's and the JSON's.
  const report = await readReport(db, period, filters, access.staff, look);
  const callFilter =
    access.calls && !INCIDENT_FILTERS.some((k) => filters[k] !== undefined)
      ? { ...period, channel: filters.channel, user: filters.user }
      : null;
  const incidentFilter = { ...period, ...filters };
  // A liaison's incidents without the centre's staff and calls (export.ts CENTRE_ONLY).
  const incidentList = incidentExport(access.calls);
  const make = () =>
    makeWorkbook([
      aboutSheet('report', period.from, period.to, filters),
      { name: 'KPI', rows: reportRows(report) },
      ...(callFilter
        ? [{ name: 'Panggilan', rows: withHeader(CALL_HEADER, callPages(db, callFilter), callRow) }]
        : []),
      {
        name: 'Kejadian',
        rows: withHeader(incidentList.header, incidentPages(db, incidentFilter), incidentList.row),
      },
    ]);
  if (period.to > Date.now()) return { make, kept: null };
  const [calls, incidents] = await Promise.all([
    callFilter ? callsStamp(db, callFilter) : '',
    incidentsStamp(db, incidentFilter),
  ]);
  const figures = createHash('sha256').update(JSON.stringify(report)).digest('base64');
  // Kept for who may see the calls (with the staff's ids in the incidents) or not: an admin's workbook with an agency
  // filter (no calls either) is not a liaison's.
  const key = workbookKey(period, filters, access);
  const empty = !/^[1-9]/.test(calls) && !/^[1-9]/.test(incidents);
  return { make, kept: { key, stamp: `${figures} ${calls} ${incidents}`, empty } };
}

/**
 * The report of a period in a format (a workbook made here unless told: the server's are made on its XLSX thread). The PDF and JSON leave out the per call taker figures (they go outside the
 * centre); the XLSX holds the figures, and the calls when `calls` (the centre's staff only), and the incidents.
 */
export async function reportFile(
  db: Kysely<DatabaseSchema>,
  period: { from: number; to: number },
  filters: ReportFilters,
  format: ReportFormat,
  look: ReportLook,
  access: { calls: boolean; staff: boolean },
  makePdf: MakePdf = reportPdf,
  shelf: WorkbookShelf | null = null,
  makeWorkbook: MakeWorkbook = workbookStream,
): Promise<ReportFile> {
  if (format === 'xlsx') {
    const book = await monthWorkbook(db, period, filters, look, access, makeWorkbook);
    const xlsx = { contentType: XLSX_TYPE, extension: 'xlsx' };
    if (!book.kept) return { ...xlsx, body: book.make() };
    // A closed period's workbook is kept once made, and made again only once something in it changed; the last
    // twelve closed months' are made ready on disk before anyone asks (ready-workbook.ts).
    const { key, stamp } = book.kept;
    const ready = await shelf?.file(key, stamp);
    if (ready) return { ...xlsx, body: ready };
    const kept = keptWorkbooks.get(db) ?? new KeptFiles();
    keptWorkbooks.set(db, kept);
    return { ...xlsx, body: kept.get(key, stamp) ?? kept.keep(key, stamp, book.make()) };
  }
  if (format === 'csv') {
    // The figures only: the agencies' own and the names are the PDF's and the JSON's.
    const report = await readReport(db, period, filters, access.staff, look);
    return {
      body: reportCsv(report, filters),
      contentType: 'text/csv; charset=utf-8',
      extension: 'csv',
    };
  }
  const bundle = await loadBundle(db, period, filters, false, look);
  if (format === 'json')
    return {
      body: `${JSON.stringify(reportJson(bundle, look), null, 2)}\n`,
      contentType: 'application/json; charset=utf-8',
      extension: 'json',
    };
  return { body: await makePdf(bundle, look), contentType: 'application/pdf', extension: 'pdf' };
}

/** Writes a report file to a stream (a file, stdout) as it is made: an XLSX is never whole in memory. */
export async function writeReportFile(file: ReportFile, out: Writable): Promise<void> {
  const body = file.body instanceof Readable ? file.body : Readable.from([file.body]);
  await pipeline(body, out);
}
