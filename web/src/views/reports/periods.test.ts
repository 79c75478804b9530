// The reports view's periods in the centre's clock: the shift now and the month, cut at the zone's local hours, and
// written with their year and last day as a reader checks them.
import { describe, expect, it } from 'vitest';
import { DEFAULT_REPORT_CLOCK } from '../../../../src/domain/reports/clock.ts';
import { dateInput, fromDateInput, periodLabel, periodOf, shiftPeriod } from './periods.ts';

const H = 3_600_000;
const WIB = { tzOffsetMinutes: 420, tzName: 'WIB', shiftStarts: [7, 15, 23] };
/** 2026-11-30 00:00 WIB. */
const NOV30 = Date.UTC(2026, 10, 30) - 7 * H;

describe('report periods', () => {
  it("gives a shift row's hours within the report's period: to the next shift's start, across midnight", () => {
    const week = { from: NOV30 - 6 * 24 * H, to: NOV30 + 24 * H };
    expect(shiftPeriod(NOV30 + 7 * H, WIB, week)).toEqual({ from: NOV30 + 7 * H, to: NOV30 + 15 * H });
    expect(shiftPeriod(NOV30 + 23 * H, WIB, week)).toEqual({ from: NOV30 + 23 * H, to: NOV30 + 24 * H });
    expect(shiftPeriod(NOV30 - H, WIB, { from: NOV30, to: NOV30 + 24 * H })).toEqual({
      from: NOV30,
      to: NOV30 + 7 * H,
    });
    const witaNov30 = NOV30 - H;
    expect(
      shiftPeriod(witaNov30 + 19 * H, DEFAULT_REPORT_CLOCK, { from: 0, to: witaNov30 + 48 * H }),
    ).toEqual({
      from: witaNov30 + 19 * H,
      to: witaNov30 + 31 * H,
    });
  });
  it('finds the shift now, the night shift across midnight', () => {
    expect(periodOf('shift', NOV30 + 14.9 * H, WIB)).toMatchObject({
      from: NOV30 + 7 * H,
      to: NOV30 + 15 * H,
    });
    expect(periodOf('shift', NOV30 + 23.5 * H, WIB)).toMatchObject({
      from: NOV30 + 23 * H,
      to: NOV30 + 31 * H,
    });
    expect(periodOf('shift', NOV30 + 3 * H, WIB)).toMatchObject({ from: NOV30 - H, to: NOV30 + 7 * H });
    // The default clock: 12-hour shifts from 07:00 and 19:00 WITA.
    const witaNov30 = NOV30 - H;
    expect(periodOf('shift', witaNov30 + 20 * H, DEFAULT_REPORT_CLOCK)).toMatchObject({
      from: witaNov30 + 19 * H,
      to: witaNov30 + 31 * H,
    });
  });

  it('cuts the month and the dates at local midnight of the zone', () => {
    // 23:30 WIB on 30 November is 00:30 WITA on 1 December.
    const at = NOV30 + 23.5 * H;
    expect(periodOf('month', at, WIB)).toMatchObject({
      from: Date.UTC(2026, 10, 1) - 7 * H,
      to: NOV30 + 24 * H,
    });
    expect(periodOf('month', at, DEFAULT_REPORT_CLOCK).from).toBe(Date.UTC(2026, 11, 1) - 8 * H);
    expect(dateInput(at, WIB)).toBe('2026-11-30');
    expect(dateInput(at, DEFAULT_REPORT_CLOCK)).toBe('2026-12-01');
    expect(fromDateInput('2026-11-30', WIB)).toBe(NOV30);
  });
});

describe('a period as it is written above the figures', () => {
  const WITA = DEFAULT_REPORT_CLOCK;
  const NOV1 = Date.UTC(2026, 10, 1) - 8 * H;
  const DEC1 = Date.UTC(2026, 11, 1) - 8 * H;
  it('gives whole days with their year and the last day included, a shift by its hours', () => {
    expect(periodLabel({ from: NOV1, to: DEC1 }, WITA, 'id')).toBe('1 Nov 2026 – 30 Nov 2026 (WITA)');
    expect(periodLabel({ from: DEC1 - 24 * H, to: DEC1 }, WITA, 'id')).toBe('30 Nov 2026 (WITA)');
    expect(periodLabel({ from: DEC1 - 5 * H, to: DEC1 + 7 * H }, WITA, 'id')).toBe(
      '30 Nov 2026 19.00 – 1 Des 2026 07.00 WITA',
    );
    expect(periodLabel({ from: NOV1, to: DEC1 }, WITA, 'en')).toBe('1 Nov 2026 – 30 Nov 2026 (WITA)');
    expect(periodLabel(periodOf('month', DEC1 + H, WIB), WIB, 'id')).toBe('1 Des 2026 – 31 Des 2026 (WIB)');
  });
});
