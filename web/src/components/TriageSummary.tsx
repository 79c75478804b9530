// The recorded triage of an incident, readable: the caller's answers, the SOP's priority and why each agency is in.
import type { IncidentTriage, TriageAnswer } from '../../../src/domain/types.ts';
import { agencyCode } from '../describe.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';

export function AnswerText({ answer }: { answer: TriageAnswer }) {
  const { t, lang } = useI18n();
  if (answer.label) return <>{answer.label[lang]}</>;
  if (typeof answer.value === 'boolean') return <>{t(answer.value ? 'triage.yes' : 'triage.no')}</>;
  return <>{String(answer.value)}</>;
}

export function TriageSummary({ triage }: { triage: IncidentTriage | null | undefined }) {
  const { t, lang } = useI18n();
  const store = useLive();
  if (!triage) return <p className="muted triage-summary">{t('triage.none')}</p>;
  return (
    <section className="triage-summary" data-testid="triage-summary">
      <h3>{t('triage.recorded', { version: triage.sopVersion })}</h3>
      {triage.answers.length > 0 ? (
        <dl className="facts" data-testid="triage-answers" aria-label={t('triage.answers')}>
          {triage.answers.map((a) => (
            <div key={a.questionId}>
              <dt>{a.question[lang]}</dt>
              <dd>
                <AnswerText answer={a} />
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">{t('triage.none')}</p>
      )}
      <p data-testid="triage-priority">
        {t('triage.sopPriority')}: <span className={`prio prio-${triage.priority}`}>P{triage.priority}</span>{' '}
        {triage.priorityReason[lang]}
      </p>
      <ul className="compact reasons" data-testid="sop-reasons" aria-label={t('triage.why')}>
        {triage.agencies.map((a) => (
          <li key={a.agencyId}>
            <strong>{agencyCode(store.state, a.agencyId)}</strong>: {a.reasons.map((r) => r[lang]).join('; ')}
          </li>
        ))}
      </ul>
    </section>
  );
}
