// The dispatcher's selection kept in the address (`?kejadian=2026-000006`) and what arrived since the page opened.
import { useRef, useState } from 'react';

const PARAM = 'kejadian';

export function selectedNumberFromUrl(): string | null {
  return new URLSearchParams(location.search).get(PARAM);
}

/** Replaces the address (no new history entry per click), so a reload opens the same incident. */
export function writeSelectedNumber(number: string | null): void {
  const url = new URL(location.href);
  if (number) url.searchParams.set(PARAM, number);
  else url.searchParams.delete(PARAM);
  history.replaceState(history.state, '', url);
}

export interface Arrivals {
  isNew: (id: string) => boolean;
  seen: (id: string) => void;
}

/**
 * Ids that appeared after the first render and were not opened yet: what is already there when the console loads
 * is not new, so a reload does not flag the whole queue.
 */
export function useNewArrivals(ids: string[]): Arrivals {
  const known = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  if (known.current === null) known.current = new Set(ids);
  const added = ids.filter((id) => !known.current!.has(id));
  if (added.length > 0) {
    for (const id of added) known.current.add(id);
    setFresh(new Set([...fresh, ...added]));
  }
  return {
    isNew: (id) => fresh.has(id),
    seen: (id) => {
      if (!fresh.has(id)) return;
      const next = new Set(fresh);
      next.delete(id);
      setFresh(next);
    },
  };
}
