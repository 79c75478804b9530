// The nouns of a 112 centre: roles, calls, incidents, assignments, units and the reference data around them.
import type { HangupBy } from './acd/types.ts';
import type { SopDocument } from './sop/document.ts';

/** `responder`: a unit's crew on the responder page, bound to that one unit (and so to its agency). */
export const ROLES = ['call_taker', 'dispatcher', 'agency', 'supervisor', 'admin', 'responder'] as const;
export type Role = (typeof ROLES)[number];

export const CALL_CHANNELS = ['voice', 'sms', 'app', 'walk_in', 'radio'] as const;
export type CallChannel = (typeof CALL_CHANNELS)[number];

/** Call types from the Indonesian 112 SOPs; every type but `emergency` closes the call without an incident. */
export const CALL_TYPES = [
  'emergency',
  'non_emergency',
  'information',
  'misdirected',
  'ghost',
  'prank',
  'test',
] as const;
export type CallType = (typeof CALL_TYPES)[number];

type CallStatus = 'ringing' | 'answered' | 'ended';

export const INCIDENT_STATUSES = ['new', 'waiting_dispatch', 'dispatched', 'closed', 'cancelled'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const PRIORITIES = [1, 2, 3, 4] as const;
/** P1 life-threatening … P4 no urgency. */
export type Priority = (typeof PRIORITIES)[number];

const ASSIGNMENT_STATUSES = ['requested', 'acknowledged', 'declined', 'done', 'withdrawn'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const UNIT_STATUSES = [
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
  /** The job is done and the crew drives back to its station; free again once it says it is ready (available). */
  'returning',
  'out_of_service',
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export interface Actor {
  userId: string;
  /** `system` is the intake (telephony) acting for the switch, not a person. */
  role: Role | 'system';
  /** Set for the `agency` role: the one agency this user acts for; for a `responder`, its unit's agency. */
  agencyId: string | null;
  /** Set for the `responder` role: the one unit whose crew this user is. */
  unitId?: string | null;
}

/** A person's account as the log records it; the password hash is kept beside it in the users table, never logged. */
export interface UserAccount {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** The agency an `agency` user acts for; null for the centre's staff. */
  agencyId: string | null;
  /** The unit a `responder` is the crew of (its agency is the unit's); null for every other role. */
  unitId: string | null;
  active: boolean;
  /** Set by a password reset (and for a new account): the user must choose a password before anything else. */
  mustChangePassword: boolean;
  /** Failed logins before this time no longer throttle the username (`user.unlock`). */
  unlockedAt: number | null;
  /** Sessions opened up to this time are over (revoked, disabled, password reset). */
  sessionsRevokedAt: number | null;
  /** Since when sign-in asks for a code of the user's authenticator app; absent or null: no second factor. */
  secondFactorAt?: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A GPS tracker (OsmAnd / Traccar Client protocol) reporting for a unit. */
export interface TrackerDevice {
  /** The id the tracker sends (`id` parameter). */
  id: string;
  unitId: string;
  /**
   * SHA-256 (hex) of the secret the server made for it and showed once: 144 random bits, so the digest in the log
   * tells nothing of the secret, and the log alone says which trackers may report.
   */
  secretHash: string;
  active: boolean;
  /** When it was (last) registered: a new registration of the same id replaces the secret and the unit. */
  registeredAt: number;
}

export interface Call {
  id: string;
  channel: CallChannel;
  /** Caller number as received; null when withheld or absent (112 works without a SIM card). */
  number: string | null;
  status: CallStatus;
  type: CallType | null;
  incidentId: string | null;
  registeredAt: number;
  answeredAt: number | null;
  answeredBy: string | null;
  classifiedAt: number | null;
  endedAt: number | null;
  endedBy: string | null;
  /** Who hung up, as the switch saw it (calls through the switch only). */
  hungUpBy?: HangupBy;
  /** When the caller's number and location were erased (retention of junk calls); absent while kept. */
  erasedAt?: number;
}

export interface Location {
  kecamatan: string;
  desa: string | null;
  address: string | null;
  landmark: string | null;
  lat: number | null;
  lon: number | null;
}

export interface CallerInfo {
  name: string | null;
  phone: string | null;
}

export interface Outcome {
  dead: number;
  injured: number;
  report: string;
}

export interface Incident {
  id: string;
  /** Human-friendly number, e.g. 2026-000123, assigned in order of creation. */
  number: string;
  category: string;
  location: Location;
  caller: CallerInfo;
  description: string;
  priority: Priority;
  status: IncidentStatus;
  callIds: string[];
  createdAt: number;
  createdBy: string;
  forwardedAt: number | null;
  dispatchedAt: number | null;
  closedAt: number | null;
  closedBy: string | null;
  closeReason: string | null;
  updatedAt: number;
  /** The last triage recorded for the incident; null (or absent in rows written before triage was an event) until one is. */
  triage?: IncidentTriage | null;
  /** Incidents the dispatcher linked with this one (related emergencies, each kept open on its own). */
  linkedIds?: string[];
  /** Set once this incident was merged into another: the id of the one that carries on (its calls went there). */
  mergedInto?: string | null;
}

/** A text the consoles show in the user's language. */
export interface Bilingual {
  id: string;
  en: string;
}

/** One triage answer as the consoles show it: the question, the value, and the option's label for a choice. */
export interface TriageAnswer {
  questionId: string;
  question: Bilingual;
  value: boolean | number | string;
  /** The label of the chosen option (`choice` questions); null for yes/no, numbers and text. */
  label: Bilingual | null;
}

/** The call taker's triage answers and what the SOP made of them: priority and agencies, each with its reasons. */
export interface IncidentTriage {
  sopVersion: number;
  category: string;
  answers: TriageAnswer[];
  /** The SOP's priority for these answers (the incident's own priority may differ when the call taker chose). */
  priority: Priority;
  priorityRuleId: string | null;
  priorityReason: Bilingual;
  agencies: { agencyId: string; reasons: Bilingual[]; ruleIds: string[] }[];
  at: number;
  by: string;
}

export interface Assignment {
  id: string;
  incidentId: string;
  agencyId: string;
  status: AssignmentStatus;
  note: string | null;
  requestedAt: number;
  requestedBy: string;
  acknowledgedAt: number | null;
  declinedReason: string | null;
  unitIds: string[];
  outcome: Outcome | null;
  doneAt: number | null;
  updatedAt: number;
  /** How the centre heard the agency accept, when it recorded that for it (absent when the liaison accepted). */
  acknowledgedVia?: AcknowledgedVia | null;
  /** Why the dispatcher withdrew the request; absent when the assignment ended with its incident. */
  withdrawnReason?: string | null;
}

export const ACK_CHANNELS = ['phone', 'radio'] as const;

/** An acceptance the centre received outside the console: by phone or radio, from whom. */
export interface AcknowledgedVia {
  channel: (typeof ACK_CHANNELS)[number];
  contact: string;
}

export interface Unit {
  id: string;
  agencyId: string;
  stationId: string | null;
  callsign: string;
  kind: string;
  status: UnitStatus;
  incidentId: string | null;
  assignmentId: string | null;
  updatedAt: number;
}

export interface Kecamatan {
  code: string;
  name: string;
  lat: number;
  lon: number;
}

export interface Desa {
  code: string;
  kecamatan: string;
  name: string;
}

export interface Agency {
  id: string;
  code: string;
  name: string;
}

export interface Station {
  id: string;
  agencyId: string;
  name: string;
  kecamatan: string;
  lat: number;
  lon: number;
}

export const CATEGORY_GROUPS = [
  'fire',
  'traffic',
  'sea',
  'medical',
  'disaster',
  'security',
  'social',
  'infrastructure',
  'animal',
  'other',
] as const;

export interface Category {
  code: string;
  nameId: string;
  nameEn: string;
  group: string;
  /** The SOP's default agencies for this category. */
  agencies: string[];
  defaultPriority: Priority;
  /** Set when the SOP in force no longer offers the category; kept so older incidents still name it. */
  retired?: boolean;
  /** What the call taker tells the caller to do while help is on the way (from the SOP), in order. */
  instructions?: Bilingual[];
}

/** A published SOP version: immutable, in force from `publishedAt` until the next one. */
export interface PublishedSop {
  version: number;
  title: string;
  publishedAt: number;
  publishedBy: string;
  doc: SopDocument;
}

/** Reference data: changes rarely, seeded and edited by the admin, not by the flow of calls. */
export interface Reference {
  kecamatan: Map<string, Kecamatan>;
  desa: Map<string, Desa>;
  agencies: Map<string, Agency>;
  stations: Map<string, Station>;
  categories: Map<string, Category>;
  /**
   * Published SOP versions by number; the highest is in force (`sopInForce`). A Map whose values are replaced,
   * never edited, as the live state's drafts require.
   */
  sops: Map<number, PublishedSop>;
}
