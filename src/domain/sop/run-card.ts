// The SOP's run card: which kinds of unit, and how many, an incident of a category needs given its triage answers.
import type { Bilingual, Incident, Reference, Unit } from '../types.ts';
import { holds, walkQuestions } from './condition.ts';
import type { SopDocument } from './document.ts';
import { sopInForce } from './reference.ts';

export interface UnitNeed {
  kind: string;
  count: number;
  /** Why this many: the category's default and every fired rule that asks for this kind, in document order. */
  reasons: Bilingual[];
  /** The unit rules that raised the count; empty when it is the category's default. */
  ruleIds: string[];
}

/**
 * The run card of a category for these answers: the category's default list, raised by every fired unit rule to
 * the largest count asked for each kind. Empty when the category has no run card (or is unknown).
 */
export function runCardOf(
  doc: SopDocument,
  categoryCode: string,
  answers: ReadonlyMap<string, unknown>,
): UnitNeed[] {
  const category = doc.categories.find((c) => c.code === categoryCode);
  if (!category) return [];
  const { effective } = walkQuestions(category.questions, (id) => answers.get(id));
  const needs = new Map<string, UnitNeed>();
  const ask = (kind: string, count: number, reason: Bilingual, ruleId: string | null) => {
    const need = needs.get(kind) ?? { kind, count: 0, reasons: [], ruleIds: [] };
    if (count > need.count) {
      need.count = count;
      if (ruleId !== null) need.ruleIds.push(ruleId);
    }
    need.reasons.push(reason);
    needs.set(kind, need);
  };
  const fallback = {
    id: `Kebutuhan bawaan ${category.nameId}`,
    en: `Default for ${category.nameEn}`,
  };
  for (const need of category.units ?? []) ask(need.kind, need.count, fallback, null);
  for (const rule of category.unitRules ?? []) {
    if (!holds(rule.when, effective)) continue;
    for (const need of rule.units)
      ask(need.kind, need.count, { id: rule.reasonId, en: rule.reasonEn }, rule.id);
  }
  return [...needs.values()];
}

/**
 * The run card an incident calls for: its triage answers under the SOP version that triaged it (else the one in
 * force); answers of another category (the incident's was changed since) do not count.
 */
export function runCardOfIncident(
  ref: Reference,
  incident: Pick<Incident, 'category' | 'triage'>,
): UnitNeed[] {
  const triage = incident.triage?.category === incident.category ? incident.triage : null;
  const sop = (triage ? ref.sops.get(triage.sopVersion) : undefined) ?? sopInForce(ref);
  if (!sop) return [];
  const answers = new Map<string, unknown>((triage?.answers ?? []).map((a) => [a.questionId, a.value]));
  return runCardOf(sop.doc, incident.category, answers);
}

/** The kinds the units have, for the validator; null when no unit is known (nothing to check against). */
export function unitKindsOf(units: Iterable<Pick<Unit, 'kind'>>): string[] | null {
  const kinds = new Set<string>();
  for (const unit of units) kinds.add(unit.kind);
  return kinds.size > 0 ? [...kinds] : null;
}
