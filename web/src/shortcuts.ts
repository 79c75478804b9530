// Keyboard shortcuts of the dispatcher's and the liaisons' consoles: a letter presses the button that shows it.
import { type RefObject, useEffect } from 'react';
import { isTyping } from './keys.ts';

/**
 * A key pressed outside text fields (no Ctrl/Alt/Meta) first goes to `handlers` (by lower-case key), then presses
 * the first enabled button inside `root` whose `data-shortcut` is that key: the key printed on the button.
 */
export function useShortcuts(
  root: RefObject<HTMLElement | null>,
  handlers: Record<string, () => void> = {},
): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
      if (isTyping(event.target)) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const handler = handlers[key];
      if (handler) {
        event.preventDefault();
        handler();
        return;
      }
      const buttons = root.current?.querySelectorAll<HTMLButtonElement>('button[data-shortcut]') ?? [];
      const button = [...buttons].find((b) => b.dataset.shortcut?.toLowerCase() === key && !b.disabled);
      if (button) {
        event.preventDefault();
        button.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
