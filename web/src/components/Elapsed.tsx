// A running timer since a moment, ticking once a second, marked late past a threshold.
import { formatDuration } from '../format.ts';
import { useNow } from '../hooks.ts';

export function Elapsed({ since, lateAfterMs }: { since: number; lateAfterMs?: number }) {
  const now = useNow();
  const ms = now - since;
  const late = lateAfterMs !== undefined && ms > lateAfterMs;
  return (
    <span className={`elapsed${late ? ' late' : ''}`} role="timer">
      {formatDuration(ms)}
    </span>
  );
}
