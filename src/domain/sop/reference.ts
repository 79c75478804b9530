// The categories an SOP version offers, as the reference table the call-taker form and the domain use.
import type { Category } from '../types.ts';
import type { SopDocument } from './document.ts';

export function categoriesOf(doc: SopDocument): Category[] {
  return doc.categories.map((c) => ({
    code: c.code,
    nameId: c.nameId,
    nameEn: c.nameEn,
    group: c.group,
    agencies: [...c.defaultAgencies],
    defaultPriority: c.defaultPriority,
  }));
}
