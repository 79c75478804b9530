// The reports view's periods in the centre's clock (PINISI_TIME_ZONE, PINISI_SHIFT_HOURS): today, the shift now, the
// last 7 days, this month, a range of dates; each as epoch ms, `to` exclusive.
import type { ReportClock } from '../../../../src/domain/reports/clock.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type PeriodKind = 'today' | 'shift' | 'week' | 'month' | 'custom';
export interface Period {
  kind: PeriodKind;
  from: number;
  to: number;
}

const offsetOf = (clock: ReportClock) => clock.tzOffsetMinutes * 60_000;
const localMidnight = (at: number, clock: ReportClock) =>
  Math.floor((at + offsetOf(clock)) / DAY) * DAY - offsetOf(clock);

export function periodOf(kind: Exclude<PeriodKind, 'custom'>, now: number, clock: ReportClock): Period {
  const midnight = localMidnight(now, clock);
  const offset = offsetOf(clock);
  switch (kind) {
    case 'today':
      return { kind, from: midnight, to: midnight + DAY };
    case 'shift': {
      // Yesterday's, today's and tomorrow's shift starts: the shift now runs from the last one begun to the next.
      const starts = [-DAY, 0, DAY].flatMap((day) => clock.shiftStarts.map((h) => midnight + day + h * HOUR));
      const at = starts.findLastIndex((s) => s <= now);
      return { kind, from: starts[at]!, to: starts[at + 1]! };
    }
    case 'week':
      return { kind, from: midnight - 6 * DAY, to: midnight + DAY };
    case 'month': {
      const local = new Date(now + offset);
      const y = local.getUTCFullYear();
      const m = local.getUTCMonth();
      return { kind, from: Date.UTC(y, m, 1) - offset, to: Date.UTC(y, m + 1, 1) - offset };
    }
  }
}

/**
 * The hours of the shift that starts at `start` (until the next shift's start) within a report's period: the calls
 * and incidents behind a row of the per-shift table, which counts only the period's hours of its shift.
 */
export function shiftPeriod(
  start: number,
  clock: ReportClock,
  within: { from: number; to: number },
): { from: number; to: number } {
  const hour = Math.round(((((start + offsetOf(clock)) % DAY) + DAY) % DAY) / HOUR);
  const next = clock.shiftStarts.find((h) => h > hour) ?? (clock.shiftStarts[0] ?? hour) + 24;
  return { from: Math.max(start, within.from), to: Math.min(start + (next - hour) * HOUR, within.to) };
}

/** The local date of an instant as a date field gives it (YYYY-MM-DD). */
export const dateInput = (at: number, clock: ReportClock) =>
  new Date(at + offsetOf(clock)).toISOString().slice(0, 10);

/** The start of a local date from a date field. */
export function fromDateInput(value: string, clock: ReportClock): number {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) - offsetOf(clock);
}

/** A series point's label: the local hour (`07.00`) or the local day and month (`30/11`). */
export function pointLabel(at: number, step: 'hour' | 'day', clock: ReportClock): string {
  const local = new Date(at + offsetOf(clock));
  return step === 'hour'
    ? `${String(local.getUTCHours()).padStart(2, '0')}.00`
    : `${local.getUTCDate()}/${local.getUTCMonth() + 1}`;
}

/**
 * The period as a reader checks it, in the centre's zone: whole days as their dates with the year, the last day
 * included (`1 Nov 2026 – 30 Nov 2026 (WITA)`); a shift by its hours (`30 Nov 2026 19.00 – 1 Des 2026 07.00 WITA`).
 */
export function periodLabel(
  period: { from: number; to: number },
  clock: ReportClock,
  lang: 'id' | 'en',
): string {
  const locale = lang === 'en' ? 'en-GB' : 'id-ID';
  const offset = offsetOf(clock);
  const day = (at: number) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    }).format(at + offset);
  const time = (at: number) =>
    new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(at + offset);
  const wholeDays = (period.from + offset) % DAY === 0 && (period.to + offset) % DAY === 0;
  if (!wholeDays)
    return `${day(period.from)} ${time(period.from)} – ${day(period.to)} ${time(period.to)} ${clock.tzName}`;
  const last = period.to - DAY;
  return last <= period.from
    ? `${day(period.from)} (${clock.tzName})`
    : `${day(period.from)} – ${day(last)} (${clock.tzName})`;
}
