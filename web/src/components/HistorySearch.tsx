// Finding incidents again after they close: a search over the whole history (number, phone number or place,
// narrowed by period, category and kecamatan), the latest ones when the box is empty, and one closed incident
// opened read-only with its timeline, printable.
import { useEffect, useState } from 'react';
import { isEnded } from '../../../src/domain/state.ts';
import type { Incident } from '../../../src/domain/types.ts';
import type { IncidentSearchBody, TimelineBody } from '../../../src/protocol/bodies.ts';
import { type ApiError, asApiError, getJson } from '../api.ts';
import { agencyCode, categoryName, describeEvent } from '../describe.ts';
import { errorText } from '../errors.tsx';
import { formatDateTime, formatTime, startOfDayWita } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { IncidentHeading } from './IncidentFacts.tsx';
import { IncidentRow } from './IncidentRow.tsx';
import { TriageSummary } from './TriageSummary.tsx';

/** What the history is asked: the text (number, phone number or place) and the filters. */
interface Ask {
  q: string;
  period: Period;
  category: string;
  kecamatan: string;
}

const PERIODS = ['all', 'today', '7d', '30d'] as const;
type Period = (typeof PERIODS)[number];
const DAY_MS = 86_400_000;

/** The start of a period, in epoch ms; undefined for all time. */
function periodStart(period: Period, now = Date.now()): number | undefined {
  if (period === 'today') return startOfDayWita(now);
  if (period === '7d') return now - 7 * DAY_MS;
  if (period === '30d') return now - 30 * DAY_MS;
  return undefined;
}

function searchUrl(ask: Ask | string, limit = 30): string {
  const a: Ask = typeof ask === 'string' ? { q: ask, period: 'all', category: '', kecamatan: '' } : ask;
  const params = new URLSearchParams({ q: a.q, limit: String(limit) });
  if (a.category) params.set('category', a.category);
  if (a.kecamatan) params.set('kecamatan', a.kecamatan);
  const from = periodStart(a.period);
  if (from !== undefined) params.set('from', String(from));
  return `/api/incidents/search?${params}`;
}

const NO_FILTER: Ask = { q: '', period: 'all', category: '', kecamatan: '' };

/**
 * The search box, its filters (period, category, kecamatan) and the results as the dispatcher's incident rows.
 * With `latest`, it starts with the latest incidents (an agency's own recent work), fetched again whenever
 * `refresh` changes; `endedOnly` keeps the closed and cancelled ones.
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
  const [form, setForm] = useState<Ask>(NO_FILTER);
  const [asked, setAsked] = useState<Ask | null>(latest ? NO_FILTER : null);
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
      (e: unknown) => live && setError(asApiError(e)),
    );
    return () => {
      live = false;
    };
  }, [asked, refresh, endedOnly]);
  const ask = (next: Ask) => setAsked({ ...next, q: next.q.trim() });
  /** A filter asks at once; the text waits for Enter or the button. */
  const filter = (change: Partial<Ask>) => {
    const next = { ...form, ...change };
    setForm(next);
    ask(next);
  };
  const filtered = form.period !== 'all' || form.category !== '' || form.kecamatan !== '';
  const kecamatan = [...store.state.ref.kecamatan.values()].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <section className="history" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">{asked === NO_FILTER && latest ? latest : t('hs.title')}</h2>
      <div className="inline">
        <input
          name="history"
          type="search"
          className="grow"
          aria-label={t('hs.label')}
          placeholder={t('hs.placeholder')}
          value={form.q}
          onChange={(e) => setForm({ ...form, q: e.target.value })}
          onKeyDown={(e) => {
            // Enter searches: it only reads, it never sends or ends anything.
            if (e.key === 'Enter') {
              e.preventDefault();
              ask(form);
            }
          }}
        />
        <button type="button" onClick={() => ask(form)}>
          {t('hs.search')}
        </button>
      </div>
      <div className="history-filters" data-testid="history-filters">
        <label>
          {t('hs.period')}
          <select
            name="historyPeriod"
            value={form.period}
            onChange={(e) => filter({ period: e.target.value as Period })}
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`hs.period.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('hs.category')}
          <select
            name="historyCategory"
            value={form.category}
            onChange={(e) => filter({ category: e.target.value })}
          >
            <option value="">{t('hs.category.all')}</option>
            {[...store.state.ref.categories.values()].map((c) => (
              <option key={c.code} value={c.code}>
                {categoryName(store.state, c.code, lang)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('hs.kecamatan')}
          <select
            name="historyKecamatan"
            value={form.kecamatan}
            onChange={(e) => filter({ kecamatan: e.target.value })}
          >
            <option value="">{t('hs.kecamatan.all')}</option>
            {kecamatan.map((k) => (
              <option key={k.code} value={k.code}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="link" onClick={() => filter({ ...NO_FILTER, q: form.q })}>
            {t('hs.clear')}
          </button>
        )}
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
            <IncidentRow
              key={incident.id}
              incident={incident}
              meta={`${formatDateTime(incident.createdAt, lang)} · ${t(`incident.${incident.status}`)}`}
              selected={incident.number === selectedNumber}
              onSelect={() => onSelect(incident.number)}
            />
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
      <IncidentHeading
        incident={incident}
        statusEnd={
          <>
            {incident.closedAt !== null && ` – ${formatTime(incident.closedAt, lang)}`}
            {incident.closeReason && ` · ${incident.closeReason}`}
          </>
        }
      >
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
      </IncidentHeading>
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
              <time>{formatTime(e.at, lang)}</time> {describeEvent(state, e, t, lang)}
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
