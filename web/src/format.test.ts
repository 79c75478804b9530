// Times in WITA: the start of the day a moment falls on, whatever the browser's own time zone.
import { describe, expect, it } from 'vitest';
import { startOfDayWita } from './format.ts';

describe('startOfDayWita', () => {
  it('gives midnight in Makassar (UTC+8), also when UTC is still on the day before', () => {
    // 2026-11-29 20:39:30.250 UTC is 2026-11-30 04:39 WITA: the WITA day began at 2026-11-29 16:00 UTC.
    expect(startOfDayWita(Date.UTC(2026, 10, 29, 20, 39, 30, 250))).toBe(Date.UTC(2026, 10, 29, 16, 0, 0));
    expect(startOfDayWita(Date.UTC(2026, 10, 29, 15, 59, 59))).toBe(Date.UTC(2026, 10, 28, 16, 0, 0));
    expect(startOfDayWita(Date.UTC(2026, 10, 29, 16, 0, 0))).toBe(Date.UTC(2026, 10, 29, 16, 0, 0));
  });
});
