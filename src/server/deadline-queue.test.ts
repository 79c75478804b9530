// The deadline heap hands out deadlines earliest first, whatever order they were pushed in.
import { describe, expect, it } from 'vitest';
import { DeadlineQueue } from './deadline-queue.ts';

describe('DeadlineQueue', () => {
  it('pops deadlines in time order, keeping duplicates', () => {
    const queue = new DeadlineQueue();
    const times = [50, 10, 40, 10, 30, 20, 60, 0, 35, 45, 5];
    times.forEach((at, i) => {
      queue.push(at, `k${i}`);
    });
    expect(queue.size).toBe(times.length);
    expect(queue.peek()).toEqual({ at: 0, key: 'k7' });
    const popped: number[] = [];
    for (let d = queue.pop(); d !== undefined; d = queue.pop()) popped.push(d.at);
    expect(popped).toEqual([...times].sort((a, b) => a - b));
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
  });

  it('stays ordered when pushes and pops interleave', () => {
    const queue = new DeadlineQueue();
    let seed = 7;
    const next = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed % 1000;
    };
    const shadow: number[] = [];
    for (let round = 0; round < 500; round++) {
      const at = next();
      queue.push(at, String(round));
      shadow.push(at);
      if (round % 3 === 0) {
        shadow.sort((a, b) => a - b);
        expect(queue.pop()?.at).toBe(shadow.shift());
      }
    }
    queue.clear();
    expect(queue.size).toBe(0);
  });
});
