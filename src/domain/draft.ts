// Copy-on-write drafts of the live state: a batch is decided and applied on a draft, adopted only once committed.
//
// `draftOf(state)` costs nothing up front: every Map becomes a DraftMap whose reads fall through to the live
// Map and whose writes stay in the draft; plain objects are drafted field by field; Sets and arrays are copied
// (keep them small, or make them Maps); numbers and strings are copied. Anything else is refused, so a new kind
// of structure in the state fails its first test instead of leaking uncommitted changes into the live state.
// This relies on the rule `apply` keeps: a stored value is replaced, never changed in place.

const GONE = Symbol('gone');

/** A Map whose reads fall through to a base Map and whose writes stay here until adopted. */
class DraftMap<K, V> implements Map<K, V> {
  readonly base: Map<K, V>;
  private readonly changes = new Map<K, V | typeof GONE>();
  readonly [Symbol.toStringTag] = 'Map';

  constructor(base: Map<K, V>) {
    this.base = base;
  }

  get(key: K): V | undefined {
    if (!this.changes.has(key)) return this.base.get(key);
    const value = this.changes.get(key);
    return value === GONE ? undefined : value;
  }

  has(key: K): boolean {
    if (!this.changes.has(key)) return this.base.has(key);
    return this.changes.get(key) !== GONE;
  }

  set(key: K, value: V): this {
    this.changes.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    const had = this.has(key);
    this.changes.set(key, GONE);
    return had;
  }

  clear(): void {
    this.changes.clear();
    for (const key of this.base.keys()) this.changes.set(key, GONE);
  }

  get size(): number {
    let size = this.base.size;
    for (const [key, value] of this.changes) {
      if (value === GONE && this.base.has(key)) size--;
      if (value !== GONE && !this.base.has(key)) size++;
    }
    return size;
  }

  /** The base's entries as changed here, then the entries added here, as a Map would order them. */
  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) {
      if (!this.changes.has(key)) yield [key, value];
      else {
        const changed = this.changes.get(key)!;
        if (changed !== GONE) yield [key, changed];
      }
    }
    for (const [key, value] of this.changes) {
      if (value !== GONE && !this.base.has(key)) yield [key, value];
    }
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  /** Writes the changes into the base Map. */
  adopt(): void {
    for (const [key, value] of this.changes) {
      if (value === GONE) this.base.delete(key);
      else this.base.set(key, value);
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function draftValue(value: unknown, path: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Map) return new DraftMap(value);
  if (value instanceof Set) return new Set(value);
  if (Array.isArray(value)) return [...value];
  if (isPlainObject(value)) {
    const draft: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) draft[key] = draftValue(field, `${path}.${key}`);
    return draft;
  }
  throw new Error(
    `${path}: a draft of the state cannot hold a ${value.constructor.name}; add it to draft.ts`,
  );
}

/** A draft of the state: the same shape, changed freely, the state untouched until `adopt`. */
export function draftOf<T extends object>(state: T): T {
  return draftValue(state, 'state') as T;
}

/** Makes the state what the draft became. The draft must come from `draftOf(state)` and is spent after. */
export function adopt<T extends object>(state: T, draft: T): void {
  const target = state as Record<string, unknown>;
  for (const [key, value] of Object.entries(draft)) {
    const current = target[key];
    if (value instanceof DraftMap && value.base === current) value.adopt();
    else if (isPlainObject(value) && isPlainObject(current)) adopt(current, value);
    else target[key] = value instanceof DraftMap ? new Map(value) : value;
  }
}
