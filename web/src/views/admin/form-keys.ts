// Keys of the admin forms: Enter in a one-line field never sends (a shared PC's stray Enter), Ctrl+Enter does.
import type { KeyboardEvent } from 'react';

export function ctrlEnterSubmits(e: KeyboardEvent<HTMLFormElement>): void {
  if (e.key !== 'Enter' || e.defaultPrevented) return;
  if (e.ctrlKey || e.metaKey) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  } else if (e.target instanceof HTMLInputElement) e.preventDefault();
}
