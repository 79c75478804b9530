// Compares two SOP documents: what was added, removed, changed or reordered, by readable path.

export interface SopChange {
  /** e.g. `categories[kebakaran_bangunan].priorityRules[terjebak_p1].priority`; list items by their code/id. */
  path: string;
  kind: 'added' | 'removed' | 'changed' | 'reordered';
  before?: unknown;
  after?: unknown;
}

const KEYS = ['code', 'id', 'value'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The property that names each item of a list, when every item has a distinct one. */
function keyOf(items: unknown[]): (typeof KEYS)[number] | null {
  for (const key of KEYS) {
    const names = items.map((item) => (isRecord(item) ? item[key] : undefined));
    if (names.every((n) => typeof n === 'string') && new Set(names).size === names.length) return key;
  }
  return null;
}

const child = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

function diff(before: unknown, after: unknown, path: string, out: SopChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const key =
      before.length === 0
        ? keyOf(after)
        : after.length === 0 || keyOf(before) === keyOf(after)
          ? keyOf(before)
          : null;
    if (key === null) {
      // Lists without names are compared item by item.
      const n = Math.max(before.length, after.length);
      for (let i = 0; i < n; i++) {
        const at = `${path}[${i}]`;
        if (i >= before.length) out.push({ path: at, kind: 'added', after: after[i] });
        else if (i >= after.length) out.push({ path: at, kind: 'removed', before: before[i] });
        else diff(before[i], after[i], at, out);
      }
      return;
    }
    const name = (item: unknown) => (item as Record<string, string>)[key]!;
    const old = new Map(before.map((item) => [name(item), item]));
    const now = new Map(after.map((item) => [name(item), item]));
    for (const [k, item] of old) {
      if (!now.has(k)) out.push({ path: `${path}[${k}]`, kind: 'removed', before: item });
    }
    for (const [k, item] of now) {
      if (!old.has(k)) out.push({ path: `${path}[${k}]`, kind: 'added', after: item });
      else diff(old.get(k), item, `${path}[${k}]`, out);
    }
    const kept = (list: unknown[], other: Map<string, unknown>) => list.map(name).filter((k) => other.has(k));
    const orderBefore = kept(before, now);
    const orderAfter = kept(after, old);
    if (orderBefore.join('\u0000') !== orderAfter.join('\u0000')) {
      out.push({ path, kind: 'reordered', before: orderBefore, after: orderAfter });
    }
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const k of keys) {
      const at = child(path, k);
      if (!(k in after)) out.push({ path: at, kind: 'removed', before: before[k] });
      else if (!(k in before)) out.push({ path: at, kind: 'added', after: after[k] });
      else diff(before[k], after[k], at, out);
    }
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ path, kind: 'changed', before, after });
}

/** Every difference from `before` to `after`, in document order. Pure; works on any JSON. */
export function compareSop(before: unknown, after: unknown): SopChange[] {
  const out: SopChange[] = [];
  diff(before, after, '', out);
  return out;
}
