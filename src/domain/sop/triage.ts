// Triage as recorded: checks the call taker's answers against the SOP in force and keeps what the SOP made of them.
import { invalid } from '../errors.ts';
import type { Bilingual, IncidentTriage, PublishedSop, TriageAnswer } from '../types.ts';
import { acceptedAnswer } from './condition.ts';
import type { Answers, SopCategory } from './document.ts';
import { evaluate } from './evaluate.ts';

const both = (id: string, en: string): Bilingual => ({ id, en });

/** Refuses answers to questions the category does not have and answers a question cannot take. */
function checkAnswers(category: SopCategory, answers: Answers): void {
  const questions = new Map(category.questions.map((q) => [q.id, q]));
  for (const [id, value] of Object.entries(answers)) {
    if (value === null || value === undefined) continue;
    const question = questions.get(id);
    if (!question) {
      throw invalid(
        'triage.question_unknown',
        `The SOP asks no question ${id} for ${category.nameEn}`,
        `answers.${id}`,
      );
    }
    if (acceptedAnswer(question, value) === undefined) {
      throw invalid(
        'triage.answer_invalid',
        `${JSON.stringify(value)} is no answer to ${id}`,
        `answers.${id}`,
      );
    }
  }
}

/**
 * The triage of an incident of this category under the SOP in force, in both languages. Answers to questions
 * that the other answers hide are not recorded (they do not count).
 */
export function triageOf(
  sop: PublishedSop,
  categoryCode: string,
  answers: Answers,
  at: number,
  by: string,
): IncidentTriage {
  const category = sop.doc.categories.find((c) => c.code === categoryCode);
  if (!category) {
    throw invalid('category.unknown', `The SOP in force has no category ${categoryCode}`, 'category');
  }
  checkAnswers(category, answers);
  const id = evaluate(sop.doc, categoryCode, answers, 'id');
  const en = evaluate(sop.doc, categoryCode, answers, 'en');
  const recorded: TriageAnswer[] = id.visibleQuestions
    .filter((q) => Object.hasOwn(id.answers, q.id))
    .map((q) => {
      const value = id.answers[q.id]!;
      const option = q.kind === 'choice' ? q.options?.find((o) => o.value === value) : undefined;
      return {
        questionId: q.id,
        question: both(q.textId, q.textEn),
        value,
        label: option ? both(option.labelId, option.labelEn) : null,
      };
    });
  return {
    sopVersion: sop.version,
    category: category.code,
    answers: recorded,
    priority: id.priority,
    priorityRuleId: id.priorityRuleId,
    priorityReason: both(id.priorityReason, en.priorityReason),
    // Both evaluations walk the same rules in the same order, so their lists line up item by item.
    agencies: id.agencies.map((a, i) => ({
      agencyId: a.agencyId,
      reasons: a.reasons.map((reason, j) => both(reason, en.agencies[i]?.reasons[j] ?? reason)),
      ruleIds: a.ruleIds,
    })),
    at,
    by,
  };
}
