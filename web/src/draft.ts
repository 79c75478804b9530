// Form input kept in localStorage so that a reload (or a crash of the browser) loses nothing typed.
import { useEffect, useState } from 'react';

function loadDraft<T>(key: string, initial: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? { ...initial, ...(JSON.parse(raw) as Partial<T>) } : initial;
  } catch {
    return initial;
  }
}

export function saveDraft<T>(key: string, value: T | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the draft lives in memory only
  }
}

/** State that is written to localStorage on every change and read back on mount. */
export function useDraft<T>(key: string, initial: T): [T, (next: T | ((prev: T) => T)) => void, boolean] {
  const [restored] = useState(() => {
    try {
      return localStorage.getItem(key) !== null;
    } catch {
      return false;
    }
  });
  const [value, setValue] = useState<T>(() => loadDraft(key, initial));
  useEffect(() => saveDraft(key, value), [key, value]);
  return [value, setValue, restored];
}
