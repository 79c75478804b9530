// Comparing two SOP versions: changes named by category code, question and rule id.
import { describe, expect, it } from 'vitest';
import { bulukumbaSop } from './bulukumba-sop.ts';
import { compareSop } from './compare.ts';

describe('compareSop', () => {
  it('finds nothing between a document and its copy', () => {
    expect(compareSop(bulukumbaSop, structuredClone(bulukumbaSop))).toEqual([]);
  });

  it('names changes by category code and rule id', () => {
    const next = structuredClone(bulukumbaSop);
    const fire = next.categories.find((c) => c.code === 'kebakaran_bangunan')!;
    fire.defaultPriority = 1;
    fire.priorityRules.find((r) => r.id === 'padam_p3')!.priority = 4;
    fire.agencyRules = fire.agencyRules.filter((r) => r.id !== 'listrik_pln');
    fire.defaultAgencies.push('bpbd');
    next.timers.p1.ackSeconds = 45;
    expect(compareSop(bulukumbaSop, next)).toEqual([
      { path: 'timers.p1.ackSeconds', kind: 'changed', before: 60, after: 45 },
      { path: 'categories[kebakaran_bangunan].defaultPriority', kind: 'changed', before: 2, after: 1 },
      { path: 'categories[kebakaran_bangunan].defaultAgencies[1]', kind: 'added', after: 'bpbd' },
      {
        path: 'categories[kebakaran_bangunan].priorityRules[padam_p3].priority',
        kind: 'changed',
        before: 3,
        after: 4,
      },
      {
        path: 'categories[kebakaran_bangunan].agencyRules[listrik_pln]',
        kind: 'removed',
        before: bulukumbaSop.categories[0]!.agencyRules.find((r) => r.id === 'listrik_pln'),
      },
    ]);
  });

  it('reports added categories and reordered questions', () => {
    const next = structuredClone(bulukumbaSop);
    const extra = { ...structuredClone(next.categories[21]!), code: 'uji_coba' };
    next.categories.push(extra);
    const flood = next.categories.find((c) => c.code === 'banjir')!;
    flood.questions.reverse();
    const changes = compareSop(bulukumbaSop, next);
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      ['categories[banjir].questions', 'reordered'],
      ['categories[uji_coba]', 'added'],
    ]);
  });
});
