// The bodies of the HTTP answers, one schema each: routes declare them as response schemas (validation, OpenAPI at
// /docs) and the web app imports their static types. A new route's answer gets its schema here.
//
// Fastify serialises an answer through its response schema and drops what the schema does not name: keep each schema
// complete. Where a schema carries a domain type, `sameShape` below stops tsc when the two drift apart.
import { type Static, type TSchema, Type } from 'typebox';
import { COMMAND_TYPES } from '../domain/commands.ts';
import type { CallerHistory } from '../domain/history.ts';
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
} from '../domain/types.ts';

const strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when the schema's static type and the domain type are the same. */
function sameShape<A, B>(_same: Same<A, B>): void {}

// ── sessions: /api/auth/login, /api/me

const SessionUser = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    role: Type.Enum(ROLES),
    agencyId: Nullable(Type.String()),
  },
  strict,
);

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
export const ConfigBody = Type.Object({ tileUrl: Nullable(Type.String()) }, strict);

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
