// The live state of the centre and the one reducer that moves it forward, shared by server and browser.
import { applyTelephony, isTelephonyEvent } from './acd/projection.ts';
import { emptyTelephony, type TelephonyState } from './acd/types.ts';
import { applyAdmin, isAdminEvent } from './admin/projection.ts';
import { REFERENCE_SUBJECT } from './admin/reference.ts';
import type { DomainEvent } from './events.ts';
import { phoneNumberKey } from './phone-number.ts';
import { categoriesOf } from './sop/reference.ts';
import type { Assignment, Call, Incident, Reference, TrackerDevice, Unit, UserAccount } from './types.ts';

/** The log's subject of every telephony event: the projection is rebuilt from these at start. */
export const TELEPHONY_SUBJECT = 'telephony';

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
  /** The accounts, as the log (and the seed before it) made them; no password hashes. */
  users: Map<string, UserAccount>;
  /** The GPS trackers allowed to report units' positions, active or revoked. */
  devices: Map<string, TrackerDevice>;
  /** Incidents created since the beginning, also those no longer held (numbering goes on from here). */
  incidentsCreated: number;
  /** Kept by `apply` (and `load`) beside the maps, so no lookup has to scan everything ever recorded. */
  index: StateIndex;
  /** Positions, call queue, callbacks, caller locations and blocks: a projection of the telephony events. */
  telephony: TelephonyState;
}

/** Lookups by something other than the id. A unit's own `assignmentId` is the unit → assignment index. */
interface StateIndex {
  /** Incident id → ids of its assignments. */
  assignmentsByIncident: Map<string, ReadonlySet<string>>;
  /** The incidents neither closed nor cancelled, by id. */
  openIncidents: Map<string, Incident>;
  /**
   * The calls from each number (by its phoneNumberKey) as a chain of flat Maps, so adding one costs the same however often the number
   * called: number → the call that joined last, and each call → its neighbours from the same number.
   */
  lastCallFrom: Map<string, string>;
  earlierCallFrom: Map<string, string>;
  laterCallFrom: Map<string, string>;
  /** Ended incidents and calls → when they ended, in the order they ended: what `forgetEnded` drops first. */
  endedIncidents: Map<string, number>;
  endedCalls: Map<string, number>;
}

/** How long closed incidents and handled calls stay in the live state (and the snapshot) after they end. */
export const RECENT_WINDOW_MS = 24 * 3_600_000;

function emptyReference(): Reference {
  return {
    kecamatan: new Map(),
    desa: new Map(),
    agencies: new Map(),
    stations: new Map(),
    categories: new Map(),
    sops: new Map(),
  };
}

export function emptyState(ref: Reference = emptyReference()): State {
  return {
    seq: 0,
    ref,
    calls: new Map(),
    incidents: new Map(),
    assignments: new Map(),
    units: new Map(),
    users: new Map(),
    devices: new Map(),
    incidentsCreated: 0,
    index: {
      assignmentsByIncident: new Map(),
      openIncidents: new Map(),
      lastCallFrom: new Map(),
      earlierCallFrom: new Map(),
      laterCallFrom: new Map(),
      endedIncidents: new Map(),
      endedCalls: new Map(),
    },
    telephony: emptyTelephony(),
  };
}

/** Index sets are replaced, never changed in place, like every stored value (drafts share them with the state). */
function addTo(index: Map<string, ReadonlySet<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids?.has(id)) return;
  index.set(key, new Set(ids).add(id));
}

function linkCall(index: StateIndex, number: string, id: string): void {
  const last = index.lastCallFrom.get(number);
  if (last !== undefined) {
    index.earlierCallFrom.set(id, last);
    index.laterCallFrom.set(last, id);
  }
  index.lastCallFrom.set(number, id);
}

function unlinkCall(index: StateIndex, number: string, id: string): void {
  const earlier = index.earlierCallFrom.get(id);
  const later = index.laterCallFrom.get(id);
  if (later === undefined) {
    if (earlier === undefined) index.lastCallFrom.delete(number);
    else index.lastCallFrom.set(number, earlier);
  } else if (earlier === undefined) index.earlierCallFrom.delete(later);
  else index.earlierCallFrom.set(later, earlier);
  if (earlier !== undefined) {
    if (later === undefined) index.laterCallFrom.delete(earlier);
    else index.laterCallFrom.set(earlier, later);
  }
  index.earlierCallFrom.delete(id);
  index.laterCallFrom.delete(id);
}

/** The writers of the entity maps: every change goes through one of them, so the indexes follow. */
function putCall(state: State, call: Call): void {
  const before = state.calls.get(call.id);
  if (before?.number !== call.number) {
    const was = before?.number ? phoneNumberKey(before.number) : null;
    const key = call.number ? phoneNumberKey(call.number) : null;
    if (was !== null) unlinkCall(state.index, was, call.id);
    if (key !== null) linkCall(state.index, key, call.id);
  }
  if (call.status === 'ended' && before?.status !== 'ended') {
    state.index.endedCalls.set(call.id, call.endedAt ?? call.registeredAt);
  }
  state.calls.set(call.id, call);
}

function putIncident(state: State, incident: Incident): void {
  const before = state.incidents.get(incident.id);
  if (isEnded(incident)) {
    state.index.openIncidents.delete(incident.id);
    if (!before || !isEnded(before)) {
      state.index.endedIncidents.set(incident.id, incident.closedAt ?? incident.updatedAt);
    }
  } else state.index.openIncidents.set(incident.id, incident);
  state.incidents.set(incident.id, incident);
}

function putAssignment(state: State, assignment: Assignment): void {
  addTo(state.index.assignmentsByIncident, assignment.incidentId, assignment.id);
  state.assignments.set(assignment.id, assignment);
}

function putUnit(state: State, unit: Unit): void {
  state.units.set(unit.id, unit);
}

/** Puts entities read elsewhere (the state tables, a console's snapshot) into the state, indexes included. */
export function load(
  state: State,
  entities: {
    calls?: Call[];
    incidents?: Incident[];
    assignments?: Assignment[];
    units?: Unit[];
    users?: UserAccount[];
    devices?: TrackerDevice[];
  },
): void {
  // In the order they ended, so the queues of what to forget stay in time order.
  const calls = [...(entities.calls ?? [])].sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
  const incidents = [...(entities.incidents ?? [])].sort((a, b) => (a.closedAt ?? 0) - (b.closedAt ?? 0));
  for (const call of calls) putCall(state, call);
  for (const incident of incidents) putIncident(state, incident);
  for (const assignment of entities.assignments ?? []) putAssignment(state, assignment);
  for (const unit of entities.units ?? []) putUnit(state, unit);
  for (const user of entities.users ?? []) state.users.set(user.id, user);
  for (const device of entities.devices ?? []) state.devices.set(device.id, device);
}

/** What one event changed: the ids of the entities it touched, so stores can write just those rows. */
export interface Touched {
  calls: Set<string>;
  incidents: Set<string>;
  assignments: Set<string>;
  units: Set<string>;
  /** SOP versions published (their version row and the categories table follow). */
  sopVersions: Set<number>;
  users: Set<string>;
  agencies: Set<string>;
  stations: Set<string>;
  devices: Set<string>;
}

export function noneTouched(): Touched {
  return {
    calls: new Set(),
    incidents: new Set(),
    assignments: new Set(),
    units: new Set(),
    sopVersions: new Set(),
    users: new Set(),
    agencies: new Set(),
    stations: new Set(),
    devices: new Set(),
  };
}

interface Entities {
  calls: Call;
  incidents: Incident;
  assignments: Assignment;
  units: Unit;
}

const PUT: { [K in keyof Entities]: (state: State, entity: Entities[K]) => void } = {
  calls: putCall,
  incidents: putIncident,
  assignments: putAssignment,
  units: putUnit,
};

function patch<K extends keyof Entities>(
  state: State,
  kind: K,
  id: string,
  touched: Touched,
  change: Partial<Entities[K]>,
): void {
  const current = (state[kind] as Map<string, Entities[K]>).get(id);
  if (!current) return;
  PUT[kind](state, { ...current, ...change });
  touched[kind].add(id);
}

/** Applies one event to the state in place. Unknown ids are ignored: a client may see only part of the state. */
export function apply(state: State, event: DomainEvent, touched: Touched = noneTouched()): Touched {
  const at = event.at;
  if (isTelephonyEvent(event)) {
    applyTelephony(state.telephony, event);
    return touched;
  }
  if (isAdminEvent(event)) {
    applyAdmin(state, event, touched);
    return touched;
  }
  switch (event.type) {
    case 'call.registered':
      putCall(state, event.call);
      touched.calls.add(event.call.id);
      break;
    case 'call.answered':
      patch(state, 'calls', event.callId, touched, {
        status: 'answered',
        answeredAt: at,
        answeredBy: event.actor,
      });
      break;
    case 'call.classified':
      patch(state, 'calls', event.callId, touched, { type: event.callType, classifiedAt: at });
      break;
    case 'call.transferred':
      patch(state, 'calls', event.callId, touched, { answeredBy: event.to });
      break;
    case 'call.transfer_started':
    case 'call.transfer_failed':
    case 'call.transferred_out':
      // Timeline facts only: the call's state moves with call.transferred / call.ended.
      break;
    case 'call.personal_data_erased':
      patch(state, 'calls', event.callId, touched, { number: null, erasedAt: at });
      break;
    case 'call.ended':
      patch(state, 'calls', event.callId, touched, {
        status: 'ended',
        endedAt: at,
        endedBy: event.actor,
        ...(event.by ? { hungUpBy: event.by } : {}),
      });
      break;
    case 'incident.created':
      state.incidentsCreated++;
      putIncident(state, event.incident);
      touched.incidents.add(event.incident.id);
      for (const callId of event.incident.callIds) {
        patch(state, 'calls', callId, touched, { incidentId: event.incident.id, type: 'emergency' });
      }
      break;
    case 'incident.call_attached': {
      const incident = state.incidents.get(event.incidentId);
      if (incident) {
        patch(state, 'incidents', incident.id, touched, {
          callIds: [...incident.callIds, event.callId],
          updatedAt: at,
        });
      }
      patch(state, 'calls', event.callId, touched, { incidentId: event.incidentId, type: 'emergency' });
      break;
    }
    case 'incident.amended':
      patch(state, 'incidents', event.incidentId, touched, { ...event.changes, updatedAt: at });
      break;
    case 'incident.note_added':
      patch(state, 'incidents', event.incidentId, touched, { updatedAt: at });
      break;
    case 'incident.linked': {
      const incident = state.incidents.get(event.incidentId);
      if (incident) {
        patch(state, 'incidents', incident.id, touched, {
          linkedIds: [...(incident.linkedIds ?? []), event.otherId],
          updatedAt: at,
        });
      }
      break;
    }
    case 'incident.absorbed':
      absorb(state, event, touched);
      break;
    case 'incident.merged':
      patch(state, 'incidents', event.incidentId, touched, {
        status: 'cancelled',
        mergedInto: event.intoId,
        closedAt: at,
        closedBy: event.actor,
        closeReason: event.reason,
        updatedAt: at,
      });
      break;
    case 'incident.forwarded':
      patch(state, 'incidents', event.incidentId, touched, {
        status: 'waiting_dispatch',
        forwardedAt: at,
        updatedAt: at,
      });
      break;
    case 'incident.triaged':
      patch(state, 'incidents', event.incidentId, touched, { triage: event.triage, updatedAt: at });
      break;
    case 'sop.published': {
      // The new version's categories are the ones offered; those it drops stay, retired, for older incidents.
      const offered = categoriesOf(event.sop.doc);
      const codes = new Set(offered.map((c) => c.code));
      for (const [code, category] of state.ref.categories) {
        if (!codes.has(code)) state.ref.categories.set(code, { ...category, retired: true });
      }
      for (const category of offered) state.ref.categories.set(category.code, category);
      state.ref.sops.set(event.sop.version, event.sop);
      touched.sopVersions.add(event.sop.version);
      break;
    }
    case 'assignment.requested': {
      if (!state.incidents.has(event.incident.id)) putIncident(state, event.incident);
      putAssignment(state, event.assignment);
      touched.assignments.add(event.assignment.id);
      const incident = state.incidents.get(event.incident.id)!;
      patch(state, 'incidents', incident.id, touched, {
        status: 'dispatched',
        dispatchedAt: incident.dispatchedAt ?? at,
        updatedAt: at,
      });
      break;
    }
    case 'assignment.acknowledged':
      patch(state, 'assignments', event.assignmentId, touched, {
        status: 'acknowledged',
        acknowledgedAt: at,
        updatedAt: at,
        ...(event.via ? { acknowledgedVia: event.via } : {}),
      });
      break;
    case 'assignment.withdrawn':
      patch(state, 'assignments', event.assignmentId, touched, {
        status: 'withdrawn',
        withdrawnReason: event.reason,
        updatedAt: at,
      });
      break;
    case 'assignment.declined':
      patch(state, 'assignments', event.assignmentId, touched, {
        status: 'declined',
        declinedReason: event.reason,
        updatedAt: at,
      });
      break;
    case 'assignment.unit_assigned': {
      const assignment = state.assignments.get(event.assignmentId);
      if (assignment) {
        patch(state, 'assignments', assignment.id, touched, {
          unitIds: [...assignment.unitIds, event.unitId],
          updatedAt: at,
        });
      }
      patch(state, 'units', event.unitId, touched, {
        status: 'dispatched',
        assignmentId: event.assignmentId,
        incidentId: assignment?.incidentId ?? null,
        updatedAt: at,
      });
      break;
    }
    case 'unit.status_changed': {
      // Returning, the crew is done with the incident: it leaves it, and is free once it says it is ready.
      const freed =
        event.status === 'available' || event.status === 'out_of_service' || event.status === 'returning';
      patch(state, 'units', event.unitId, touched, {
        status: event.status,
        // A change that waited on the crew's phone holds from when the button was pressed.
        updatedAt: event.pressedAt ?? at,
        ...(freed ? { assignmentId: null, incidentId: null } : {}),
      });
      break;
    }
    case 'assignment.completed':
      patch(state, 'assignments', event.assignmentId, touched, {
        status: 'done',
        outcome: event.outcome,
        doneAt: at,
        updatedAt: at,
      });
      break;
    case 'incident.ended':
      patch(state, 'incidents', event.incidentId, touched, {
        status: event.status,
        closedAt: at,
        closedBy: event.actor,
        closeReason: event.reason,
        updatedAt: at,
      });
      for (const assignment of assignmentsOf(state, event.incidentId)) {
        if (isOpenAssignment(assignment)) {
          patch(state, 'assignments', assignment.id, touched, {
            status: 'withdrawn',
            updatedAt: at,
          });
        }
      }
      break;
  }
  return touched;
}

/** The survivor of a merge takes the merged incident's calls and the assignments (with their units) that moved. */
function absorb(
  state: State,
  event: Extract<DomainEvent, { type: 'incident.absorbed' }>,
  touched: Touched,
): void {
  const survivor = event.incidentId;
  // A console that did not follow the survivor (an agency whose request just moved) gets it from the event.
  if (!state.incidents.has(survivor)) putIncident(state, event.incident);
  else {
    const incident = state.incidents.get(survivor)!;
    patch(state, 'incidents', survivor, touched, {
      callIds: [...incident.callIds, ...event.callIds.filter((id) => !incident.callIds.includes(id))],
      updatedAt: event.at,
    });
  }
  touched.incidents.add(survivor);
  for (const callId of event.callIds) patch(state, 'calls', callId, touched, { incidentId: survivor });
  for (const id of event.assignmentIds) {
    const assignment = state.assignments.get(id);
    if (!assignment) continue;
    const from = state.index.assignmentsByIncident.get(assignment.incidentId);
    if (from) {
      const rest = new Set(from);
      rest.delete(id);
      state.index.assignmentsByIncident.set(assignment.incidentId, rest);
    }
    patch(state, 'assignments', id, touched, { incidentId: survivor, updatedAt: event.at });
    for (const unitId of assignment.unitIds) {
      if (state.units.get(unitId)?.assignmentId === id) {
        patch(state, 'units', unitId, touched, { incidentId: survivor });
      }
    }
  }
}

/** Whether the incident is over: closed or cancelled. */
export function isEnded(incident: Pick<Incident, 'status'>): boolean {
  return incident.status === 'closed' || incident.status === 'cancelled';
}

export function isOpenAssignment(assignment: Assignment): boolean {
  return assignment.status === 'requested' || assignment.status === 'acknowledged';
}

/** The assignments of one incident, in the order they were requested. */
export function assignmentsOf(state: State, incidentId: string): Assignment[] {
  const found: Assignment[] = [];
  for (const id of state.index.assignmentsByIncident.get(incidentId) ?? []) {
    const assignment = state.assignments.get(id);
    if (assignment) found.push(assignment);
  }
  return found;
}

function dropCall(state: State, call: Call): void {
  const key = call.number ? phoneNumberKey(call.number) : null;
  if (key !== null) unlinkCall(state.index, key, call.id);
  state.index.endedCalls.delete(call.id);
  state.calls.delete(call.id);
}

/**
 * Forgets the incidents (with their assignments and handled calls) and the calls that ended before `before`:
 * the store keeps them, the live state holds open work and a recent window. Walks the queues of what ended in
 * order and stops at the first that is still recent, so it costs what it drops, never a scan.
 */
export function forgetEnded(state: State, before: number): number {
  const { index } = state;
  let dropped = 0;
  for (const [id, at] of index.endedIncidents) {
    if (at >= before) break;
    index.endedIncidents.delete(id);
    const incident = state.incidents.get(id);
    if (!incident || !isEnded(incident)) continue;
    for (const assignmentId of index.assignmentsByIncident.get(id) ?? [])
      state.assignments.delete(assignmentId);
    index.assignmentsByIncident.delete(id);
    for (const callId of incident.callIds) {
      const call = state.calls.get(callId);
      if (call?.status === 'ended') dropCall(state, call);
    }
    state.incidents.delete(id);
    dropped++;
  }
  for (const [id, at] of index.endedCalls) {
    if (at >= before) break;
    index.endedCalls.delete(id);
    const call = state.calls.get(id);
    // A call of an incident still held goes with its incident.
    if (!call || (call.incidentId !== null && state.incidents.has(call.incidentId))) continue;
    dropCall(state, call);
    dropped++;
  }
  return dropped;
}

/** The calls the state holds from one number, however it was written (phone-number.ts), newest joined first. */
export function callsFrom(state: State, number: string): Call[] {
  const found: Call[] = [];
  const key = phoneNumberKey(number);
  let id = key === null ? undefined : state.index.lastCallFrom.get(key);
  while (id !== undefined) {
    const call = state.calls.get(id);
    if (call) found.push(call);
    id = state.index.earlierCallFrom.get(id);
  }
  return found;
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
  if (isTelephonyEvent(event)) return TELEPHONY_SUBJECT;
  if (event.type === 'reference.adopted') return REFERENCE_SUBJECT;
  if (e.incidentId) return e.incidentId;
  if (e.incident) return e.incident.id;
  if (e.assignmentId) return state.assignments.get(e.assignmentId)?.incidentId ?? null;
  if (e.callId) return state.calls.get(e.callId)?.incidentId ?? e.callId;
  if (e.call) return e.call.id;
  if (e.unitId) return state.units.get(e.unitId)?.incidentId ?? null;
  return null;
}
