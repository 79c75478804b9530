// SOP triage in the call taker's form: the category's questions as the caller answers them, the computed priority
// and the agencies that will be suggested. Without an SOP on the server the form simply goes without it.
import { useEffect, useState } from 'react';
import { postJson } from '../api.ts';
import { agencyCode } from '../describe.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';

export type TriageAnswers = Record<string, boolean | number | string>;

import type { EvaluationBody } from '../../../src/protocol/sop-bodies.ts';

type TriageQuestion = EvaluationBody['visibleQuestions'][number];

/** The SOP's evaluation of these answers, refreshed shortly after each change; null when there is no SOP. */
export function useTriage(category: string | null, answers: TriageAnswers): EvaluationBody | null {
  const { lang } = useI18n();
  const [evaluation, setEvaluation] = useState<EvaluationBody | null>(null);
  const key = JSON.stringify(answers);
  useEffect(() => {
    if (!category) {
      setEvaluation(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      postJson<EvaluationBody>('/api/sop/evaluate', { category, answers: JSON.parse(key), lang }).then(
        (result) => live && setEvaluation(result),
        () => live && setEvaluation(null),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [category, key, lang]);
  return evaluation?.visibleQuestions ? evaluation : null;
}

function parseAnswer(q: TriageQuestion, raw: string): boolean | number | string | null {
  if (raw === '') return null;
  if (q.kind === 'yes_no') return raw === 'true';
  if (q.kind === 'number') return Number.isFinite(Number(raw)) ? Number(raw) : null;
  return raw;
}

interface Props {
  evaluation: EvaluationBody;
  answers: TriageAnswers;
  onChange: (answers: TriageAnswers) => void;
}

export function TriagePanel({ evaluation, answers, onChange }: Props) {
  const { t, lang } = useI18n();
  const store = useLive();
  const set = (q: TriageQuestion, raw: string) => {
    const next = { ...answers };
    const value = parseAnswer(q, raw);
    if (value === null) delete next[q.id];
    else next[q.id] = value;
    onChange(next);
  };
  return (
    <fieldset className="triage" data-testid="triage">
      <legend>{t('triage.title')}</legend>
      <div className="grid2">
        {evaluation.visibleQuestions.map((q) => {
          const label = lang === 'en' ? q.textEn : q.textId;
          const value = answers[q.id];
          const name = `q_${q.id}`;
          if (q.kind === 'yes_no' || q.kind === 'choice') {
            return (
              <label key={q.id}>
                {label}
                <select
                  name={name}
                  value={value === undefined ? '' : String(value)}
                  onChange={(e) => set(q, e.target.value)}
                >
                  <option value="">—</option>
                  {q.kind === 'yes_no' ? (
                    <>
                      <option value="true">{t('triage.yes')}</option>
                      <option value="false">{t('triage.no')}</option>
                    </>
                  ) : (
                    q.options?.map((o) => (
                      <option key={o.value} value={o.value}>
                        {lang === 'en' ? o.labelEn : o.labelId}
                      </option>
                    ))
                  )}
                </select>
              </label>
            );
          }
          return (
            <label key={q.id}>
              {label}
              <input
                name={name}
                type={q.kind === 'number' ? 'number' : 'text'}
                min={q.min}
                max={q.max}
                value={value === undefined ? '' : String(value)}
                onChange={(e) => set(q, e.target.value)}
              />
            </label>
          );
        })}
      </div>
      <p className="suggestion" data-testid="triage-suggestion">
        <span className={`prio prio-${evaluation.priority}`}>P{evaluation.priority}</span>{' '}
        {evaluation.priorityReason}
        {' · '}
        {t('triage.agencies')}:{' '}
        {evaluation.agencies.map((a) => agencyCode(store.state, a.agencyId)).join(', ') || t('none')}
      </p>
    </fieldset>
  );
}
