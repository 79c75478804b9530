// Evaluates the SOP condition language over answers: total, no exceptions, unanswered makes comparisons false.
import { type AnswerValue, type Condition, isLeaf, type Question } from './document.ts';

/** Answers that count: only those of visible questions, each of the right type for its question. */
export type EffectiveAnswers = ReadonlyMap<string, AnswerValue>;

/** Whether the condition holds on the answers. Every comparison with an unanswered question is false. */
export function holds(condition: Condition, answers: EffectiveAnswers): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, answers));
  if ('any' in condition) return condition.any.some((c) => holds(c, answers));
  if ('not' in condition) return !holds(condition.not, answers);
  if (!isLeaf(condition)) return false;
  const answer = answers.get(condition.q);
  if ('answered' in condition) return (answer !== undefined) === condition.answered;
  if (answer === undefined) return false;
  if ('eq' in condition) return answer === condition.eq;
  if ('ne' in condition) return answer !== condition.ne;
  if ('in' in condition) return condition.in.includes(answer);
  if (typeof answer !== 'number') return false;
  if ('gt' in condition) return answer > condition.gt;
  if ('gte' in condition) return answer >= condition.gte;
  if ('lt' in condition) return answer < condition.lt;
  if ('lte' in condition) return answer <= condition.lte;
  return false;
}

/** The answer as the question accepts it, or undefined when it is absent or not a valid answer to it. */
export function acceptedAnswer(question: Question, value: unknown): AnswerValue | undefined {
  switch (question.kind) {
    case 'yes_no':
      return typeof value === 'boolean' ? value : undefined;
    case 'choice':
      return typeof value === 'string' && (question.options ?? []).some((o) => o.value === value)
        ? value
        : undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      if (question.min !== undefined && value < question.min) return undefined;
      if (question.max !== undefined && value > question.max) return undefined;
      return value;
    case 'text':
      return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  }
}

/**
 * Walks the questions in order: a question is visible when it has no condition or its condition holds on the
 * answers to the visible questions before it. Answers to hidden questions and invalid answers are dropped.
 */
export function walkQuestions(
  questions: readonly Question[],
  answers: (id: string) => unknown,
): { visible: Question[]; effective: Map<string, AnswerValue> } {
  const effective = new Map<string, AnswerValue>();
  const visible: Question[] = [];
  for (const question of questions) {
    if (question.when && !holds(question.when, effective)) continue;
    visible.push(question);
    const answer = acceptedAnswer(question, answers(question.id));
    if (answer !== undefined) effective.set(question.id, answer);
  }
  return { visible, effective };
}
