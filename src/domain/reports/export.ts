// Reports as files: the KPI figures and the lists of calls and incidents as CSV, the applied filters on top.
import type { Call, Incident, IncidentTriage } from '../types.ts';
import type { Durations, Report, ReportFilters } from './summary.ts';

export type Cell = string | number | null | undefined;

/** One CSV field: quoted when it holds a separator, a quote or a line break; a leading = + - @ is defused. */
function field(value: Cell): string {
  if (value === null || value === undefined) return '';
  // A number's text never holds a separator, a quote or a line break, and is never defused.
  if (typeof value === 'number') return String(value);
  let text = String(value);
  const first = text.charCodeAt(0);
  // = + - @ (a formula in a spreadsheet) get a leading apostrophe (strings only: a filter may be a boolean).
  if (typeof value === 'string' && (first === 61 || first === 43 || first === 45 || first === 64))
    text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV lines, each ending in CRLF (built by concatenation: an export writes ~83,000 rows a month). */
export function csv(rows: Cell[][]): string {
  if (rows.length === 0) return '\r\n';
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += i === 0 ? field(row[i]) : `,${field(row[i])}`;
    out += '\r\n';
  }
  return out;
}

const HOUR = 3_600_000;
/** The last instant toISOString writes with a four-digit year (9999-12-31T23:59:59.999Z). */
const YEAR_9999_END = 253_402_300_799_999;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** `YYYY-MM-DDTHH:` by hour since the epoch: a month's export formats its ~330,000 times from some 700 of them. */
const hourPrefixes = new Map<number, string>();

/**
 * An instant as ISO 8601 UTC, exactly as `Date.prototype.toISOString` writes it, from the hour's prefix (kept) and
 * the minutes, seconds and milliseconds as text: a month's calls export writes four times per call.
 */
export function isoTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > YEAR_9999_END) return new Date(ms).toISOString();
  const hour = Math.floor(ms / HOUR);
  let prefix = hourPrefixes.get(hour);
  if (prefix === undefined) {
    if (hourPrefixes.size >= 50_000) hourPrefixes.clear();
    prefix = new Date(hour * HOUR).toISOString().slice(0, 14);
    hourPrefixes.set(hour, prefix);
  }
  const rest = ms - hour * HOUR;
  const seconds = Math.floor(rest / 1000);
  return `${prefix}${TWO[Math.floor(seconds / 60)]}:${TWO[seconds % 60]}.${THREE[rest % 1000]}Z`;
}

const iso = (ms: number | null) => (ms === null ? null : isoTime(ms));

/** The lines naming the period and the filters a file was made with. */
export function heading(kind: string, from: number, to: number, filters: ReportFilters): Cell[][] {
  return [
    ['# Pinisi 112', kind],
    ['# from', iso(from)],
    ['# to', iso(to)],
    ...Object.entries(filters)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [`# filter ${k}`, v as Cell]),
  ];
}

const durationRows = (section: string, d: Durations): Cell[][] => [
  [section, 'n', '', d.n],
  [section, 'mean_ms', '', d.meanMs],
  [section, 'p50_le_s', '', d.p50],
  [section, 'p90_le_s', '', d.p90],
  ...d.histogram.map((b): Cell[] => [section, 'le_s', b.le, b.n]),
];

const countRows = (section: string, name: string, counts: Record<string, number>): Cell[][] =>
  Object.entries(counts).map(([k, n]) => [section, name, k, n]);

/** Every figure of the report as CSV: the period and filters, then rows of section, figure, dimension, value. */
export function reportCsv(report: Report, filters: ReportFilters): string {
  return csv([...heading('kpi', report.from, report.to, filters), ...reportRows(report)]);
}

/** Every figure of the report as rows of section, figure, dimension, value (the header row first). */
export function reportRows(report: Report): Cell[][] {
  const rows: Cell[][] = [['section', 'figure', 'of', 'value']];
  rows.push(['calls', 'total', '', report.calls.total]);
  rows.push(...countRows('calls', 'by_type', report.calls.byType));
  rows.push(...countRows('calls', 'by_channel', report.calls.byChannel));
  for (const point of report.calls.series)
    rows.push(...countRows('calls_series', iso(point.at)!, point.byType));
  rows.push(['calls', 'abandoned', '', report.calls.abandoned]);
  rows.push(['calls', 'abandoned_mean_ring_ms', '', report.calls.abandonedMeanRingMs]);
  rows.push(['calls', 'callbacks', '', report.calls.callbacks]);
  rows.push(...countRows('calls', 'callbacks_by_result', report.calls.callbacksByResult));
  rows.push(...durationRows('answer', report.answer));
  rows.push(
    ['answer', 'within_15s', '', report.answer.within15],
    ['answer', 'within_20s', '', report.answer.within20],
  );
  rows.push(
    ['answer', 'share_15s', '', report.answer.share15],
    ['answer', 'share_20s', '', report.answer.share20],
  );
  rows.push(...durationRows('processing', report.processing));
  rows.push(['processing', 'within_60s', '', report.processing.within60]);
  rows.push(['processing', 'share_60s', '', report.processing.share60]);
  rows.push(...durationRows('dispatch', report.dispatch));
  const i = report.incidents;
  rows.push(
    ['incidents', 'total', '', i.total],
    ['incidents', 'dead', '', i.dead],
    ['incidents', 'injured', '', i.injured],
  );
  rows.push(...countRows('incidents', 'by_status', i.byStatus));
  rows.push(...countRows('incidents', 'by_category', i.byCategory));
  rows.push(...countRows('incidents', 'by_priority', i.byPriority));
  rows.push(...countRows('incidents', 'by_kecamatan', i.byKecamatan));
  rows.push(...countRows('incidents', 'by_desa', i.byDesa));
  for (const a of report.agencies) {
    const s = `agency:${a.agency}`;
    rows.push(
      [s, 'requested', '', a.requested],
      [s, 'declined', '', a.declined],
      [s, 'escalations', '', a.escalations],
      [s, 'dead', '', a.dead],
      [s, 'injured', '', a.injured],
    );
    rows.push(...countRows(s, 'by_status', a.byStatus));
    rows.push(...countRows(s, 'by_category', a.byCategory ?? {}));
    rows.push(...countRows(s, 'by_kecamatan', a.byKecamatan ?? {}));
    rows.push(...durationRows(`${s}:ack`, a.ack), ...durationRows(`${s}:en_route`, a.enRoute));
    rows.push(...durationRows(`${s}:on_scene`, a.onScene), ...durationRows(`${s}:done`, a.done));
  }
  for (const d of report.declines) rows.push([`agency:${d.agency}`, 'decline_reason', d.reason, d.n]);
  rows.push(['escalations', 'total', '', report.escalations.total]);
  rows.push(...countRows('escalations', 'by_kind', report.escalations.byKind));
  for (const s of report.staff ?? []) {
    rows.push(
      [`staff:${s.user}`, 'answered', '', s.answered],
      [`staff:${s.user}`, 'answer_mean_ms', '', s.answerMeanMs],
    );
    rows.push(
      [`staff:${s.user}`, 'within_15s', '', s.within15],
      [`staff:${s.user}`, 'incidents', '', s.incidents],
    );
    rows.push([`staff:${s.user}`, 'processing_mean_ms', '', s.processingMeanMs]);
    rows.push([`staff:${s.user}`, 'processing_within_60s', '', s.within60]);
    rows.push([`staff:${s.user}`, 'callbacks', '', s.callbacks]);
  }
  for (const s of report.shifts ?? []) {
    const name = `shift:${iso(s.start)}`;
    rows.push(
      [name, 'calls', '', s.calls],
      [name, 'answered', '', s.answered],
      [name, 'within_15s', '', s.within15],
    );
    rows.push([name, 'abandoned', '', s.abandoned], [name, 'incidents', '', s.incidents]);
  }
  return rows;
}

const CALL_COLUMNS = [
  'id',
  'channel',
  'number',
  'status',
  'type',
  'incidentId',
  'registeredAt',
  'answeredAt',
  'answeredBy',
  'answerMs',
  'classifiedAt',
  'endedAt',
  'endedBy',
] as const;

/** The header row of the calls' files. */
export const CALL_HEADER: Cell[] = [...CALL_COLUMNS];

/** The fields of a call its files hold (the export reads them from the calls' columns, not their documents). */
export type ExportedCall = Pick<
  Call,
  Exclude<(typeof CALL_COLUMNS)[number], 'answerMs'> | 'answeredAt' | 'registeredAt'
>;

/** A call with every field (times as ISO 8601 UTC), in the order of CALL_COLUMNS (a month's export makes ~83,000). */
export function callRow(c: ExportedCall): Cell[] {
  return [
    c.id,
    c.channel,
    c.number,
    c.status,
    c.type,
    c.incidentId,
    iso(c.registeredAt),
    iso(c.answeredAt),
    c.answeredBy,
    c.answeredAt === null ? null : c.answeredAt - c.registeredAt,
    iso(c.classifiedAt),
    iso(c.endedAt),
    c.endedBy,
  ];
}

/**
 * A call's line of the calls' CSV (callRow's fields, CRLF at the end): the store keeps it beside the call's state row
 * (its column `csv_line`), so a month's export reads one text per call instead of building ~83,000 lines.
 */
export const callLine = (c: ExportedCall): string => csv([callRow(c)]);

/** Calls with every field: the header row, then one row per call. */
export function callRows(calls: Call[]): Cell[][] {
  return [CALL_HEADER, ...calls.map(callRow)];
}

/** Calls with every field. */
export function callsCsv(calls: Call[], from: number, to: number, filters: ReportFilters): string {
  return csv([...heading('calls', from, to, filters), ...callRows(calls)]);
}

const INCIDENT_COLUMNS = [
  'id',
  'number',
  'category',
  'priority',
  'status',
  'kecamatan',
  'desa',
  'address',
  'landmark',
  'lat',
  'lon',
  'callerName',
  'callerPhone',
  'description',
  'callIds',
  'createdAt',
  'createdBy',
  'forwardedAt',
  'dispatchedAt',
  'closedAt',
  'closedBy',
  'closeReason',
] as const;

/** The header row of the incidents' files. */
export const INCIDENT_HEADER: Cell[] = [...INCIDENT_COLUMNS];

/** Incidents with every field: the header row, then one row per incident. */
export function incidentRows(incidents: Incident[]): Cell[][] {
  return [INCIDENT_HEADER, ...incidents.map(incidentRow)];
}

/**
 * The fields naming the centre's staff behind an incident (who created and closed it; the triage's author) and its
 * calls: with them an agency liaison could work out per call taker times, figures for supervision only (issue 14).
 */
const CENTRE_ONLY: ReadonlySet<string> = new Set(['callIds', 'createdBy', 'closedBy']);
const AGENCY_COLUMNS = INCIDENT_COLUMNS.filter((k) => !CENTRE_ONLY.has(k));

/** An incident as an agency liaison gets it: without CENTRE_ONLY's fields and the triage's author. */
export type AgencyIncident = Omit<Incident, 'callIds' | 'createdBy' | 'closedBy' | 'triage'> & {
  triage?: Omit<IncidentTriage, 'by'> | null;
};

/** The incident without the fields naming the centre's staff and calls (for an agency liaison). */
export function agencyIncident(i: Incident): AgencyIncident {
  const { callIds: _calls, createdBy: _created, closedBy: _closed, triage, ...rest } = i;
  if (triage === undefined) return rest;
  if (triage === null) return { ...rest, triage };
  const { by: _by, ...shown } = triage;
  return { ...rest, triage: shown };
}

/**
 * The incidents' files' header and rows for a reader: every field for the centre's supervision (`centre`), without
 * the staff's ids and the call ids for an agency liaison.
 */
export const incidentExport = (centre: boolean): { header: Cell[]; row: (i: Incident) => Cell[] } =>
  centre
    ? { header: INCIDENT_HEADER, row: incidentRow }
    : {
        header: [...AGENCY_COLUMNS],
        row: (i) => {
          const values = incidentValues(i);
          return AGENCY_COLUMNS.map((k) => values[k]);
        },
      };

/** An incident with every field, the location and caller spread over their own columns. */
export function incidentRow(i: Incident): Cell[] {
  const values = incidentValues(i);
  return INCIDENT_COLUMNS.map((k) => values[k]);
}

function incidentValues(i: Incident): Record<(typeof INCIDENT_COLUMNS)[number], Cell> {
  return {
    id: i.id,
    number: i.number,
    category: i.category,
    priority: i.priority,
    status: i.status,
    kecamatan: i.location.kecamatan,
    desa: i.location.desa,
    address: i.location.address,
    landmark: i.location.landmark,
    lat: i.location.lat,
    lon: i.location.lon,
    callerName: i.caller.name,
    callerPhone: i.caller.phone,
    description: i.description,
    callIds: i.callIds.join(' '),
    createdAt: iso(i.createdAt),
    createdBy: i.createdBy,
    forwardedAt: iso(i.forwardedAt),
    dispatchedAt: iso(i.dispatchedAt),
    closedAt: iso(i.closedAt),
    closedBy: i.closedBy,
    closeReason: i.closeReason,
  };
}

/** Incidents with every field. */
export function incidentsCsv(
  incidents: Incident[],
  from: number,
  to: number,
  filters: ReportFilters,
): string {
  return csv([...heading('incidents', from, to, filters), ...incidentRows(incidents)]);
}
