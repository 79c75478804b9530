// The SOP as data: categories, triage questions, conditions, priority and agency rules, escalation timers.
import { type Static, type TSchema, Type } from 'typebox';
import { CATEGORY_GROUPS } from '../types.ts';

const strict = { additionalProperties: false } as const;

const QUESTION_KINDS = ['yes_no', 'choice', 'number', 'text'] as const;

/** Keys of the timer table: one set of escalation timers per priority P1..P4. */
export const PRIORITY_KEYS = ['p1', 'p2', 'p3', 'p4'] as const;
type PriorityKey = (typeof PRIORITY_KEYS)[number];

/** An answer as the caller gives it: yes/no → boolean, number → integer, choice → option value, text → string. */
export type AnswerValue = boolean | number | string;
export type Answers = Readonly<Record<string, AnswerValue | null | undefined>>;

/**
 * The condition language. A leaf compares one earlier answer; an unanswered (or hidden) question makes every
 * comparison false and only `answered: false` true. `all: []` holds, `any: []` does not; the schema forbids both.
 */
export type Condition =
  | { q: string; eq: AnswerValue }
  | { q: string; ne: AnswerValue }
  | { q: string; gt: number }
  | { q: string; gte: number }
  | { q: string; lt: number }
  | { q: string; lte: number }
  | { q: string; in: AnswerValue[] }
  | { q: string; answered: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const COMPARISON_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'answered'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

const QuestionId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$' });
const Value = Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 200 })]);
const leaf = (op: string, value: TSchema) => Type.Object({ q: QuestionId, [op]: value }, strict);

/** JSON Schema of a condition (for the API and OpenAPI); `validate.ts` checks shapes itself for exact paths. */
const ConditionSchema = Type.Cyclic(
  {
    Condition: Type.Union([
      leaf('eq', Value),
      leaf('ne', Value),
      leaf('gt', Type.Number()),
      leaf('gte', Type.Number()),
      leaf('lt', Type.Number()),
      leaf('lte', Type.Number()),
      leaf('in', Type.Array(Value, { minItems: 1, maxItems: 50 })),
      leaf('answered', Type.Boolean()),
      Type.Object({ all: Type.Array(Type.Ref('Condition'), { minItems: 1, maxItems: 20 }) }, strict),
      Type.Object({ any: Type.Array(Type.Ref('Condition'), { minItems: 1, maxItems: 20 }) }, strict),
      Type.Object({ not: Type.Ref('Condition') }, strict),
    ]),
  },
  'Condition',
);

const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$' });
const AgencyId = Type.String({ minLength: 1, maxLength: 64 });
const Label = (max: number) => Type.String({ minLength: 1, maxLength: max });
const PriorityValueSchema = Type.Enum([1, 2, 3, 4]);

export const TimerSchema = Type.Object(
  {
    /** The agency acknowledges the request within this many seconds of it. */
    ackSeconds: Type.Number(),
    /** A unit of the agency is en route within this many seconds of the request. */
    enRouteSeconds: Type.Number(),
    /** A unit is on scene within this many minutes of the request. */
    onSceneMinutes: Type.Number(),
    /** An escalation repeats at this interval until its cause is resolved. */
    repeatSeconds: Type.Number(),
  },
  strict,
);

const TimersSchema = Type.Object(
  { p1: TimerSchema, p2: TimerSchema, p3: TimerSchema, p4: TimerSchema },
  strict,
);
const TimerOverridesSchema = Type.Object(
  {
    p1: Type.Optional(TimerSchema),
    p2: Type.Optional(TimerSchema),
    p3: Type.Optional(TimerSchema),
    p4: Type.Optional(TimerSchema),
  },
  strict,
);

/** Builds the document schema around a condition schema, so the validator can check conditions by hand. */
export function documentSchema<C extends TSchema>(condition: C) {
  const OptionSchema = Type.Object({ value: Code, labelId: Label(120), labelEn: Label(120) }, strict);
  const QuestionSchema = Type.Object(
    {
      id: QuestionId,
      kind: Type.Enum([...QUESTION_KINDS]),
      textId: Label(300),
      textEn: Label(300),
      /** Only for `choice`: the values the caller may pick from. */
      options: Type.Optional(Type.Array(OptionSchema, { minItems: 2, maxItems: 30 })),
      /** Only for `number`: the smallest and largest accepted answer (integers). */
      min: Type.Optional(Type.Integer()),
      max: Type.Optional(Type.Integer()),
      /** Shown only when this holds on the answers to earlier questions. */
      when: Type.Optional(condition),
    },
    strict,
  );
  const PriorityRuleSchema = Type.Object(
    {
      id: Code,
      when: condition,
      priority: PriorityValueSchema,
      reasonId: Label(300),
      reasonEn: Label(300),
    },
    strict,
  );
  const AgencyRuleSchema = Type.Object(
    {
      id: Code,
      when: condition,
      agencies: Type.Array(AgencyId, { minItems: 1, maxItems: 20 }),
      reasonId: Label(300),
      reasonEn: Label(300),
    },
    strict,
  );
  const UnitNeedSchema = Type.Object(
    {
      /** A kind of unit as the units carry it (`fire_engine`, `ambulance`, `rescue`, `boat`, …). */
      kind: Code,
      count: Type.Integer({ minimum: 1, maximum: 20 }),
    },
    strict,
  );
  const UnitRuleSchema = Type.Object(
    {
      id: Code,
      when: condition,
      units: Type.Array(UnitNeedSchema, { minItems: 1, maxItems: 20 }),
      reasonId: Label(300),
      reasonEn: Label(300),
    },
    strict,
  );
  const CategorySchema = Type.Object(
    {
      code: Code,
      nameId: Label(120),
      nameEn: Label(120),
      group: Type.Enum([...CATEGORY_GROUPS]),
      defaultPriority: PriorityValueSchema,
      defaultAgencies: Type.Array(AgencyId, { maxItems: 20 }),
      questions: Type.Array(QuestionSchema, { maxItems: 60 }),
      priorityRules: Type.Array(PriorityRuleSchema, { maxItems: 60 }),
      agencyRules: Type.Array(AgencyRuleSchema, { maxItems: 60 }),
      /** Replaces the document's timers for the priorities it names. */
      timers: Type.Optional(TimerOverridesSchema),
      /** What the call taker tells the caller to do until help arrives, in the order to say it. */
      instructions: Type.Optional(
        Type.Array(Type.Object({ textId: Label(300), textEn: Label(300) }, strict), { maxItems: 20 }),
      ),
      /** The run card: which kinds of unit, and how many, the category sends whatever the answers. */
      units: Type.Optional(Type.Array(UnitNeedSchema, { maxItems: 20 })),
      /** More units when the answers say so: each kind gets the largest count of the default and the fired rules. */
      unitRules: Type.Optional(Type.Array(UnitRuleSchema, { maxItems: 60 })),
    },
    strict,
  );
  return Type.Object(
    {
      /** Free text of the admin about this draft or version, e.g. what changed. */
      title: Type.String({ maxLength: 200 }),
      timers: TimersSchema,
      categories: Type.Array(CategorySchema, { minItems: 1, maxItems: 200 }),
    },
    strict,
  );
}

export const SopDocumentSchema = documentSchema(ConditionSchema);

export type Timer = Static<typeof TimerSchema>;
type DocumentShape = Static<ReturnType<typeof documentSchema<ReturnType<typeof Type.Unknown>>>>;
type CategoryShape = DocumentShape['categories'][number];
type QuestionShape = CategoryShape['questions'][number];

export type Question = Omit<QuestionShape, 'when'> & { when?: Condition };
export type PriorityRule = Omit<CategoryShape['priorityRules'][number], 'when'> & { when: Condition };
export type AgencyRule = Omit<CategoryShape['agencyRules'][number], 'when'> & { when: Condition };
export type UnitRule = Omit<NonNullable<CategoryShape['unitRules']>[number], 'when'> & { when: Condition };
export type SopCategory = Omit<CategoryShape, 'questions' | 'priorityRules' | 'agencyRules' | 'unitRules'> & {
  questions: Question[];
  priorityRules: PriorityRule[];
  agencyRules: AgencyRule[];
  unitRules?: UnitRule[];
};
export type SopDocument = Omit<DocumentShape, 'categories'> & { categories: SopCategory[] };

/** The priority key of the timer table for a priority 1..4. */
function priorityKey(priority: 1 | 2 | 3 | 4): PriorityKey {
  return `p${priority}`;
}

/** The escalation timers that apply to a category at a priority: the category's override, else the document's. */
export function timersFor(
  doc: SopDocument,
  category: SopCategory | undefined,
  priority: 1 | 2 | 3 | 4,
): Timer {
  const key = priorityKey(priority);
  return category?.timers?.[key] ?? doc.timers[key];
}

/** Whether a condition is a comparison leaf (as opposed to all/any/not). */
export function isLeaf(condition: Condition): condition is Extract<Condition, { q: string }> {
  return 'q' in condition;
}

/** The operator of a leaf condition. */
export function leafOperator(condition: Extract<Condition, { q: string }>): ComparisonOperator {
  for (const op of COMPARISON_OPERATORS) if (op in condition) return op;
  return 'answered';
}

/** Every question id a condition refers to, in order of appearance. */
export function referencedQuestions(condition: Condition): string[] {
  if (isLeaf(condition)) return [condition.q];
  if ('all' in condition) return condition.all.flatMap(referencedQuestions);
  if ('any' in condition) return condition.any.flatMap(referencedQuestions);
  return referencedQuestions(condition.not);
}
