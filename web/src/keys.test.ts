// One-key classification: which keys classify, and that typing in a field never does.
import { describe, expect, it } from 'vitest';
import { CLASSIFY_KEYS, classifyKey } from './keys.ts';

const field = (tagName: string) => ({ tagName }) as unknown as EventTarget;

describe('classifyKey', () => {
  it('maps each printed key, in either case, to its call type', () => {
    expect(classifyKey({ key: 'p' })).toBe('prank');
    expect(classifyKey({ key: 'P' })).toBe('prank');
    expect(classifyKey({ key: 'g' })).toBe('ghost');
    expect(classifyKey({ key: 's' })).toBe('misdirected');
    expect(classifyKey({ key: 'd' })).toBe('emergency');
    expect(classifyKey({ key: 'x' })).toBeNull();
    expect(classifyKey({ key: 'Enter' })).toBeNull();
  });

  it('ignores keys with modifiers and keys typed into fields', () => {
    expect(classifyKey({ key: 'p', ctrlKey: true })).toBeNull();
    expect(classifyKey({ key: 'p', metaKey: true })).toBeNull();
    expect(classifyKey({ key: 'p', target: field('INPUT') })).toBeNull();
    expect(classifyKey({ key: 'p', target: field('TEXTAREA') })).toBeNull();
    expect(classifyKey({ key: 'p', target: field('SELECT') })).toBeNull();
    expect(classifyKey({ key: 'p', target: field('BUTTON') })).toBe('prank');
  });

  it('gives every call type exactly one key', () => {
    const keys = CLASSIFY_KEYS.map((k) => k.key);
    const types = CLASSIFY_KEYS.map((k) => k.type);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(types).size).toBe(7);
  });
});
