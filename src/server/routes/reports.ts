// Report routes: KPI figures of a period from the hourly aggregates, the calls and incidents behind each figure, CSV
// exports, and the audit of the aggregates against the log.
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { invalid } from '../../domain/errors.ts';
import { may } from '../../domain/policy.ts';
import {
  agencyIncident,
  CALL_HEADER,
  callRow,
  incidentExport,
  reportCsv,
} from '../../domain/reports/export.ts';
import { HOUR_MS } from '../../domain/reports/facts.ts';
import { monthPeriod } from '../../domain/reports/rollup.ts';
import type { ReportFilters } from '../../domain/reports/summary.ts';
import { CALL_CHANNELS, CALL_TYPES } from '../../domain/types.ts';
import { REPORT_FORMATS, type ReportFile, reportFile } from '../../reports/files.ts';
import { type ListFile, linesCsv, listCsv, listXlsx } from '../../reports/list-files.ts';
import type { ReportLook } from '../../reports/pdf.ts';
import type { PdfThread } from '../../reports/pdf-thread.ts';
import type { ReadyWorkbooks } from '../../reports/ready-workbook.ts';
import type { WorkbookThread } from '../../reports/xlsx-thread.ts';
import type { EventStore } from '../../store/event-store.ts';
import {
  auditFacts,
  callLines,
  callPages,
  incidentPages,
  type ListPage,
  listCalls,
  listIncidents,
  readCursor,
  readReport,
} from '../../store/report-store.ts';
import { actorOf, requireUser } from '../auth.ts';

const DAY_MS = 24 * HOUR_MS;
const MAX_SPAN_MS = 400 * DAY_MS;
const MAX_PAGE = 500;

const Millis = Type.String({ pattern: '^[0-9]{1,15}$', description: 'epoch milliseconds' });
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });

const PeriodFields = {
  from: Type.Optional(Millis),
  to: Type.Optional(Type.String({ ...Millis, description: 'epoch milliseconds, exclusive' })),
  month: Type.Optional(
    Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'a local (WITA) month, e.g. 2026-11' }),
  ),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')])),
};

const FilterFields = {
  agency: Type.Optional(Code),
  kecamatan: Type.Optional(Code),
  desa: Type.Optional(Code),
  category: Type.Optional(Code),
  priority: Type.Optional(Type.String({ pattern: '^[1-4]$' })),
  channel: Type.Optional(Type.Union(CALL_CHANNELS.map((c) => Type.Literal(c)))),
  user: Type.Optional(Code),
};

const PageFields = {
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  after: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,15}:[A-Za-z0-9._:-]{1,64}$',
      description: "the previous page's `next`: the page after that item (keyset; faster than offset)",
    }),
  ),
};

const KpiQuery = Type.Object(
  {
    ...PeriodFields,
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
    ...FilterFields,
  },
  { additionalProperties: false },
);
const FileQuery = Type.Object(
  { ...PeriodFields, format: Type.Union(REPORT_FORMATS.map((f) => Type.Literal(f))), ...FilterFields },
  { additionalProperties: false },
);
const CallsQuery = Type.Object(
  {
    ...PeriodFields,
    ...PageFields,
    channel: FilterFields.channel,
    user: FilterFields.user,
    type: Type.Optional(Type.Union([...CALL_TYPES, 'unclassified'].map((t) => Type.Literal(t)))),
    answerAbove: Type.Optional(Millis),
    answerAtMost: Type.Optional(Millis),
    abandoned: Type.Optional(Type.Literal('true')),
  },
  { additionalProperties: false },
);
const IncidentsQuery = Type.Object(
  {
    ...PeriodFields,
    ...PageFields,
    agency: FilterFields.agency,
    kecamatan: FilterFields.kecamatan,
    desa: FilterFields.desa,
    category: FilterFields.category,
    priority: FilterFields.priority,
    status: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('cancelled')]),
    ),
    processingAbove: Type.Optional(Millis),
    processingAtMost: Type.Optional(Millis),
    dispatched: Type.Optional(Type.Literal('true')),
  },
  { additionalProperties: false },
);

type Period = Static<Type.TObject<typeof PeriodFields>>;

/** The period asked for: a local month, or from/to; refused when empty, reversed or longer than 400 days. */
function periodOf(q: Period, tzOffsetMinutes: number): { from: number; to: number } {
  if (q.month !== undefined) return monthPeriod(q.month, tzOffsetMinutes);
  if (q.from === undefined || q.to === undefined)
    throw invalid('validation', 'Give a month, or from and to', q.from === undefined ? 'from' : 'to');
  const from = Number(q.from);
  const to = Number(q.to);
  if (to <= from) throw invalid('validation', 'The period ends before it starts', 'to');
  if (to - from > MAX_SPAN_MS) throw invalid('validation', 'A report covers at most 400 days', 'to');
  return { from, to };
}

/** The filters as asked, the agency pinned to a liaison's own, and no call taker filter without supervision. */
function filtersOf(
  request: FastifyRequest,
  q: Partial<Record<keyof typeof FilterFields, string>>,
): ReportFilters {
  const actor = actorOf(request.user!);
  const filters: ReportFilters = {
    agency: actor.role === 'agency' ? (actor.agencyId ?? '-') : q.agency,
    kecamatan: q.kecamatan,
    desa: q.desa,
    category: q.category,
    priority: q.priority === undefined ? undefined : Number(q.priority),
    channel: q.channel,
    user: may(actor.role, 'reports.staff') ? q.user : undefined,
  };
  for (const key of Object.keys(filters) as (keyof ReportFilters)[])
    if (filters[key] === undefined) delete filters[key];
  return filters;
}

const pageOf = (q: { offset?: string; limit?: string; after?: string }): ListPage => ({
  offset: Number(q.offset ?? 0),
  limit: Math.min(Number(q.limit ?? 100), MAX_PAGE),
  after: q.after === undefined ? undefined : (readCursor(q.after) ?? undefined),
});

function sendCsv(reply: FastifyReply, name: string, body: string) {
  return sendFile(reply, name, {
    body: `\uFEFF${body}`,
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
  });
}

function sendFile(reply: FastifyReply, name: string, file: ReportFile) {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${name}.${file.extension}"`)
    .send(file.body);
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A list's file as it is written: CSV or XLSX, streamed page by page, named by its kind and period. */
function sendList(
  reply: FastifyReply,
  format: 'csv' | 'xlsx',
  list: ListFile,
  body: Readable,
  tzOffsetMinutes: number,
) {
  const name = `pinisi-${list.kind}-${periodName(list.from, list.to, tzOffsetMinutes)}`;
  return reply
    .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .send(body);
}

/**
 * A period as a file name gives it, in local time: a month `2026-11`, a day `2026-11-30`, days
 * `2026-11-24_2026-11-30` (the last included), else the hours `2026-11-30T19_2026-12-01T07`.
 */
function periodName(from: number, to: number, tzOffsetMinutes: number): string {
  const offset = tzOffsetMinutes * 60_000;
  const day = (at: number) => new Date(at + offset).toISOString().slice(0, 10);
  const wholeDays = (from + offset) % DAY_MS === 0 && (to + offset) % DAY_MS === 0;
  if (!wholeDays) {
    const hour = (at: number) => new Date(at + offset).toISOString().slice(0, 13);
    return `${hour(from)}_${hour(to)}`;
  }
  const last = to - DAY_MS;
  if (day(from).endsWith('-01') && day(to).endsWith('-01') && day(last).slice(0, 7) === day(from).slice(0, 7))
    return day(from).slice(0, 7);
  return last <= from ? day(from) : `${day(from)}_${day(last)}`;
}

export function registerReportRoutes(
  app: FastifyInstance,
  deps: {
    store: EventStore;
    look: ReportLook;
    pdf: PdfThread;
    xlsx: WorkbookThread;
    ready: ReadyWorkbooks | null;
  },
): void {
  const db = deps.store.db;
  const clock = deps.store.clock;
  /** The server's workbooks are written on its XLSX thread (xlsx-thread.ts). */
  const makeWorkbook = deps.xlsx.stream.bind(deps.xlsx);

  app.get(
    '/api/reports/file',
    {
      onRequest: requireUser('reports.read'),
      config: { personalData: 'report_file' },
      schema: { tags: ['reports'], querystring: FileQuery },
    },
    async (request, reply) => {
      const q = request.query as Static<typeof FileQuery>;
      const { from, to } = periodOf(q, clock.tzOffsetMinutes);
      const filters = filtersOf(request, q);
      const role = request.user!.role;
      const access = { calls: may(role, 'reports.calls'), staff: may(role, 'reports.staff') };
      const makePdf = deps.pdf.make.bind(deps.pdf);
      const file = await reportFile(
        db,
        { from, to },
        filters,
        q.format,
        deps.look,
        access,
        makePdf,
        deps.ready,
        makeWorkbook,
      );
      const name = `laporan-112-${q.month ?? periodName(from, to, clock.tzOffsetMinutes)}`;
      return sendFile(reply, name, file);
    },
  );

  app.get(
    '/api/reports/kpi',
    { onRequest: requireUser('reports.read'), schema: { tags: ['reports'], querystring: KpiQuery } },
    async (request, reply) => {
      const q = request.query as Static<typeof KpiQuery>;
      const { from, to } = periodOf(q, clock.tzOffsetMinutes);
      const filters = filtersOf(request, q);
      const staff = may(request.user!.role, 'reports.staff');
      // Whoever reads the figures may ask for the PDF or the XLSX next: their threads start now and load what a PDF
      // and a workbook need.
      deps.pdf.warm(deps.look);
      deps.xlsx.warm();
      const report = await readReport(db, { from, to }, filters, staff, clock);
      const name = `pinisi-kpi-${periodName(from, to, clock.tzOffsetMinutes)}`;
      if (q.format === 'csv') return sendCsv(reply, name, reportCsv(report, filters));
      // Asked for as a file (the view's KPI (JSON) link): named by its period as the others.
      if (q.format === 'json') reply.header('content-disposition', `attachment; filename="${name}.json"`);
      const ids = (report.staff ?? []).map((s) => s.user);
      const users =
        ids.length === 0
          ? []
          : await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
      return {
        report,
        filters,
        tzOffsetMinutes: clock.tzOffsetMinutes,
        userNames: Object.fromEntries(users.map((u) => [u.id, u.display_name])),
      };
    },
  );

  app.get(
    '/api/reports/calls',
    {
      onRequest: requireUser('reports.calls'),
      config: { personalData: 'report_calls' },
      schema: { tags: ['reports'], querystring: CallsQuery },
    },
    async (request, reply) => {
      const q = request.query as Static<typeof CallsQuery>;
      const { from, to } = periodOf(q, clock.tzOffsetMinutes);
      const filter = {
        from,
        to,
        channel: q.channel,
        type: q.type,
        user: may(request.user!.role, 'reports.staff') ? q.user : undefined,
        answerAbove: q.answerAbove === undefined ? undefined : Number(q.answerAbove),
        answerAtMost: q.answerAtMost === undefined ? undefined : Number(q.answerAtMost),
        abandoned: q.abandoned === 'true',
      };
      if (q.format === 'csv' || q.format === 'xlsx') {
        const { from: _f, to: _t, ...shown } = filter;
        const list = {
          ...{ kind: 'calls' as const, sheet: 'Panggilan', from, to, filters: shown as ReportFilters },
          ...{ header: CALL_HEADER, row: callRow },
        };
        // The CSV from the lines the store keeps; the XLSX's cells from the columns.
        const body =
          q.format === 'csv'
            ? linesCsv(list, callLines(db, filter))
            : listXlsx(list, callPages(db, filter), makeWorkbook);
        return sendList(reply, q.format, list, body, clock.tzOffsetMinutes);
      }
      return listCalls(db, filter, pageOf(q));
    },
  );

  app.get(
    '/api/reports/incidents',
    {
      onRequest: requireUser('reports.read'),
      config: { personalData: 'report_incidents' },
      schema: { tags: ['reports'], querystring: IncidentsQuery },
    },
    async (request, reply) => {
      const q = request.query as Static<typeof IncidentsQuery>;
      const { from, to } = periodOf(q, clock.tzOffsetMinutes);
      const { agency, kecamatan, desa, category, priority } = filtersOf(request, q);
      const processingAbove = q.processingAbove === undefined ? undefined : Number(q.processingAbove);
      const processingAtMost = q.processingAtMost === undefined ? undefined : Number(q.processingAtMost);
      if (
        processingAbove !== undefined &&
        processingAtMost !== undefined &&
        processingAtMost <= processingAbove
      )
        throw invalid('validation', 'processingAtMost must be above processingAbove', 'processingAtMost');
      const times = { processingAbove, processingAtMost, dispatched: q.dispatched === 'true' };
      const filter = { from, to, agency, kecamatan, desa, category, priority, status: q.status, ...times };
      // Who created and closed an incident and its calls are the centre's supervision's, not a liaison's.
      const centre = may(request.user!.role, 'reports.calls');
      if (q.format === 'csv' || q.format === 'xlsx') {
        const shown = { agency, kecamatan, desa, category, priority };
        const list = {
          ...{ kind: 'incidents' as const, sheet: 'Kejadian', from, to, filters: shown },
          ...incidentExport(centre),
        };
        const pages = incidentPages(db, filter);
        return sendList(
          reply,
          q.format,
          list,
          q.format === 'csv' ? listCsv(list, pages) : listXlsx(list, pages, makeWorkbook),
          clock.tzOffsetMinutes,
        );
      }
      const page = await listIncidents(db, filter, pageOf(q));
      return centre ? page : { ...page, incidents: page.incidents.map(agencyIncident) };
    },
  );

  app.get(
    '/api/reports/audit',
    { onRequest: requireUser('reports.audit'), schema: { tags: ['reports'] } },
    async () => auditFacts(db, clock),
  );
}
