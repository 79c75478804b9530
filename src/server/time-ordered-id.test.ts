// UUIDv7 ids: well-formed, unique, and sorted in the order they were made even within one millisecond.
import { describe, expect, it } from 'vitest';
import { timeOrderedIds } from './time-ordered-id.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('timeOrderedIds', () => {
  it('makes UUIDv7 ids that carry the time in their first 48 bits', () => {
    const id = timeOrderedIds(() => 1_764_400_000_123)();
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(1_764_400_000_123);
  });

  it('sorts ids in creation order within one millisecond and when the clock steps back', () => {
    let now = 1_764_400_000_000;
    const next = timeOrderedIds(() => now);
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) ids.push(next());
    now -= 60_000;
    for (let i = 0; i < 10; i++) ids.push(next());
    now += 120_000;
    ids.push(next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(UUID_V7);
  });
});
