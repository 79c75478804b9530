// The login throttle's arithmetic: free tries, doubling delays with a ceiling, a success wipes the slate.
import { describe, expect, it } from 'vitest';
import { delayAfter, nextTryAt } from './login-throttle.ts';

describe('delayAfter', () => {
  it('lets three mistakes through, then doubles the wait up to five minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(delayAfter)).toEqual([0, 0, 0, 1000, 2000, 4000, 8000]);
    expect(delayAfter(12)).toBe(300_000);
    expect(delayAfter(1000)).toBe(300_000);
  });
});

describe('nextTryAt', () => {
  const fail = (at: number) => ({ at, ok: false });
  it('allows a try at once without failures, or after a success', () => {
    expect(nextTryAt([], 5000)).toBeNull();
    expect(nextTryAt([{ at: 4000, ok: true }, fail(3000), fail(2000), fail(1000)], 4001)).toBeNull();
  });

  it('makes the fourth failure in a row wait a second after the last one, the fifth two', () => {
    const three = [fail(3000), fail(2000), fail(1000)];
    expect(nextTryAt(three, 3001)).toBe(4000);
    expect(nextTryAt(three, 4000)).toBeNull();
    expect(nextTryAt([fail(5000), ...three], 5001)).toBe(7000);
  });
});
