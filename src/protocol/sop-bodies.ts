// The bodies of the SOP answers (/api/sop/*): versions, the admin's draft with its faults, comparisons, evaluations.
import { type Static, Type } from 'typebox';
import type { SopChange } from '../domain/sop/compare.ts';
import { type Question, type SopDocument, TimerSchema } from '../domain/sop/document.ts';
import type { Evaluation } from '../domain/sop/evaluate.ts';
import type { Fault } from '../domain/sop/validate.ts';
import type { PublishedSop } from '../domain/types.ts';
import { Nullable, sameShape, strict } from './shape.ts';

const Priority = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]);

/** An SOP document (src/domain/sop/document.ts, `SopDocumentSchema`); passed through whole. */
const SopDocumentBody = Type.Unsafe<SopDocument>(
  Type.Object({}, { additionalProperties: true, description: 'An SOP document (see SopDocumentSchema)' }),
);

const VersionInfo = {
  version: Type.Integer({ minimum: 1 }),
  title: Type.String(),
  publishedAt: Type.Number(),
  publishedBy: Type.String(),
};

/** One published version without its document: /api/sop/versions, and the answer to publishing. */
export const SopVersionInfoBody = Type.Object(VersionInfo, strict);
export type SopVersionInfoBody = Static<typeof SopVersionInfoBody>;

/** /api/sop/current, /api/sop/versions/:version */
export const PublishedSopBody = Type.Object({ ...VersionInfo, doc: SopDocumentBody }, strict);
sameShape<Static<typeof PublishedSopBody>, PublishedSop>(true);

export const SopVersionsBody = Type.Object({ versions: Type.Array(SopVersionInfoBody) }, strict);
export type SopVersionsBody = Static<typeof SopVersionsBody>;

const FaultBody = Type.Object({ path: Type.String(), code: Type.String(), message: Type.String() }, strict);
export type FaultBody = Static<typeof FaultBody>;
sameShape<FaultBody, Fault>(true);

/** /api/sop/validate: an empty list (a document with faults is answered 400 `sop.invalid` with them). */
export const SopFaultsBody = Type.Object({ faults: Type.Array(FaultBody) }, strict);
export type SopFaultsBody = Static<typeof SopFaultsBody>;

/** GET and PUT /api/sop/draft: the admin's work in progress (not necessarily valid) and its faults. */
export const SopDraftBody = Type.Object(
  {
    doc: Type.Unknown(),
    basedOn: Nullable(Type.Integer({ minimum: 1 })),
    updatedAt: Type.Number(),
    updatedBy: Type.String(),
    faults: Type.Array(FaultBody),
  },
  strict,
);
export type SopDraftBody = Static<typeof SopDraftBody>;

/** /api/sop/compare */
export const SopCompareBody = Type.Object(
  {
    from: Type.String(),
    to: Type.String(),
    changes: Type.Array(
      Type.Object(
        {
          path: Type.String(),
          kind: Type.Enum(['added', 'removed', 'changed', 'reordered']),
          before: Type.Optional(Type.Unknown()),
          after: Type.Optional(Type.Unknown()),
        },
        strict,
      ),
    ),
  },
  strict,
);
sameShape<Static<typeof SopCompareBody>['changes'][number], SopChange>(true);

/** A question of the SOP (src/domain/sop/document.ts); passed through whole. */
const QuestionBody = Type.Unsafe<Question>(
  Type.Object({ id: Type.String(), kind: Type.String() }, { additionalProperties: true }),
);

/** /api/sop/evaluate: the questions to ask, the priority and agencies with reasons, the timers. */
export const EvaluationBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    category: Type.String(),
    visibleQuestions: Type.Array(QuestionBody),
    answers: Type.Record(Type.String(), Type.Union([Type.Boolean(), Type.Number(), Type.String()])),
    priority: Priority,
    priorityRuleId: Nullable(Type.String()),
    priorityReason: Type.String(),
    agencies: Type.Array(
      Type.Object(
        { agencyId: Type.String(), reasons: Type.Array(Type.String()), ruleIds: Type.Array(Type.String()) },
        strict,
      ),
    ),
    rulesFired: Type.Array(Type.String()),
    timers: TimerSchema,
  },
  strict,
);
export type EvaluationBody = Static<typeof EvaluationBody>;
sameShape<Omit<EvaluationBody, 'version'>, Evaluation>(true);
