// Persistence of the reports: the hourly KPI aggregates (written with the events), their audit against the log, and
// the lists of calls and incidents behind a figure.
import { type Kysely, type Selectable, sql } from 'kysely';
import { clockSignature, DEFAULT_REPORT_CLOCK, type ReportClock } from '../domain/reports/clock.ts';
import type { ExportedCall } from '../domain/reports/export.ts';
import { type Fact, FactReplay, factKey, HOUR_MS, type Metric } from '../domain/reports/facts.ts';
import { localDay, rollUp, sliceUp } from '../domain/reports/rollup.ts';
import { matches, type Report, type ReportFilters, summarize } from '../domain/reports/summary.ts';
import { emptyState, load } from '../domain/state.ts';
import type { Call, Incident, Unit } from '../domain/types.ts';
import { openRow } from './personal-keys.ts';
import type { DatabaseSchema, KpiRow } from './schema.ts';
import { isPostgres } from './statistics.ts';

/** The columns the calls list filters on and the exports read, beside the document (with its id, status, number). */
export function callColumns(call: Call) {
  return {
    registered_at: call.registeredAt,
    channel: call.channel,
    type: call.type,
    answered_by: call.answeredBy,
    answer_ms: call.answeredAt === null ? null : call.answeredAt - call.registeredAt,
    incident_id: call.incidentId,
    classified_at: call.classifiedAt,
    ended_at: call.endedAt,
    ended_by: call.endedBy,
  };
}

/** The columns the incidents list filters on, beside the document. */
export function incidentColumns(incident: Incident) {
  return {
    created_at: incident.createdAt,
    category: incident.category,
    priority: incident.priority,
    kecamatan: incident.location.kecamatan,
    desa: incident.location.desa,
  };
}

const toRow = (f: Fact): KpiRow => ({
  hour: f.hour,
  metric: f.metric,
  key: f.key,
  channel: f.channel,
  category: f.category,
  priority: f.priority,
  kecamatan: f.kecamatan,
  desa: f.desa,
  agency: f.agency,
  user_id: f.user,
  n: f.n,
  total: f.total,
});

export const toFact = (r: KpiRow): Fact => ({
  hour: Number(r.hour),
  metric: r.metric as Metric,
  key: r.key,
  channel: r.channel,
  category: r.category,
  priority: Number(r.priority),
  kecamatan: r.kecamatan,
  desa: r.desa,
  agency: r.agency,
  user: r.user_id,
  n: Number(r.n),
  total: Number(r.total),
});

const PAGE = 500;
/**
 * The aggregate tables: per hour, per local day (with per-shift rows) for periods of whole days, and the day's
 * slices (one dimension at a time, rollup.ts `sliceUp`) for a report of whole days without filters.
 */
export type KpiTable = 'kpi_hourly' | 'kpi_daily' | 'kpi_daily_slices';

/**
 * The dimensions that make a KPI row's key, in its primary key's order (hour first: a period is a range of the key);
 * a written fact adds to the row with the same key.
 */
export const KPI_KEY_COLUMNS = [
  'hour',
  'metric',
  'key',
  'channel',
  'category',
  'priority',
  'kecamatan',
  'desa',
  'agency',
  'user_id',
] as const;

/**
 * The rows hourly facts add to each aggregate table: the hourly ones, their roll-up per local day, and that day's
 * slices (`slices` false only in the migration that made the first two tables, before the slices existed).
 */
export function kpiRows(
  facts: readonly Fact[],
  clock: ReportClock,
  slices = true,
): { table: KpiTable; rows: KpiRow[] }[] {
  if (facts.length === 0) return [];
  const daily = rollUp(facts, clock);
  return [
    { table: 'kpi_hourly', rows: facts.map(toRow) },
    { table: 'kpi_daily', rows: daily.map(toRow) },
    ...(slices ? [{ table: 'kpi_daily_slices' as const, rows: sliceUp(daily).map(toRow) }] : []),
  ];
}

/**
 * Adds hourly facts to the aggregates, hourly and daily (a delta: n and total may be negative), inside the
 * caller's transaction.
 */
export async function saveFacts(
  db: Kysely<DatabaseSchema>,
  facts: readonly Fact[],
  clock: ReportClock,
  slices = true,
): Promise<void> {
  for (const { table, rows } of kpiRows(facts, clock, slices)) await upsertRows(db, table, rows);
}

/** Adds slice rows (rollup.ts `sliceUp`) to the daily slices. */
export const saveSlices = (db: Kysely<DatabaseSchema>, slices: readonly Fact[]) =>
  upsertRows(db, 'kpi_daily_slices', slices.map(toRow));

async function upsertRows(
  db: Kysely<DatabaseSchema>,
  table: KpiTable,
  rows: readonly KpiRow[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += PAGE) {
    await (db as Kysely<{ kpi_hourly: KpiRow }>)
      .insertInto(table as 'kpi_hourly')
      .values(rows.slice(i, i + PAGE))
      .onConflict((oc) =>
        oc.columns([...KPI_KEY_COLUMNS]).doUpdateSet({
          n: sql`${sql.table(table)}.n + excluded.n`,
          total: sql`${sql.table(table)}.total + excluded.total`,
        }),
      )
      .execute();
  }
}

/** The metrics whose daily rows a report reads by their day: the calls' series and the shifts. */
const BY_DAY: readonly Metric[] = ['call', 'shift'];

/** The dimensions of an aggregate row beside its hour, metric and key, with the blank value of each. */
const DIMENSIONS = [
  ['channel', 'channel', ''],
  ['category', 'category', ''],
  ['priority', 'priority', 0],
  ['kecamatan', 'kecamatan', ''],
  ['desa', 'desa', ''],
  ['agency', 'agency', ''],
  ['user_id', 'user', ''],
] as const;

/**
 * The aggregate rows of [from, to) that pass the filters, read through the primary key's time prefix and summed in
 * the database over what the report does not tell apart (the rows it reads are fewer, the figures the same): the
 * days of a period of days, but for the metrics read by day (a month's slices: 10,600 rows become 2,200, which
 * PostgreSQL sends as text, one value at a time); with `anyAgency`, only the rows that carry an agency (every
 * agency's at once) and of those only the agency and the key, besides the filtered dimensions (a month: 14,000 rows
 * become some hundreds).
 */
async function readFacts(
  db: Kysely<DatabaseSchema>,
  source: { table: KpiTable; from: number; to: number; granularity: 'hour' | 'day' },
  filters: ReportFilters,
  anyAgency = false,
): Promise<Fact[]> {
  const { table, from, to } = source;
  let query = (db as unknown as Kysely<{ kpi_hourly: KpiRow }>)
    .selectFrom(table as 'kpi_hourly')
    .where('hour', '>=', from)
    .where('hour', '<', to);
  if (filters.agency !== undefined) query = query.where('agency', '=', filters.agency);
  else if (anyAgency) query = query.where('agency', '<>', '');
  if (filters.kecamatan !== undefined) query = query.where('kecamatan', '=', filters.kecamatan);
  if (filters.desa !== undefined) query = query.where('desa', '=', filters.desa);
  if (filters.category !== undefined) query = query.where('category', '=', filters.category);
  if (filters.priority !== undefined) query = query.where('priority', '=', filters.priority);
  if (filters.channel !== undefined) query = query.where('channel', '=', filters.channel);
  if (filters.user !== undefined) query = query.where('user_id', '=', filters.user);
  // The same text in the select list and the group by (a literal, not a parameter: PostgreSQL compares the text).
  const hour =
    source.granularity === 'day'
      ? sql<number>`case when metric in (${sql.join(BY_DAY.map((m) => sql.lit(m)))}) then hour else ${sql.lit(from)} end`
      : sql<number>`hour`;
  // A dimension left out is read blank (and not grouped by: PostgreSQL refuses a constant there); the requests keep
  // their incident's category and kecamatan (each agency's requests by kind and kecamatan), the other metrics read
  // them blank (the same text in the select list and the group by).
  const kept = (dimension: (typeof DIMENSIONS)[number][1]) =>
    !anyAgency || dimension === 'agency' || filters[dimension] !== undefined;
  const ofRequests = (dimension: (typeof DIMENSIONS)[number][1]) =>
    !kept(dimension) && (dimension === 'category' || dimension === 'kecamatan');
  const dimensions = DIMENSIONS.map(([column, dimension, blank]) =>
    kept(dimension)
      ? sql<string | number>`${sql.ref(column)}`
      : ofRequests(dimension)
        ? sql<string>`case when metric = ${sql.lit('request')} then ${sql.ref(column)} else ${sql.lit(blank)} end`
        : sql<string | number>`${sql.lit(blank)}`,
  );
  const rows = await query
    .select([
      hour.as('hour'),
      'metric',
      'key',
      ...dimensions.map((d, i) => d.as(DIMENSIONS[i]![0])),
      sql<number>`cast(sum(n) as bigint)`.as('n'),
      sql<number>`cast(sum(total) as bigint)`.as('total'),
    ])
    .groupBy([
      hour,
      'metric',
      'key',
      ...DIMENSIONS.flatMap(([, dimension], i) =>
        kept(dimension) || ofRequests(dimension) ? [dimensions[i]!] : [],
      ),
    ])
    .execute();
  return rows
    .map((r) => toFact(r as unknown as KpiRow))
    .filter((f) => matches(f, filters) && (f.n !== 0 || f.total !== 0));
}

/**
 * Where a report of the period is read from: the daily rows when it is whole local days and longer than two (the
 * daily slices when nothing is filtered), else the hourly rows of the hours it touches.
 */
function reportSource(period: { from: number; to: number }, filtered: boolean, clock: ReportClock) {
  const tz = clock.tzOffsetMinutes;
  const wholeDays = localDay(period.from, tz) === period.from && localDay(period.to, tz) === period.to;
  if (wholeDays && period.to - period.from > 2 * 24 * HOUR_MS) {
    const table: KpiTable = filtered ? 'kpi_daily' : 'kpi_daily_slices';
    return { table, ...period, granularity: 'day' as const, sliced: !filtered };
  }
  return {
    table: 'kpi_hourly' as const,
    from: Math.floor(period.from / HOUR_MS) * HOUR_MS,
    to: Math.ceil(period.to / HOUR_MS) * HOUR_MS,
    granularity: 'hour' as const,
    sliced: false,
  };
}

/** The report of a period, from the daily rows or the hourly ones (reportSource). */
export async function readReport(
  db: Kysely<DatabaseSchema>,
  period: { from: number; to: number },
  filters: ReportFilters,
  staff: boolean,
  clock: ReportClock,
): Promise<Report> {
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const { table, ...source } = reportSource(period, filtered, clock);
  const facts = await readFacts(db, { table, ...source }, filters);
  return summarize(facts, {
    ...source,
    tzOffsetMinutes: clock.tzOffsetMinutes,
    shiftStarts: clock.shiftStarts,
    staff,
  });
}

/**
 * The report of the period of each of the agencies (as readReport with that agency as the filter, without per call
 * taker figures), from one read of the rows that carry an agency instead of one read per agency.
 */
export async function readAgencyReports(
  db: Kysely<DatabaseSchema>,
  period: { from: number; to: number },
  filters: ReportFilters,
  agencies: readonly string[],
  clock: ReportClock,
): Promise<Map<string, Report>> {
  const { table, ...source } = reportSource(period, true, clock);
  const byAgency = new Map<string, Fact[]>(agencies.map((agency) => [agency, []]));
  for (const fact of await readFacts(db, { table, ...source }, filters, true))
    byAgency.get(fact.agency)?.push(fact);
  const options = { ...source, tzOffsetMinutes: clock.tzOffsetMinutes, shiftStarts: clock.shiftStarts };
  return new Map(
    [...byAgency].map(([agency, facts]) => [agency, summarize(facts, { ...options, staff: false })]),
  );
}

/** The aggregates as the log alone gives them: a replay from the seeded units through every event. */
async function replayLog(db: Kysely<DatabaseSchema>): Promise<Fact[]> {
  const state = emptyState();
  const units = await db.selectFrom('units').select('doc').execute();
  // Units are seeded outside the log: the seed is the state before the first event.
  load(state, {
    units: units.map((u) => ({
      ...(JSON.parse(u.doc) as Unit),
      status: 'available' as const,
      incidentId: null,
      assignmentId: null,
    })),
  });
  const replay = new FactReplay(state);
  let seq = 0;
  for (;;) {
    // The figures need no caller's number or location: the events are read without their keys (blanked).
    const rows = await db
      .selectFrom('event_log')
      .select(['seq', 'data'])
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) replay.push(openRow(row));
    seq = Number(rows.at(-1)!.seq);
  }
  return replay.facts();
}

/** Replaces the aggregates with those the log gives (the migration fills them once this way). */
export async function rebuildFacts(
  db: Kysely<DatabaseSchema>,
  clock: ReportClock,
  slices = true,
): Promise<number> {
  const facts = await replayLog(db);
  await db.deleteFrom('kpi_hourly').execute();
  await db.deleteFrom('kpi_daily').execute();
  if (slices) await db.deleteFrom('kpi_daily_slices').execute();
  await saveFacts(db, facts, clock, slices);
  return facts.length;
}

/** The `meta` row naming the clock the daily rows were cut with. */
export const REPORT_CLOCK_KEY = 'report_clock';

/**
 * Makes the daily aggregates follow the configured clock: when the time zone or the shift hours differ from those
 * the daily rows were cut with (kept in `meta`; none recorded means the defaults, the only clock there was), the
 * daily rows and slices are made again from the hourly ones, which do not depend on it. Says whether it rebuilt.
 */
export async function adoptReportClock(db: Kysely<DatabaseSchema>, clock: ReportClock): Promise<boolean> {
  const wanted = clockSignature(clock);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('meta')
      .select('value')
      .where('key', '=', REPORT_CLOCK_KEY)
      .executeTakeFirst();
    if ((row?.value ?? clockSignature(DEFAULT_REPORT_CLOCK)) === wanted) return false;
    const hourly = (
      await (trx as unknown as Kysely<{ kpi_hourly: KpiRow }>).selectFrom('kpi_hourly').selectAll().execute()
    ).map(toFact);
    await trx.deleteFrom('kpi_daily').execute();
    await trx.deleteFrom('kpi_daily_slices').execute();
    const daily = rollUp(hourly, clock);
    await upsertRows(trx, 'kpi_daily', daily.map(toRow));
    await upsertRows(trx, 'kpi_daily_slices', sliceUp(daily).map(toRow));
    await trx
      .insertInto('meta')
      .values({ key: REPORT_CLOCK_KEY, value: wanted })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: wanted }))
      .execute();
    return true;
  });
}

export type FactAudit =
  | { ok: true; rows: number }
  | {
      ok: false;
      rows: number;
      differences: { table: KpiTable; key: string; stored: Fact | null; log: Fact | null }[];
    };

/**
 * Compares the stored aggregates, hourly and daily, with a replay of the log, in one consistent read; names the
 * first differences.
 */
export async function auditFacts(
  db: Kysely<DatabaseSchema>,
  clock: ReportClock,
  limit = 10,
): Promise<FactAudit> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const hourly = await replayLog(trx);
      const differences: { table: KpiTable; key: string; stored: Fact | null; log: Fact | null }[] = [];
      let rows = 0;
      const daily = rollUp(hourly, clock);
      for (const [table, facts] of [
        ['kpi_hourly', hourly],
        ['kpi_daily', daily],
        ['kpi_daily_slices', sliceUp(daily)],
      ] as const) {
        const expected = new Map(facts.map((f) => [factKey(f), f]));
        const stored = (
          await (trx as unknown as Kysely<{ kpi_hourly: KpiRow }>)
            .selectFrom(table as 'kpi_hourly')
            .selectAll()
            .execute()
        )
          .map(toFact)
          .filter((f) => f.n !== 0 || f.total !== 0);
        rows += stored.length;
        for (const fact of stored) {
          const key = factKey(fact);
          const log = expected.get(key) ?? null;
          expected.delete(key);
          if (!log || log.n !== fact.n || log.total !== fact.total)
            differences.push({ table, key, stored: fact, log });
        }
        for (const [key, log] of expected) differences.push({ table, key, stored: null, log });
      }
      if (differences.length === 0) return { ok: true as const, rows };
      return { ok: false as const, rows, differences: differences.slice(0, limit) };
    });
}

/** What a list of calls behind a figure is filtered on. */
export interface CallListFilter {
  from: number;
  to: number;
  channel?: string;
  /** A call type, or `unclassified`. */
  type?: string;
  user?: string;
  /** Answer time in (answerAbove, answerAtMost] ms; `abandoned` for calls that ended unanswered. */
  answerAbove?: number;
  answerAtMost?: number;
  abandoned?: boolean;
}

/** The calls registered in the period that pass the filter (a query to select from). */
function callsWhere(db: Kysely<DatabaseSchema>, filter: CallListFilter) {
  let query = db
    .selectFrom('calls')
    .where('registered_at', '>=', filter.from)
    .where('registered_at', '<', filter.to);
  if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
  if (filter.type === 'unclassified') query = query.where('type', 'is', null);
  else if (filter.type !== undefined) query = query.where('type', '=', filter.type);
  if (filter.user !== undefined) query = query.where('answered_by', '=', filter.user);
  if (filter.answerAbove !== undefined) query = query.where('answer_ms', '>', filter.answerAbove);
  if (filter.answerAtMost !== undefined) query = query.where('answer_ms', '<=', filter.answerAtMost);
  if (filter.abandoned) {
    // Read from the unanswered calls' index (calls_unanswered): on SQLite the status is written `+status`, which
    // keeps the planner off the status index (every ended call, nearly the whole table).
    const ended = isPostgres(db as unknown as Kysely<unknown>)
      ? sql<boolean>`status = 'ended'`
      : sql<boolean>`+status = 'ended'`;
    query = query.where('answer_ms', 'is', null).where(ended);
  }
  return query;
}

/** Where a page of a list starts: after the item at this time with this id (keyset), or `offset` items in. */
export interface ListPage {
  limit: number;
  offset?: number;
  after?: ListCursor;
}

/** A list's item by its time (registration or creation, epoch ms) and id: the lists' order. */
export interface ListCursor {
  at: number;
  id: string;
}

/** The cursor written in a query (`at:id`), or null when it is not one. */
export function readCursor(text: string): ListCursor | null {
  const match = /^([0-9]{1,15}):(.+)$/.exec(text);
  return match ? { at: Number(match[1]), id: match[2]! } : null;
}

const writeCursor = (at: number, id: string) => `${at}:${id}`;

/**
 * The calls registered in the period that pass the filter, oldest first: the total and one page, and the cursor of
 * the next page (null on the last).
 */
export async function listCalls(
  db: Kysely<DatabaseSchema>,
  filter: CallListFilter,
  page: ListPage,
): Promise<{ total: number; calls: Call[]; next: string | null }> {
  const [count, rows] = await Promise.all([
    callsWhere(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    callPage(db, filter, page).select(['doc', 'registered_at', 'id']).execute(),
  ]);
  const last = rows.length === page.limit ? rows.at(-1) : undefined;
  return {
    total: Number(count.n),
    calls: rows.map((r) => JSON.parse(r.doc) as Call),
    next: last ? writeCursor(Number(last.registered_at), last.id) : null,
  };
}

/**
 * The rows after a cursor in (time, id) order. Its lower bound on the time is the list's own `from`, moved to the
 * cursor by the page (see callPage): this only orders the rows of the cursor's instant by id.
 */
const pastCursor = (column: 'registered_at' | 'created_at', after: ListCursor) =>
  sql<boolean>`(${sql.ref(column)} > ${after.at} or (${sql.ref(column)} = ${after.at} and ${sql.ref('id')} > ${after.id}))`;

/** One page of the calls list (the query to select its columns from), oldest first. */
function callPage(db: Kysely<DatabaseSchema>, filter: CallListFilter, page: ListPage) {
  const after = page.after;
  // The range starts at the cursor: one lower bound, the later of the period's start and the cursor's time. With a
  // second `>=` beside the period's, SQLite ranges the index from the first (the period's start), so each page read
  // the period from its start (a month's export read ~3.5 million index entries for its 83,000 calls).
  let query = callsWhere(db, after ? { ...filter, from: Math.max(filter.from, after.at) } : filter)
    .orderBy('registered_at')
    .orderBy('id')
    .limit(page.limit);
  if (after) query = query.where(pastCursor('registered_at', after));
  else if (page.offset) query = query.offset(page.offset);
  return query;
}

/** What a list of incidents behind a figure is filtered on. */
export interface IncidentListFilter {
  from: number;
  to: number;
  category?: string;
  priority?: number;
  kecamatan?: string;
  desa?: string;
  /** Incidents this agency was requested on. */
  agency?: string;
  /** `open` (new, waiting, dispatched), `closed` or `cancelled`. */
  status?: 'open' | 'closed' | 'cancelled';
  /**
   * Call-taker processing time in (processingAbove, processingAtMost] ms: forwarded − the first answer of its calls
   * (facts.ts `processing`); either bound makes the list the incidents that have one.
   */
  processingAbove?: number;
  processingAtMost?: number;
  /** The incidents with a time to dispatch (forwarded and an agency requested: facts.ts `dispatch`). */
  dispatched?: boolean;
}

/** A number field of the incident's document, on either database. */
const docNumber = (postgres: boolean, field: 'forwardedAt' | 'dispatchedAt') =>
  postgres
    ? sql<number | null>`(${sql.ref('incidents.doc')}::jsonb ->> ${sql.lit(field)})::bigint`
    : sql<number | null>`json_extract(${sql.ref('incidents.doc')}, ${sql.lit(`$.${field}`)})`;

/**
 * An incident's processing time (facts.ts `incidentFacts`): forwarded − the first answer of the calls it lists, each
 * call found by its id (primary key), so only the period's incidents are read; null without either.
 */
function processingMs(postgres: boolean) {
  const answers = postgres
    ? sql`jsonb_array_elements_text(${sql.ref('incidents.doc')}::jsonb -> 'callIds') as j(id)`
    : sql`json_each(${sql.ref('incidents.doc')}, '$.callIds') as j`;
  const callId = postgres ? sql.ref('j.id') : sql.ref('j.value');
  return sql<
    number | null
  >`(${docNumber(postgres, 'forwardedAt')} - (select min(c.registered_at + c.answer_ms)
    from ${answers} join calls as c on c.id = ${callId} where c.answer_ms is not null))`;
}

/** The incidents created in the period that pass the filter (a query to select from). */
function incidentsWhere(db: Kysely<DatabaseSchema>, filter: IncidentListFilter) {
  let query = db
    .selectFrom('incidents')
    .where('created_at', '>=', filter.from)
    .where('created_at', '<', filter.to);
  if (filter.category !== undefined) query = query.where('category', '=', filter.category);
  if (filter.priority !== undefined) query = query.where('priority', '=', filter.priority);
  if (filter.kecamatan !== undefined) query = query.where('kecamatan', '=', filter.kecamatan);
  if (filter.desa !== undefined) query = query.where('desa', '=', filter.desa);
  if (filter.status === 'open')
    query = query.where('status', 'in', ['new', 'waiting_dispatch', 'dispatched']);
  else if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const postgres = isPostgres(db as unknown as Kysely<unknown>);
  // Computed per incident of the period (read in order from incidents_list): the times are not columns.
  if (filter.processingAbove !== undefined || filter.processingAtMost !== undefined) {
    const processing = processingMs(postgres);
    if (filter.processingAbove !== undefined)
      query = query.where(sql<boolean>`${processing} > ${filter.processingAbove}`);
    if (filter.processingAtMost !== undefined)
      query = query.where(sql<boolean>`${processing} <= ${filter.processingAtMost}`);
  }
  if (filter.dispatched)
    query = query.where(
      sql<boolean>`${docNumber(postgres, 'forwardedAt')} is not null and ${docNumber(postgres, 'dispatchedAt')} is not null`,
    );
  const agency = filter.agency;
  // Probed per incident of the period (assignments_agency_incident), in the list's order: `id in (the agency's
  // assignments)` read every assignment of the agency, of every year, and looked each incident up by its id (SQLite:
  // 11,000 lookups and a sort for a first page of a month).
  if (agency !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('assignments')
          .select(sql.lit(1).as('one'))
          .whereRef('assignments.incident_id', '=', 'incidents.id')
          .where('assignments.agency_id', '=', agency),
      ),
    );
  }
  return query;
}

/**
 * The incidents created in the period that pass the filter, oldest first: the total and one page, and the cursor of
 * the next page (null on the last).
 */
export async function listIncidents(
  db: Kysely<DatabaseSchema>,
  filter: IncidentListFilter,
  page: ListPage,
): Promise<{ total: number; incidents: Incident[]; next: string | null }> {
  const [count, rows] = await Promise.all([
    incidentsWhere(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    incidentPage(db, filter, page).execute(),
  ]);
  const last = rows.length === page.limit ? rows.at(-1) : undefined;
  return {
    total: Number(count.n),
    incidents: rows.map((r) => JSON.parse(r.doc) as Incident),
    next: last ? writeCursor(Number(last.created_at), last.id) : null,
  };
}

/** One page of the incidents list (its documents and keys), oldest first. */
function incidentPage(db: Kysely<DatabaseSchema>, filter: IncidentListFilter, page: ListPage) {
  const after = page.after;
  // As the calls' page: one lower bound, so the index range starts at the cursor.
  let query = incidentsWhere(db, after ? { ...filter, from: Math.max(filter.from, after.at) } : filter)
    .select(['doc', 'created_at', 'id'])
    .orderBy('created_at')
    .orderBy('id')
    .limit(page.limit);
  if (after) query = query.where(pastCursor('created_at', after));
  else if (page.offset) query = query.offset(page.offset);
  return query;
}

/** Rows read a page at a time for the streamed exports: enough to keep the database busy, few in memory. */
const EXPORT_PAGE = 1000;

/** The calls' columns an export reads (report-migration.ts `reportListOrderMigration`): every exported field. */
export const EXPORT_COLUMNS = [
  'id',
  'channel',
  'number',
  'status',
  'type',
  'incident_id',
  'registered_at',
  'answer_ms',
  'answered_by',
  'classified_at',
  'ended_at',
  'ended_by',
] as const;

/** PostgreSQL answers a bigint column as text. */
const time = (value: number | string | null) => (value === null ? null : Number(value));

/** A call's exported fields from its row's columns (EXPORT_COLUMNS). */
export function exportedCall(r: Pick<Selectable<DatabaseSchema['calls']>, (typeof EXPORT_COLUMNS)[number]>) {
  const registeredAt = Number(r.registered_at);
  return {
    id: r.id,
    channel: r.channel as ExportedCall['channel'],
    number: r.number,
    status: r.status as ExportedCall['status'],
    type: r.type as ExportedCall['type'],
    incidentId: r.incident_id,
    registeredAt,
    answeredAt: r.answer_ms === null ? null : registeredAt + Number(r.answer_ms),
    answeredBy: r.answered_by,
    classifiedAt: time(r.classified_at),
    endedAt: time(r.ended_at),
    endedBy: r.ended_by,
  } satisfies ExportedCall;
}

/**
 * A list read to its end a page at a time, keyset past the last row of the page before (on its time and id), so a
 * page costs the same at the end of a year as at its start; empty pages are not given.
 */
async function* keysetPages<
  C extends 'registered_at' | 'created_at',
  R extends { id: string } & Record<C, unknown>,
>(size: number, column: C, read: (after: ListCursor | undefined) => Promise<R[]>): AsyncGenerator<R[]> {
  let after: ListCursor | undefined;
  for (;;) {
    const rows = await read(after);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const end = rows.at(-1)!;
    after = { at: Number(end[column]), id: end.id };
  }
}

/**
 * Every call of the list with its exported fields, oldest first, a page at a time (keyset on registered_at and id,
 * so a page costs the same at the end of a year as at its start), read from the columns: no document is parsed. An
 * export streams them without holding the month in memory.
 */
export async function* callPages(
  db: Kysely<DatabaseSchema>,
  filter: CallListFilter,
  size = EXPORT_PAGE,
): AsyncGenerator<ExportedCall[]> {
  for await (const rows of keysetPages(size, 'registered_at', (after) =>
    callPage(db, filter, { limit: size, after }).select(EXPORT_COLUMNS).execute(),
  ))
    yield rows.map(exportedCall);
}

/**
 * Every call of the list as its CSV line (export.ts `callLine`, kept in the column `csv_line` with the state row),
 * oldest first, a page at a time as one text (keyset on registered_at and id, through the list's index): a page reads
 * 1,000 texts, where building the lines from the columns read twelve values and made a row of cells per call.
 * PostgreSQL joins a page's lines itself and answers one row (callLinesJoined).
 */
export async function* callLines(
  db: Kysely<DatabaseSchema>,
  filter: CallListFilter,
  size?: number,
): AsyncGenerator<string> {
  if (isPostgres(db as unknown as Kysely<unknown>)) {
    yield* callLinesJoined(db, filter, size ?? JOINED_PAGE);
    return;
  }
  const pageSize = size ?? EXPORT_PAGE;
  for await (const rows of keysetPages(pageSize, 'registered_at', (after) =>
    callPage(db, filter, { limit: pageSize, after }).select(['csv_line', 'registered_at', 'id']).execute(),
  )) {
    let lines = '';
    for (const row of rows) lines += row.csv_line;
    yield lines;
  }
}

/** Calls whose lines PostgreSQL joins into one answer: a text of ~800 KB. */
const JOINED_PAGE = 5000;

/**
 * callLines on PostgreSQL: each page's lines joined in the database (`string_agg` in the page's order) with the
 * page's size and last row for the next page's cursor, so the driver parses one row a page, not one per call. A
 * month of 83,000 calls on the generated year: the server's CPU ~330 → ~85 ms, the read ~590 → ~420 ms.
 */
async function* callLinesJoined(
  db: Kysely<DatabaseSchema>,
  filter: CallListFilter,
  size: number,
): AsyncGenerator<string> {
  let after: ListCursor | undefined;
  for (;;) {
    const page = callPage(db, filter, { limit: size, after })
      .select(['csv_line', 'registered_at', 'id'])
      .as('page');
    const joined = await db
      .selectFrom(page)
      .select([
        sql<string | null>`string_agg(page.csv_line, '' order by page.registered_at, page.id)`.as('lines'),
        sql<string>`count(*)`.as('n'),
        sql<
          string | null
        >`(array_agg(page.registered_at order by page.registered_at desc, page.id desc))[1]`.as('last_at'),
        sql<string | null>`(array_agg(page.id order by page.registered_at desc, page.id desc))[1]`.as(
          'last_id',
        ),
      ])
      .executeTakeFirstOrThrow();
    if (joined.lines) yield joined.lines;
    if (Number(joined.n) < size || joined.last_at === null || joined.last_id === null) return;
    after = { at: Number(joined.last_at), id: joined.last_id };
  }
}

/** Every incident of the list, oldest first, a page at a time (keyset on created_at and id). */
export async function* incidentPages(
  db: Kysely<DatabaseSchema>,
  filter: IncidentListFilter,
  size = EXPORT_PAGE,
): AsyncGenerator<Incident[]> {
  for await (const rows of keysetPages(size, 'created_at', (after) =>
    incidentPage(db, filter, { limit: size, after }).execute(),
  ))
    yield rows.map((r) => JSON.parse(r.doc) as Incident);
}

/**
 * What a list's rows are as of now, in a few bytes: how many, and the latest seq that wrote one. A state row is
 * written with the seq of the event that changed it, always later than every row's before, and rows are never
 * deleted: any change to the list's rows (a late event, an erasure) changes its stamp.
 */
const stampText = (row: { n: number | string; seq: number | string | null }) =>
  `${Number(row.n)}:${row.seq === null ? '' : Number(row.seq)}`;

/**
 * The stamp of the calls of a list: without a filter (a month's ready or kept workbook) read from the index of the
 * time and the seq alone (calls_stamp), the table never read.
 */
export async function callsStamp(db: Kysely<DatabaseSchema>, filter: CallListFilter): Promise<string> {
  const row = await callsWhere(db, filter)
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('seq').as('seq')])
    .executeTakeFirstOrThrow();
  return stampText(row);
}

/** The stamp of the incidents of a list: without a filter read from the index of the time and the seq (incidents_stamp). */
export async function incidentsStamp(
  db: Kysely<DatabaseSchema>,
  filter: IncidentListFilter,
): Promise<string> {
  const row = await incidentsWhere(db, filter)
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('seq').as('seq')])
    .executeTakeFirstOrThrow();
  return stampText(row);
}
