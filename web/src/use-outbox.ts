// The crew page's outbox in React: opened on the phone's IndexedDB for the signed-in user, sent when an item is
// added, when the browser says it is online again, when the live link is back, and by itself after a pause.
import { useEffect, useState } from 'react';
import { backoffDelay, type LiveStore } from './live.ts';
import { indexedDbStorage, memoryStorage, Outbox } from './outbox.ts';

export function useOutbox(userId: string, live: LiveStore): Outbox | null {
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  const [, rerender] = useState(0);
  useEffect(() => {
    let cleanup: (() => void) | null = null;
    let alive = true;
    void (async () => {
      // Without IndexedDB (a private window on some phones) the outbox still works, only not across a reload.
      const storage = await indexedDbStorage().catch(() => memoryStorage());
      if (!alive) return;
      const box = new Outbox(storage, userId, undefined, backoffDelay);
      const unsubscribe = box.subscribe(() => rerender((n) => n + 1));
      const flush = () => void box.flush();
      let connection = live.connection;
      const unfollow = live.subscribe(() => {
        if (live.connection === 'online' && connection !== 'online') flush();
        connection = live.connection;
      });
      window.addEventListener('online', flush);
      cleanup = () => {
        box.close();
        unsubscribe();
        unfollow();
        window.removeEventListener('online', flush);
      };
      await box.refresh();
      if (!alive) return;
      setOutbox(box);
      flush();
    })();
    return () => {
      alive = false;
      cleanup?.();
      setOutbox(null);
    };
  }, [userId, live]);
  return outbox;
}
