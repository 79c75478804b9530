// The SOP editor's model: the draft as a parsed document, changed one field at a time by its path
// (`categories[3].questions[1].textId`, the validator's own paths), and the faults found at each path.
import { createContext, useContext } from 'react';
import type { SopDocument } from '../../../../src/domain/sop/document.ts';
import type { FaultBody } from '../../../../src/protocol/sop-bodies.ts';

export type Path = string;

/** `categories[3].when.q` → ['categories', 3, 'when', 'q']. */
export function segments(path: Path): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** The value at a path, or undefined when the path leads nowhere. */
export function getAt(doc: unknown, path: Path): unknown {
  let at: unknown = doc;
  for (const key of segments(path)) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/**
 * A copy of the document with the value at the path replaced (copying only the objects on the way); `undefined`
 * removes an object's field, and removes an item from a list.
 */
export function setAt<T>(doc: T, path: Path, value: unknown): T {
  const keys = segments(path);
  const put = (node: unknown, i: number): unknown => {
    const key = keys[i]!;
    const last = i === keys.length - 1;
    // A number after a missing field starts a list there (an optional list the category did not have yet).
    if ((Array.isArray(node) || node === undefined || node === null) && typeof key === 'number') {
      const copy = Array.isArray(node) ? [...node] : [];
      if (last && value === undefined) copy.splice(key, 1);
      else copy[key] = last ? value : put(copy[key], i + 1);
      return copy;
    }
    const copy: Record<string, unknown> = { ...((node as Record<string, unknown> | null) ?? {}) };
    if (last && value === undefined) delete copy[key];
    else copy[key] = last ? value : put(copy[key], i + 1);
    return copy;
  };
  return keys.length === 0 ? (value as T) : (put(doc, 0) as T);
}

/**
 * The faults of the last check once the value at `removed` was taken out of the document: its own faults go, and
 * when it was a list item those of the items after it move up one place with them, so each fault stays beside its
 * field until the next check (which otherwise showed them one item too low).
 */
export function faultsAfterRemoval(faults: readonly FaultBody[], removed: Path): FaultBody[] {
  const item = /^(.*)\[(\d+)\]$/.exec(removed);
  const kept = faults.filter((f) => !faultIsAt(f, removed, true));
  if (!item) return kept;
  const list = `${item[1]}[`;
  const index = Number(item[2]);
  return kept.map((f) => {
    if (!f.path.startsWith(list)) return f;
    const after = /^(\d+)\](.*)$/.exec(f.path.slice(list.length));
    if (!after || Number(after[1]) < index) return f;
    return { ...f, path: `${list}${Number(after[1]) - 1}]${after[2]}` };
  });
}

/** Whether a fault lies at the path itself, or (deep) anywhere inside it. */
export function faultIsAt(fault: FaultBody, path: Path, deep = false): boolean {
  if (fault.path === path) return true;
  return deep && (fault.path.startsWith(`${path}.`) || fault.path.startsWith(`${path}[`));
}

export interface SopEdit {
  doc: SopDocument;
  /** The faults of the last check, by the paths of the document as it was checked. */
  faults: readonly FaultBody[];
  set: (path: Path, value: unknown) => void;
  /** The agencies the SOP may name, with the code to show. */
  agencies: readonly { id: string; code: string }[];
}

export const SopEditContext = createContext<SopEdit | null>(null);

/** The document being edited; the forms of a category (and any added later, such as a run card) read it here. */
export function useSopEdit(): SopEdit {
  const edit = useContext(SopEditContext);
  if (!edit) throw new Error('useSopEdit outside the SOP editor');
  return edit;
}
