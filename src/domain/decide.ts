// decide(state, command, context) → events: every rule of the 112 flow, pure, with clock and ids passed in.

import { registerCall, TELEPHONY_HANDLERS } from './acd/handlers.ts';
import type { AcdConfig } from './acd/types.ts';
import { ADMIN_HANDLERS } from './admin/handlers.ts';
import type { Command, CommandPayload, CommandType } from './commands.ts';
import { conflict, forbidden, invalid, notFound } from './errors.ts';
import type { DomainEvent, EventBody, IncidentChanges } from './events.ts';
import { JUNK_CALL_TYPES } from './personal-fields.ts';
import { may, mayIssue } from './policy.ts';
import type { SopDocument } from './sop/document.ts';
import { sopInForce } from './sop/reference.ts';
import { unitKindsOf } from './sop/run-card.ts';
import { triageOf } from './sop/triage.ts';
import { validateSop } from './sop/validate.ts';
import { assignmentsOf, isEnded, isOpenAssignment, type State } from './state.ts';
import type {
  Actor,
  Assignment,
  Call,
  Incident,
  Location,
  Priority,
  PublishedSop,
  Unit,
  UnitStatus,
} from './types.ts';
import { followsIncident } from './visibility.ts';

export interface Context {
  now: number;
  actor: Actor;
  newId: () => string;
  /** The call queue's settings (default DEFAULT_ACD_CONFIG). */
  acd?: Partial<AcdConfig>;
  /** The digest of a secret the server made for this command (a tracker's, `device.register`); never the secret. */
  secretHash?: string;
}

export interface Decision {
  events: DomainEvent[];
  /** What the command answers besides its events, e.g. the id of what it created. */
  result: Record<string, unknown>;
}

/** Moves a unit may make by itself; `dispatched` is reached only by assigning the unit to an assignment. */
export const UNIT_TRANSITIONS: Record<UnitStatus, readonly UnitStatus[]> = {
  available: ['out_of_service'],
  dispatched: ['en_route', 'available', 'out_of_service'],
  en_route: ['on_scene', 'returning', 'available', 'out_of_service'],
  on_scene: ['transporting', 'returning', 'available', 'out_of_service'],
  transporting: ['at_hospital', 'returning', 'available', 'out_of_service'],
  at_hospital: ['returning', 'available', 'out_of_service'],
  returning: ['available', 'out_of_service'],
  out_of_service: ['available'],
};

/**
 * The statuses a crew sets on a job (from its phone, or its agency's liaison for it), in the order it goes through
 * them: the buttons of both consoles.
 */
export const CREW_STATUSES = [
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
  'returning',
  'available',
] as const satisfies readonly UnitStatus[];
export type CrewStatus = (typeof CREW_STATUSES)[number];

/** A phone's clock may run this far ahead of the server's: a press time up to this far ahead counts as now. */
const PRESSED_AT_SKEW_MS = 60_000;
/** A status change pressed longer ago than this (one shift) is refused rather than written that far back. */
const PRESSED_AT_MAX_AGE_MS = 12 * 3_600_000;

/**
 * The time a crew pressed a status button, checked: not in the future (beyond a phone clock's skew), not older than
 * a shift, and never before the unit's previous change, so the unit's moves stay in order.
 */
function pressedTime(pressedAt: number | undefined, unit: Unit, now: number): number | undefined {
  if (pressedAt === undefined) return undefined;
  if (pressedAt > now + PRESSED_AT_SKEW_MS)
    throw invalid('unit.pressed_in_future', 'The time the button was pressed is in the future', 'pressedAt');
  if (pressedAt < now - PRESSED_AT_MAX_AGE_MS)
    throw invalid(
      'unit.pressed_too_old',
      'The status change was pressed too long ago to be recorded',
      'pressedAt',
    );
  return Math.min(now, Math.max(pressedAt, unit.updatedAt));
}

/** Statuses in which a unit still works on the incident it was assigned to. */
const WORKING: readonly UnitStatus[] = ['dispatched', 'en_route', 'on_scene', 'transporting', 'at_hospital'];

/**
 * Releases the units still working on these assignments: a unit not yet under way is available again, one that
 * moved heads back to its station (`returning`). Used when a request is withdrawn and when its incident ends.
 */
function releaseUnits(state: State, assignments: readonly Assignment[], emit: Emit): void {
  for (const a of assignments) {
    for (const unitId of a.unitIds) {
      const unit = state.units.get(unitId);
      if (!unit || unit.assignmentId !== a.id || !WORKING.includes(unit.status)) continue;
      const status: UnitStatus = unit.status === 'dispatched' ? 'available' : 'returning';
      emit({ type: 'unit.status_changed', unitId, status, from: unit.status, incidentId: unit.incidentId }, [
        unit.agencyId,
      ]);
    }
  }
}

/** Records an event; `actor` names someone else than the issuer (the call taker whose phone the switch answered). */
export type Emit = (body: EventBody, agencies?: string[], actor?: string) => void;
type Handler<T extends CommandType> = (
  state: State,
  payload: CommandPayload<T>,
  ctx: Context,
  emit: Emit,
) => Record<string, unknown>;

function getCall(state: State, id: string): Call {
  const call = state.calls.get(id);
  if (!call) throw notFound('call.not_found', `Call ${id} does not exist`, 'callId');
  return call;
}

function getIncident(state: State, id: string): Incident {
  const incident = state.incidents.get(id);
  if (!incident) throw notFound('incident.not_found', `Incident ${id} does not exist`, 'incidentId');
  return incident;
}

function getOpenIncident(state: State, id: string): Incident {
  const incident = getIncident(state, id);
  if (isEnded(incident)) {
    throw conflict('incident.ended', `Incident ${incident.number} is already ${incident.status}`);
  }
  return incident;
}

/** An assignment the actor may work on: agency users only their own agency's. */
function getAssignment(state: State, id: string, actor: Actor): Assignment {
  const assignment = state.assignments.get(id);
  if (!assignment || (actor.role === 'agency' && assignment.agencyId !== actor.agencyId)) {
    throw notFound('assignment.not_found', `Assignment ${id} does not exist`, 'assignmentId');
  }
  return assignment;
}

/** A unit the actor may act on: a liaison only its agency's, a responder only its own. */
function getUnit(state: State, id: string, actor: Actor): Unit {
  const unit = state.units.get(id);
  const foreign =
    (actor.role === 'agency' && unit?.agencyId !== actor.agencyId) ||
    (actor.role === 'responder' && unit?.id !== actor.unitId);
  if (!unit || foreign) {
    throw invalid('unit.unknown', `Unknown unit ${id}`, 'unitId');
  }
  return unit;
}

/** Agencies whose liaisons may see events about this incident: those with an assignment on it. */
/** Agencies still on the incident: one that declined or was withdrawn receives none of its later events. */
function incidentAudience(state: State, incidentId: string): string[] {
  return [
    ...new Set(
      assignmentsOf(state, incidentId)
        .filter(followsIncident)
        .map((a) => a.agencyId),
    ),
  ];
}

function checkLocation(state: State, location: CommandPayload<'incident.create'>['location']): Location {
  const kecamatan = state.ref.kecamatan.get(location.kecamatan);
  if (!kecamatan) {
    throw invalid('location.kecamatan', `Unknown kecamatan ${location.kecamatan}`, 'location.kecamatan');
  }
  const desaCode = location.desa ?? null;
  if (desaCode !== null) {
    const desa = state.ref.desa.get(desaCode);
    if (!desa || desa.kecamatan !== kecamatan.code) {
      throw invalid(
        'location.desa',
        `Unknown desa ${desaCode} in kecamatan ${kecamatan.name}`,
        'location.desa',
      );
    }
  }
  const lat = location.lat ?? null;
  const lon = location.lon ?? null;
  if ((lat === null) !== (lon === null)) {
    throw invalid(
      'location.point',
      'Latitude and longitude must be given together',
      lat === null ? 'location.lat' : 'location.lon',
    );
  }
  return {
    kecamatan: kecamatan.code,
    desa: desaCode,
    address: location.address ?? null,
    landmark: location.landmark ?? null,
    lat,
    lon,
  };
}

/** What a report cannot do without, checked here whatever the console checked: a description and a place. */
function checkReportComplete(p: CommandPayload<'incident.report'>): void {
  if (p.description.trim() === '') {
    throw invalid('report.description', 'Describe what happened', 'description');
  }
  const hasPoint = p.location.lat != null && p.location.lon != null;
  if (!p.location.desa && !hasPoint) {
    throw invalid('report.place', 'Give the desa or a point on the map', 'location.desa');
  }
}

/** A category the SOP in force offers (a retired one names older incidents only). */
function checkCategory(state: State, code: string): string {
  const category = state.ref.categories.get(code);
  if (!category || category.retired)
    throw invalid('category.unknown', `Unknown category ${code}`, 'category');
  return code;
}

/** A call that may still be joined to an incident: it exists and belongs to no other incident. */
function attachableCall(state: State, callId: string): Call {
  const call = getCall(state, callId);
  if (call.incidentId) throw conflict('call.attached', 'This call already belongs to an incident');
  if (call.type !== null && call.type !== 'emergency') {
    throw conflict('call.classified', `This call was classified as ${call.type}, not as an emergency`);
  }
  return call;
}

function incidentNumber(state: State, now: number): string {
  const year = new Date(now).getUTCFullYear();
  return `${year}-${String(state.incidentsCreated + 1).padStart(6, '0')}`;
}

/** A new incident from the call taker's fields, checked against the reference. */
function newIncident(
  state: State,
  p: CommandPayload<'incident.report'>,
  ctx: Context,
  priority: Priority,
): Incident {
  const category = checkCategory(state, p.category);
  const location = checkLocation(state, p.location);
  const callIds = p.callId ? [attachableCall(state, p.callId).id] : [];
  return {
    id: ctx.newId(),
    number: incidentNumber(state, ctx.now),
    category,
    location,
    caller: { name: p.caller?.name ?? null, phone: p.caller?.phone ?? null },
    description: p.description,
    priority,
    status: 'new',
    callIds,
    createdAt: ctx.now,
    createdBy: ctx.actor.userId,
    forwardedAt: null,
    dispatchedAt: null,
    closedAt: null,
    closedBy: null,
    closeReason: null,
    updatedAt: ctx.now,
    triage: null,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set([...a, ...b]).size === a.length;

const HANDLERS = {
  ...TELEPHONY_HANDLERS,
  ...ADMIN_HANDLERS,
  'call.register': (_state, p, ctx, emit) => ({
    callId: registerCall(ctx, emit, p.number ?? null, p.channel),
  }),

  'call.answer': (state, p, _ctx, emit) => {
    const call = getCall(state, p.callId);
    if (call.status !== 'ringing')
      throw conflict('call.not_ringing', `The call is ${call.status}, not ringing`);
    emit({ type: 'call.answered', callId: call.id });
    return {};
  },

  'call.classify': (state, p, _ctx, emit) => {
    const call = getCall(state, p.callId);
    if (call.status === 'ringing')
      throw conflict('call.not_answered', 'Answer the call before classifying it');
    if (call.incidentId && p.callType !== 'emergency') {
      throw conflict('call.attached', 'This call belongs to an incident and stays an emergency');
    }
    emit({ type: 'call.classified', callId: call.id, callType: p.callType });
    return {};
  },

  'call.end': (state, p, _ctx, emit) => {
    const call = getCall(state, p.callId);
    if (call.status === 'ended') throw conflict('call.ended', 'The call has already ended');
    emit({ type: 'call.ended', callId: call.id });
    return {};
  },

  'call.erase_personal_data': (state, p, _ctx, emit) => {
    const call = getCall(state, p.callId);
    if (!JUNK_CALL_TYPES.some((type) => type === call.type))
      throw conflict(
        'call.not_junk',
        'Only the personal data of a junk call (ghost, prank, misdirected) is erased',
      );
    if (call.erasedAt !== undefined)
      throw conflict('call.erased', 'The personal data of this call is erased');
    emit({ type: 'call.personal_data_erased', callId: call.id, retentionDays: p.retentionDays }, []);
    return {};
  },

  'incident.create': (state, p, ctx, emit) => {
    const incident = newIncident(state, { ...p, answers: {} }, ctx, p.priority);
    emit({ type: 'incident.created', incident });
    return { incidentId: incident.id, number: incident.number };
  },

  'incident.report': (state, p, ctx, emit) => {
    const category = checkCategory(state, p.category);
    checkReportComplete(p);
    const sop = sopInForce(state.ref);
    if (!sop && Object.values(p.answers).some((v) => v !== null)) {
      throw invalid('triage.no_sop', 'No SOP is in force to triage against', 'answers');
    }
    const triage = sop ? triageOf(sop, category, p.answers, ctx.now, ctx.actor.userId) : null;
    const priority = p.priority ?? triage?.priority ?? state.ref.categories.get(category)!.defaultPriority;
    const incident = newIncident(state, p, ctx, priority);
    emit({ type: 'incident.created', incident });
    if (triage) emit({ type: 'incident.triaged', incidentId: incident.id, triage });
    emit({ type: 'incident.forwarded', incidentId: incident.id });
    return { incidentId: incident.id, number: incident.number, priority: incident.priority };
  },

  'incident.attach_call': (state, p, _ctx, emit) => {
    const incident = getOpenIncident(state, p.incidentId);
    const call = attachableCall(state, p.callId);
    const note = p.note?.trim();
    emit({
      type: 'incident.call_attached',
      incidentId: incident.id,
      callId: call.id,
      ...(note ? { note } : {}),
    });
    return {};
  },

  'incident.amend': (state, p, _ctx, emit) => {
    const incident = getOpenIncident(state, p.incidentId);
    const changes: IncidentChanges = {};
    if (p.category !== undefined) changes.category = checkCategory(state, p.category);
    if (p.location !== undefined) changes.location = checkLocation(state, p.location);
    if (p.caller !== undefined)
      changes.caller = { name: p.caller.name ?? null, phone: p.caller.phone ?? null };
    if (p.description !== undefined) changes.description = p.description;
    if (p.priority !== undefined) changes.priority = p.priority;
    if (Object.keys(changes).length === 0) throw invalid('amend.empty', 'Nothing to change', 'incidentId');
    const reason = p.reason?.trim();
    if (changes.priority !== undefined && changes.priority !== incident.priority && !reason) {
      throw invalid('reason.required', 'A change of priority needs a reason', 'reason');
    }
    emit({ type: 'incident.amended', incidentId: incident.id, changes, ...(reason ? { reason } : {}) });
    return {};
  },

  'incident.add_note': (state, p, ctx, emit) => {
    const incident = getOpenIncident(state, p.incidentId);
    const agencyId = ctx.actor.role === 'agency' ? ctx.actor.agencyId : null;
    // A liaison writes only on an incident its agency is working (one that declined or was withdrawn is not).
    if (ctx.actor.role === 'agency' && !incidentAudience(state, incident.id).includes(agencyId ?? '')) {
      throw notFound('incident.not_found', `Incident ${p.incidentId} does not exist`, 'incidentId');
    }
    const text = p.text.trim();
    if (text.length < 2) throw invalid('note.empty', 'A note needs words', 'text');
    emit({ type: 'incident.note_added', incidentId: incident.id, text, agencyId });
    return {};
  },

  'incident.link': (state, p, _ctx, emit) => {
    const incident = getOpenIncident(state, p.incidentId);
    const other = getIncident(state, p.otherId);
    if (other.id === incident.id)
      throw invalid('incident.same', 'An incident cannot be linked to itself', 'otherId');
    if (incident.linkedIds?.includes(other.id)) {
      throw conflict('incident.already_linked', `${incident.number} and ${other.number} are already linked`);
    }
    const reason = p.reason?.trim() || null;
    emit({
      type: 'incident.linked',
      incidentId: incident.id,
      otherId: other.id,
      otherNumber: other.number,
      reason,
    });
    emit({
      type: 'incident.linked',
      incidentId: other.id,
      otherId: incident.id,
      otherNumber: incident.number,
      reason,
    });
    return {};
  },

  'incident.merge': (state, p, ctx, emit) => {
    const merged = getOpenIncident(state, p.incidentId);
    if (p.intoId === merged.id)
      throw invalid('incident.same', 'An incident cannot be merged into itself', 'intoId');
    const survivor = getOpenIncident(state, p.intoId);
    const reason = p.reason.trim();
    // Told of the merge: every agency that followed the merged incident, including those whose request ends here.
    const toldOfMerge = incidentAudience(state, merged.id);
    const working = new Set(
      assignmentsOf(state, survivor.id)
        .filter(isOpenAssignment)
        .map((a) => a.agencyId),
    );
    const open = assignmentsOf(state, merged.id).filter(isOpenAssignment);
    // An agency already on the survivor keeps that request; its request on the merged one is withdrawn.
    const doubled = open.filter((a) => working.has(a.agencyId));
    const moved = open.filter((a) => !working.has(a.agencyId));
    for (const a of doubled) {
      emit({ type: 'assignment.withdrawn', assignmentId: a.id, reason: `Digabungkan ke ${survivor.number}` });
    }
    releaseUnits(state, doubled, emit);
    const callIds = merged.callIds.filter((id) => !survivor.callIds.includes(id));
    const after: Incident = {
      ...survivor,
      callIds: [...survivor.callIds, ...callIds],
      updatedAt: ctx.now,
    };
    emit(
      {
        type: 'incident.absorbed',
        incidentId: survivor.id,
        fromId: merged.id,
        fromNumber: merged.number,
        callIds,
        assignmentIds: moved.map((a) => a.id),
        incident: after,
      },
      [...new Set([...incidentAudience(state, survivor.id), ...moved.map((a) => a.agencyId)])],
    );
    emit(
      {
        type: 'incident.merged',
        incidentId: merged.id,
        intoId: survivor.id,
        intoNumber: survivor.number,
        reason,
      },
      toldOfMerge,
    );
    return { intoId: survivor.id, number: survivor.number };
  },

  'incident.forward': (state, p, _ctx, emit) => {
    const incident = getOpenIncident(state, p.incidentId);
    if (incident.status !== 'new') {
      throw conflict('incident.already_forwarded', `Incident ${incident.number} has already been forwarded`);
    }
    emit({ type: 'incident.forwarded', incidentId: incident.id });
    return {};
  },

  'incident.request_agencies': (state, p, ctx, emit) => {
    const incident = getOpenIncident(state, p.incidentId);
    const suggested = incident.triage?.agencies.map((a) => a.agencyId);
    const first = assignmentsOf(state, incident.id).length === 0;
    if (first && suggested && !sameSet(suggested, p.agencies) && (p.note ?? '').trim().length < 3) {
      throw invalid(
        'note.override_required',
        "Say why the agencies differ from the SOP's suggestion",
        'note',
      );
    }
    const open = new Set(
      assignmentsOf(state, incident.id)
        .filter(isOpenAssignment)
        .map((a) => a.agencyId),
    );
    const assignmentIds: string[] = [];
    p.agencies.forEach((agencyId, i) => {
      if (!state.ref.agencies.has(agencyId)) {
        throw invalid('agency.unknown', `Unknown agency ${agencyId}`, `agencies.${i}`);
      }
      if (open.has(agencyId)) {
        throw conflict(
          'assignment.exists',
          `${state.ref.agencies.get(agencyId)!.code} is already working on this incident`,
        );
      }
    });
    for (const agencyId of p.agencies) {
      const assignment: Assignment = {
        id: ctx.newId(),
        incidentId: incident.id,
        agencyId,
        status: 'requested',
        note: p.note ?? null,
        requestedAt: ctx.now,
        requestedBy: ctx.actor.userId,
        acknowledgedAt: null,
        declinedReason: null,
        unitIds: [],
        outcome: null,
        doneAt: null,
        updatedAt: ctx.now,
      };
      assignmentIds.push(assignment.id);
      const shown: Incident = {
        ...incident,
        status: 'dispatched',
        dispatchedAt: incident.dispatchedAt ?? ctx.now,
      };
      emit({ type: 'assignment.requested', assignment, incident: shown }, [agencyId]);
    }
    return { assignmentIds };
  },

  'assignment.acknowledge': (state, p, ctx, emit) => {
    const a = getAssignment(state, p.assignmentId, ctx.actor);
    if (a.status !== 'requested') throw conflict('assignment.not_requested', `The assignment is ${a.status}`);
    if (p.via && ctx.actor.role === 'agency') {
      throw invalid(
        'assignment.via_centre',
        'Only the centre records an acceptance heard by phone or radio',
        'via',
      );
    }
    emit({
      type: 'assignment.acknowledged',
      assignmentId: a.id,
      ...(p.via ? { via: { channel: p.via.channel, contact: p.via.contact.trim() } } : {}),
    });
    return {};
  },

  'assignment.withdraw': (state, p, ctx, emit) => {
    const a = getAssignment(state, p.assignmentId, ctx.actor);
    if (!isOpenAssignment(a)) throw conflict('assignment.closed', `The assignment is ${a.status}`);
    emit({ type: 'assignment.withdrawn', assignmentId: a.id, reason: p.reason });
    releaseUnits(state, [a], emit);
    return {};
  },

  'assignment.decline': (state, p, ctx, emit) => {
    const a = getAssignment(state, p.assignmentId, ctx.actor);
    if (!isOpenAssignment(a)) throw conflict('assignment.closed', `The assignment is ${a.status}`);
    const busy = a.unitIds.some((id) => {
      const s = state.units.get(id)?.status;
      return state.units.get(id)?.assignmentId === a.id && s !== 'available' && s !== 'out_of_service';
    });
    if (busy)
      throw conflict('assignment.units_busy', 'Stand down the units of this assignment before declining');
    emit({ type: 'assignment.declined', assignmentId: a.id, reason: p.reason });
    return {};
  },

  'assignment.assign_unit': (state, p, ctx, emit) => {
    const a = getAssignment(state, p.assignmentId, ctx.actor);
    if (a.status !== 'acknowledged') {
      throw conflict('assignment.not_acknowledged', 'Acknowledge the assignment before assigning units');
    }
    const unit = getUnit(state, p.unitId, ctx.actor);
    if (unit.agencyId !== a.agencyId) {
      throw invalid('unit.other_agency', `Unit ${unit.callsign} belongs to another agency`, 'unitId');
    }
    if (unit.status !== 'available') {
      throw conflict('unit.not_available', `Unit ${unit.callsign} is ${unit.status}, not available`);
    }
    emit({ type: 'assignment.unit_assigned', assignmentId: a.id, unitId: unit.id });
    return {};
  },

  'unit.set_status': (state, p, ctx, emit) => {
    const unit = getUnit(state, p.unitId, ctx.actor);
    if (unit.status === p.status)
      throw conflict('unit.same_status', `Unit ${unit.callsign} is already ${p.status}`);
    if (!UNIT_TRANSITIONS[unit.status].includes(p.status)) {
      throw conflict('unit.transition', `Unit ${unit.callsign} cannot go from ${unit.status} to ${p.status}`);
    }
    const pressedAt = pressedTime(p.pressedAt, unit, ctx.now);
    const incidentId = unit.incidentId;
    emit(
      {
        type: 'unit.status_changed',
        unitId: unit.id,
        status: p.status,
        from: unit.status,
        incidentId,
        ...(pressedAt === undefined ? {} : { pressedAt }),
      },
      [unit.agencyId],
    );
    return { incidentId };
  },

  'assignment.complete': (state, p, ctx, emit) => {
    const a = getAssignment(state, p.assignmentId, ctx.actor);
    if (a.status !== 'acknowledged') {
      throw conflict(
        'assignment.not_acknowledged',
        `Only an acknowledged assignment can be completed; it is ${a.status}`,
      );
    }
    emit({ type: 'assignment.completed', assignmentId: a.id, outcome: p.outcome });
    return {};
  },

  'incident.close': (state, p, ctx, emit) => {
    const incident = getOpenIncident(state, p.incidentId);
    if (incident.status !== 'dispatched') {
      throw conflict(
        'incident.not_dispatched',
        'Only a dispatched incident can be closed; cancel it instead',
      );
    }
    const working = assignmentsOf(state, incident.id).filter(isOpenAssignment);
    const forced = p.force === true;
    if (working.length > 0) {
      const names = working.map((a) => state.ref.agencies.get(a.agencyId)?.code ?? a.agencyId).join(', ');
      if (!forced) throw conflict('incident.agencies_working', `Still working on this incident: ${names}`);
      if (!may(ctx.actor.role, 'incident.force_close')) {
        throw forbidden(
          'incident.force_needs_supervisor',
          'Only a supervisor may close while agencies are working',
        );
      }
      if (!p.reason) throw invalid('reason.required', 'A forced close needs a reason', 'reason');
    }
    emit({
      type: 'incident.ended',
      incidentId: incident.id,
      status: 'closed',
      reason: p.reason ?? null,
      forced: forced && working.length > 0,
    });
    releaseUnits(state, assignmentsOf(state, incident.id), emit);
    return {};
  },

  'incident.cancel': (state, p, _ctx, emit) => {
    const incident = getOpenIncident(state, p.incidentId);
    emit({
      type: 'incident.ended',
      incidentId: incident.id,
      status: 'cancelled',
      reason: p.reason,
      forced: false,
    });
    releaseUnits(state, assignmentsOf(state, incident.id), emit);
    return {};
  },

  'sop.publish': (state, p, ctx, emit) => {
    const faults = validateSop(p.doc, [...state.ref.agencies.keys()], unitKindsOf(state.units.values()));
    if (faults.length > 0) {
      const first = faults[0]!;
      throw invalid(
        'sop.invalid',
        `The SOP has ${faults.length} fault(s); first: ${first.message}`,
        first.path,
      );
    }
    const doc = p.doc as SopDocument;
    const previous = sopInForce(state.ref);
    const sop: PublishedSop = {
      version: (previous?.version ?? 0) + 1,
      title: doc.title,
      // Versions are in force in order: a clock that went back never reorders them.
      publishedAt: Math.max(ctx.now, previous?.publishedAt ?? 0),
      publishedBy: ctx.actor.userId,
      doc,
    };
    // Reference data: every console, the agencies' too, needs the categories' names.
    emit({ type: 'sop.published', sop }, [...state.ref.agencies.keys()]);
    return {
      version: sop.version,
      title: sop.title,
      publishedAt: sop.publishedAt,
      publishedBy: sop.publishedBy,
    };
  },

  'escalation.raise': (state, p, _ctx, emit) => {
    const a = state.assignments.get(p.assignmentId);
    if (!a)
      throw notFound('assignment.not_found', `Assignment ${p.assignmentId} does not exist`, 'assignmentId');
    const pending = p.kind === 'ack_overdue' ? a.status === 'requested' : isOpenAssignment(a);
    if (!pending) throw conflict('escalation.resolved', `The assignment is already ${a.status}`);
    // Centre staff only: escalations are for the dispatcher and the supervisor.
    emit(
      {
        type: 'escalation.raised',
        incidentId: a.incidentId,
        assignmentId: a.id,
        agencyId: a.agencyId,
        kind: p.kind,
        dueAt: p.dueAt,
        occurrence: p.occurrence,
      },
      [],
    );
    return {};
  },
} satisfies { [T in CommandType]: Handler<T> };

/** What each command answers besides its events, as its handler returns it (e.g. `incident.create` → its id and number). */
export type CommandResults = { [T in CommandType]: ReturnType<(typeof HANDLERS)[T]> };

/** Agencies that may see an event by default: those on the incident it concerns, or the assignment's own. */
function defaultAudience(state: State, body: EventBody): string[] {
  switch (body.type) {
    case 'incident.call_attached':
    case 'incident.amended':
    case 'incident.note_added':
    case 'incident.linked':
    case 'incident.forwarded':
    case 'incident.triaged':
    case 'incident.ended':
      return incidentAudience(state, body.incidentId);
    // An assignment is its agency's business only: other agencies on the incident must not receive it.
    case 'assignment.acknowledged':
    case 'assignment.withdrawn':
    case 'assignment.declined':
    case 'assignment.unit_assigned':
    case 'assignment.completed': {
      const a = state.assignments.get(body.assignmentId);
      return a ? [a.agencyId] : [];
    }
    default:
      return [];
  }
}

/** Decides what a command means in the current state. Throws a DomainError when it must be refused. */
export function decide(state: State, command: Command, ctx: Context): Decision {
  if (!mayIssue(ctx.actor.role, command.type)) {
    throw forbidden('role.forbidden', `The ${ctx.actor.role} role may not ${command.type}`);
  }
  const events: DomainEvent[] = [];
  const emit: Emit = (body, agencies, actor) => {
    events.push({
      ...body,
      at: ctx.now,
      actor: actor ?? ctx.actor.userId,
      agencies: agencies ?? defaultAudience(state, body),
    });
  };
  const handler = HANDLERS[command.type] as Handler<CommandType>;
  const result = handler(state, command.payload, ctx, emit);
  return { events, result };
}
