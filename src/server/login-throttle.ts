// How long a username must wait before another login try from the same address: free tries, then doubling delays.

/** Failures of one username from one address are remembered this long (or until a successful login from there). */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Wrong passwords allowed back to back before the first delay (typing mistakes on a shared PC). */
const FREE_FAILURES = 3;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 5 * 60_000;

/** The wait after the given number of consecutive failures: 0, 0, 0, 1 s, 2 s, 4 s, … up to 5 minutes. */
export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

/**
 * When the next try is allowed, from the recent attempts of one username from one address (newest first):
 * only the failures since the last success count. Null: a try is allowed now.
 */
export function nextTryAt(attempts: readonly { at: number; ok: boolean }[], now: number): number | null {
  let failures = 0;
  for (const attempt of attempts) {
    if (attempt.ok) break;
    failures++;
  }
  if (failures === 0) return null;
  const retryAt = attempts[0]!.at + delayAfter(failures);
  return retryAt > now ? retryAt : null;
}
