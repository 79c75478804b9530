// The SOP document schema (for the API and OpenAPI) accepts the default SOP and refuses malformed conditions.
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { bulukumbaSop } from './bulukumba-sop.ts';
import { SopDocumentSchema, timersFor } from './document.ts';

describe('SopDocumentSchema', () => {
  it('accepts the default Bulukumba SOP', () => {
    expect(Value.Check(SopDocumentSchema, bulukumbaSop)).toBe(true);
  });

  it('refuses a condition with two operators, or none', () => {
    for (const when of [{ q: 'api_menyala', eq: true, ne: false }, { q: 'api_menyala' }, { all: [] }]) {
      const doc = structuredClone(bulukumbaSop) as unknown as {
        categories: { priorityRules: { when: unknown }[] }[];
      };
      doc.categories[0]!.priorityRules[0]!.when = when;
      expect(Value.Check(SopDocumentSchema, doc)).toBe(false);
    }
  });
});

describe('timersFor', () => {
  it("takes a category's override and falls back to the document's timers", () => {
    const sea = bulukumbaSop.categories.find((c) => c.code === 'kecelakaan_laut');
    expect(timersFor(bulukumbaSop, sea, 1).onSceneMinutes).toBe(45);
    expect(timersFor(bulukumbaSop, sea, 2)).toEqual(bulukumbaSop.timers.p2);
    expect(timersFor(bulukumbaSop, undefined, 4)).toEqual(bulukumbaSop.timers.p4);
  });
});
