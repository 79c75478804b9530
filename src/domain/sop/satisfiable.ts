// Decides whether a condition can ever hold in a category, by trying every answer that makes a difference.
import { holds, walkQuestions } from './condition.ts';
import type { AnswerValue, Condition, Question, SopCategory } from './document.ts';
import { isLeaf, referencedQuestions } from './document.ts';

/** Above this many combinations of answers the check gives up and assumes the condition can hold. */
const MAX_COMBINATIONS = 100_000;

function leaves(condition: Condition): Extract<Condition, { q: string }>[] {
  if (isLeaf(condition)) return [condition];
  if ('all' in condition) return condition.all.flatMap(leaves);
  if ('any' in condition) return condition.any.flatMap(leaves);
  return leaves(condition.not);
}

/** Every condition of a category: the questions' and the rules'. */
function categoryConditions(category: SopCategory): Condition[] {
  return [
    ...category.questions.flatMap((q) => (q.when ? [q.when] : [])),
    ...category.priorityRules.map((r) => r.when),
    ...category.agencyRules.map((r) => r.when),
  ];
}

/** The constants the category's conditions compare a question with. */
function constantsOf(category: SopCategory, questionId: string): AnswerValue[] {
  const values: AnswerValue[] = [];
  for (const leaf of categoryConditions(category).flatMap(leaves)) {
    if (leaf.q !== questionId) continue;
    for (const op of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const) {
      if (op in leaf) values.push((leaf as Record<string, AnswerValue>)[op]!);
    }
    if ('in' in leaf) values.push(...leaf.in);
  }
  return values;
}

/**
 * The answers worth trying for a question: each value the conditions name, its integer neighbours for numbers,
 * one value no condition names, and no answer at all. Any other answer behaves like one of these.
 */
function domainOf(category: SopCategory, question: Question): (AnswerValue | undefined)[] {
  const constants = constantsOf(category, question.id);
  switch (question.kind) {
    case 'yes_no':
      return [true, false, undefined];
    case 'choice': {
      const options = (question.options ?? []).map((o) => o.value);
      const named = options.filter((o) => constants.includes(o));
      const other = options.find((o) => !constants.includes(o));
      return [...named, ...(other === undefined ? [] : [other]), undefined];
    }
    case 'number': {
      const points = new Set<number>([question.min ?? 0, question.max ?? 0]);
      for (const c of constants) {
        if (typeof c !== 'number') continue;
        for (const p of [Math.floor(c) - 1, Math.floor(c), Math.ceil(c), Math.ceil(c) + 1]) points.add(p);
      }
      return [...points, undefined];
    }
    case 'text': {
      const texts = new Set(constants.filter((c): c is string => typeof c === 'string'));
      let fresh = 'lain';
      while (texts.has(fresh)) fresh += '_';
      return [...texts, fresh, undefined];
    }
  }
}

/**
 * Whether some answers make the condition hold once hidden questions are dropped. The category must have no
 * reference faults (every referenced question exists and conditions of questions refer only to earlier ones).
 */
export function canHold(category: SopCategory, condition: Condition): boolean {
  const byId = new Map(category.questions.map((q, i) => [q.id, { q, i }]));
  const relevant = new Set<string>();
  const queue = referencedQuestions(condition);
  while (queue.length > 0) {
    const id = queue.pop()!;
    const found = byId.get(id);
    if (!found || relevant.has(id)) continue;
    relevant.add(id);
    if (found.q.when) queue.push(...referencedQuestions(found.q.when));
  }
  const questions = [...relevant].map((id) => byId.get(id)!).sort((a, b) => a.i - b.i);
  const domains = questions.map(({ q }) => domainOf(category, q));
  const combinations = domains.reduce((n, d) => n * d.length, 1);
  if (combinations > MAX_COMBINATIONS) return true;

  const chosen = new Map<string, AnswerValue | undefined>();
  const search = (k: number): boolean => {
    if (k === questions.length) {
      const { effective } = walkQuestions(
        questions.map(({ q }) => q),
        (id) => chosen.get(id),
      );
      return holds(condition, effective);
    }
    for (const value of domains[k]!) {
      chosen.set(questions[k]!.q.id, value);
      if (search(k + 1)) return true;
    }
    return false;
  };
  return search(0);
}
