// The centre's clock for the reports: its offset from UTC (days, months and shifts start at local times) and the
// local hours its shifts start at. Set by configuration (config.ts `reportClock`); WITA and 07/19 unless told.

export interface ReportClock {
  /** Offset from UTC in minutes, a whole number of hours (the aggregates are kept per UTC hour): WITA is 480. */
  tzOffsetMinutes: number;
  /** The zone's name as printed: WIB, WITA, WIT, or UTC+h for others. */
  tzName: string;
  /** Local hours the shifts start at, ascending; each shift lasts until the next one's start. */
  shiftStarts: number[];
}

/** Bulukumba: WITA (Asia/Makassar, UTC+8), a day shift from 07:00 and a night shift from 19:00. */
export const DEFAULT_REPORT_CLOCK: ReportClock = {
  tzOffsetMinutes: 480,
  tzName: 'WITA',
  shiftStarts: [7, 19],
};

/** What the daily aggregates depend on: they must be rebuilt when this changes. */
export const clockSignature = (clock: ReportClock) =>
  JSON.stringify({ tzOffsetMinutes: clock.tzOffsetMinutes, shiftStarts: clock.shiftStarts });

/**
 * Shift hours as configured, `07-15,15-23,23-07`: each shift from one local hour to the next, one after the other
 * around the whole day. The start hours ascending, or what is wrong with the text.
 */
export function parseShiftHours(text: string): { starts: number[] } | { error: string } {
  const shifts = text.split(',').map((part) => part.trim());
  const hours: [number, number][] = [];
  for (const shift of shifts) {
    const match = /^(\d{1,2})(?::00)?-(\d{1,2})(?::00)?$/.exec(shift);
    const [from, to] = match ? [Number(match[1]), Number(match[2])] : [Number.NaN, Number.NaN];
    if (!(from >= 0 && from <= 23 && to >= 0 && to <= 23) || from === to)
      return { error: `"${shift}" is not a shift like 07-15 (whole local hours 00-23, start before end)` };
    hours.push([from, to]);
  }
  for (let i = 0; i < hours.length; i++) {
    const next = hours[(i + 1) % hours.length]!;
    if (hours[i]![1] !== next[0])
      return {
        error: `shift ${shifts[i]} must end where the next one (${shifts[(i + 1) % shifts.length]}) starts`,
      };
  }
  const span = hours.reduce((sum, [from, to]) => sum + ((to - from + 24) % 24), 0);
  if (span !== 24) return { error: `the shifts cover ${span} hours, not the whole day (24)` };
  return { starts: hours.map(([from]) => from).sort((a, b) => a - b) };
}
