// The domain's entities as they travel in answers (snapshot, timeline, telephony reads): one schema each, kept equal
// to the domain type by `sameShape`, so the answer's schema (which drops what it does not name) never loses a field.
import { type Static, Type } from 'typebox';
import type {
  Block,
  CallbackEntry,
  CallerLocation,
  Position,
  QueueStats,
  TelephonyCall,
} from '../domain/acd/types.ts';
import { CALLBACK_RESULTS, FALLBACK_REASONS } from '../domain/acd/types.ts';
import type { StoredEvent } from '../domain/events.ts';
import {
  ACK_CHANNELS,
  type Assignment,
  CALL_CHANNELS,
  CALL_TYPES,
  type Call,
  INCIDENT_STATUSES,
  type Incident,
  type IncidentTriage,
  UNIT_STATUSES,
  type Unit,
} from '../domain/types.ts';
import { Nullable, sameShape, strict } from './shape.ts';

const Priority = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]);
export const Bilingual = Type.Object({ id: Type.String(), en: Type.String() }, strict);

// ── calls, incidents, assignments, units (src/domain/types.ts)

export const CallSchema = Type.Object(
  {
    id: Type.String(),
    channel: Type.Enum(CALL_CHANNELS),
    number: Nullable(Type.String()),
    status: Type.Enum(['ringing', 'answered', 'ended']),
    type: Nullable(Type.Enum(CALL_TYPES)),
    incidentId: Nullable(Type.String()),
    registeredAt: Type.Number(),
    answeredAt: Nullable(Type.Number()),
    answeredBy: Nullable(Type.String()),
    classifiedAt: Nullable(Type.Number()),
    endedAt: Nullable(Type.Number()),
    endedBy: Nullable(Type.String()),
    hungUpBy: Type.Optional(Type.Enum(['caller', 'call_taker', 'unknown'])),
    erasedAt: Type.Optional(Type.Number()),
  },
  strict,
);
sameShape<Static<typeof CallSchema>, Call>(true);

const TriageSchema = Type.Object(
  {
    sopVersion: Type.Number(),
    category: Type.String(),
    answers: Type.Array(
      Type.Object(
        {
          questionId: Type.String(),
          question: Bilingual,
          value: Type.Union([Type.Boolean(), Type.Number(), Type.String()]),
          label: Nullable(Bilingual),
        },
        strict,
      ),
    ),
    priority: Priority,
    priorityRuleId: Nullable(Type.String()),
    priorityReason: Bilingual,
    agencies: Type.Array(
      Type.Object(
        { agencyId: Type.String(), reasons: Type.Array(Bilingual), ruleIds: Type.Array(Type.String()) },
        strict,
      ),
    ),
    at: Type.Number(),
    by: Type.String(),
  },
  strict,
);
sameShape<Static<typeof TriageSchema>, IncidentTriage>(true);

export const IncidentSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    category: Type.String(),
    location: Type.Object(
      {
        kecamatan: Type.String(),
        desa: Nullable(Type.String()),
        address: Nullable(Type.String()),
        landmark: Nullable(Type.String()),
        lat: Nullable(Type.Number()),
        lon: Nullable(Type.Number()),
      },
      strict,
    ),
    caller: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()) }, strict),
    description: Type.String(),
    priority: Priority,
    status: Type.Enum(INCIDENT_STATUSES),
    callIds: Type.Array(Type.String()),
    createdAt: Type.Number(),
    createdBy: Type.String(),
    forwardedAt: Nullable(Type.Number()),
    dispatchedAt: Nullable(Type.Number()),
    closedAt: Nullable(Type.Number()),
    closedBy: Nullable(Type.String()),
    closeReason: Nullable(Type.String()),
    updatedAt: Type.Number(),
    triage: Type.Optional(Nullable(TriageSchema)),
    linkedIds: Type.Optional(Type.Array(Type.String())),
    mergedInto: Type.Optional(Nullable(Type.String())),
  },
  strict,
);
sameShape<Static<typeof IncidentSchema>, Incident>(true);

export const AssignmentSchema = Type.Object(
  {
    id: Type.String(),
    incidentId: Type.String(),
    agencyId: Type.String(),
    status: Type.Enum(['requested', 'acknowledged', 'declined', 'done', 'withdrawn']),
    note: Nullable(Type.String()),
    requestedAt: Type.Number(),
    requestedBy: Type.String(),
    acknowledgedAt: Nullable(Type.Number()),
    declinedReason: Nullable(Type.String()),
    unitIds: Type.Array(Type.String()),
    outcome: Nullable(
      Type.Object({ dead: Type.Number(), injured: Type.Number(), report: Type.String() }, strict),
    ),
    doneAt: Nullable(Type.Number()),
    updatedAt: Type.Number(),
    acknowledgedVia: Type.Optional(
      Nullable(Type.Object({ channel: Type.Enum(ACK_CHANNELS), contact: Type.String() }, strict)),
    ),
    withdrawnReason: Type.Optional(Nullable(Type.String())),
  },
  strict,
);
sameShape<Static<typeof AssignmentSchema>, Assignment>(true);

export const UnitSchema = Type.Object(
  {
    id: Type.String(),
    agencyId: Type.String(),
    stationId: Nullable(Type.String()),
    callsign: Type.String(),
    kind: Type.String(),
    status: Type.Enum(UNIT_STATUSES),
    incidentId: Nullable(Type.String()),
    assignmentId: Nullable(Type.String()),
    updatedAt: Type.Number(),
  },
  strict,
);
sameShape<Static<typeof UnitSchema>, Unit>(true);

/**
 * A committed event. Its body is one of the domain's event types (src/domain/events.ts, checked there by tsc); the
 * schema checks the envelope every event has and passes the rest through whole.
 */
export const EventSchema = Type.Unsafe<StoredEvent>(
  Type.Object(
    {
      seq: Type.Integer({ minimum: 1 }),
      hash: Type.String({ minLength: 1 }),
      type: Type.String({ minLength: 1 }),
      at: Type.Number(),
      actor: Nullable(Type.String()),
      agencies: Type.Array(Type.String()),
    },
    { additionalProperties: true },
  ),
);

// ── telephony (src/domain/acd/types.ts)

export const PositionSchema = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    extension: Type.String(),
    contact: Type.String(),
    state: Type.Enum(['available', 'ringing', 'on_call', 'wrap_up', 'on_break']),
    since: Type.Number(),
    idleSince: Type.Number(),
    wrapUpUntil: Nullable(Type.Number()),
    callId: Nullable(Type.String()),
    missedInARow: Type.Integer({ minimum: 0 }),
    breakReason: Nullable(Type.String()),
  },
  strict,
);
sameShape<Static<typeof PositionSchema>, Position>(true);

export const CallerLocationSchema = Type.Object(
  {
    lat: Type.Number(),
    lon: Type.Number(),
    accuracyM: Nullable(Type.Number()),
    confidence: Nullable(Type.Number()),
    source: Type.Enum(['pidf-lo', 'aml-http', 'aml-sms']),
    method: Nullable(Type.String()),
    time: Nullable(Type.Number()),
  },
  strict,
);
sameShape<Static<typeof CallerLocationSchema>, CallerLocation>(true);

export const HangupBySchema = Type.Enum(['caller', 'call_taker', 'unknown']);
export const AcdCallStatusSchema = Type.Enum(['queued', 'ringing', 'answered', 'ended', 'abandoned']);

export const TelephonyCallSchema = Type.Object(
  {
    id: Type.String(),
    number: Nullable(Type.String()),
    status: AcdCallStatusSchema,
    blockedReason: Nullable(Type.String()),
    fallback: Type.Boolean(),
    fallbackReason: Nullable(Type.Enum(FALLBACK_REASONS)),
    offeredAt: Type.Number(),
    rangAt: Nullable(Type.Number()),
    ringingPosition: Nullable(Type.String()),
    missedBy: Type.Array(Type.String()),
    answeredAt: Nullable(Type.Number()),
    answeredBy: Nullable(Type.String()),
    endedAt: Nullable(Type.Number()),
    endedBy: Nullable(HangupBySchema),
    callId: Nullable(Type.String()),
    fromTag: Nullable(Type.String()),
    location: Nullable(CallerLocationSchema),
    outsideServiceArea: Nullable(Type.Boolean()),
    locationError: Nullable(Type.String()),
    answeredByUser: Nullable(Type.String()),
    civicAddress: Type.Optional(Nullable(Type.String())),
    locationRef: Type.Optional(Nullable(Type.String())),
    locationRefState: Type.Optional(Nullable(Type.Enum(['fetching', 'fetched', 'failed']))),
    transferTo: Type.Optional(Nullable(Type.String())),
    transferredFrom: Type.Optional(Type.Array(Type.String())),
    transferFailed: Type.Optional(
      Nullable(
        Type.Object(
          {
            positionId: Nullable(Type.String()),
            targetId: Type.Optional(Type.String()),
            name: Type.Optional(Type.String()),
            code: Nullable(Type.Integer()),
            at: Type.Number(),
          },
          strict,
        ),
      ),
    ),
    transferOut: Type.Optional(
      Nullable(Type.Object({ targetId: Type.String(), name: Type.String() }, strict)),
    ),
    transferredOut: Type.Optional(
      Nullable(Type.Object({ targetId: Type.String(), name: Type.String() }, strict)),
    ),
  },
  strict,
);
sameShape<Static<typeof TelephonyCallSchema>, TelephonyCall>(true);

export const CallbackEntrySchema = Type.Object(
  {
    callId: Type.String(),
    number: Nullable(Type.String()),
    offeredAt: Type.Number(),
    abandonedAt: Type.Number(),
    waitedMs: Type.Number(),
    attempts: Type.Optional(
      Type.Array(
        Type.Object(
          { at: Type.Number(), by: Nullable(Type.String()), result: Type.Enum(CALLBACK_RESULTS) },
          strict,
        ),
      ),
    ),
  },
  strict,
);
sameShape<Static<typeof CallbackEntrySchema>, CallbackEntry>(true);

export const BlockSchema = Type.Object(
  {
    number: Type.String(),
    until: Type.Number(),
    reason: Type.String(),
    by: Nullable(Type.String()),
    at: Type.Number(),
  },
  strict,
);
sameShape<Static<typeof BlockSchema>, Block>(true);

export const QueueStatsSchema = Type.Object(
  {
    length: Type.Integer({ minimum: 0 }),
    oldestWaitMs: Nullable(Type.Number()),
    ringing: Type.Integer({ minimum: 0 }),
    available: Type.Integer({ minimum: 0 }),
  },
  strict,
);
sameShape<Static<typeof QueueStatsSchema>, QueueStats>(true);
