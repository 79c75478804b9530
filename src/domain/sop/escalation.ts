// Which escalations are due now, derived only from stored facts and the clock, so restarts change nothing.
import type { DomainEvent } from '../events.ts';
import type { AssignmentStatus, UnitStatus } from '../types.ts';
import type { Timer } from './document.ts';

const ESCALATION_KINDS = ['ack_overdue', 'en_route_overdue', 'on_scene_overdue'] as const;
type EscalationKind = (typeof ESCALATION_KINDS)[number];

/** What the log says about one assignment, as far as its timers are concerned. */
export interface AssignmentFacts {
  id: string;
  incidentId: string;
  agencyId: string;
  status: AssignmentStatus;
  requestedAt: number;
  acknowledgedAt: number | null;
  /** When a unit of the assignment first went en route (or further), or null. */
  enRouteAt: number | null;
  /** When a unit of the assignment first reached the scene (or further), or null. */
  onSceneAt: number | null;
}

/** An escalation already recorded in the log. */
export interface RaisedEscalation {
  kind: EscalationKind;
  assignmentId: string;
  at: number;
}

export interface DueEscalation {
  kind: EscalationKind;
  assignmentId: string;
  /** When it became due: the deadline, or the last time it was raised plus the repeat interval. Stable across
   * restarts for the same stored facts, so it makes a good idempotency key. */
  dueAt: number;
  /** The deadline that was missed. */
  deadline: number;
  /** 1 for the first time, 2 for the first repeat, … */
  occurrence: number;
}

const OPEN: readonly AssignmentStatus[] = ['requested', 'acknowledged'];
const EN_ROUTE_OR_LATER: readonly UnitStatus[] = ['en_route', 'on_scene', 'transporting', 'at_hospital'];
const ON_SCENE_OR_LATER: readonly UnitStatus[] = ['on_scene', 'transporting', 'at_hospital'];

/** The deadline of one kind of escalation for an assignment, or null when its cause is already resolved. */
function deadlineOf(kind: EscalationKind, facts: AssignmentFacts, timer: Timer): number | null {
  if (!OPEN.includes(facts.status)) return null;
  switch (kind) {
    case 'ack_overdue':
      return facts.acknowledgedAt === null && facts.status === 'requested'
        ? facts.requestedAt + timer.ackSeconds * 1000
        : null;
    case 'en_route_overdue':
      return facts.enRouteAt === null && facts.onSceneAt === null
        ? facts.requestedAt + timer.enRouteSeconds * 1000
        : null;
    case 'on_scene_overdue':
      return facts.onSceneAt === null ? facts.requestedAt + timer.onSceneMinutes * 60_000 : null;
  }
}

/**
 * Every escalation whose cause stands, with the instant it is (or becomes) due. Each (assignment, kind) is due
 * at its deadline, then again `repeatSeconds` after it was last raised, for as long as its cause stands.
 */
function pendingEscalations(input: {
  timer: Timer;
  assignments: readonly AssignmentFacts[];
  raised: readonly RaisedEscalation[];
}): DueEscalation[] {
  const { timer } = input;
  const pending: DueEscalation[] = [];
  for (const facts of input.assignments) {
    for (const kind of ESCALATION_KINDS) {
      const deadline = deadlineOf(kind, facts, timer);
      if (deadline === null) continue;
      const earlier = input.raised.filter((r) => r.assignmentId === facts.id && r.kind === kind);
      const last = earlier.reduce<number | null>((max, r) => (max === null || r.at > max ? r.at : max), null);
      const dueAt = last === null ? deadline : Math.max(deadline, last + timer.repeatSeconds * 1000);
      pending.push({ kind, assignmentId: facts.id, dueAt, deadline, occurrence: earlier.length + 1 });
    }
  }
  return pending.sort(
    (a, b) =>
      a.dueAt - b.dueAt ||
      a.assignmentId.localeCompare(b.assignmentId) ||
      ESCALATION_KINDS.indexOf(a.kind) - ESCALATION_KINDS.indexOf(b.kind),
  );
}

/**
 * The escalations due at `now` for the assignments of one incident under the timer of its priority: raised at
 * most once per repeat interval, however often and after whatever restart this is asked.
 */
export function dueEscalations(input: {
  now: number;
  timer: Timer;
  assignments: readonly AssignmentFacts[];
  raised: readonly RaisedEscalation[];
}): DueEscalation[] {
  return pendingEscalations(input).filter((e) => input.now >= e.dueAt);
}

/** The next instant at which something becomes due, for a worker to sleep until; null when nothing will. */
export function nextDueAt(input: {
  timer: Timer;
  assignments: readonly AssignmentFacts[];
  raised: readonly RaisedEscalation[];
}): number | null {
  return pendingEscalations(input)[0]?.dueAt ?? null;
}

/** Folds events (in log order) into the facts of every assignment they mention. */
export function assignmentFactsFrom(events: Iterable<DomainEvent>): Map<string, AssignmentFacts> {
  const facts = new Map<string, AssignmentFacts>();
  const unitAssignment = new Map<string, string>();
  const set = (id: string, change: Partial<AssignmentFacts>) => {
    const current = facts.get(id);
    if (current) facts.set(id, { ...current, ...change });
  };
  for (const event of events) {
    switch (event.type) {
      case 'assignment.requested':
        facts.set(event.assignment.id, {
          id: event.assignment.id,
          incidentId: event.assignment.incidentId,
          agencyId: event.assignment.agencyId,
          status: 'requested',
          requestedAt: event.assignment.requestedAt,
          acknowledgedAt: null,
          enRouteAt: null,
          onSceneAt: null,
        });
        break;
      case 'assignment.acknowledged':
        set(event.assignmentId, { status: 'acknowledged', acknowledgedAt: event.at });
        break;
      case 'assignment.declined':
        set(event.assignmentId, { status: 'declined' });
        break;
      case 'assignment.completed':
        set(event.assignmentId, { status: 'done' });
        break;
      case 'assignment.unit_assigned':
        unitAssignment.set(event.unitId, event.assignmentId);
        break;
      case 'unit.status_changed': {
        const assignmentId = unitAssignment.get(event.unitId);
        const current = assignmentId === undefined ? undefined : facts.get(assignmentId);
        if (!current) break;
        const at = event.pressedAt ?? event.at;
        if (EN_ROUTE_OR_LATER.includes(event.status) && current.enRouteAt === null) {
          set(current.id, { enRouteAt: at });
        }
        if (ON_SCENE_OR_LATER.includes(event.status) && current.onSceneAt === null) {
          set(current.id, { onSceneAt: at });
        }
        if (event.status === 'available' || event.status === 'out_of_service')
          unitAssignment.delete(event.unitId);
        break;
      }
      case 'incident.ended':
        for (const f of facts.values()) {
          if (f.incidentId === event.incidentId && OPEN.includes(f.status))
            set(f.id, { status: 'withdrawn' });
        }
        break;
      default:
        break;
    }
  }
  return facts;
}

/** An escalation raised and not yet resolved: the latest raising of each (assignment, kind) whose cause stands. */
export interface StandingEscalation extends RaisedEscalation {
  occurrences: number;
}

/** The escalations a console should still show, from the same stored facts: raised, cause not resolved. */
export function standingEscalations(input: {
  timer: Timer;
  assignments: readonly AssignmentFacts[];
  raised: readonly RaisedEscalation[];
}): StandingEscalation[] {
  const standing: StandingEscalation[] = [];
  for (const facts of input.assignments) {
    for (const kind of ESCALATION_KINDS) {
      if (deadlineOf(kind, facts, input.timer) === null) continue;
      const earlier = input.raised.filter((r) => r.assignmentId === facts.id && r.kind === kind);
      if (earlier.length === 0) continue;
      const at = Math.max(...earlier.map((r) => r.at));
      standing.push({ kind, assignmentId: facts.id, at, occurrences: earlier.length });
    }
  }
  return standing.sort((a, b) => a.at - b.at || a.assignmentId.localeCompare(b.assignmentId));
}
