// What each user may see: centre staff see everything, an agency liaison only what concerns its own agency.
import { type TelephonySnapshot, telephonySnapshot } from './acd/projection.ts';
import { carriesAccounts, isDeviceEvent } from './admin/events.ts';
import type { DomainEvent } from './events.ts';
import { isEnded, type State } from './state.ts';
import type { Actor, Assignment, Call, Incident, Unit } from './types.ts';

/** An agency follows an incident while one of its assignments there is not declined or withdrawn. */
export function followsIncident(assignment: Pick<Assignment, 'status'>): boolean {
  return assignment.status !== 'declined' && assignment.status !== 'withdrawn';
}

/**
 * Whether this user may see the event. A responder sees its agency's events about its own unit and about the
 * incident its unit is working on now, so it needs the state (without it, it sees nothing).
 */
export function seesEvent(
  actor: Actor,
  event: DomainEvent | (Pick<DomainEvent, 'agencies'> & { type?: string }),
  state?: State,
): boolean {
  // Accounts are the admin's business, and the supervisor's who watches the room.
  if (carriesAccounts(event)) return actor.role === 'admin' || actor.role === 'supervisor';
  if (isDeviceEvent(event)) return actor.role === 'admin';
  if (actor.role !== 'agency' && actor.role !== 'responder') return true;
  if (actor.agencyId === null || !event.agencies.includes(actor.agencyId)) return false;
  if (actor.role === 'agency') return true;
  return state !== undefined && concernsCrew(state, actor, event as DomainEvent);
}

/** The responder's unit's current incident, or null. */
function crewIncident(state: State, actor: Actor): string | null {
  return (actor.unitId && state.units.get(actor.unitId)?.incidentId) || null;
}

function concernsCrew(state: State, actor: Actor, event: DomainEvent): boolean {
  const e = event as Partial<{
    unitId: string;
    incidentId: string | null;
    incident: { id: string };
    assignmentId: string;
  }>;
  if (e.unitId !== undefined) return e.unitId === actor.unitId;
  const incidentId =
    e.incidentId ??
    e.incident?.id ??
    (e.assignmentId ? state.assignments.get(e.assignmentId)?.incidentId : null);
  return incidentId != null && incidentId === crewIncident(state, actor);
}

/** Whether the user may read this incident (its timeline): a liaison while its agency is on it, a crew while its unit is. */
export function seesIncident(
  state: State,
  actor: Actor,
  incidentId: string,
  assignments: Assignment[],
): boolean {
  if (actor.role === 'agency') return assignments.some((a) => a.agencyId === actor.agencyId);
  if (actor.role === 'responder') return crewIncident(state, actor) === incidentId;
  return true;
}

export interface Snapshot {
  seq: number;
  calls: Call[];
  incidents: Incident[];
  assignments: Assignment[];
  units: Unit[];
  /** Positions, calls through the queue with callers' locations, callbacks and blocks; null for an agency. */
  telephony?: TelephonySnapshot | null;
}

/** The part of the live state a user may see, for a console that loads or reloads. */
export interface SnapshotOptions {
  /** Everything, also closed incidents and handled calls of any age. */
  includeEnded?: boolean;
  /** Also closed incidents and handled calls touched since this time (the supervisor's recent figures). */
  since?: number;
}

/** The part of the live state a user may see, for a console that loads or reloads. */
export function snapshotFor(state: State, actor: Actor, options: SnapshotOptions = {}): Snapshot {
  const since = options.since ?? Number.POSITIVE_INFINITY;
  const ended = (status: Incident['status']) => isEnded({ status });
  if (actor.role === 'responder') return crewSnapshot(state, actor);
  if (actor.role !== 'agency') {
    const incidents = [...state.incidents.values()].filter(
      (i) => options.includeEnded || !ended(i.status) || i.updatedAt >= since,
    );
    const shown = new Set(incidents.map((i) => i.id));
    return {
      seq: state.seq,
      calls: [...state.calls.values()].filter(
        (c) => options.includeEnded || c.status !== 'ended' || c.type === null || c.registeredAt >= since,
      ),
      incidents,
      assignments: [...state.assignments.values()].filter((a) => shown.has(a.incidentId)),
      units: [...state.units.values()],
      telephony: telephonySnapshot(state.telephony),
    };
  }
  const assignments = [...state.assignments.values()].filter((a) => a.agencyId === actor.agencyId);
  // An incident the agency declined (or was withdrawn from) leaves its console; the decline stays in its timeline.
  const incidentIds = new Set(assignments.filter(followsIncident).map((a) => a.incidentId));
  const incidents = [...incidentIds]
    .map((id) => state.incidents.get(id))
    .filter((i): i is Incident => i !== undefined && (options.includeEnded || !ended(i.status)));
  const shown = new Set(incidents.map((i) => i.id));
  return {
    seq: state.seq,
    calls: [],
    incidents,
    assignments: assignments.filter((a) => shown.has(a.incidentId)),
    units: [...state.units.values()].filter((u) => u.agencyId === actor.agencyId),
    // Telephony (who called, from where, who sits at which phone) is never an agency's business.
    telephony: null,
  };
}

/** A crew's view: its own unit, and the assignment and incident the unit is working on now. */
function crewSnapshot(state: State, actor: Actor): Snapshot {
  const unit = actor.unitId ? state.units.get(actor.unitId) : undefined;
  const assignment = unit?.assignmentId ? state.assignments.get(unit.assignmentId) : undefined;
  const incident = unit?.incidentId ? state.incidents.get(unit.incidentId) : undefined;
  return {
    seq: state.seq,
    calls: [],
    incidents: incident && !isEnded(incident) ? [incident] : [],
    assignments: assignment ? [assignment] : [],
    units: unit ? [unit] : [],
    telephony: null,
  };
}
