// Validates an SOP document beyond its schema and returns every fault with the exact JSON path of each.
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { conditionShapeFaults, type Fault } from './condition-shape.ts';
import {
  type Condition,
  documentSchema,
  isLeaf,
  leafOperator,
  PRIORITY_KEYS,
  type Question,
  type SopCategory,
  type SopDocument,
  type Timer,
} from './document.ts';
import { canHold } from './satisfiable.ts';

export type { Fault } from './condition-shape.ts';

/** The document's schema with conditions left open: their shapes are checked by hand for exact paths. */
const ShapeSchema = documentSchema(Type.Unknown());

const OPERATORS_BY_KIND: Record<Question['kind'], readonly string[]> = {
  yes_no: ['eq', 'ne', 'answered'],
  choice: ['eq', 'ne', 'in', 'answered'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'answered'],
  text: ['eq', 'ne', 'in', 'answered'],
};
const VALUE_TYPE_BY_KIND: Record<Question['kind'], 'boolean' | 'number' | 'string'> = {
  yes_no: 'boolean',
  choice: 'string',
  number: 'number',
  text: 'string',
};

/** `/categories/3/questions` → `categories[3].questions`. */
export function pointerToPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  }
  return path;
}

const join = (base: string, key: string) => (base === '' ? key : `${base}.${key}`);

function schemaFaults(doc: unknown): Fault[] {
  const faults: Fault[] = [];
  for (const error of Value.Errors(ShapeSchema, doc)) {
    const at = pointerToPath(error.instancePath);
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required') {
      for (const property of (params.requiredProperties as string[] | undefined) ?? []) {
        const code = property === 'defaultPriority' ? 'category.default_priority_missing' : 'schema.required';
        faults.push({ path: join(at, property), code, message: `${property} is required` });
      }
    } else if (error.keyword === 'additionalProperties') {
      for (const property of (params.additionalProperties as string[] | undefined) ?? []) {
        faults.push({
          path: join(at, property),
          code: 'schema.unknown_property',
          message: `Unknown ${property}`,
        });
      }
    } else if (error.keyword !== 'boolean') {
      faults.push({ path: at, code: `schema.${error.keyword}`, message: error.message });
    }
  }
  return faults;
}

function conditionShapes(doc: unknown): Fault[] {
  const faults: Fault[] = [];
  const categories = (doc as { categories?: unknown })?.categories;
  if (!Array.isArray(categories)) return faults;
  categories.forEach((category, i) => {
    const lists = ['questions', 'priorityRules', 'agencyRules', 'unitRules'] as const;
    for (const list of lists) {
      const items = (category as Record<string, unknown> | null)?.[list];
      if (!Array.isArray(items)) continue;
      items.forEach((item, j) => {
        if (typeof item === 'object' && item !== null && 'when' in item) {
          faults.push(...conditionShapeFaults(item.when, `categories[${i}].${list}[${j}].when`));
        }
      });
    }
  });
  return faults;
}

function timerFaults(timer: Timer, path: string): Fault[] {
  return (Object.keys(timer) as (keyof Timer)[])
    .filter((key) => !(Number.isFinite(timer[key]) && timer[key] > 0))
    .map((key) => ({
      path: `${path}.${key}`,
      code: 'timer.not_positive',
      message: `${key} must be more than zero (is ${timer[key]})`,
    }));
}

function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: (j: number) => string,
  code: string,
) {
  const seen = new Set<string>();
  const faults: Fault[] = [];
  items.forEach((item, j) => {
    const k = key(item);
    if (seen.has(k)) faults.push({ path: path(j), code, message: `${k} appears more than once` });
    seen.add(k);
  });
  return faults;
}

/** Faults of the leaves of one condition against the category's questions. */
function conditionFaults(
  condition: Condition,
  path: string,
  category: SopCategory,
  otherIds: ReadonlySet<string>,
  /** For a question's condition: its own index, since it may refer only to questions before it. */
  ownIndex: number | null,
): Fault[] {
  if ('all' in condition) {
    return condition.all.flatMap((c, k) =>
      conditionFaults(c, `${path}.all[${k}]`, category, otherIds, ownIndex),
    );
  }
  if ('any' in condition) {
    return condition.any.flatMap((c, k) =>
      conditionFaults(c, `${path}.any[${k}]`, category, otherIds, ownIndex),
    );
  }
  if ('not' in condition) return conditionFaults(condition.not, `${path}.not`, category, otherIds, ownIndex);
  if (!isLeaf(condition)) return [];
  const index = category.questions.findIndex((q) => q.id === condition.q);
  const question = category.questions[index];
  if (!question) {
    return otherIds.has(condition.q)
      ? [
          {
            path: `${path}.q`,
            code: 'condition.other_category',
            message: `${condition.q} is a question of another category`,
          },
        ]
      : [{ path: `${path}.q`, code: 'condition.unknown_question', message: `No question ${condition.q}` }];
  }
  if (ownIndex !== null && index === ownIndex) {
    return [{ path: `${path}.q`, code: 'question.cycle', message: `${condition.q} depends on itself` }];
  }
  const faults: Fault[] = [];
  if (ownIndex !== null && index > ownIndex) {
    faults.push({
      path: `${path}.q`,
      code: 'condition.forward_reference',
      message: `${condition.q} is asked later; a question's condition may use only earlier answers`,
    });
  }
  const op = leafOperator(condition);
  if (!OPERATORS_BY_KIND[question.kind].includes(op)) {
    faults.push({
      path: `${path}.${op}`,
      code: 'condition.operator_mismatch',
      message: `${op} cannot be used on a ${question.kind} question`,
    });
    return faults;
  }
  if (op === 'answered') return faults;
  const operand = (condition as Record<string, unknown>)[op];
  const values: [unknown, string][] = Array.isArray(operand)
    ? operand.map((v, k) => [v, `${path}.${op}[${k}]`])
    : [[operand, `${path}.${op}`]];
  const expected = VALUE_TYPE_BY_KIND[question.kind];
  for (const [value, at] of values) {
    if (typeof value !== expected) {
      faults.push({
        path: at,
        code: 'condition.type_mismatch',
        message: `${condition.q} is ${question.kind}: compare it with a ${expected}, not ${JSON.stringify(value)}`,
      });
    } else if (question.kind === 'choice' && !(question.options ?? []).some((o) => o.value === value)) {
      faults.push({
        path: at,
        code: 'condition.unknown_option',
        message: `${JSON.stringify(value)} is not an option of ${condition.q}`,
      });
    }
  }
  return faults;
}

/** Groups of questions whose conditions depend on each other in a loop; reported at the first one's `when`. */
function cycleFaults(category: SopCategory, path: string): Fault[] {
  const ids = category.questions.map((q) => q.id);
  const edges = category.questions.map((q) =>
    q.when ? [...new Set(refs(q.when))].map((id) => ids.indexOf(id)).filter((j) => j >= 0) : [],
  );
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set<number>();
    const stack = [...edges[from]!];
    while (stack.length > 0) {
      const j = stack.pop()!;
      if (j === to) return true;
      if (seen.has(j)) continue;
      seen.add(j);
      stack.push(...edges[j]!);
    }
    return false;
  };
  const faults: Fault[] = [];
  const reported = new Set<number>();
  for (let i = 0; i < ids.length; i++) {
    if (reported.has(i)) continue;
    const loop = ids.map((_, j) => j).filter((j) => j !== i && reaches(i, j) && reaches(j, i));
    if (loop.length === 0) continue;
    for (const j of loop) reported.add(j);
    faults.push({
      path: `${path}.questions[${i}].when`,
      code: 'question.cycle',
      message: `Conditions loop through ${[i, ...loop].map((j) => ids[j]).join(' → ')}`,
    });
  }
  return faults;
}

function refs(condition: Condition): string[] {
  if (isLeaf(condition)) return [condition.q];
  if ('all' in condition) return condition.all.flatMap(refs);
  if ('any' in condition) return condition.any.flatMap(refs);
  return refs(condition.not);
}

/** The run card's faults: a kind twice in one list, or (when the kinds of the units are known) a kind no unit has. */
function runCardFaults(category: SopCategory, path: string, unitKinds: ReadonlySet<string> | null): Fault[] {
  const lists = [
    { needs: category.units ?? [], at: `${path}.units` },
    ...(category.unitRules ?? []).map((rule, j) => ({
      needs: rule.units,
      at: `${path}.unitRules[${j}].units`,
    })),
  ];
  const faults: Fault[] = [];
  for (const { needs, at } of lists) {
    faults.push(
      ...duplicates(
        needs,
        (n) => n.kind,
        (k) => `${at}[${k}].kind`,
        'run_card.duplicate_kind',
      ),
    );
    needs.forEach((need, k) => {
      if (unitKinds && !unitKinds.has(need.kind))
        faults.push({
          path: `${at}[${k}].kind`,
          code: 'run_card.unknown_kind',
          message: `No unit is of kind ${need.kind}`,
        });
    });
  }
  return faults;
}

function categoryFaults(
  category: SopCategory,
  path: string,
  knownAgencies: ReadonlySet<string>,
  questionIdsElsewhere: ReadonlySet<string>,
  unitKinds: ReadonlySet<string> | null,
): Fault[] {
  const faults: Fault[] = [];
  const agency = (id: string, at: string) => {
    if (!knownAgencies.has(id))
      faults.push({ path: at, code: 'agency.unknown', message: `Unknown agency ${id}` });
  };
  category.defaultAgencies.forEach((id, k) => {
    agency(id, `${path}.defaultAgencies[${k}]`);
  });
  category.agencyRules.forEach((rule, j) => {
    rule.agencies.forEach((id, k) => {
      agency(id, `${path}.agencyRules[${j}].agencies[${k}]`);
    });
  });
  category.instructions?.forEach((line, k) => {
    for (const field of ['textId', 'textEn'] as const) {
      if (line[field].trim() === '') {
        faults.push({
          path: `${path}.instructions[${k}].${field}`,
          code: 'instruction.blank',
          message: 'An instruction for the caller needs words',
        });
      }
    }
  });
  for (const key of PRIORITY_KEYS) {
    const timer = category.timers?.[key];
    if (timer) faults.push(...timerFaults(timer, `${path}.timers.${key}`));
  }

  const questionFaults = duplicates(
    category.questions,
    (q) => q.id,
    (j) => `${path}.questions[${j}].id`,
    'question.duplicate_id',
  );
  const rules = [
    ...category.priorityRules.map((r, j) => ({ id: r.id, at: `${path}.priorityRules[${j}].id` })),
    ...category.agencyRules.map((r, j) => ({ id: r.id, at: `${path}.agencyRules[${j}].id` })),
    ...(category.unitRules ?? []).map((r, j) => ({ id: r.id, at: `${path}.unitRules[${j}].id` })),
  ];
  faults.push(
    ...duplicates(
      rules,
      (r) => r.id,
      (j) => rules[j]!.at,
      'rule.duplicate_id',
    ),
  );

  category.questions.forEach((question, j) => {
    const at = `${path}.questions[${j}]`;
    if (question.kind === 'choice' && !question.options) {
      questionFaults.push({
        path: `${at}.options`,
        code: 'question.options_missing',
        message: 'A choice needs options',
      });
    }
    if (question.kind !== 'choice' && question.options) {
      questionFaults.push({
        path: `${at}.options`,
        code: 'question.options_unexpected',
        message: 'Only a choice has options',
      });
    }
    questionFaults.push(
      ...duplicates(
        question.options ?? [],
        (o) => o.value,
        (k) => `${at}.options[${k}].value`,
        'question.duplicate_option',
      ),
    );
    if (question.min !== undefined && question.max !== undefined && question.min > question.max) {
      questionFaults.push({ path: `${at}.max`, code: 'question.range_empty', message: 'max is below min' });
    }
  });

  const referenceFaults: Fault[] = [];
  category.questions.forEach((question, j) => {
    if (!question.when) return;
    const at = `${path}.questions[${j}].when`;
    referenceFaults.push(...conditionFaults(question.when, at, category, questionIdsElsewhere, j));
  });
  const ruleLists = [
    ['priorityRules', category.priorityRules],
    ['agencyRules', category.agencyRules],
    ['unitRules', category.unitRules ?? []],
  ] as const;
  for (const [list, items] of ruleLists) {
    items.forEach((rule, j) => {
      const at = `${path}.${list}[${j}].when`;
      referenceFaults.push(...conditionFaults(rule.when, at, category, questionIdsElsewhere, null));
    });
  }
  referenceFaults.push(...cycleFaults(category, path));
  faults.push(...questionFaults, ...referenceFaults, ...runCardFaults(category, path, unitKinds));

  // Whether a condition can ever hold is asked only of a category whose questions and references are sound.
  if (questionFaults.length > 0 || referenceFaults.length > 0) return faults;
  category.questions.forEach((question, j) => {
    if (question.when && !canHold(category, question.when)) {
      faults.push({
        path: `${path}.questions[${j}].when`,
        code: 'question.never_shown',
        message: `No answers make ${question.id} appear`,
      });
    }
  });
  for (const [list, items] of ruleLists) {
    items.forEach((rule, j) => {
      if (!canHold(category, rule.when)) {
        faults.push({
          path: `${path}.${list}[${j}].when`,
          code: 'rule.never_fires',
          message: `No answers make rule ${rule.id} fire`,
        });
      }
    });
  }
  return faults;
}

/** Agencies named by a category whose shape is broken, read loosely: its other checks wait for a sound shape. */
function looseAgencyFaults(category: unknown, path: string, knownAgencies: ReadonlySet<string>): Fault[] {
  const faults: Fault[] = [];
  const check = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((id, k) => {
      if (typeof id === 'string' && !knownAgencies.has(id))
        faults.push({ path: `${at}[${k}]`, code: 'agency.unknown', message: `Unknown agency ${id}` });
    });
  };
  const c = category as { defaultAgencies?: unknown; agencyRules?: unknown } | null;
  check(c?.defaultAgencies, `${path}.defaultAgencies`);
  if (Array.isArray(c?.agencyRules)) {
    c.agencyRules.forEach((rule: unknown, j) => {
      check((rule as { agencies?: unknown } | null)?.agencies, `${path}.agencyRules[${j}].agencies`);
    });
  }
  return faults;
}

/** Whether any fault lies at `path` or inside it. */
function faultInside(faults: readonly Fault[], path: string): boolean {
  return faults.some(
    (f) => f.path === path || f.path.startsWith(`${path}.`) || f.path.startsWith(`${path}[`),
  );
}

/**
 * Every fault of a document at once: schema faults first, then the SOP's own: unknown agencies, bad references in
 * conditions, cycles, rules that can never fire, non-positive timers, duplicate codes and ids, run cards naming a
 * kind twice or a kind no unit has. A part whose shape is broken gets only the checks that can read it (a category
 * with a schema fault still has its agencies checked); the sound parts get all of them.
 */
export function validateSop(
  doc: unknown,
  knownAgencies: readonly string[],
  /** The kinds the units have; a run card may name only these. Null leaves kinds unchecked. */
  unitKinds: readonly string[] | null = null,
): Fault[] {
  const shape = [...schemaFaults(doc), ...conditionShapes(doc)];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return shape;
  const sop = doc as Partial<SopDocument>;
  const faults: Fault[] = [...shape];
  for (const key of PRIORITY_KEYS) {
    const timer = sop.timers?.[key];
    if (timer && !faultInside(shape, `timers.${key}`)) faults.push(...timerFaults(timer, `timers.${key}`));
  }
  if (!Array.isArray(sop.categories)) return faults;
  const categories = sop.categories;
  const sound = categories.map((_, i) => !faultInside(shape, `categories[${i}]`));
  const coded = categories
    .map((c, i) => ({ code: (c as { code?: unknown } | null)?.code, i }))
    .filter((c): c is { code: string; i: number } => typeof c.code === 'string');
  faults.push(
    ...duplicates(
      coded,
      (c) => c.code,
      (j) => `categories[${coded[j]!.i}].code`,
      'category.duplicate_code',
    ),
  );
  const agencies = new Set(knownAgencies);
  const kinds = unitKinds ? new Set(unitKinds) : null;
  categories.forEach((category, i) => {
    const path = `categories[${i}]`;
    if (!sound[i]) {
      faults.push(...looseAgencyFaults(category, path, agencies));
      return;
    }
    const elsewhere = new Set(
      categories.filter((_, k) => k !== i && sound[k]).flatMap((c) => c.questions.map((q) => q.id)),
    );
    faults.push(...categoryFaults(category, path, agencies, elsewhere, kinds));
  });
  return faults;
}
