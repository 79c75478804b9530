// The bodies of the units' answers: an incident's run card (GET /api/incidents/:id/recommendation).
import { type Static, Type } from 'typebox';
import type { RunCard } from '../domain/recommend.ts';
import { Nullable, sameShape, strict } from './shape.ts';

const BilingualSchema = Type.Object({ id: Type.String(), en: Type.String() }, strict);

const CandidateSchema = Type.Object(
  {
    unitId: Type.String(),
    callsign: Type.String(),
    kind: Type.String(),
    agencyId: Type.String(),
    stationId: Nullable(Type.String()),
    assignmentId: Nullable(Type.String()),
    from: Type.Union([Type.Literal('position'), Type.Literal('station')]),
    positionAgeMs: Nullable(Type.Number()),
    stale: Type.Boolean(),
    meters: Type.Number(),
    seconds: Type.Number(),
    fallback: Type.Boolean(),
    reason: BilingualSchema,
  },
  strict,
);

const AssignmentStatusSchema = Type.Union(
  ['requested', 'acknowledged', 'declined', 'done', 'withdrawn'].map((s) => Type.Literal(s)),
);

const RunCardSchema = Type.Object(
  {
    incidentId: Type.String(),
    point: Type.Object({ lat: Type.Number(), lon: Type.Number() }, strict),
    pointFrom: Type.Union([Type.Literal('incident'), Type.Literal('kecamatan')]),
    agencies: Type.Array(
      Type.Object(
        {
          agencyId: Type.String(),
          assignmentId: Nullable(Type.String()),
          assignmentStatus: Nullable(
            Type.Unsafe<NonNullable<RunCard['agencies'][number]['assignmentStatus']>>(AssignmentStatusSchema),
          ),
          candidates: Type.Array(CandidateSchema),
        },
        strict,
      ),
    ),
    needs: Type.Array(
      Type.Object(
        {
          kind: Type.String(),
          count: Type.Integer(),
          assigned: Type.Integer(),
          reasons: Type.Array(BilingualSchema),
          candidates: Type.Array(CandidateSchema),
        },
        strict,
      ),
    ),
  },
  strict,
);
sameShape<Static<typeof RunCardSchema>, RunCard>(true);

/** The run card and how its times were estimated: a road router, or the straight-line model with its figures. */
export const RunCardBody = Type.Intersect([
  RunCardSchema,
  Type.Object({
    model: Type.Union([
      Type.Object({ router: Type.Literal('osrm') }, strict),
      Type.Object(
        {
          router: Type.Literal('straight'),
          detour: Type.Number(),
          kmh: Type.Number(),
          turnoutSeconds: Type.Number(),
        },
        strict,
      ),
    ]),
  }),
]);
export type RunCardBody = Static<typeof RunCardBody>;
