// Orderings and summaries of incidents and assignments shared by the dispatcher, agency and supervisor views.
import type { Assignment, Incident } from '../../src/domain/types.ts';

/** Incidents waiting for the dispatcher: highest priority (P1) first, then the one waiting longest. */
export function dispatchQueue(incidents: Iterable<Incident>): Incident[] {
  return [...incidents]
    .filter((i) => i.status === 'waiting_dispatch')
    .sort(
      (a, b) => a.priority - b.priority || (a.forwardedAt ?? a.createdAt) - (b.forwardedAt ?? b.createdAt),
    );
}

/** Incidents with agencies at work, most urgent first. */
export function activeBoard(incidents: Iterable<Incident>): Incident[] {
  return [...incidents]
    .filter((i) => i.status === 'dispatched')
    .sort(
      (a, b) => a.priority - b.priority || (a.dispatchedAt ?? a.createdAt) - (b.dispatchedAt ?? b.createdAt),
    );
}

export const ACK_LATE_MS = 2 * 60_000;

/** Requested assignments not acknowledged after `lateAfterMs`, the longest waiting first. */
export function slowAssignments(
  assignments: Iterable<Assignment>,
  now: number,
  lateAfterMs = ACK_LATE_MS,
): Assignment[] {
  return [...assignments]
    .filter((a) => a.status === 'requested' && now - a.requestedAt > lateAfterMs)
    .sort((a, b) => a.requestedAt - b.requestedAt);
}
