// The nouns of a 112 centre: roles, calls, incidents, assignments, units and the reference data around them.

export const ROLES = ['call_taker', 'dispatcher', 'agency', 'supervisor', 'admin'] as const;
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
  'out_of_service',
] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export interface Actor {
  userId: string;
  /** `system` is the intake (telephony) acting for the switch, not a person. */
  role: Role | 'system';
  /** Set for the `agency` role: the one agency this user acts for. */
  agencyId: string | null;
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
  /** Agencies suggested to the dispatcher for this category (until the SOP module replaces the table). */
  agencies: string[];
  defaultPriority: Priority;
}

/** Reference data: changes rarely, seeded and edited by the admin, not by the flow of calls. */
export interface Reference {
  kecamatan: Map<string, Kecamatan>;
  desa: Map<string, Desa>;
  agencies: Map<string, Agency>;
  stations: Map<string, Station>;
  categories: Map<string, Category>;
}
