// The lists behind the histogram bars: each bin's durations as facts.ts bins them, a 0 s answer in the first.
import { describe, expect, it } from 'vitest';
import { binOf } from '../../../../src/domain/reports/facts.ts';
import { binParams } from './drill-params.ts';

describe('the list behind a histogram bar', () => {
  it("asks for the bin's durations, the first from 0 s, the last without an end", () => {
    expect(binParams('processingAbove', 'processingAtMost', 0, 5)).toEqual({ processingAtMost: '5000' });
    expect(binOf(0)).toBe('5');
    expect(binParams('processingAbove', 'processingAtMost', 45, 60)).toEqual({
      processingAbove: '45000',
      processingAtMost: '60000',
    });
    expect(binParams('answerAbove', 'answerAtMost', 3600, null)).toEqual({ answerAbove: '3600000' });
  });
});
