// An overlay behaves as a copied Map through any sequence of changes, while its base stays as it was.
import { describe, expect, it } from 'vitest';
import { OverlayMap } from './overlay-map.ts';

/** A small deterministic random sequence (LCG), so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

describe('OverlayMap', () => {
  it('matches new Map(base) after every operation, in entries, order and size', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const base = new Map<number, string>();
      for (let i = 0; i < 12; i++) base.set(Math.floor(next() * 20), `b${i}`);
      const frozen = [...base];
      const copy = new Map(base);
      const overlay = new OverlayMap(base);
      for (let step = 0; step < 60; step++) {
        const key = Math.floor(next() * 24);
        const roll = next();
        if (roll < 0.45) {
          copy.set(key, `v${step}`);
          expect(overlay.set(key, `v${step}`)).toBe(overlay);
        } else if (roll < 0.8) {
          expect(overlay.delete(key)).toBe(copy.delete(key));
        } else if (roll < 0.82) {
          copy.clear();
          overlay.clear();
        }
        expect(overlay.get(key)).toBe(copy.get(key));
        expect(overlay.has(key)).toBe(copy.has(key));
        expect(overlay.size).toBe(copy.size);
        expect([...overlay]).toEqual([...copy]);
      }
      expect([...overlay.keys()]).toEqual([...copy.keys()]);
      expect([...overlay.values()]).toEqual([...copy.values()]);
      const visited: [number, string][] = [];
      overlay.forEach((value, key, map) => {
        expect(map).toBe(overlay);
        visited.push([key, value]);
      });
      expect(visited).toEqual([...copy]);
      expect([...base]).toEqual(frozen);
    }
  });

  it('sees changes made while iterating as a Map does', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const run = (map: Map<string, number>) => {
      const seen: string[] = [];
      for (const [key] of map) {
        seen.push(key);
        if (key === 'a') {
          map.delete('b');
          map.set('c', 30);
          map.set('d', 4);
        }
        if (key === 'd') map.set('a', 10);
      }
      return { seen, entries: [...map] };
    };
    expect(run(new OverlayMap(base))).toEqual(run(new Map(base)));
  });
});
