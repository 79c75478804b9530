// The monthly report as a file: PDF, XLSX, CSV or the JSON the Pemda sends on; one function for the button and the CLI.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import {
  CALL_HEADER,
  type Cell,
  callRow,
  heading,
  INCIDENT_HEADER,
  incidentRow,
  reportCsv,
  reportRows,
} from '../domain/reports/export.ts';
import type { ReportFilters } from '../domain/reports/summary.ts';
import { callPages, incidentPages } from '../store/report-store.ts';
import type { DatabaseSchema } from '../store/schema.ts';
import { loadBundle, type ReportBundle } from './bundle.ts';
import { type ReportLook, reportPdf } from './pdf.ts';
import { withHeader, workbookStream } from './xlsx.ts';

export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportFile {
  /** The whole file, or (XLSX) a stream written as the lists are read a page at a time. */
  body: Buffer | string | Readable;
  contentType: string;
  extension: string;
}

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
  return {
    format: 'pinisi-112-report',
    version: 1,
    centre: look.heading,
    generatedAt: iso(Date.now()),
    period: {
      from: iso(bundle.period.from),
      to: iso(bundle.period.to),
      utcOffsetMinutes: look.tzOffsetMinutes,
    },
    filters: bundle.filters,
    names: bundle.names,
    report: bundle.report,
    agencies: bundle.agencies.map(({ agency, report }) => ({
      agency,
      incidents: report.incidents,
    })),
  };
}

/**
 * The report of a period in a format. The PDF and JSON leave out the per call taker figures (they go outside the
 * centre); the XLSX holds the figures, and the calls when `calls` (the centre's staff only), and the incidents.
 */
export async function reportFile(
  db: Kysely<DatabaseSchema>,
  period: { from: number; to: number },
  filters: ReportFilters,
  format: ReportFormat,
  look: ReportLook,
  access: { calls: boolean; staff: boolean },
): Promise<ReportFile> {
  if (format === 'csv' || format === 'xlsx') {
    const bundle = await loadBundle(db, period, filters, access.staff, look);
    if (format === 'csv')
      return {
        body: reportCsv(bundle.report, filters),
        contentType: 'text/csv; charset=utf-8',
        extension: 'csv',
      };
    // The lists are read a page at a time as their sheets are written.
    const calls =
      access.calls && !INCIDENT_FILTERS.some((k) => filters[k] !== undefined)
        ? callPages(db, { ...period, channel: filters.channel, user: filters.user })
        : null;
    const sheets = [
      aboutSheet('report', period.from, period.to, filters),
      { name: 'KPI', rows: reportRows(bundle.report) },
      ...(calls ? [{ name: 'Panggilan', rows: withHeader(CALL_HEADER, calls, callRow) }] : []),
      {
        name: 'Kejadian',
        rows: withHeader(INCIDENT_HEADER, incidentPages(db, { ...period, ...filters }), incidentRow),
      },
    ];
    return {
      body: workbookStream(sheets),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      extension: 'xlsx',
    };
  }
  const bundle = await loadBundle(db, period, filters, false, look);
  if (format === 'json')
    return {
      body: `${JSON.stringify(reportJson(bundle, look), null, 2)}\n`,
      contentType: 'application/json; charset=utf-8',
      extension: 'json',
    };
  return { body: await reportPdf(bundle, look), contentType: 'application/pdf', extension: 'pdf' };
}

/** Writes a report file to a stream (a file, stdout) as it is made: an XLSX is never whole in memory. */
export async function writeReportFile(file: ReportFile, out: Writable): Promise<void> {
  const body = file.body instanceof Readable ? file.body : Readable.from([file.body]);
  await pipeline(body, out);
}
