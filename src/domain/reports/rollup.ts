// Daily aggregates: the hourly facts summed per local day, with the per-shift figures a day can no longer give.
import { type Fact, FactSum, HOUR_MS, type Metric } from './facts.ts';

const DAY_MS = 24 * HOUR_MS;
/** Shifts start at these local hours (a 12-hour day shift and night shift). */
export const SHIFT_START_HOURS = [7, 19] as const;

/** Start (epoch ms) of the local day an instant falls in. */
export function localDay(at: number, tzOffsetMinutes: number): number {
  const offset = tzOffsetMinutes * 60_000;
  return Math.floor((at + offset) / DAY_MS) * DAY_MS - offset;
}

/**
 * Which shift an hour of its local day belongs to: `7` and `19` for the shifts starting that day, `0` for the hours
 * before the first start (the night shift that began the day before).
 */
function shiftPart(hour: number, tzOffsetMinutes: number): string {
  const hourOfDay = (hour - localDay(hour, tzOffsetMinutes)) / HOUR_MS;
  return String([...SHIFT_START_HOURS].reverse().find((h) => h <= hourOfDay) ?? 0);
}

/** The start of the shift a daily `shift` row's part names. */
export function shiftStart(day: number, part: string): number {
  return part === '0' ? day - DAY_MS + SHIFT_START_HOURS.at(-1)! * HOUR_MS : day + Number(part) * HOUR_MS;
}

const SHIFT_FIGURES: Partial<Record<Metric, (f: Fact) => string[]>> = {
  call: () => ['calls'],
  answer: (f) => (f.key !== '+' && Number(f.key) <= 15 ? ['answered', 'within15'] : ['answered']),
  abandoned: () => ['abandoned'],
  incident: () => ['incidents'],
};

/** The daily rows of hourly facts (also of a delta: the sums are linear). */
export function rollUp(facts: readonly Fact[], tzOffsetMinutes: number): Fact[] {
  const sum = new FactSum();
  for (const f of facts) {
    const day = localDay(f.hour, tzOffsetMinutes);
    sum.add([{ ...f, hour: day }]);
    const figures = SHIFT_FIGURES[f.metric]?.(f) ?? [];
    const part = shiftPart(f.hour, tzOffsetMinutes);
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
