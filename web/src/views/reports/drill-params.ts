// The query of the list behind a histogram bar of the reports view: the durations in that bar's bin.

/**
 * The query of a histogram bin's durations in ms, (lo, hi] seconds as facts.ts `binOf` bins them: the first bin has
 * no lower bound (it holds the durations of 0 s, which a bound `> 0` would leave out), the last no upper bound.
 */
export function binParams(
  above: string,
  atMost: string,
  lo: number,
  hi: number | null,
): Record<string, string> {
  return {
    ...(lo > 0 ? { [above]: String(lo * 1000) } : {}),
    ...(hi === null ? {} : { [atMost]: String(hi * 1000) }),
  };
}
