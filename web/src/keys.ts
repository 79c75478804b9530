// One-key call classification for the call taker: the key printed on each button, and when keys count.
import type { CallType } from '../../src/domain/types.ts';

export const CLASSIFY_KEYS: readonly { key: string; type: CallType }[] = [
  { key: 'D', type: 'emergency' },
  { key: 'P', type: 'prank' },
  { key: 'G', type: 'ghost' },
  { key: 'S', type: 'misdirected' },
  { key: 'I', type: 'information' },
  { key: 'T', type: 'test' },
  { key: 'N', type: 'non_emergency' },
];

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  target?: EventTarget | null;
}

/** True when the key press goes into a text field or a control that uses letters itself. */
export function isTyping(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  return tag === 'input' || tag === 'textarea' || tag === 'select' || el.isContentEditable === true;
}

/** The call type a key press classifies, or null when it is not a classification key here. */
export function classifyKey(event: KeyLike): CallType | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (isTyping(event.target)) return null;
  const key = event.key.toUpperCase();
  return CLASSIFY_KEYS.find((k) => k.key === key)?.type ?? null;
}
