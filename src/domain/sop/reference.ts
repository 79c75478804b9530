// The categories an SOP version offers, as the reference table the call-taker form and the domain use.
import type { Category, PublishedSop, Reference } from '../types.ts';
import type { SopDocument } from './document.ts';

export function categoriesOf(doc: SopDocument): Category[] {
  return doc.categories.map((c) => ({
    code: c.code,
    nameId: c.nameId,
    nameEn: c.nameEn,
    group: c.group,
    agencies: [...c.defaultAgencies],
    defaultPriority: c.defaultPriority,
    ...(c.instructions?.length
      ? { instructions: c.instructions.map((i) => ({ id: i.textId, en: i.textEn })) }
      : {}),
  }));
}

/** The SOP version in force: the last one published; null before any is. */
export function sopInForce(ref: Pick<Reference, 'sops'>): PublishedSop | null {
  let last: PublishedSop | null = null;
  for (const sop of ref.sops.values()) if (!last || sop.version > last.version) last = sop;
  return last;
}
