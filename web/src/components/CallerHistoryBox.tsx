// The caller's earlier calls and incidents by number, with a loud warning for earlier prank or ghost calls.
import { useEffect, useState } from 'react';
import type { CallerHistoryBody } from '../../../src/protocol/bodies.ts';
import { getJson } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.ts';

const cache = new Map<string, CallerHistoryBody | null>();

/** History of the number of this call; null while loading or when the number is withheld. */
export function useCallerHistory(callId: string | null, number: string | null): CallerHistoryBody | null {
  const key = callId && number ? callId : null;
  const [history, setHistory] = useState<CallerHistoryBody | null>(() =>
    key ? (cache.get(key) ?? null) : null,
  );
  useEffect(() => {
    if (!key) {
      setHistory(null);
      return;
    }
    if (cache.has(key)) {
      setHistory(cache.get(key) ?? null);
      return;
    }
    let live = true;
    getJson<CallerHistoryBody>(`/api/calls/${encodeURIComponent(key)}/history`).then(
      (h) => {
        cache.set(key, h);
        if (live) setHistory(h);
      },
      () => {
        if (live) setHistory(null);
      },
    );
    return () => {
      live = false;
    };
  }, [key]);
  return history;
}

function junkCount(history: CallerHistoryBody): number {
  return (history.counts.prank ?? 0) + (history.counts.ghost ?? 0);
}

export function JunkWarning({ history }: { history: CallerHistoryBody | null }) {
  const { t } = useI18n();
  if (!history?.junkWarning) return null;
  return (
    <div className="junk-warning" role="alert" data-testid="junk-warning">
      ⚠ {t('ct.warning', { n: junkCount(history) })}
    </div>
  );
}

export function CallerHistoryBox({ history }: { history: CallerHistoryBody | null }) {
  const { t, lang } = useI18n();
  if (!history) return null;
  return (
    <div className="history">
      <h3>{t('ct.history')}</h3>
      <JunkWarning history={history} />
      {history.calls.length === 0 ? (
        <p className="muted">{t('ct.history.none')}</p>
      ) : (
        <>
          <p>
            {t('ct.history.calls', { n: history.calls.length })}:{' '}
            {Object.entries(history.counts)
              .map(([type, n]) => `${t(`calltype.${type as keyof typeof history.counts}`)} ${n}`)
              .join(' · ')}
          </p>
          <ul className="compact">
            {history.calls.slice(0, 5).map((c) => (
              <li key={c.id}>
                {formatDateTime(c.registeredAt, lang)} — {c.type ? t(`calltype.${c.type}`) : '–'}
              </li>
            ))}
          </ul>
          {history.incidents.length > 0 && (
            <ul className="compact">
              {history.incidents.map((i) => (
                <li key={i.id}>
                  {i.number} · {i.category} · {t(`incident.${i.status}`)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
