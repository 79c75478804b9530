// Triage on the SOP: which questions to ask, the priority, and the agencies to suggest with the reasons why.
import { DomainError } from '../errors.ts';
import type { Priority } from '../types.ts';
import { holds, walkQuestions } from './condition.ts';
import type { Answers, AnswerValue, Question, SopCategory, SopDocument, Timer } from './document.ts';
import { timersFor } from './document.ts';

export type Lang = 'id' | 'en';

interface SuggestedAgency {
  agencyId: string;
  /** Why the agency is in the suggestion, in the requested language, in order. */
  reasons: string[];
  /** The agency rules that added it; empty when it is in only as the category's default. */
  ruleIds: string[];
}

export interface Evaluation {
  category: string;
  /** The questions to ask now, in order: those without a condition and those whose condition holds. */
  visibleQuestions: Question[];
  /** The answers that count: of visible questions, of the right type. */
  answers: Record<string, AnswerValue>;
  priority: Priority;
  /** The rule that set the priority, or null when the category's default applies. */
  priorityRuleId: string | null;
  priorityReason: string;
  agencies: SuggestedAgency[];
  /** Ids of every priority and agency rule whose condition holds, in document order. */
  rulesFired: string[];
  /** The escalation timers at the computed priority. */
  timers: Timer;
}

function findCategory(doc: SopDocument, code: string): SopCategory {
  const category = doc.categories.find((c) => c.code === code);
  if (!category) {
    throw new DomainError('sop.category_unknown', `Unknown SOP category ${code}`, 'category');
  }
  return category;
}

const DEFAULT_REASON = {
  id: (name: string) => `Instansi utama untuk ${name}`,
  en: (name: string) => `Default agency for ${name}`,
};
const DEFAULT_PRIORITY_REASON = {
  id: (name: string) => `Prioritas bawaan untuk ${name}`,
  en: (name: string) => `Default priority of ${name}`,
};

/** Evaluates the answers given so far for a category. Pure; unknown answers and hidden questions are ignored. */
export function evaluate(
  doc: SopDocument,
  categoryCode: string,
  answers: Answers,
  lang: Lang = 'id',
): Evaluation {
  const category = findCategory(doc, categoryCode);
  const name = lang === 'id' ? category.nameId : category.nameEn;
  const reasonOf = (rule: { reasonId: string; reasonEn: string }) =>
    lang === 'id' ? rule.reasonId : rule.reasonEn;
  const { visible, effective } = walkQuestions(category.questions, (id) =>
    Object.hasOwn(answers, id) ? answers[id] : undefined,
  );

  const rulesFired: string[] = [];
  let priority: Priority = category.defaultPriority;
  let priorityRuleId: string | null = null;
  let priorityReason = (lang === 'id' ? DEFAULT_PRIORITY_REASON.id : DEFAULT_PRIORITY_REASON.en)(name);
  for (const rule of category.priorityRules) {
    if (!holds(rule.when, effective)) continue;
    rulesFired.push(rule.id);
    // The most urgent firing rule wins; among equals, the first in the document.
    if (priorityRuleId === null || rule.priority < priority) {
      priority = rule.priority;
      priorityRuleId = rule.id;
      priorityReason = reasonOf(rule);
    }
  }

  const agencies = new Map<string, SuggestedAgency>();
  const add = (agencyId: string, reason: string, ruleId: string | null) => {
    const entry = agencies.get(agencyId) ?? { agencyId, reasons: [], ruleIds: [] };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    if (ruleId !== null && !entry.ruleIds.includes(ruleId)) entry.ruleIds.push(ruleId);
    agencies.set(agencyId, entry);
  };
  const defaultReason = (lang === 'id' ? DEFAULT_REASON.id : DEFAULT_REASON.en)(name);
  for (const agencyId of category.defaultAgencies) add(agencyId, defaultReason, null);
  for (const rule of category.agencyRules) {
    if (!holds(rule.when, effective)) continue;
    rulesFired.push(rule.id);
    for (const agencyId of rule.agencies) add(agencyId, reasonOf(rule), rule.id);
  }

  return {
    category: category.code,
    visibleQuestions: visible,
    answers: Object.fromEntries(effective),
    priority,
    priorityRuleId,
    priorityReason,
    agencies: [...agencies.values()],
    rulesFired,
    timers: timersFor(doc, category, priority),
  };
}
