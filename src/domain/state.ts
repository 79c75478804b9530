// The live state of the centre and the one reducer that moves it forward, shared by server and browser.
import type { DomainEvent } from './events.ts';
import type { Assignment, Call, Incident, Reference, Unit } from './types.ts';

/**
 * The engine decides each batch on a draft of this state (draft.ts) and adopts it once committed: keep every
 * structure a Map, Set, array, plain object or primitive, and have `apply` replace stored values, never edit them.
 */
export interface State {
  /** Sequence number of the last event applied. */
  seq: number;
  ref: Reference;
  calls: Map<string, Call>;
  incidents: Map<string, Incident>;
  assignments: Map<string, Assignment>;
  units: Map<string, Unit>;
}

function emptyReference(): Reference {
  return {
    kecamatan: new Map(),
    desa: new Map(),
    agencies: new Map(),
    stations: new Map(),
    categories: new Map(),
  };
}

export function emptyState(ref: Reference = emptyReference()): State {
  return { seq: 0, ref, calls: new Map(), incidents: new Map(), assignments: new Map(), units: new Map() };
}

/** What one event changed: the ids of the entities it touched, so stores can write just those rows. */
export interface Touched {
  calls: Set<string>;
  incidents: Set<string>;
  assignments: Set<string>;
  units: Set<string>;
}

export function noneTouched(): Touched {
  return { calls: new Set(), incidents: new Set(), assignments: new Set(), units: new Set() };
}

function patch<T extends { id: string }>(
  map: Map<string, T>,
  id: string,
  touched: Set<string>,
  change: Partial<T>,
): void {
  const current = map.get(id);
  if (!current) return;
  map.set(id, { ...current, ...change });
  touched.add(id);
}

/** Applies one event to the state in place. Unknown ids are ignored: a client may see only part of the state. */
export function apply(state: State, event: DomainEvent, touched: Touched = noneTouched()): Touched {
  const at = event.at;
  switch (event.type) {
    case 'call.registered':
      state.calls.set(event.call.id, event.call);
      touched.calls.add(event.call.id);
      break;
    case 'call.answered':
      patch(state.calls, event.callId, touched.calls, {
        status: 'answered',
        answeredAt: at,
        answeredBy: event.actor,
      });
      break;
    case 'call.classified':
      patch(state.calls, event.callId, touched.calls, { type: event.callType, classifiedAt: at });
      break;
    case 'call.ended':
      patch(state.calls, event.callId, touched.calls, { status: 'ended', endedAt: at, endedBy: event.actor });
      break;
    case 'incident.created':
      state.incidents.set(event.incident.id, event.incident);
      touched.incidents.add(event.incident.id);
      for (const callId of event.incident.callIds) {
        patch(state.calls, callId, touched.calls, { incidentId: event.incident.id, type: 'emergency' });
      }
      break;
    case 'incident.call_attached': {
      const incident = state.incidents.get(event.incidentId);
      if (incident) {
        patch(state.incidents, incident.id, touched.incidents, {
          callIds: [...incident.callIds, event.callId],
          updatedAt: at,
        });
      }
      patch(state.calls, event.callId, touched.calls, { incidentId: event.incidentId, type: 'emergency' });
      break;
    }
    case 'incident.amended':
      patch(state.incidents, event.incidentId, touched.incidents, { ...event.changes, updatedAt: at });
      break;
    case 'incident.forwarded':
      patch(state.incidents, event.incidentId, touched.incidents, {
        status: 'waiting_dispatch',
        forwardedAt: at,
        updatedAt: at,
      });
      break;
    case 'assignment.requested': {
      if (!state.incidents.has(event.incident.id)) state.incidents.set(event.incident.id, event.incident);
      state.assignments.set(event.assignment.id, event.assignment);
      touched.assignments.add(event.assignment.id);
      const incident = state.incidents.get(event.incident.id)!;
      patch(state.incidents, incident.id, touched.incidents, {
        status: 'dispatched',
        dispatchedAt: incident.dispatchedAt ?? at,
        updatedAt: at,
      });
      break;
    }
    case 'assignment.acknowledged':
      patch(state.assignments, event.assignmentId, touched.assignments, {
        status: 'acknowledged',
        acknowledgedAt: at,
        updatedAt: at,
      });
      break;
    case 'assignment.declined':
      patch(state.assignments, event.assignmentId, touched.assignments, {
        status: 'declined',
        declinedReason: event.reason,
        updatedAt: at,
      });
      break;
    case 'assignment.unit_assigned': {
      const assignment = state.assignments.get(event.assignmentId);
      if (assignment) {
        patch(state.assignments, assignment.id, touched.assignments, {
          unitIds: [...assignment.unitIds, event.unitId],
          updatedAt: at,
        });
      }
      patch(state.units, event.unitId, touched.units, {
        status: 'dispatched',
        assignmentId: event.assignmentId,
        incidentId: assignment?.incidentId ?? null,
        updatedAt: at,
      });
      break;
    }
    case 'unit.status_changed': {
      const freed = event.status === 'available' || event.status === 'out_of_service';
      patch(state.units, event.unitId, touched.units, {
        status: event.status,
        updatedAt: at,
        ...(freed ? { assignmentId: null, incidentId: null } : {}),
      });
      break;
    }
    case 'assignment.completed':
      patch(state.assignments, event.assignmentId, touched.assignments, {
        status: 'done',
        outcome: event.outcome,
        doneAt: at,
        updatedAt: at,
      });
      break;
    case 'incident.ended':
      patch(state.incidents, event.incidentId, touched.incidents, {
        status: event.status,
        closedAt: at,
        closedBy: event.actor,
        closeReason: event.reason,
        updatedAt: at,
      });
      for (const assignment of state.assignments.values()) {
        if (assignment.incidentId === event.incidentId && isOpenAssignment(assignment)) {
          patch(state.assignments, assignment.id, touched.assignments, {
            status: 'withdrawn',
            updatedAt: at,
          });
        }
      }
      break;
  }
  return touched;
}

export function isOpenAssignment(assignment: Assignment): boolean {
  return assignment.status === 'requested' || assignment.status === 'acknowledged';
}

export function assignmentsOf(state: State, incidentId: string): Assignment[] {
  return [...state.assignments.values()].filter((a) => a.incidentId === incidentId);
}

/**
 * What an event is about, for finding it again: the incident it concerns, or the call while the call has no
 * incident yet. Read from the event's own fields, so new event types are covered when they name their subject.
 */
export function subjectOf(state: State, event: DomainEvent): string | null {
  const e = event as Partial<{
    incidentId: string | null;
    incident: { id: string };
    assignmentId: string;
    callId: string;
    call: { id: string };
    unitId: string;
  }>;
  if (e.incidentId) return e.incidentId;
  if (e.incident) return e.incident.id;
  if (e.assignmentId) return state.assignments.get(e.assignmentId)?.incidentId ?? null;
  if (e.callId) return state.calls.get(e.callId)?.incidentId ?? e.callId;
  if (e.call) return e.call.id;
  if (e.unitId) return state.units.get(e.unitId)?.incidentId ?? null;
  return null;
}
