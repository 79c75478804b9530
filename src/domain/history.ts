// A caller's history by number (however it was written, see phone-number.ts): earlier calls with their type and earlier incidents, and whether to warn.
import { callsFrom, type State } from './state.ts';
import type { Call, CallType, Incident } from './types.ts';

export interface CallerHistory {
  number: string;
  calls: Pick<Call, 'id' | 'registeredAt' | 'type' | 'incidentId' | 'channel'>[];
  incidents: Pick<Incident, 'id' | 'number' | 'category' | 'status' | 'createdAt'>[];
  counts: Partial<Record<CallType, number>>;
  /** Earlier prank or ghost calls from this number: the call taker sees a warning before answering. */
  junkWarning: boolean;
}

const HISTORY_LIMIT = 20;

export function callerHistory(
  state: State,
  number: string,
  excludeCallId: string | null = null,
  /** What the store holds from this number: older than the live state's window, or the same rows again. */
  stored: { calls: Call[]; incidents: Incident[] } = { calls: [], incidents: [] },
): CallerHistory {
  const all = new Map(stored.calls.map((c) => [c.id, c]));
  for (const call of callsFrom(state, number)) all.set(call.id, call);
  const storedIncidents = new Map(stored.incidents.map((i) => [i.id, i]));
  const earlier = [...all.values()]
    .filter((c) => c.id !== excludeCallId)
    .sort((a, b) => b.registeredAt - a.registeredAt);
  const counts: Partial<Record<CallType, number>> = {};
  for (const call of earlier) if (call.type) counts[call.type] = (counts[call.type] ?? 0) + 1;
  const incidentIds = new Set(earlier.map((c) => c.incidentId).filter((id): id is string => id !== null));
  const incidents = [...incidentIds]
    .map((id) => state.incidents.get(id) ?? storedIncidents.get(id))
    .filter((i): i is Incident => i !== undefined)
    .map(({ id, number, category, status, createdAt }) => ({ id, number, category, status, createdAt }));
  return {
    number,
    calls: earlier.slice(0, HISTORY_LIMIT).map(({ id, registeredAt, type, incidentId, channel }) => ({
      id,
      registeredAt,
      type,
      incidentId,
      channel,
    })),
    incidents,
    counts,
    junkWarning: (counts.prank ?? 0) + (counts.ghost ?? 0) > 0,
  };
}
