// While the call taker types a report, open incidents of the same or a related category at the same place are shown
// plainly; attaching the call to one keeps everything typed so far as a note on that incident.
import { useMemo } from 'react';
import { type DuplicateMatch, possibleDuplicates } from '../../../src/domain/duplicates.ts';
import { categoryName, placeText } from '../describe.ts';
import { FormError } from '../errors.tsx';
import { formatTime } from '../format.ts';
import { useAction, useNow } from '../hooks.ts';
import { type Translate, useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import type { IncidentDraft } from './IncidentForm.tsx';

/** What was typed, as one note for the incident the call joins; null when nothing was. */
function draftNote(draft: IncidentDraft, t: Translate): string | null {
  const parts = [
    [t('form.description'), draft.description],
    [t('form.address'), draft.address],
    [t('form.landmark'), draft.landmark],
    [t('form.callerName'), draft.callerName],
    [t('form.callerPhone'), draft.callerPhone],
    [t('form.point'), draft.lat !== null && draft.lon !== null ? `${draft.lat}, ${draft.lon}` : ''],
  ]
    .filter(([, value]) => value?.trim())
    .map(([label, value]) => `${label}: ${value?.trim()}`);
  return parts.length > 0 ? parts.join('\n') : null;
}

export function DuplicateBanner({
  draft,
  callId,
  onAttached,
}: {
  draft: IncidentDraft;
  callId: string;
  onAttached: (number: string) => void;
}) {
  const { t, lang } = useI18n();
  const store = useLive();
  const action = useAction();
  const now = useNow();
  const minute = Math.floor(now / 60_000);
  const { openIncidents } = store.state.index;
  const { categories } = store.state.ref;
  const { category, kecamatan, desa, address, lat, lon } = draft;
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed each minute for the time window, and on every change of the open incidents.
  const matches = useMemo(
    () =>
      possibleDuplicates(
        openIncidents.values(),
        categories,
        { category, kecamatan, desa, address, lat, lon },
        minute * 60_000,
      )
        .filter((m) => !m.incident.callIds.includes(callId))
        .slice(0, 3),
    [
      openIncidents,
      store.state.seq,
      categories,
      category,
      kecamatan,
      desa,
      address,
      lat,
      lon,
      minute,
      callId,
    ],
  );
  if (matches.length === 0) return null;
  const where = matches[0]!.incident.location;
  const place = where.desa
    ? (store.state.ref.desa.get(where.desa)?.name ?? where.desa)
    : (store.state.ref.kecamatan.get(where.kecamatan)?.name ?? where.kecamatan);
  const attach = async (m: DuplicateMatch) => {
    const ok = await action.run('incident.attach_call', {
      incidentId: m.incident.id,
      callId,
      note: draftNote(draft, t),
    });
    if (ok) onAttached(m.incident.number);
  };
  const why = (m: DuplicateMatch) =>
    [
      m.distanceM !== null && m.reasons.includes('point')
        ? t('dup.distance', { m: Math.round(m.distanceM) })
        : null,
      m.reasons.includes('desa') ? t('dup.sameDesa') : null,
      m.reasons.includes('address') ? t('dup.sameAddress') : null,
      m.sameCategory ? t('dup.sameCategory') : t('dup.relatedCategory'),
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <section className="duplicate-banner" role="alert" data-testid="duplicate-banner">
      <h3>{t('dup.title', { n: matches.length, place })}</h3>
      <ul>
        {matches.map((m) => (
          <li key={m.incident.id} data-number={m.incident.number}>
            <div className="dup-head">
              <span className={`prio prio-${m.incident.priority}`}>P{m.incident.priority}</span>
              <strong>{m.incident.number}</strong>
              <span>{categoryName(store.state, m.incident.category, lang)}</span>
              <span className="muted">
                {t(`incident.${m.incident.status}`)} · {formatTime(m.incident.createdAt, lang)}
              </span>
            </div>
            <div>{placeText(store.state, m.incident)}</div>
            {m.incident.description && <div className="dup-desc">{m.incident.description}</div>}
            <div className="dup-why">{why(m)}</div>
            <button type="button" className="primary" disabled={action.busy} onClick={() => attach(m)}>
              {t('ct.attach')}
            </button>
          </li>
        ))}
      </ul>
      <p className="muted">{t('dup.keepTyping')}</p>
      <FormError error={action.error} />
    </section>
  );
}
