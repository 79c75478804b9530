// Times in WITA: the start of the day a moment falls on, whatever the browser's own time zone; the reports' counts
// and shares in each language's way.
import { describe, expect, it } from 'vitest';
import { formatCount, formatShare, startOfDayWita } from './format.ts';

describe('startOfDayWita', () => {
  it('gives midnight in Makassar (UTC+8), also when UTC is still on the day before', () => {
    // 2026-11-29 20:39:30.250 UTC is 2026-11-30 04:39 WITA: the WITA day began at 2026-11-29 16:00 UTC.
    expect(startOfDayWita(Date.UTC(2026, 10, 29, 20, 39, 30, 250))).toBe(Date.UTC(2026, 10, 29, 16, 0, 0));
    expect(startOfDayWita(Date.UTC(2026, 10, 29, 15, 59, 59))).toBe(Date.UTC(2026, 10, 28, 16, 0, 0));
    expect(startOfDayWita(Date.UTC(2026, 10, 29, 16, 0, 0))).toBe(Date.UTC(2026, 10, 29, 16, 0, 0));
  });
});

describe('the reports’ numbers', () => {
  it('writes counts and shares the Indonesian way, or the English', () => {
    expect(formatCount(9000, 'id')).toBe('9.000');
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatShare(0.125, 'id')).toBe('12,5 %');
    expect(formatShare(0.125, 'en')).toBe('12.5 %');
    // Just under a 90 % target is not written as 90 %.
    expect(formatShare(0.896, 'id')).toBe('89,6 %');
    expect(formatShare(1, 'id')).toBe('100 %');
  });
});
