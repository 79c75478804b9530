// The bodies of the HTTP answers, one schema each: routes declare them as response schemas (validation, OpenAPI at
// /docs) and the web app imports their static types. A new route's answer gets its schema here.
//
// Fastify serialises an answer through its response schema and drops what the schema does not name: keep each schema
// complete. Where a schema carries a domain type, `sameShape` below stops tsc when the two drift apart.
import { type Static, Type } from 'typebox';
import { TRANSFER_TARGET_KINDS } from '../domain/acd/transfer-targets.ts';
import { COMMAND_TYPES } from '../domain/commands.ts';
import type { CallerHistory } from '../domain/history.ts';
import type { StandingEscalation } from '../domain/sop/escalation.ts';
import {
  type Agency,
  CALL_CHANNELS,
  CALL_TYPES,
  type Category,
  type Desa,
  INCIDENT_STATUSES,
  type Kecamatan,
  ROLES,
  type Station,
  type UserAccount,
} from '../domain/types.ts';
import type { Snapshot } from '../domain/visibility.ts';
import type { FailedLogins } from '../store/users.ts';
import {
  AssignmentSchema,
  Bilingual,
  BlockSchema,
  CallbackEntrySchema,
  CallSchema,
  EventSchema,
  IncidentSchema,
  PositionSchema,
  TelephonyCallSchema,
  UnitSchema,
} from './entities.ts';
import { Nullable, sameShape, strict } from './shape.ts';

// ── sessions: /api/auth/login, /api/me

const SessionUser = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    role: Type.Enum(ROLES),
    agencyId: Nullable(Type.String()),
    /** The unit a responder is the crew of; null for every other role. */
    unitId: Type.Optional(Nullable(Type.String())),
    /** A temporary password is in use: the console asks for a new one before anything else. */
    mustChangePassword: Type.Optional(Type.Boolean()),
    /** Sign-in asks this user for an authenticator code. */
    secondFactor: Type.Optional(Type.Boolean()),
    /** The role requires a second factor the user has yet to set up: the console asks for it before anything else. */
    mustEnrolSecondFactor: Type.Optional(Type.Boolean()),
  },
  strict,
);

/** The password was right and the account signs in with an authenticator code: POST /api/auth/second-factor next. */
export const SecondFactorDueBody = Type.Object({ secondFactor: Type.Literal('totp') }, strict);

/** Setting up an authenticator app: the secret as text, its otpauth:// address and that address as a QR code (SVG). */
export const SecondFactorSetupBody = Type.Object(
  { secret: Type.String(), uri: Type.String(), qrSvg: Type.String() },
  strict,
);
export type SecondFactorSetupBody = Static<typeof SecondFactorSetupBody>;

/** Who is signed in and which commands their role may issue (src/domain/policy.ts). */
export const SessionBody = Type.Object(
  { user: SessionUser, commands: Type.Array(Type.Enum(COMMAND_TYPES)) },
  strict,
);
export type SessionBody = Static<typeof SessionBody>;

/** /api/sessions/active: who has been active lately. */
export const ActiveSessionsBody = Type.Array(
  Type.Object(
    {
      username: Type.String(),
      displayName: Type.String(),
      role: Type.Enum(ROLES),
      agencyId: Nullable(Type.String()),
      since: Type.Number(),
      lastSeenAt: Type.Number(),
    },
    strict,
  ),
);
export type ActiveSessionsBody = Static<typeof ActiveSessionsBody>;

/** /api/auth/failures: failed sign-ins per username and address since `since`. */
export const FailedLoginsBody = Type.Object(
  {
    since: Type.Number(),
    failures: Type.Array(
      Type.Object(
        {
          username: Type.String(),
          ip: Type.String(),
          failures: Type.Integer({ minimum: 1 }),
          firstAt: Type.Number(),
          lastAt: Type.Number(),
        },
        strict,
      ),
    ),
  },
  strict,
);
sameShape<Static<typeof FailedLoginsBody>['failures'][number], FailedLogins>(true);

/** Signing out, and every AML message that passed the checks (it says nothing about calls or numbers). */
export const OkBody = Type.Object({ ok: Type.Literal(true) }, strict);

// ── administration: /api/admin/users, /api/admin/users/:id/sessions

const AccountBody = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    role: Type.Enum(ROLES),
    agencyId: Nullable(Type.String()),
    unitId: Nullable(Type.String()),
    active: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    unlockedAt: Nullable(Type.Number()),
    sessionsRevokedAt: Nullable(Type.Number()),
    secondFactorAt: Type.Optional(Nullable(Type.Number())),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
  },
  strict,
);
sameShape<Static<typeof AccountBody>, UserAccount>(true);

/** Every account, with its failed logins since the throttle's window (or its unlock), by source address. */
export const AccountsBody = Type.Array(
  Type.Object(
    {
      account: AccountBody,
      failedLogins: Type.Array(
        Type.Object({ ip: Type.String(), failures: Type.Integer(), lastAt: Type.Number() }, strict),
      ),
    },
    strict,
  ),
);
export type AccountsBody = Static<typeof AccountsBody>;

/** One account's latest sessions, newest first. */
export const AccountSessionsBody = Type.Array(
  Type.Object(
    {
      id: Type.String(),
      createdAt: Type.Number(),
      lastSeenAt: Type.Number(),
      revokedAt: Nullable(Type.Number()),
      active: Type.Boolean(),
    },
    strict,
  ),
);
export type AccountSessionsBody = Static<typeof AccountSessionsBody>;

/** The tracker devices and the units they report for; never the digest of their secret. */
export const DevicesBody = Type.Array(
  Type.Object(
    { id: Type.String(), unitId: Type.String(), active: Type.Boolean(), registeredAt: Type.Number() },
    strict,
  ),
);
export type DevicesBody = Static<typeof DevicesBody>;

// ── reference data: /api/reference

const KecamatanBody = Type.Object(
  { code: Type.String(), name: Type.String(), lat: Type.Number(), lon: Type.Number() },
  strict,
);
const DesaBody = Type.Object({ code: Type.String(), kecamatan: Type.String(), name: Type.String() }, strict);
const AgencyBody = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }, strict);
const StationBody = Type.Object(
  {
    id: Type.String(),
    agencyId: Type.String(),
    name: Type.String(),
    kecamatan: Type.String(),
    lat: Type.Number(),
    lon: Type.Number(),
  },
  strict,
);
const CategoryBody = Type.Object(
  {
    code: Type.String(),
    nameId: Type.String(),
    nameEn: Type.String(),
    group: Type.String(),
    agencies: Type.Array(Type.String()),
    defaultPriority: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]),
    retired: Type.Optional(Type.Boolean()),
    /** The SOP's instructions for the caller while help is on the way. */
    instructions: Type.Optional(Type.Array(Bilingual)),
  },
  strict,
);
sameShape<Static<typeof KecamatanBody>, Kecamatan>(true);
sameShape<Static<typeof DesaBody>, Desa>(true);
sameShape<Static<typeof AgencyBody>, Agency>(true);
sameShape<Static<typeof StationBody>, Station>(true);
sameShape<Static<typeof CategoryBody>, Category>(true);

export const ReferenceBody = Type.Object(
  {
    kecamatan: Type.Array(KecamatanBody),
    desa: Type.Array(DesaBody),
    agencies: Type.Array(AgencyBody),
    stations: Type.Array(StationBody),
    categories: Type.Array(CategoryBody),
  },
  strict,
);
export type ReferenceBody = Static<typeof ReferenceBody>;

/** /api/config: what the consoles need before sign-in. */
export const ConfigBody = Type.Object(
  {
    tileUrl: Nullable(Type.String()),
    /** The centre's clock (PINISI_TIME_ZONE, PINISI_SHIFT_HOURS): the reports' days and shifts start at its hours. */
    reportClock: Type.Object(
      {
        tzOffsetMinutes: Type.Integer(),
        tzName: Type.String(),
        shiftStarts: Type.Array(Type.Integer({ minimum: 0, maximum: 23 })),
      },
      strict,
    ),
    /**
     * Where a call taker may pass a call outside the desks (PINISI_TRANSFER_TARGETS), without the addresses dialled:
     * `dialable` is false while no number is set for it.
     */
    transferTargets: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          name: Type.String(),
          kind: Type.Enum(TRANSFER_TARGET_KINDS),
          dialable: Type.Boolean(),
          regencyCode: Type.Optional(Type.String()),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type ConfigBody = Static<typeof ConfigBody>;

// ── commands: POST /api/commands/<type>

/** An accepted command: the seq of its last event and its result (see CommandResults in src/domain/decide.ts). */
export const CommandAnswer = Type.Object(
  { seq: Type.Integer({ minimum: 0 }), result: Type.Record(Type.String(), Type.Unknown()) },
  strict,
);

// ── a caller's history: /api/calls/:id/history

export const CallerHistoryBody = Type.Object(
  {
    number: Nullable(Type.String()),
    calls: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          registeredAt: Type.Number(),
          type: Nullable(Type.Enum(CALL_TYPES)),
          incidentId: Nullable(Type.String()),
          channel: Type.Enum(CALL_CHANNELS),
        },
        strict,
      ),
    ),
    incidents: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          number: Type.String(),
          category: Type.String(),
          status: Type.Enum(INCIDENT_STATUSES),
          createdAt: Type.Number(),
        },
        strict,
      ),
    ),
    counts: Type.Partial(Type.Record(Type.Enum(CALL_TYPES), Type.Integer({ minimum: 0 }))),
    junkWarning: Type.Boolean(),
  },
  strict,
);
export type CallerHistoryBody = Static<typeof CallerHistoryBody>;
sameShape<Omit<CallerHistoryBody, 'number'>, Omit<CallerHistory, 'number'>>(true);

// ── the live state a console loads: /api/snapshot (the stream moves it on)

const TelephonySnapshotBody = Type.Object(
  {
    positions: Type.Array(PositionSchema),
    calls: Type.Array(TelephonyCallSchema),
    callbacks: Type.Array(CallbackEntrySchema),
    blocks: Type.Array(BlockSchema),
    signedOut: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Type.String(), userId: Type.String(), extension: Type.String(), since: Type.Number() },
          strict,
        ),
      ),
    ),
    desks: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Type.String(), name: Type.String(), extension: Type.String(), contact: Type.String() },
          strict,
        ),
      ),
    ),
  },
  strict,
);

export const SnapshotBody = Type.Object(
  {
    seq: Type.Integer({ minimum: 0 }),
    calls: Type.Array(CallSchema),
    incidents: Type.Array(IncidentSchema),
    assignments: Type.Array(AssignmentSchema),
    units: Type.Array(UnitSchema),
    telephony: Type.Optional(Nullable(TelephonySnapshotBody)),
  },
  strict,
);
export type SnapshotBody = Static<typeof SnapshotBody>;
sameShape<SnapshotBody, Snapshot>(true);

// ── an incident's timeline: /api/incidents/:id/timeline

export const TimelineBody = Type.Object(
  {
    incident: IncidentSchema,
    events: Type.Array(EventSchema),
    /** The incident's assignments the reader may see (an agency its own), to name them in the timeline. */
    assignments: Type.Array(AssignmentSchema),
  },
  strict,
);
export type TimelineBody = Static<typeof TimelineBody>;

// ── incident history: /api/incidents/search

export const IncidentSearchBody = Type.Object(
  {
    /** How the text was read: an incident number, a phone number, a place, or (empty) the latest. */
    kind: Type.Enum(['number', 'phone', 'place', 'latest']),
    incidents: Type.Array(IncidentSchema),
  },
  strict,
);
export type IncidentSearchBody = Static<typeof IncidentSearchBody>;

// ── escalations still standing: /api/escalations

export const EscalationsBody = Type.Object(
  {
    escalations: Type.Array(
      Type.Object(
        {
          kind: Type.Enum(['ack_overdue', 'en_route_overdue', 'on_scene_overdue']),
          assignmentId: Type.String(),
          at: Type.Number(),
          occurrences: Type.Integer({ minimum: 1 }),
          incidentId: Type.String(),
          agencyId: Type.String(),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type EscalationsBody = Static<typeof EscalationsBody>;
sameShape<
  EscalationsBody['escalations'][number],
  StandingEscalation & { incidentId: string; agencyId: string }
>(true);

/** Enrolment confirmed: the recovery codes, shown this once, and the session as it now is. */
export const SecondFactorEnrolledBody = Type.Object(
  {
    recoveryCodes: Type.Array(Type.String()),
    user: SessionUser,
    commands: Type.Array(Type.Enum(COMMAND_TYPES)),
  },
  strict,
);
