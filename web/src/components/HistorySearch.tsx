// Finding incidents again after they close: a search over the whole history (number, phone number or place),
// the latest ones when the box is empty, and one closed incident opened read-only with its timeline, printable.
import { useEffect, useState } from 'react';
import { isEnded } from '../../../src/domain/state.ts';
import type { Incident } from '../../../src/domain/types.ts';
import type { IncidentSearchBody, TimelineBody } from '../../../src/protocol/bodies.ts';
import { ApiError, getJson } from '../api.ts';
import { agencyCode, categoryName, describeEvent, placeText, pointText } from '../describe.ts';
import { errorText } from '../errors.tsx';
import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { TriageSummary } from './TriageSummary.tsx';

function searchUrl(q: string, limit = 30): string {
  return `/api/incidents/search?q=${encodeURIComponent(q)}&limit=${limit}`;
}

/**
 * The search box and its results. With `latest`, the box starts with the latest incidents (an agency's own recent
 * work), fetched again whenever `refresh` changes; `endedOnly` keeps the closed and cancelled ones.
 */
export function HistorySearch({
  selectedNumber,
  onSelect,
  latest,
  endedOnly,
  refresh,
}: {
  selectedNumber: string | null;
  onSelect: (number: string) => void;
  latest?: string;
  endedOnly?: boolean;
  refresh?: number;
}) {
  const { t, lang } = useI18n();
  const store = useLive();
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<string | null>(latest ? '' : null);
  const [found, setFound] = useState<Incident[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (asked === null) return;
    let live = true;
    void refresh;
    getJson<IncidentSearchBody>(searchUrl(asked)).then(
      (answer) => {
        if (!live) return;
        setError(null);
        setFound(endedOnly ? answer.incidents.filter(isEnded) : answer.incidents);
      },
      (e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e))),
    );
    return () => {
      live = false;
    };
  }, [asked, refresh, endedOnly]);

  return (
    <section className="history" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">{asked === '' && latest ? latest : t('hs.title')}</h2>
      <div className="inline">
        <input
          name="history"
          type="search"
          className="grow"
          aria-label={t('hs.label')}
          placeholder={t('hs.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Enter searches: it only reads, it never sends or ends anything.
            if (e.key === 'Enter') {
              e.preventDefault();
              setAsked(text.trim());
            }
          }}
        />
        <button type="button" onClick={() => setAsked(text.trim())}>
          {t('hs.search')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {errorText(t, error)}
        </p>
      )}
      {found && found.length === 0 && <p className="muted">{t('hs.none')}</p>}
      {found && found.length > 0 && (
        <ul className="list history-results" data-testid="history-results">
          {found.map((incident) => (
            <li
              key={incident.id}
              className={`incident-row priority-${incident.priority}${incident.number === selectedNumber ? ' selected' : ''}`}
              data-number={incident.number}
            >
              <button type="button" className="row-button" onClick={() => onSelect(incident.number)}>
                <span className={`prio prio-${incident.priority}`}>P{incident.priority}</span>
                <span className="row-main">
                  <strong>{incident.number}</strong> {categoryName(store.state, incident.category, lang)}
                  <small>
                    {placeText(store.state, incident)} · {formatTime(incident.createdAt, lang)} ·{' '}
                    {t(`incident.${incident.status}`)}
                  </small>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** An incident the live state no longer holds (closed more than a day ago), read from the store. */
export function ClosedIncident({ number }: { number: string }) {
  const { t, lang } = useI18n();
  const store = useLive();
  const [answer, setAnswer] = useState<TimelineBody | 'missing' | null>(null);
  useEffect(() => {
    let live = true;
    setAnswer(null);
    (async () => {
      const found = await getJson<IncidentSearchBody>(searchUrl(number, 1));
      const incident = found.incidents[0];
      if (!incident) return 'missing' as const;
      return getJson<TimelineBody>(`/api/incidents/${encodeURIComponent(incident.id)}/timeline`);
    })().then(
      (result) => live && setAnswer(result),
      () => live && setAnswer('missing'),
    );
    return () => {
      live = false;
    };
  }, [number]);
  if (answer === null) return <p className="muted">{t('loading')}</p>;
  if (answer === 'missing') return <p className="muted">{t('hs.notFound', { number })}</p>;
  const { incident, events } = answer;
  // The timeline names agencies through the assignments; those of an old incident come with the answer.
  const state = {
    ...store.state,
    assignments: new Map([...store.state.assignments, ...answer.assignments.map((a) => [a.id, a] as const)]),
  };
  return (
    <article className="incident-detail closed" data-testid="incident-detail" data-number={incident.number}>
      <h2>
        <span className={`prio prio-${incident.priority}`}>P{incident.priority}</span> {incident.number} ·{' '}
        {categoryName(store.state, incident.category, lang)}
      </h2>
      <dl className="facts">
        <dt>{t('dp.place')}</dt>
        <dd>{placeText(store.state, incident)}</dd>
        <dt>{t('dp.point')}</dt>
        <dd data-testid="map-point">{pointText(incident.location) ?? t('dp.point.none')}</dd>
        <dt>{t('form.callerName')}</dt>
        <dd>
          {incident.caller.name ?? '–'} {incident.caller.phone && `· ${incident.caller.phone}`}
        </dd>
        <dt>{t('form.description')}</dt>
        <dd>{incident.description || '–'}</dd>
        <dt>Status</dt>
        <dd>
          {t(`incident.${incident.status}`)} · {formatTime(incident.createdAt, lang)}
          {incident.closedAt !== null && ` – ${formatTime(incident.closedAt, lang)}`}
          {incident.closeReason && ` · ${incident.closeReason}`}
        </dd>
        {answer.assignments.length > 0 && (
          <>
            <dt>{t('dp.agencies')}</dt>
            <dd>
              {answer.assignments
                .map((a) => `${agencyCode(store.state, a.agencyId)}: ${t(`assignment.${a.status}`)}`)
                .join(', ')}
            </dd>
          </>
        )}
      </dl>
      <TriageSummary triage={incident.triage} />
      <section className="timeline">
        <h3>
          {t('dp.timeline')}{' '}
          <button type="button" className="print" onClick={() => window.print()}>
            {t('hs.print')}
          </button>
        </h3>
        <ol>
          {events.map((e) => (
            <li key={e.seq}>
              <time>{formatTime(e.at, lang)}</time> {describeEvent(state, e, t)}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
