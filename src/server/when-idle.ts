// Work that can wait for a quiet moment: run once, after the event loop was nearly idle for a whole second.
import { performance } from 'node:perf_hooks';

const STEP_MS = 1000;
/** The share of a second the event loop may have been busy for the second to count as idle. */
const IDLE_BELOW = 0.1;

/** Runs the work once the server is idle (checked each second; the check keeps no process alive). */
export function whenIdle(work: () => Promise<unknown>, onError: (error: unknown) => void): void {
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    if (busy >= IDLE_BELOW) return;
    clearInterval(timer);
    work().catch(onError);
  }, STEP_MS);
  timer.unref();
}
