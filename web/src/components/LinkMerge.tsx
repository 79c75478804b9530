// The dispatcher links an incident with another (both stay open) or merges it into another (its calls and agencies
// move there, it ends pointing to it); each asks before it acts. Also the links and the merge shown on the detail.
import { useState } from 'react';
import type { Incident } from '../../../src/domain/types.ts';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { ConfirmAction } from './ConfirmAction.tsx';

/** "2026-7" or "2026-000007" as the incident number the state holds. */
function normalNumber(text: string): string {
  const m = /^(\d{4})-(\d{1,6})$/.exec(text.trim());
  return m ? `${m[1]}-${m[2]!.padStart(6, '0')}` : text.trim();
}

/** Links and merge of an incident as text with the numbers to open; nothing when it has neither. */
export function IncidentLinks({
  incident,
  onOpen,
}: {
  incident: Incident;
  onOpen?: (number: string) => void;
}) {
  const { t } = useI18n();
  const store = useLive();
  const numberOf = (id: string) => store.state.incidents.get(id)?.number ?? null;
  const linked = (incident.linkedIds ?? []).map(numberOf).filter((n): n is string => n !== null);
  const into = incident.mergedInto ? numberOf(incident.mergedInto) : null;
  if (linked.length === 0 && !into) return null;
  const open = (number: string) =>
    onOpen ? (
      <button type="button" className="link" key={number} onClick={() => onOpen(number)}>
        {number}
      </button>
    ) : (
      <span key={number}>{number}</span>
    );
  return (
    <p className="incident-links" data-testid="incident-links">
      {into && <strong>{t('merge.mergedInto', { number: into })} </strong>}
      {into && open(into)}
      {linked.length > 0 && (
        <>
          {' '}
          {t('merge.linked')}: {linked.map(open)}
        </>
      )}
    </p>
  );
}

export function LinkMerge({ incident }: { incident: Incident }) {
  const { t } = useI18n();
  const store = useLive();
  const link = useAction();
  const merge = useAction();
  const [other, setOther] = useState('');
  const [reason, setReason] = useState('');
  const number = normalNumber(other);
  const target = [...store.state.incidents.values()].find((i) => i.number === number && i.id !== incident.id);
  const words = { number: incident.number, other: number };
  const unknown = other.trim() !== '' && !target;
  return (
    <details className="link-merge" data-testid="link-merge">
      <summary>{t('merge.title')}</summary>
      <label>
        {t('merge.other')}
        <input
          name="otherNumber"
          value={other}
          placeholder="2026-000123"
          onChange={(e) => setOther(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
        />
      </label>
      {unknown && <span className="field-error">{t('merge.unknown', words)}</span>}
      <div className="inline-actions">
        <ConfirmAction
          label={t('merge.link')}
          question={t('merge.link.question', words)}
          confirmLabel={t('merge.link.confirm')}
          action={link}
          valid={Boolean(target)}
          testId="link"
          onConfirm={() =>
            link.run('incident.link', { incidentId: incident.id, otherId: target?.id ?? '', reason: null })
          }
        />
        <ConfirmAction
          label={t('merge.merge')}
          className="danger"
          question={t('merge.merge.question', words)}
          confirmLabel={t('merge.merge.confirm')}
          action={merge}
          valid={Boolean(target) && reason.trim().length >= 3}
          testId="merge"
          fields={
            <label>
              {t('reason')}
              <input name="mergeReason" value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          }
          onConfirm={() =>
            merge.run('incident.merge', {
              incidentId: incident.id,
              intoId: target?.id ?? '',
              reason: reason.trim(),
            })
          }
        />
      </div>
    </details>
  );
}
