// The facts Pinisi records: every event a command can append, as stored in the log and sent on the stream.
import type { TelephonyEvent } from './acd/events.ts';
import type { HangupBy } from './acd/types.ts';
import type { AdminEvent } from './admin/events.ts';
import type {
  AcknowledgedVia,
  Assignment,
  Call,
  CallerInfo,
  CallType,
  Incident,
  IncidentStatus,
  IncidentTriage,
  Location,
  Outcome,
  Priority,
  PublishedSop,
  UnitStatus,
} from './types.ts';

export interface IncidentChanges {
  category?: string;
  location?: Location;
  caller?: CallerInfo;
  description?: string;
  priority?: Priority;
}

export type EventBody =
  | TelephonyEvent
  | AdminEvent
  | { type: 'call.registered'; call: Call }
  | { type: 'call.answered'; callId: string }
  | { type: 'call.classified'; callId: string; callType: CallType }
  /** The call was passed on to another call taker's desk (telephony transfer): `to` has it in hand now. */
  | { type: 'call.transferred'; callId: string; from: string | null; to: string | null; toPositionId: string }
  /**
   * A transfer of the call began: to a desk (`toPositionId`) or a configured outside target (`targetId`); `target`
   * is its name as the call taker read it.
   */
  | {
      type: 'call.transfer_started';
      callId: string;
      toPositionId: string | null;
      targetId: string | null;
      target: string;
    }
  /** The transfer did not happen (no answer, busy, refused: `code` as the switch saw it); the call stayed. */
  | {
      type: 'call.transfer_failed';
      callId: string;
      toPositionId: string | null;
      targetId: string | null;
      target: string;
      code: number | null;
    }
  /** The caller was passed to a configured outside number (agency, another regency's 112): no desk has it now. */
  | {
      type: 'call.transferred_out';
      callId: string;
      from: string | null;
      toPositionId: null;
      targetId: string | null;
      target: string;
    }
  /** `by`: who hung up, for a call through the switch (absent for calls ended by hand and older events). */
  | { type: 'call.ended'; callId: string; by?: HangupBy }
  /**
   * The caller's number and location of a junk call, kept for `retentionDays`, are erased: its keys are deleted
   * with this event (personal-keys.ts), the call keeps its type and times.
   */
  | { type: 'call.personal_data_erased'; callId: string; retentionDays: number }
  | { type: 'incident.created'; incident: Incident }
  /** `note`: what the call taker had typed for this call, kept on the incident it joined. */
  | { type: 'incident.call_attached'; incidentId: string; callId: string; note?: string }
  /** `reason`: why, given with every change of priority. */
  | { type: 'incident.amended'; incidentId: string; changes: IncidentChanges; reason?: string }
  /** A situation report; `agencyId` names the agency of a liaison who wrote it (null for the centre). */
  | { type: 'incident.note_added'; incidentId: string; text: string; agencyId: string | null }
  /** One of two events, one per incident, so both timelines name the other. */
  | {
      type: 'incident.linked';
      incidentId: string;
      otherId: string;
      otherNumber: string;
      reason: string | null;
    }
  /**
   * The survivor of a merge takes the merged incident's calls and moved assignments; it is carried whole, so an
   * agency that now follows it through a moved assignment has all it needs.
   */
  | {
      type: 'incident.absorbed';
      incidentId: string;
      fromId: string;
      fromNumber: string;
      callIds: string[];
      assignmentIds: string[];
      incident: Incident;
    }
  /** The merged incident ends (cancelled), pointing to the one that carries on. */
  | { type: 'incident.merged'; incidentId: string; intoId: string; intoNumber: string; reason: string }
  | { type: 'incident.forwarded'; incidentId: string }
  /** The triage answers and the SOP's priority, agencies and reasons for them. */
  | { type: 'incident.triaged'; incidentId: string; triage: IncidentTriage }
  /** A new SOP version is in force: its categories become the reference of every node and console. */
  | { type: 'sop.published'; sop: PublishedSop }
  /** Carries the incident so that an agency seeing it for the first time has all it needs. */
  | { type: 'assignment.requested'; assignment: Assignment; incident: Incident }
  | { type: 'assignment.acknowledged'; assignmentId: string; via?: AcknowledgedVia }
  | { type: 'assignment.withdrawn'; assignmentId: string; reason: string }
  | { type: 'assignment.declined'; assignmentId: string; reason: string }
  | { type: 'assignment.unit_assigned'; assignmentId: string; unitId: string }
  | {
      type: 'unit.status_changed';
      unitId: string;
      status: UnitStatus;
      from: UnitStatus;
      /** The incident the unit was working on when its status changed, so the move shows in its timeline. */
      incidentId?: string | null;
      /**
       * When the crew pressed the button, for a change that waited on the phone (no signal) before it reached the
       * server (`at`): the time the status holds from, between the unit's previous change and `at`.
       */
      pressedAt?: number;
    }
  | { type: 'assignment.completed'; assignmentId: string; outcome: Outcome }
  /** An SOP timer passed on an assignment (raised by the escalation worker for the centre, repeated per interval). */
  | {
      type: 'escalation.raised';
      incidentId: string;
      assignmentId: string;
      agencyId: string;
      kind: 'ack_overdue' | 'en_route_overdue' | 'on_scene_overdue';
      dueAt: number;
      occurrence: number;
    }
  | {
      type: 'incident.ended';
      incidentId: string;
      status: Extract<IncidentStatus, 'closed' | 'cancelled'>;
      reason: string | null;
      forced: boolean;
    };

/** An event as decided by the domain: the fact, when, who, and which agencies may see it. */
export type DomainEvent = EventBody & {
  at: number;
  actor: string | null;
  /** Agencies whose liaisons may see this event; centre staff see every event. */
  agencies: string[];
};

/** An event as committed: numbered in one global sequence, chained by hash to the one before. */
export type StoredEvent = DomainEvent & { seq: number; hash: string };
