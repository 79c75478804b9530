// The header's connection state: "online" once the stream is ready, with each change of the store.
import { useSyncExternalStore } from 'react';
import { useI18n } from '../i18n.ts';
import type { LiveStore } from '../live.ts';

export function ConnectionDot({ store }: { store: LiveStore }) {
  const { t } = useI18n();
  // Subscribed during render, not in an effect: a ready frame between the first render and an effect's subscription
  // would otherwise leave "Menyambungkan…" showing on a console that is live.
  useSyncExternalStore(store.subscribe, store.getVersion);
  return (
    <span className={`conn conn-${store.connection}`} data-testid="connection" data-state={store.connection}>
      {store.connection === 'online'
        ? t('conn.online')
        : store.connection === 'connecting'
          ? t('conn.connecting')
          : t('conn.lost')}
    </span>
  );
}
