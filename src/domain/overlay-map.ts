// A Map that starts as a view of another and records its own changes beside it: a copy that costs nothing to make,
// for deciders that try changes out on a projection without touching it.

/**
 * Behaves as `new Map(base)` (same entries, same iteration order, later changes its own) as long as `base` does not
 * change meanwhile; making one and each operation cost the same whatever the size of `base`, except iteration.
 */
export class OverlayMap<K, V> extends Map<K, V> {
  readonly #base: ReadonlyMap<K, V>;
  /** New values of base keys still at their place in the order. */
  readonly #replaced = new Map<K, V>();
  /** Base keys deleted (even when set again since: they then come after the base, as in a Map). */
  readonly #removed = new Set<K>();
  /** Keys not at a base place: new keys, and base keys set again after deletion, in insertion order. */
  readonly #appended = new Map<K, V>();

  constructor(base: ReadonlyMap<K, V>) {
    super();
    this.#base = base;
  }

  #atBasePlace(key: K): boolean {
    return this.#base.has(key) && !this.#removed.has(key);
  }

  override get(key: K): V | undefined {
    if (this.#appended.has(key)) return this.#appended.get(key);
    if (!this.#atBasePlace(key)) return undefined;
    return this.#replaced.has(key) ? this.#replaced.get(key) : this.#base.get(key);
  }

  override has(key: K): boolean {
    return this.#appended.has(key) || this.#atBasePlace(key);
  }

  override set(key: K, value: V): this {
    if (!this.#appended.has(key) && this.#atBasePlace(key)) this.#replaced.set(key, value);
    else this.#appended.set(key, value);
    return this;
  }

  override delete(key: K): boolean {
    if (this.#appended.delete(key)) return true;
    if (!this.#atBasePlace(key)) return false;
    this.#replaced.delete(key);
    this.#removed.add(key);
    return true;
  }

  override clear(): void {
    for (const key of this.#base.keys()) this.#removed.add(key);
    this.#replaced.clear();
    this.#appended.clear();
  }

  override get size(): number {
    return this.#base.size - this.#removed.size + this.#appended.size;
  }

  override *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.#base) {
      if (this.#removed.has(key)) continue;
      yield [key, this.#replaced.has(key) ? (this.#replaced.get(key) as V) : value];
    }
    yield* this.#appended;
  }

  override *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  override *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
