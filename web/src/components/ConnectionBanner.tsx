// Says plainly when the link to the server is lost, and after recovery how much changed meanwhile.
import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';

export function ConnectionBanner() {
  const store = useLive();
  const { t, lang } = useI18n();
  if (store.connection === 'offline') {
    return (
      <div className="banner banner-offline" role="alert" data-testid="offline-banner">
        {t('conn.offline', { time: formatTime(store.offlineSince ?? Date.now(), lang) })}
      </div>
    );
  }
  if (store.recovery) {
    const { kind, count } = store.recovery;
    const incidents = [...store.missed].filter((id) => store.state.incidents.has(id)).length;
    const text =
      kind === 'reloaded' && count === 0
        ? t('conn.reloaded')
        : count === 0
          ? t('conn.missed.none')
          : t('conn.missed', { n: count }) +
            (incidents > 0 ? ` — ${t('conn.missedIncidents', { n: incidents })}` : '');
    return (
      <div className="banner banner-recovered" role="status" data-testid="recovered-banner" data-kind={kind}>
        {text}{' '}
        <button type="button" onClick={() => store.dismissRecovery()}>
          {t('dismiss')}
        </button>
      </div>
    );
  }
  return null;
}
