// A junk classification ends the call only after a short undo: S or G pressed instead of D must not hang up on a
// real emergency. The same key again (or Enter) ends it at once, Esc or the button keeps the call.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallType } from '../../../src/domain/types.ts';
import { useNow } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { CLASSIFY_KEYS } from '../keys.ts';

export const UNDO_MS = 5_000;

export interface PendingEnd {
  callId: string;
  type: CallType;
  until: number;
}

export interface PendingEndControl {
  pending: PendingEnd | null;
  start: (callId: string, type: CallType) => void;
  /** Ends the call now instead of when the undo runs out. */
  finish: () => void;
  cancel: () => void;
}

/** Holds one pending classification; `onFinish` classifies and ends the call when the undo runs out. */
export function usePendingEnd(onFinish: (pending: PendingEnd) => void): PendingEndControl {
  const [pending, setPending] = useState<PendingEnd | null>(null);
  const finishRef = useRef(onFinish);
  finishRef.current = onFinish;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(
      () => {
        setPending(null);
        finishRef.current(pending);
      },
      Math.max(0, pending.until - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [pending]);
  const start = useCallback(
    (callId: string, type: CallType) => setPending({ callId, type, until: Date.now() + UNDO_MS }),
    [],
  );
  const current = useRef(pending);
  current.current = pending;
  const finish = useCallback(() => {
    const p = current.current;
    if (!p) return;
    current.current = null;
    setPending(null);
    finishRef.current(p);
  }, []);
  const cancel = useCallback(() => setPending(null), []);
  return { pending, start, finish, cancel };
}

export function PendingEndBanner({ control }: { control: PendingEndControl }) {
  const { t } = useI18n();
  const now = useNow();
  const { pending } = control;
  if (!pending) return null;
  const seconds = Math.min(UNDO_MS / 1000, Math.max(1, Math.ceil((pending.until - now) / 1000)));
  const key = CLASSIFY_KEYS.find((k) => k.type === pending.type)?.key ?? '';
  return (
    <div className="pending-end" role="alert" data-testid="pending-end" data-type={pending.type}>
      <p>
        {t('ct.pendingEnd', { type: t(`calltype.${pending.type}`), n: seconds })}
        <span className="pending-bar" aria-hidden="true" />
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={control.cancel} aria-keyshortcuts="Escape">
          {t('ct.pendingEnd.undo')} <kbd>Esc</kbd>
        </button>
        <button type="button" onClick={control.finish} aria-keyshortcuts={key}>
          {t('ct.pendingEnd.now')} <kbd>{key}</kbd>
        </button>
      </div>
    </div>
  );
}
