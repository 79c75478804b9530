// Small React hooks of the consoles: a ticking clock for timers and commands sent with an idempotency key.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { CommandPayload, CommandType } from '../../src/domain/commands.ts';
import type { CommandResults } from '../../src/domain/decide.ts';
import { ApiError, newKey, sendCommand } from './api.ts';

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
  /** The command's result as its decide handler returns it (CommandResults), or null when it was refused. */
  run: <T extends CommandType>(type: T, payload: CommandPayload<T>) => Promise<CommandResults[T] | null>;
  clear: () => void;
}

/**
 * Sends commands for one user action. A failure without an answer keeps the idempotency key, so pressing the
 * button again retries the same action and the server applies it at most once.
 */
export function useAction(): Action {
  const pending = useRef(new Map<string, string>());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async <T extends CommandType>(type: T, payload: CommandPayload<T>) => {
    const action = `${type} ${JSON.stringify(payload)}`;
    const key = pending.current.get(action) ?? newKey();
    pending.current.set(action, key);
    setBusy(true);
    setError(null);
    try {
      const answer = await sendCommand(type, payload, key);
      pending.current.delete(action);
      return answer.result;
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e));
      if (!err.isNetwork) pending.current.delete(action);
      if (mounted.current) setError(err);
      return null;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);

  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
