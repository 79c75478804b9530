// Reports view (supervisor, admin; an agency liaison sees its own agency's figures only): a period and filters, the KPI
// tiles and charts of /api/reports/kpi, and the list of calls or incidents behind any figure.
import { useContext, useEffect, useRef, useState } from 'react';
import { DEFAULT_REPORT_CLOCK } from '../../../../src/domain/reports/clock.ts';
import type { Report, ReportFilters } from '../../../../src/domain/reports/summary.ts';
import { CALL_CHANNELS, type Call, type Incident, PRIORITIES } from '../../../../src/domain/types.ts';
import { ApiError, getJson } from '../../api.ts';
import { formatCount, formatDateTime, formatDuration, formatShare } from '../../format.ts';
import { hasMessage, type MessageKey, useI18n } from '../../i18n.ts';
import { useLive } from '../../live.ts';
import { MapConfigContext } from '../../map-config.ts';
import { useSession } from '../../session.ts';
import {
  dateInput,
  fromDateInput,
  type Period,
  periodLabel,
  periodOf,
  pointLabel,
  shiftPeriod,
} from './periods.ts';
import { type ChartNames, ReportCharts, type ReportParts } from './ReportCharts.tsx';
import { useWords, type Words } from './words.ts';
import './reports.css';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The longest range the server reports on (src/server/routes/reports.ts). */
const MAX_RANGE_DAYS = 400;
/** WITA, the centre's time: periods start at local midnight, shifts at 07:00 and 19:00. */
interface KpiAnswer {
  report: Report;
  filters: ReportFilters;
  userNames: Record<string, string>;
}

interface Drill {
  kind: 'calls' | 'incidents';
  title: string;
  /** Query parameters beyond the period and the filters. */
  params: Record<string, string>;
  /** A narrower period than the report's (one bar of a series). */
  period?: { from: number; to: number };
}

const query = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

/** The filters a list of this kind accepts. */
function listFilters(kind: Drill['kind'], filters: ReportFilters): Record<string, string | undefined> {
  if (kind === 'calls') return { channel: filters.channel, user: filters.user };
  const { agency, kecamatan, category, priority } = filters;
  return { agency, kecamatan, category, priority: priority === undefined ? undefined : String(priority) };
}

/** The centre's clock as the server gives it (`/api/config`). */
const useReportClock = () => useContext(MapConfigContext).reportClock ?? DEFAULT_REPORT_CLOCK;

export function ReportsView() {
  const { t, lang } = useI18n();
  const w = useWords();
  const { state } = useLive();
  const session = useSession();
  const clock = useReportClock();
  const ref = state.ref;
  const [period, setPeriod] = useState<Period>(() => periodOf('today', Date.now(), clock));
  const [custom, setCustom] = useState(() => ({
    from: dateInput(Date.now() - 6 * DAY, clock),
    to: dateInput(Date.now(), clock),
  }));
  /** Why the date range was not applied (an end before the start, an empty field, over 400 days). */
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [filters, setFilters] = useState<ReportFilters>({});
  const [answer, setAnswer] = useState<KpiAnswer | null>(null);
  /** The call takers met in the reports read so far: the choices of the supervisor's call taker filter. */
  const [staffNames, setStaffNames] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  /** The tile, chart or button that opened the list: focus goes back to it when the list is hidden. */
  const opener = useRef<HTMLElement | null>(null);
  const openDrill = (next: Drill) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDrill(next);
  };
  const closeDrill = () => {
    setDrill(null);
    opener.current?.focus();
  };

  const filterQuery = query({ ...filters, priority: filters.priority });
  const periodQuery = `from=${period.from}&to=${period.to}`;
  useEffect(() => {
    let live = true;
    setFailure(null);
    // The list open belongs to a figure of the report before: under other filters its title and rows disagree.
    setDrill(null);
    getJson<KpiAnswer>(`/api/reports/kpi?${periodQuery}${filterQuery ? `&${filterQuery}` : ''}`).then(
      (a) => {
        if (!live) return;
        setAnswer(a);
        setStaffNames((names) => ({ ...names, ...a.userNames }));
      },
      (error: unknown) => live && setFailure(error instanceof ApiError ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [periodQuery, filterQuery]);

  const setFilter = (key: keyof ReportFilters, value: string) =>
    setFilters((f) => {
      const next = { ...f };
      if (value === '') delete next[key];
      else (next as Record<string, string | number>)[key] = key === 'priority' ? Number(value) : value;
      return next;
    });
  /** A liaison's figures are its own agency's (the server pins the filter): no calls, no other agency. */
  const liaison = session.user.role === 'agency';
  const seeCalls = !liaison;
  const incidentFilter =
    filters.kecamatan !== undefined || filters.category !== undefined || filters.priority !== undefined;
  const parts: ReportParts = {
    calls: !liaison && filters.agency === undefined && !incidentFilter,
    incidents: !liaison && filters.agency === undefined && filters.channel === undefined,
    agencies: filters.channel === undefined && filters.user === undefined,
  };
  /** Per call taker figures are the supervisor's (the server gives them to no one else). */
  const supervise = session.user.role === 'supervisor';
  const exportUrl = (path: string, format: string) =>
    `/api/reports/${path}?${periodQuery}&${query({ ...(path === 'kpi' || path === 'file' ? filters : listFilters(path === 'calls' ? 'calls' : 'incidents', filters)), format })}`;

  const name = {
    agency: (id: string) => ref.agencies.get(id)?.code ?? id,
    kecamatan: (code: string) => ref.kecamatan.get(code)?.name ?? code,
    desa: (code: string) => ref.desa.get(code)?.name ?? code,
    category: (code: string) => {
      const c = ref.categories.get(code);
      return c ? (lang === 'en' ? c.nameEn : c.nameId) : code;
    },
    callType: (type: string) => {
      const key = `calltype.${type}`;
      return hasMessage(key) ? t(key) : w('unclassified');
    },
  };

  return (
    <main className="reports" aria-labelledby="reports-title">
      <section className="panel reports-controls">
        <h1 id="reports-title">{w('title')}</h1>
        <fieldset className="period">
          <legend>{w('period')}</legend>
          {(['today', 'shift', 'week', 'month'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              aria-pressed={period.kind === kind}
              onClick={() => {
                const next = periodOf(kind, Date.now(), clock);
                setRangeError(null);
                setPeriod(next);
                // The date fields show the days of the period chosen, not a range from before that disagrees.
                setCustom({ from: dateInput(next.from, clock), to: dateInput(next.to - 1, clock) });
              }}
            >
              {w(`period.${kind}`)}
            </button>
          ))}
          <form
            className="custom-period"
            onSubmit={(event) => {
              event.preventDefault();
              const from = fromDateInput(custom.from, clock);
              const to = fromDateInput(custom.to, clock) + DAY;
              const error =
                !custom.from || !custom.to || Number.isNaN(from) || Number.isNaN(to)
                  ? w('range.empty')
                  : to <= from
                    ? w('range.reversed')
                    : to - from > MAX_RANGE_DAYS * DAY
                      ? w('range.long', { n: MAX_RANGE_DAYS })
                      : null;
              setRangeError(error);
              if (error === null) setPeriod({ kind: 'custom', from, to });
            }}
          >
            <label>
              {w('period.from')}
              <input
                type="date"
                value={custom.from}
                aria-invalid={rangeError !== null}
                aria-describedby={rangeError ? 'range-error' : undefined}
                onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))}
              />
            </label>
            <label>
              {w('period.to')}
              <input
                type="date"
                value={custom.to}
                aria-invalid={rangeError !== null}
                aria-describedby={rangeError ? 'range-error' : undefined}
                onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))}
              />
            </label>
            <button type="submit" aria-pressed={period.kind === 'custom'}>
              {w('period.apply')}
            </button>
          </form>
          <span className="muted" data-testid="period">
            {periodLabel(period, clock, lang)}
          </span>
          {rangeError && (
            <p className="form-error" role="alert" id="range-error" data-testid="range-error">
              {rangeError}
            </p>
          )}
        </fieldset>
        <fieldset className="filters">
          <legend>{w('filters')}</legend>
          {!liaison && (
            <FilterSelect
              label={w('agency')}
              value={filters.agency}
              all={w('all')}
              options={[...ref.agencies.values()].map((a) => [a.id, a.code])}
              onChange={(v) => setFilter('agency', v)}
            />
          )}
          <FilterSelect
            label={w('kecamatan')}
            value={filters.kecamatan}
            all={w('all')}
            options={[...ref.kecamatan.values()].map((k) => [k.code, k.name])}
            onChange={(v) => setFilter('kecamatan', v)}
          />
          <FilterSelect
            label={w('category')}
            value={filters.category}
            all={w('all')}
            options={[...ref.categories.values()].map((c) => [c.code, lang === 'en' ? c.nameEn : c.nameId])}
            onChange={(v) => setFilter('category', v)}
          />
          <FilterSelect
            label={w('priority')}
            value={filters.priority === undefined ? undefined : String(filters.priority)}
            all={w('all')}
            options={PRIORITIES.map((p) => [String(p), `P${p}`])}
            onChange={(v) => setFilter('priority', v)}
          />
          {supervise && (
            <FilterSelect
              label={w('staff.user')}
              value={filters.user}
              all={w('all')}
              options={Object.entries(staffNames).sort(([, a], [, b]) => a.localeCompare(b))}
              onChange={(v) => setFilter('user', v)}
            />
          )}
          {seeCalls && (
            <FilterSelect
              label={w('channel')}
              value={filters.channel}
              all={w('all')}
              options={CALL_CHANNELS.map((c) => [c, t(`channel.${c}`)])}
              onChange={(v) => setFilter('channel', v)}
            />
          )}
        </fieldset>
        <nav className="exports" aria-label={w('export')}>
          <a href={exportUrl('file', 'pdf')} download data-testid="export-pdf">
            {w('export.pdf')}
          </a>
          <a href={exportUrl('file', 'xlsx')} download data-testid="export-xlsx">
            {w('export.xlsx')}
          </a>
          <a href={exportUrl('kpi', 'csv')} download>
            {w('export.kpi')}
          </a>
          <a href={exportUrl('kpi', 'json')} download>
            {w('export.json')}
          </a>
          {seeCalls && (
            <a href={exportUrl('calls', 'csv')} download>
              {w('export.calls')}
            </a>
          )}
          {filters.user === undefined && (
            <a href={exportUrl('incidents', 'csv')} download>
              {w('export.incidents')}
            </a>
          )}
        </nav>
        {liaison ? (
          <p className="muted">{w('liaisonOnly', { agency: name.agency(session.user.agencyId ?? '') })}</p>
        ) : (
          <>
            {!parts.calls && <p className="muted">{w('hidden.calls')}</p>}
            {!parts.incidents && <p className="muted">{w('hidden.incidents')}</p>}
            {!parts.agencies && <p className="muted">{w('hidden.agencies')}</p>}
          </>
        )}
        {filters.user !== undefined && <p className="muted">{w('userOnly')}</p>}
      </section>
      {failure && (
        <p className="form-error" role="alert">
          {w('error')}: {failure}
        </p>
      )}
      {!answer ? (
        <p className="loading">{w('loading')}</p>
      ) : (
        <ReportBody
          answer={answer}
          w={w}
          name={name}
          liaison={liaison}
          parts={parts}
          byUser={filters.user !== undefined}
          onDrill={openDrill}
          formatShare={(s) => (s === null ? '–' : formatShare(s, lang))}
          formatTime={(ms) => formatDateTime(ms, lang)}
        />
      )}
      {drill && !(drill.kind === 'incidents' && filters.user !== undefined) && (
        <DrillList
          drill={drill}
          period={drill.period ?? period}
          filters={listFilters(drill.kind, filters)}
          w={w}
          callType={name.callType}
          category={name.category}
          onClose={closeDrill}
        />
      )}
    </main>
  );
}

function FilterSelect({
  label,
  value,
  all,
  options,
  onChange,
}: {
  label: string;
  value: string | undefined;
  all: string;
  options: [string, string][];
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

function ReportBody({
  answer,
  w,
  name,
  liaison,
  parts,
  byUser,
  onDrill,
  formatShare,
  formatTime,
}: {
  answer: KpiAnswer;
  w: Words;
  name: ChartNames;
  /** An agency liaison: no calls. */
  liaison: boolean;
  /** The figures the filters leave meaningful (a liaison's: its agency's requests, times and declines). */
  parts: ReportParts;
  /** One call taker's figures: the incidents lists cannot be narrowed to a call taker, so none is offered. */
  byUser: boolean;
  onDrill: (drill: Drill) => void;
  formatShare: (share: number | null) => string;
  formatTime: (ms: number) => string;
}) {
  const { lang } = useI18n();
  const clock = useReportClock();
  const { report } = answer;
  const calls = (title: string, params: Record<string, string>, period?: Drill['period']) =>
    liaison ? undefined : () => onDrill({ kind: 'calls', title, params, period });
  const incidents = (title: string, params: Record<string, string>, period?: Drill['period']) =>
    byUser ? undefined : () => onDrill({ kind: 'incidents', title, params, period });
  /** A table row opens its list by a click anywhere on it, with the focus on its button (the keyboard's way in). */
  const rowOpen = (open: (() => void) | undefined) =>
    open &&
    ((event: { currentTarget: HTMLElement }) => {
      event.currentTarget.querySelector<HTMLButtonElement>('button')?.focus();
      open();
    });
  const mean = (ms: number | null) => (ms === null ? '–' : formatDuration(ms));
  const count = (n: number) => formatCount(n, lang);

  const requested = report.agencies.reduce((sum, a) => sum + a.requested, 0);
  const declined = report.agencies.reduce((sum, a) => sum + a.declined, 0);
  const tiles = (
    <section className="report-tiles" aria-label="KPI">
      {parts.calls && (
        <>
          <Tile
            label={w('calls')}
            value={count(report.calls.total)}
            testId="kpi-calls"
            open={calls(w('calls'), {})}
          />
          <Tile
            label={w('answered15')}
            value={formatShare(report.answer.share15)}
            note={w('target', { n: '90 %' })}
            alert={report.answer.share15 !== null && report.answer.share15 < 0.9}
            testId="kpi-answer15"
            open={calls(w('answered15'), { answerAtMost: '15000' })}
          />
          <Tile
            label={w('answered20')}
            value={formatShare(report.answer.share20)}
            note={w('target', { n: '95 %' })}
            alert={report.answer.share20 !== null && report.answer.share20 < 0.95}
            open={calls(w('answered20'), { answerAtMost: '20000' })}
          />
          <Tile
            label={w('abandoned')}
            value={count(report.calls.abandoned)}
            note={`${w('callbacks')}: ${count(report.calls.callbacks)}`}
            testId="kpi-abandoned"
            open={calls(w('abandoned'), { abandoned: 'true' })}
          />
        </>
      )}
      {parts.incidents && (
        <>
          <Tile
            label={w('processing60')}
            value={formatShare(report.processing.share60)}
            note={`${w('target', { n: '90 %' })} · ${w('mean', { v: mean(report.processing.meanMs) })}`}
            alert={report.processing.share60 !== null && report.processing.share60 < 0.9}
            open={incidents(w('processing60'), { processingAtMost: '60000' })}
          />
          <Tile
            label={w('incidents')}
            value={count(report.incidents.total)}
            note={w('casualties', {
              dead: count(report.incidents.dead),
              injured: count(report.incidents.injured),
            })}
            testId="kpi-incidents"
            open={incidents(w('incidents'), {})}
          />
          <Tile
            label={w('dispatch')}
            value={mean(report.dispatch.meanMs)}
            note={`n = ${count(report.dispatch.n)}`}
            open={incidents(w('dispatch'), { dispatched: 'true' })}
          />
        </>
      )}
      {!parts.incidents && parts.agencies && (
        <Tile
          label={w('requests')}
          value={count(requested)}
          note={`${w('declined')}: ${count(declined)} · ${w('casualties', {
            dead: count(report.agencies.reduce((sum, a) => sum + a.dead, 0)),
            injured: count(report.agencies.reduce((sum, a) => sum + a.injured, 0)),
          })}`}
          testId="kpi-requests"
          open={incidents(w('requests'), {})}
        />
      )}
    </section>
  );
  // A period without a call, an incident or a request: a word why, not empty charts.
  const empty =
    (!parts.calls || report.calls.total === 0) &&
    (!parts.incidents || report.incidents.total === 0) &&
    (!parts.agencies || requested === 0);
  if (empty)
    return (
      <>
        {tiles}
        <p className="panel muted" role="status" data-testid="no-data">
          {w('noData')}
        </p>
      </>
    );
  return (
    <>
      {tiles}
      <ReportCharts
        report={report}
        lang={lang}
        parts={parts}
        w={w}
        name={name}
        drill={{ calls, incidents }}
        at={(at, step) => pointLabel(at, step, clock)}
      />
      <section className="panel report-tables">
        {parts.agencies && (
          <>
            <h2 data-testid="agencies-title">{w('agencies.table')}</h2>
            <table>
              <thead>
                <tr>
                  <th>{w('agency')}</th>
                  <th>{w('requested')}</th>
                  <th>{w('declined')}</th>
                  <th>{w('escalations')}</th>
                  <th>{w('ack')} (p50 / p90)</th>
                  <th>{w('enRoute')}</th>
                  <th>{w('onScene')}</th>
                  <th>{w('done')}</th>
                </tr>
              </thead>
              <tbody>
                {report.agencies.map((a) => (
                  <tr
                    key={a.agency}
                    className={byUser ? undefined : 'drill-row'}
                    title={byUser ? undefined : w('agency.open')}
                    data-testid={`agency-row-${a.agency}`}
                    onClick={rowOpen(incidents(name.agency(a.agency), { agency: a.agency }))}
                  >
                    <th scope="row">
                      <button type="button" className="link" disabled={byUser}>
                        {name.agency(a.agency)}
                      </button>
                    </th>
                    <td>{count(a.requested)}</td>
                    <td>{count(a.declined)}</td>
                    <td>{count(a.escalations)}</td>
                    <td>
                      {mean(a.ack.meanMs)} ({a.ack.p50 ?? '–'} / {a.ack.p90 ?? '–'} {w('s')})
                    </td>
                    <td>{mean(a.enRoute.meanMs)}</td>
                    <td>{mean(a.onScene.meanMs)}</td>
                    <td>{mean(a.done.meanMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {parts.agencies && report.declines.length > 0 && (
          <>
            <h2>{w('declines')}</h2>
            <ul className="compact">
              {report.declines.map((d) => (
                <li key={`${d.agency}-${d.reason}`}>
                  {name.agency(d.agency)}: “{d.reason}” × {count(d.n)}
                </li>
              ))}
            </ul>
          </>
        )}
        {parts.calls && parts.incidents && report.staff && (
          <>
            <h2>{w('staff')}</h2>
            <table data-testid="staff">
              <thead>
                <tr>
                  <th>{w('staff.user')}</th>
                  <th>{w('staff.answered')}</th>
                  <th>{w('staff.answerMean')}</th>
                  <th>{w('staff.within15')}</th>
                  <th>{w('staff.incidents')}</th>
                  <th>{w('staff.processingMean')}</th>
                  <th>{w('staff.within60')}</th>
                  <th>{w('callbacks')}</th>
                </tr>
              </thead>
              <tbody>
                {report.staff.map((s) => (
                  <tr key={s.user}>
                    <th scope="row">
                      <button
                        type="button"
                        className="link"
                        onClick={calls(answer.userNames[s.user] ?? s.user, { user: s.user })}
                      >
                        {answer.userNames[s.user] ?? s.user}
                      </button>
                    </th>
                    <td>{count(s.answered)}</td>
                    <td>{mean(s.answerMeanMs)}</td>
                    <td>{count(s.within15)}</td>
                    <td>{count(s.incidents)}</td>
                    <td>{mean(s.processingMeanMs)}</td>
                    <td>{count(s.within60)}</td>
                    <td>{count(s.callbacks)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        {parts.calls && parts.incidents && report.shifts && report.shifts.length > 0 && (
          <>
            <h2>{w('shifts')}</h2>
            <table>
              <thead>
                <tr>
                  <th>{w('shift.start')}</th>
                  <th>{w('calls')}</th>
                  <th>{w('staff.answered')}</th>
                  <th>{w('answered15')}</th>
                  <th>{w('abandoned')}</th>
                  <th>{w('incidents')}</th>
                </tr>
              </thead>
              <tbody>
                {report.shifts.map((s) => {
                  const hours = shiftPeriod(s.start, clock, report);
                  const title = `${w('shifts')} ${formatTime(s.start)}`;
                  return (
                    <tr
                      key={s.start}
                      className="drill-row"
                      title={w('shift.calls')}
                      data-testid="shift-row"
                      onClick={rowOpen(calls(title, {}, hours))}
                    >
                      <th scope="row">
                        <button type="button" className="link">
                          {formatTime(s.start)}
                        </button>
                      </th>
                      <td>{count(s.calls)}</td>
                      <td>{count(s.answered)}</td>
                      <td>{formatShare(s.answered > 0 ? s.within15 / s.answered : null)}</td>
                      <td>{count(s.abandoned)}</td>
                      <td>
                        <button
                          type="button"
                          className="link"
                          title={w('shift.incidents')}
                          disabled={byUser}
                          onClick={(event) => {
                            // Its own list, not the row's calls.
                            event.stopPropagation();
                            incidents(title, {}, hours)?.();
                          }}
                        >
                          {count(s.incidents)}
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </section>
    </>
  );
}

function Tile({
  label,
  value,
  note,
  alert,
  testId,
  open,
}: {
  label: string;
  value: string;
  note?: string;
  alert?: boolean;
  testId?: string;
  open?: () => void;
}) {
  const body = (
    <>
      <span className="tile-label">{label}</span>
      <span className="tile-value" data-testid={testId}>
        {value}
      </span>
      {note && <span className="muted small">{note}</span>}
    </>
  );
  return open ? (
    <button type="button" className={`tile report-tile${alert ? ' alert' : ''}`} onClick={open}>
      {body}
    </button>
  ) : (
    <div className={`tile report-tile${alert ? ' alert' : ''}`}>{body}</div>
  );
}

function DrillList({
  drill,
  period,
  filters,
  w,
  callType,
  category,
  onClose,
}: {
  drill: Drill;
  period: { from: number; to: number };
  filters: Record<string, string | undefined>;
  w: Words;
  callType: (type: string) => string;
  category: (code: string) => string;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const [list, setList] = useState<ListAnswer | null>(null);
  const url = `/api/reports/${drill.kind}?from=${period.from}&to=${period.to}&${query({ ...filters, ...drill.params })}`;
  useEffect(() => {
    let live = true;
    setList(null);
    getJson<ListAnswer>(`${url}&limit=100`).then(
      (answer) => live && setList(answer),
      () => live && setList({ total: 0, next: null }),
    );
    return () => {
      live = false;
    };
  }, [url]);
  const table = useRef<HTMLTableSectionElement>(null);
  /** The row the focus goes to once drawn: the first of the page just added (the button that asked may be gone). */
  const focusRow = useRef<number | null>(null);
  useEffect(() => {
    const at = focusRow.current;
    if (at === null || !list) return;
    focusRow.current = null;
    table.current?.querySelectorAll<HTMLElement>('tr')[at]?.focus();
  }, [list]);
  /** The next page (keyset: after the last item shown), added below the rows shown. */
  const more = (next: string) =>
    getJson<ListAnswer>(`${url}&limit=100&after=${encodeURIComponent(next)}`).then(
      (answer) => {
        focusRow.current = rows.length;
        setList((shown) =>
          shown
            ? {
                total: answer.total,
                next: answer.next,
                calls: [...(shown.calls ?? []), ...(answer.calls ?? [])],
                incidents: [...(shown.incidents ?? []), ...(answer.incidents ?? [])],
              }
            : shown,
        );
      },
      () => undefined,
    );
  const rows = drill.kind === 'calls' ? (list?.calls ?? []) : (list?.incidents ?? []);
  // The list opens below the charts and tables: the focus goes to its title, which brings it into view.
  const title = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: each list opened takes the focus, the same kind or not.
  useEffect(() => {
    title.current?.focus();
  }, [drill]);
  return (
    <section
      className="panel drill"
      aria-labelledby="drill-title"
      data-testid="drill"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header>
        <h2 id="drill-title" ref={title} tabIndex={-1}>
          {w(drill.kind === 'calls' ? 'drill.calls' : 'drill.incidents')}: {drill.title}
        </h2>
        <a href={`${url}&format=csv`} download>
          CSV
        </a>
        <button type="button" onClick={onClose}>
          {w('drill.close')}
        </button>
      </header>
      {!list ? (
        <p className="loading">{w('loading')}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{w('drill.none')}</p>
      ) : (
        <>
          <p className="muted">
            {w('drill.more', { shown: formatCount(rows.length, lang), total: formatCount(list.total, lang) })}
          </p>
          <table>
            <thead>
              {drill.kind === 'calls' ? (
                <tr>
                  <th>{w('time')}</th>
                  <th>{w('channel')}</th>
                  <th>{w('number')}</th>
                  <th>{w('type')}</th>
                  <th>{w('answerTime')}</th>
                </tr>
              ) : (
                <tr>
                  <th>{w('time')}</th>
                  <th>No.</th>
                  <th>{w('category')}</th>
                  <th>{w('priority')}</th>
                  <th>{w('status')}</th>
                </tr>
              )}
            </thead>
            <tbody ref={table}>
              {drill.kind === 'calls'
                ? (list.calls ?? []).map((c) => (
                    <tr key={c.id} tabIndex={-1}>
                      <td>{formatDateTime(c.registeredAt, lang)}</td>
                      <td>{t(`channel.${c.channel}`)}</td>
                      <td>{c.number ?? '–'}</td>
                      <td>{callType(c.type ?? 'unclassified')}</td>
                      <td>{c.answeredAt === null ? '–' : formatDuration(c.answeredAt - c.registeredAt)}</td>
                    </tr>
                  ))
                : (list.incidents ?? []).map((i) => (
                    <tr key={i.id} tabIndex={-1}>
                      <td>{formatDateTime(i.createdAt, lang)}</td>
                      <td>{i.number}</td>
                      <td>{category(i.category)}</td>
                      <td>P{i.priority}</td>
                      <td>
                        {hasMessage(`incident.${i.status}`)
                          ? t(`incident.${i.status}` as MessageKey)
                          : i.status}
                      </td>
                    </tr>
                  ))}
            </tbody>
          </table>
          {list.next ? (
            <button type="button" onClick={() => list.next && more(list.next)}>
              {w('drill.next')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

/** A page of a list behind a figure, and the cursor of the next page. */
interface ListAnswer {
  total: number;
  next: string | null;
  calls?: Call[];
  incidents?: Incident[];
}
