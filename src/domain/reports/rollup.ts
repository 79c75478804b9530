// Daily aggregates: the hourly facts summed per local day, with the per-shift figures a day can no longer give.
import type { ReportClock } from './clock.ts';
import { BLANK_DIMENSIONS, type Fact, FactSum, HOUR_MS, type Metric } from './facts.ts';

const DAY_MS = 24 * HOUR_MS;

/** Start (epoch ms) of the local day an instant falls in. */
export function localDay(at: number, tzOffsetMinutes: number): number {
  const offset = tzOffsetMinutes * 60_000;
  return Math.floor((at + offset) / DAY_MS) * DAY_MS - offset;
}

/** The local month `YYYY-MM` as epoch ms, `to` exclusive. */
export function monthPeriod(month: string, tzOffsetMinutes: number): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const offset = tzOffsetMinutes * 60_000;
  return { from: Date.UTC(y, m - 1, 1) - offset, to: Date.UTC(y, m, 1) - offset };
}

/**
 * Which shift an hour of its local day belongs to: the local hour of a shift starting that day (`7`, `19`), or `0`
 * for the hours before the day's first start (the shift that began the day before).
 */
function shiftPart(hour: number, clock: ReportClock): string {
  const hourOfDay = (hour - localDay(hour, clock.tzOffsetMinutes)) / HOUR_MS;
  return String([...clock.shiftStarts].reverse().find((h) => h <= hourOfDay) ?? 0);
}

/** The start of the shift a daily `shift` row's part names (a shift may start at midnight: part `0`, that day). */
export function shiftStart(day: number, part: string, shiftStarts: readonly number[]): number {
  return part === '0' && shiftStarts[0] !== 0
    ? day - DAY_MS + shiftStarts.at(-1)! * HOUR_MS
    : day + Number(part) * HOUR_MS;
}

const SHIFT_FIGURES: Partial<Record<Metric, (f: Fact) => string[]>> = {
  call: () => ['calls'],
  answer: (f) => (f.key !== '+' && Number(f.key) <= 15 ? ['answered', 'within15'] : ['answered']),
  abandoned: () => ['abandoned'],
  incident: () => ['incidents'],
};

/** The daily rows of hourly facts (also of a delta: the sums are linear). */
export function rollUp(facts: readonly Fact[], clock: ReportClock): Fact[] {
  const sum = new FactSum();
  for (const f of facts) {
    const day = localDay(f.hour, clock.tzOffsetMinutes);
    sum.add([{ ...f, hour: day }]);
    const figures = SHIFT_FIGURES[f.metric]?.(f) ?? [];
    const part = shiftPart(f.hour, clock);
    sum.add(
      figures.map((figure) => ({
        ...f,
        hour: day,
        metric: 'shift',
        key: `${part}:${figure}`,
        user: '',
        total: 0,
      })),
    );
  }
  return sum.facts();
}

/** The dimensions a slice row may carry, one at a time; the report reads each metric through the ones it shows. */
type SliceDim = 'channel' | 'category' | 'priority' | 'kecamatan' | 'desa' | 'agency' | 'user';
const SLICE_DIMS: readonly SliceDim[] = [
  'channel',
  'category',
  'priority',
  'kecamatan',
  'desa',
  'agency',
  'user',
];

/** For each metric, the slices a month's report needs: '' is the whole centre, a dimension one row per value. */
const SLICES: Record<Metric, readonly ('' | SliceDim)[]> = {
  call: ['', 'channel'],
  answer: ['', 'user'],
  abandoned: [''],
  callback: ['', 'user'],
  incident: ['', 'category', 'priority', 'kecamatan', 'desa', 'user'],
  processing: ['', 'user'],
  dispatch: [''],
  casualties: [''],
  request: ['agency'],
  outcome: ['agency'],
  ack: ['agency'],
  en_route: ['agency'],
  on_scene: ['agency'],
  done: ['agency'],
  decline: ['agency'],
  escalation: ['', 'agency'],
  shift: [''],
};

/** Per call taker only the targets are shown (answered within 15 s, processed within 60 s): two bins, not sixteen. */
function coarseKey(metric: Metric, key: string): string {
  if (metric === 'answer') return key !== '+' && Number(key) <= 15 ? '15' : '+';
  if (metric === 'processing') return key !== '+' && Number(key) <= 60 ? '60' : '+';
  return key;
}

/** The dimension a slice row carries ('' for the whole centre): the only one not blank. */
export function sliceOf(f: Fact): '' | SliceDim {
  return SLICE_DIMS.find((d) => f[d] !== '' && f[d] !== 0) ?? '';
}

/**
 * The slice rows of daily facts (also of a delta: the sums are linear): for each metric, per day, the whole centre
 * and one row per value of each dimension the report breaks it down by, every other dimension blank. A month's
 * report without filters reads these: some thousands of rows however many calls, where the daily rows multiply
 * every dimension with every other.
 */
export function sliceUp(daily: readonly Fact[]): Fact[] {
  const sum = new FactSum();
  for (const f of daily) {
    for (const dim of SLICES[f.metric]) {
      if (dim !== '' && (f[dim] === '' || f[dim] === 0)) continue;
      const row: Fact = { ...f, ...BLANK_DIMENSIONS };
      if (dim === 'priority') row.priority = f.priority;
      else if (dim !== '') row[dim] = f[dim];
      if (dim === 'user') row.key = coarseKey(f.metric, f.key);
      sum.add([row]);
    }
  }
  return sum.facts();
}
