// The crew page as an installed app: registers the service worker (web/sw.ts), keeps the data the page starts from
// fresh in its cache while the page is online, and forgets that data at sign-out.
import { useEffect, useState } from 'react';
import type { LiveStore } from './live.ts';

/** The service worker's cache of start-up answers (web/sw.ts DATA). */
const DATA_CACHE = 'pinisi-data';

/** Service workers need a secure context (HTTPS, or localhost); elsewhere the page works online only. */
const supported = () => typeof navigator !== 'undefined' && 'serviceWorker' in navigator && isSecureContext;

export function registerServiceWorker(): void {
  if (!supported()) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
    console.warn('service worker not registered:', error);
  });
}

/** Sign-out: what was kept to open the page offline belongs to the user who signed out. */
export function forgetOfflineData(): Promise<void> {
  if (typeof caches === 'undefined') return Promise.resolve();
  return caches.delete(DATA_CACHE).then(() => undefined);
}

/** What the console reads to start (web/sw.ts START_DATA): the boundaries too, for the task's map offline. */
const START_DATA = ['/api/me', '/api/reference', '/api/config', '/api/snapshot', '/api/geo/boundaries'];

/** How long after a change its copy is refreshed (a burst of events makes one fetch). */
const REFRESH_AFTER_MS = 1500;

/**
 * While the page is online under the service worker, a change of the live state (a new task, a note) refreshes the
 * kept snapshot, so a page opened later without a network shows the latest task, not the one at sign-in.
 */
export function useOfflineCopy(store: LiveStore): void {
  useEffect(() => {
    if (!supported()) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let seq = -1;
    const refresh = () => {
      timer = null;
      if (store.connection !== 'online' || !navigator.serviceWorker.controller || store.state.seq === seq)
        return;
      const at = store.state.seq;
      // The service worker keeps the answers; the page has its own state already. The first time also what the page
      // read before the service worker served it (reference, map settings, boundaries); later only what changes.
      const paths = seq < 0 ? START_DATA : ['/api/me', '/api/snapshot'];
      Promise.all(paths.map((path) => fetch(path, { credentials: 'same-origin' }))).then(
        () => {
          seq = at;
        },
        () => undefined,
      );
    };
    // Not restarted by each change: a console notified more often than the pause would never refresh.
    const schedule = () => {
      timer ??= setTimeout(refresh, REFRESH_AFTER_MS);
    };
    schedule();
    const unsubscribe = store.subscribe(schedule);
    navigator.serviceWorker.addEventListener('controllerchange', schedule);
    return () => {
      unsubscribe();
      navigator.serviceWorker.removeEventListener('controllerchange', schedule);
      if (timer) clearTimeout(timer);
    };
  }, [store]);
}

/** Chromium's offer to install the page as an app (not in the DOM typings). */
interface InstallPrompt extends Event {
  prompt(): Promise<void>;
}

/**
 * The browser's offer to install the page, kept until the crew takes it: a function that shows the browser's own
 * dialog, or null when there is no offer (installed already, or a browser that installs from its menu only).
 */
export function useInstallOffer(): (() => void) | null {
  const [offer, setOffer] = useState<InstallPrompt | null>(null);
  useEffect(() => {
    const keep = (event: Event) => {
      event.preventDefault();
      setOffer(event as InstallPrompt);
    };
    const installed = () => setOffer(null);
    window.addEventListener('beforeinstallprompt', keep);
    window.addEventListener('appinstalled', installed);
    return () => {
      window.removeEventListener('beforeinstallprompt', keep);
      window.removeEventListener('appinstalled', installed);
    };
  }, []);
  if (!offer) return null;
  return () => {
    setOffer(null);
    void offer.prompt().catch(() => undefined);
  };
}
