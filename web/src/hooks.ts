// Small React hooks of the consoles: a ticking clock for timers and commands sent with an idempotency key, kept
// and sent again when they got no answer.
import { useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { CommandPayload, CommandType } from '../../src/domain/commands.ts';
import type { CommandResults } from '../../src/domain/decide.ts';
import { ApiError, asApiError, newKey, sendCommand } from './api.ts';
import { LiveContext } from './live.ts';

const clockListeners = new Set<() => void>();
let clockTimer: ReturnType<typeof setInterval> | null = null;
let clockNow = Date.now();

function subscribeClock(listener: () => void): () => void {
  clockListeners.add(listener);
  if (!clockTimer) {
    clockNow = Date.now();
    clockTimer = setInterval(() => {
      clockNow = Date.now();
      for (const l of clockListeners) l();
    }, 1000);
  }
  return () => {
    clockListeners.delete(listener);
    if (clockListeners.size === 0 && clockTimer) {
      clearInterval(clockTimer);
      clockTimer = null;
    }
  };
}

/** The current time, re-rendering once a second; one interval shared by every timer on screen. */
export function useNow(): number {
  return useSyncExternalStore(subscribeClock, () => (clockTimer ? clockNow : Date.now()));
}

export interface Action {
  busy: boolean;
  error: ApiError | null;
  /** A command without an answer (no connection) waiting to be sent again with its idempotency key. */
  queued: boolean;
  /**
   * The command's result as its decide handler returns it (CommandResults), or null when it was refused. A command
   * that got no answer is kept and sent again with the same key, when the console's link is back or after a pause,
   * and the promise settles with that answer; pressing again sends it again at once.
   */
  run: <T extends CommandType>(type: T, payload: CommandPayload<T>) => Promise<CommandResults[T] | null>;
  clear: () => void;
}

interface Waiting {
  action: string;
  timer: ReturnType<typeof setTimeout>;
  resend: () => void;
  /** Settles the caller's promise with null: a newer press of the same action took over. */
  drop: () => void;
}

/** Pause before sending a command again by itself: 2 s, 4 s, 8 s, then every 15 s. */
const retryDelay = (attempt: number) => Math.min(15_000, 2_000 * 2 ** attempt);

/**
 * Sends commands for one user action. A failure without an answer keeps the idempotency key and the command: it is
 * sent again when the live link is back (or after a pause, or when pressed again), so the server applies it at most
 * once and nothing clicked during an outage is lost; its error clears as soon as it goes through.
 */
export function useAction(): Action {
  const live = useContext(LiveContext);
  const pending = useRef(new Map<string, string>());
  const waiting = useRef<Waiting | null>(null);
  const [busy, setBusy] = useState(false);
  const [queued, setQueued] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      if (waiting.current) clearTimeout(waiting.current.timer);
      waiting.current = null;
    };
  }, []);

  // The console's link is back: what waits is sent now.
  useEffect(() => {
    if (!live) return;
    return live.subscribe(() => {
      const w = waiting.current;
      if (w && live.connection === 'online') {
        clearTimeout(w.timer);
        w.resend();
      }
    });
  }, [live]);

  const run = useCallback(<T extends CommandType>(type: T, payload: CommandPayload<T>) => {
    const action = `${type} ${JSON.stringify(payload)}`;
    const key = pending.current.get(action) ?? newKey();
    pending.current.set(action, key);
    const before = waiting.current;
    if (before) {
      clearTimeout(before.timer);
      waiting.current = null;
      before.drop();
    }
    setBusy(true);
    setError(null);
    return new Promise<CommandResults[T] | null>((resolve) => {
      const send = async (attempt: number) => {
        waiting.current = null;
        try {
          const answer = await sendCommand(type, payload, key);
          pending.current.delete(action);
          if (mounted.current) {
            setQueued(false);
            setError(null);
          }
          resolve(answer.result);
        } catch (e) {
          const err = asApiError(e);
          if (err.isNetwork && mounted.current) {
            waiting.current = {
              action,
              timer: setTimeout(() => send(attempt + 1), retryDelay(attempt)),
              resend: () => void send(attempt + 1),
              drop: () => resolve(null),
            };
            setQueued(true);
            setError(new ApiError(0, 'command.queued', err.message));
            return;
          }
          if (!err.isNetwork) pending.current.delete(action);
          if (mounted.current) {
            setQueued(false);
            setError(err);
          }
          resolve(null);
        } finally {
          if (mounted.current) setBusy(false);
        }
      };
      void send(0);
    });
  }, []);

  const clear = useCallback(() => setError(null), []);
  return { busy, error, queued, run, clear };
}
