// Keys of the forms: Enter in a one-line field never sends (a stray Enter under stress or on a shared PC), Ctrl+Enter
// does; Enter in a text area starts a new line.
import type { KeyboardEvent } from 'react';

export function ctrlEnterSubmits(e: KeyboardEvent<HTMLFormElement>): void {
  if (e.key !== 'Enter' || e.defaultPrevented) return;
  if (e.ctrlKey || e.metaKey) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  } else if (e.target instanceof HTMLInputElement) e.preventDefault();
}
