// The KPI report of a period: the hourly aggregate rows (facts.ts) of the period folded into the figures shown.
import { DURATION_BINS_S, type Fact, type FactKey, HOUR_MS, type Metric, OVER } from './facts.ts';
import { shiftStart, sliceOf } from './rollup.ts';

/** Filters of a report; a filter keeps only the rows of metrics that carry its dimension with that value. */
export interface ReportFilters {
  agency?: string;
  kecamatan?: string;
  desa?: string;
  category?: string;
  priority?: number;
  channel?: string;
  user?: string;
}

export interface ReportOptions {
  /** Epoch ms, rounded down to the hour; `to` is exclusive. */
  from: number;
  to: number;
  /** The centre's offset from UTC in minutes (WITA: 480): days and shifts start at local time. */
  tzOffsetMinutes: number;
  /** Local hours the shifts start at (clock.ts). */
  shiftStarts: readonly number[];
  /** Per call taker and per shift figures (supervision only). */
  staff: boolean;
  /** Rows of the hourly table, or of the daily one (rollup.ts), whose shifts come from its `shift` rows. */
  granularity: 'hour' | 'day';
  /** Daily slice rows (rollup.ts `sliceUp`): each figure is read from the slice that breaks it down its way. */
  sliced?: boolean;
}

const DAY_MS = 24 * HOUR_MS;

export function matches(fact: FactKey, filters: ReportFilters): boolean {
  return (
    (filters.agency === undefined || fact.agency === filters.agency) &&
    (filters.kecamatan === undefined || fact.kecamatan === filters.kecamatan) &&
    (filters.desa === undefined || fact.desa === filters.desa) &&
    (filters.category === undefined || fact.category === filters.category) &&
    (filters.priority === undefined || fact.priority === filters.priority) &&
    (filters.channel === undefined || fact.channel === filters.channel) &&
    (filters.user === undefined || fact.user === filters.user)
  );
}

export interface Durations {
  n: number;
  meanMs: number | null;
  /** The bin (upper bound in seconds, or '+') holding the median and the 90th percentile. */
  p50: string | null;
  p90: string | null;
  histogram: { le: string; n: number }[];
}

type Counts = Record<string, number>;

interface AgencyFigures {
  agency: string;
  requested: number;
  byStatus: Counts;
  /**
   * The agency's requests by the kind (category) and kecamatan of their incident; null in a report read from the
   * daily slices (the centre's, without filters), which carry the agency alone.
   */
  byCategory: Counts | null;
  byKecamatan: Counts | null;
  /** The casualties the agency reported on its requests (the incident's own, the highest any agency gave, aside). */
  dead: number;
  injured: number;
  ack: Durations;
  enRoute: Durations;
  onScene: Durations;
  done: Durations;
  declined: number;
  escalations: number;
}

interface StaffFigures {
  user: string;
  answered: number;
  answerMeanMs: number | null;
  within15: number;
  incidents: number;
  processed: number;
  processingMeanMs: number | null;
  within60: number;
  callbacks: number;
}

interface ShiftFigures {
  /** Epoch ms of the shift's start. */
  start: number;
  calls: number;
  answered: number;
  within15: number;
  abandoned: number;
  incidents: number;
}

export interface Report {
  from: number;
  to: number;
  /** The series' step: hours for two days or less, else local days. */
  step: 'hour' | 'day';
  calls: {
    total: number;
    byType: Counts;
    byChannel: Counts;
    series: { at: number; byType: Counts }[];
    abandoned: number;
    abandonedMeanRingMs: number | null;
    callbacks: number;
    callbacksByResult: Counts;
  };
  answer: Durations & { within15: number; within20: number; share15: number | null; share20: number | null };
  processing: Durations & { within60: number; share60: number | null };
  dispatch: Durations;
  incidents: {
    total: number;
    byStatus: Counts;
    byCategory: Counts;
    byPriority: Counts;
    byKecamatan: Counts;
    byDesa: Counts;
    dead: number;
    injured: number;
  };
  agencies: AgencyFigures[];
  declines: { agency: string; reason: string; n: number }[];
  escalations: { total: number; byKind: Counts };
  staff: StaffFigures[] | null;
  shifts: ShiftFigures[] | null;
}

const BIN_ORDER = [...DURATION_BINS_S.map(String), OVER];
const within = (bins: Counts, seconds: number) =>
  DURATION_BINS_S.filter((b) => b <= seconds).reduce((n, b) => n + (bins[String(b)] ?? 0), 0);

class Dist {
  n = 0;
  total = 0;
  bins: Counts = {};

  add(f: Fact): void {
    this.n += f.n;
    this.total += f.total;
    bump(this.bins, f.key, f.n);
  }

  figures(): Durations {
    const histogram = BIN_ORDER.map((le) => ({ le, n: this.bins[le] ?? 0 }));
    const quantile = (q: number): string | null => {
      let seen = 0;
      for (const bin of histogram) {
        seen += bin.n;
        if (seen >= q * this.n && this.n > 0) return bin.le;
      }
      return null;
    };
    return {
      n: this.n,
      meanMs: this.n > 0 ? Math.round(this.total / this.n) : null,
      p50: quantile(0.5),
      p90: quantile(0.9),
      histogram,
    };
  }
}

function bump(counts: Counts, key: string, n: number): void {
  counts[key] = (counts[key] ?? 0) + n;
}

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Start (epoch ms) of the local day or shift an hour belongs to. */
function localStart(hour: number, tzOffsetMinutes: number, starts: readonly number[]): number {
  const offset = tzOffsetMinutes * 60_000;
  const local = hour + offset;
  const day = Math.floor(local / DAY_MS) * DAY_MS;
  const hourOfDay = (local - day) / HOUR_MS;
  const begun = starts.filter((h) => h <= hourOfDay);
  const start = begun.length > 0 ? day + begun.at(-1)! * HOUR_MS : day - DAY_MS + starts.at(-1)! * HOUR_MS;
  return start - offset;
}

interface AgencyAcc {
  requested: number;
  byStatus: Counts;
  byCategory: Counts;
  byKecamatan: Counts;
  dead: number;
  injured: number;
  ack: Dist;
  enRoute: Dist;
  onScene: Dist;
  done: Dist;
  declined: number;
  escalations: number;
}

interface StaffAcc {
  answer: Dist;
  within15: number;
  incidents: number;
  processing: Dist;
  callbacks: number;
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** Folds the aggregate rows of the period (already filtered, in any order) into the report. */
export function summarize(facts: readonly Fact[], options: ReportOptions): Report {
  const { from, to, tzOffsetMinutes, shiftStarts } = options;
  const daily = options.granularity === 'day';
  const step = !daily && to - from <= 2 * DAY_MS ? 'hour' : 'day';
  const bucketOf = (hour: number) => (step === 'hour' ? hour : localStart(hour, tzOffsetMinutes, [0]));
  const dist = {} as Record<Extract<Metric, 'answer' | 'processing' | 'dispatch'>, Dist>;
  for (const m of ['answer', 'processing', 'dispatch'] as const) dist[m] = new Dist();
  const report: Report = {
    from,
    to,
    step,
    calls: {
      total: 0,
      byType: {},
      byChannel: {},
      series: [],
      abandoned: 0,
      abandonedMeanRingMs: null,
      callbacks: 0,
      callbacksByResult: {},
    },
    answer: { ...new Dist().figures(), within15: 0, within20: 0, share15: null, share20: null },
    processing: { ...new Dist().figures(), within60: 0, share60: null },
    dispatch: new Dist().figures(),
    incidents: {
      total: 0,
      byStatus: {},
      byCategory: {},
      byPriority: {},
      byKecamatan: {},
      byDesa: {},
      dead: 0,
      injured: 0,
    },
    agencies: [],
    declines: [],
    escalations: { total: 0, byKind: {} },
    staff: null,
    shifts: null,
  };
  const series = new Map<number, Counts>();
  const agencies = new Map<string, AgencyAcc>();
  const staff = new Map<string, StaffAcc>();
  const shifts = new Map<number, ShiftFigures>();
  const declines = new Map<string, { agency: string; reason: string; n: number }>();
  let abandonedRing = 0;
  const agencyOf = (id: string) =>
    getOr(agencies, id, () => ({
      requested: 0,
      byStatus: {},
      byCategory: {},
      byKecamatan: {},
      dead: 0,
      injured: 0,
      ack: new Dist(),
      enRoute: new Dist(),
      onScene: new Dist(),
      done: new Dist(),
      declined: 0,
      escalations: 0,
    }));
  const staffOf = (id: string) =>
    getOr(staff, id, () => ({
      answer: new Dist(),
      within15: 0,
      incidents: 0,
      processing: new Dist(),
      callbacks: 0,
    }));
  const shiftAt = (start: number) =>
    getOr(shifts, start, () => ({
      start,
      calls: 0,
      answered: 0,
      within15: 0,
      abandoned: 0,
      incidents: 0,
    }));
  /** Hourly rows tell their shift; daily rows leave it to their `shift` rows. */
  const noShift: ShiftFigures = { start: 0, calls: 0, answered: 0, within15: 0, abandoned: 0, incidents: 0 };
  const shiftOf = (hour: number) =>
    daily ? noShift : shiftAt(localStart(hour, tzOffsetMinutes, shiftStarts));
  const fast = (key: string, seconds: number) => key !== OVER && Number(key) <= seconds;
  for (const f of facts) {
    if (f.hour < from || f.hour >= to || f.n === 0) continue;
    const slice = options.sliced ? sliceOf(f) : null;
    /** Whether this row gives the figures broken down by `dim` ('' the centre's totals). */
    const on = (dim: ReturnType<typeof sliceOf>) => slice === null || slice === dim;
    const centre = on('');
    const byUser = on('user') && f.user !== '';
    switch (f.metric) {
      case 'call':
        if (on('channel')) bump(report.calls.byChannel, f.channel, f.n);
        if (!centre) break;
        report.calls.total += f.n;
        bump(report.calls.byType, f.key, f.n);
        bump(
          getOr(series, bucketOf(f.hour), () => ({})),
          f.key,
          f.n,
        );
        shiftOf(f.hour).calls += f.n;
        break;
      case 'answer':
        if (centre) {
          dist.answer.add(f);
          shiftOf(f.hour).answered += f.n;
          if (fast(f.key, 15)) shiftOf(f.hour).within15 += f.n;
        }
        if (byUser) {
          const s = staffOf(f.user);
          s.answer.add(f);
          if (fast(f.key, 15)) s.within15 += f.n;
        }
        break;
      case 'abandoned':
        report.calls.abandoned += f.n;
        abandonedRing += f.total;
        shiftOf(f.hour).abandoned += f.n;
        break;
      case 'callback':
        if (centre) {
          report.calls.callbacks += f.n;
          bump(report.calls.callbacksByResult, f.key, f.n);
        }
        if (byUser) staffOf(f.user).callbacks += f.n;
        break;
      case 'incident':
        if (centre) {
          report.incidents.total += f.n;
          bump(report.incidents.byStatus, f.key, f.n);
          shiftOf(f.hour).incidents += f.n;
        }
        if (on('category')) bump(report.incidents.byCategory, f.category, f.n);
        if (on('priority')) bump(report.incidents.byPriority, String(f.priority), f.n);
        if (on('kecamatan')) bump(report.incidents.byKecamatan, f.kecamatan, f.n);
        if (on('desa') && f.desa) bump(report.incidents.byDesa, f.desa, f.n);
        if (byUser) staffOf(f.user).incidents += f.n;
        break;
      case 'processing':
        if (centre) dist.processing.add(f);
        if (byUser) staffOf(f.user).processing.add(f);
        break;
      case 'dispatch':
        dist.dispatch.add(f);
        break;
      case 'casualties':
        if (f.key === 'dead') report.incidents.dead += f.n;
        else report.incidents.injured += f.n;
        break;
      case 'request': {
        const a = agencyOf(f.agency);
        a.requested += f.n;
        bump(a.byStatus, f.key, f.n);
        bump(a.byCategory, f.category, f.n);
        bump(a.byKecamatan, f.kecamatan, f.n);
        break;
      }
      case 'outcome':
        if (f.key === 'dead') agencyOf(f.agency).dead += f.n;
        else agencyOf(f.agency).injured += f.n;
        break;
      case 'ack':
        agencyOf(f.agency).ack.add(f);
        break;
      case 'en_route':
        agencyOf(f.agency).enRoute.add(f);
        break;
      case 'on_scene':
        agencyOf(f.agency).onScene.add(f);
        break;
      case 'done':
        agencyOf(f.agency).done.add(f);
        break;
      case 'decline': {
        agencyOf(f.agency).declined += f.n;
        getOr(declines, `${f.agency}\u0000${f.key}`, () => ({ agency: f.agency, reason: f.key, n: 0 })).n +=
          f.n;
        break;
      }
      case 'shift': {
        const [part, figure] = f.key.split(':') as [string, keyof Omit<ShiftFigures, 'start'>];
        if (figure in noShift) shiftAt(shiftStart(f.hour, part, shiftStarts))[figure] += f.n;
        break;
      }
      case 'escalation':
        if (on('agency')) agencyOf(f.agency).escalations += f.n;
        if (!centre) break;
        report.escalations.total += f.n;
        bump(report.escalations.byKind, f.key, f.n);
        break;
    }
  }
  const answer = dist.answer.figures();
  const within15 = within(dist.answer.bins, 15);
  const within20 = within(dist.answer.bins, 20);
  report.answer = {
    ...answer,
    within15,
    within20,
    share15: share(within15, answer.n),
    share20: share(within20, answer.n),
  };
  const processing = dist.processing.figures();
  const within60 = within(dist.processing.bins, 60);
  report.processing = { ...processing, within60, share60: share(within60, processing.n) };
  report.dispatch = dist.dispatch.figures();
  report.calls.abandonedMeanRingMs =
    report.calls.abandoned > 0 ? Math.round(abandonedRing / report.calls.abandoned) : null;
  report.calls.series = [...series.entries()]
    .sort(([a], [b]) => a - b)
    .map(([at, byType]) => ({ at, byType }));
  report.agencies = [...agencies.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([agency, a]) => ({
      agency,
      requested: a.requested,
      byStatus: a.byStatus,
      byCategory: options.sliced ? null : a.byCategory,
      byKecamatan: options.sliced ? null : a.byKecamatan,
      dead: a.dead,
      injured: a.injured,
      ack: a.ack.figures(),
      enRoute: a.enRoute.figures(),
      onScene: a.onScene.figures(),
      done: a.done.figures(),
      declined: a.declined,
      escalations: a.escalations,
    }));
  // The order of the rows read is no order: ties are ordered by agency, then reason.
  report.declines = [...declines.values()].sort(
    (a, b) => b.n - a.n || a.agency.localeCompare(b.agency) || a.reason.localeCompare(b.reason),
  );
  if (options.staff) {
    report.staff = [...staff.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([user, s]) => ({
        user,
        answered: s.answer.n,
        answerMeanMs: s.answer.figures().meanMs,
        within15: s.within15,
        incidents: s.incidents,
        processed: s.processing.n,
        processingMeanMs: s.processing.figures().meanMs,
        within60: within(s.processing.bins, 60),
        callbacks: s.callbacks,
      }));
    report.shifts = [...shifts.values()].sort((a, b) => a.start - b.start);
  }
  return report;
}
