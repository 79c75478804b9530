// The run card in the SOP: the default Bulukumba cards (house fire with people trapped = 2 engines, 1 ambulance,
// 1 rescue team), the largest count per kind among the fired rules, and the validator's run-card faults.
import { describe, expect, it } from 'vitest';
import { bulukumbaUnits } from '../../seed/responders.ts';
import { BULUKUMBA_AGENCY_IDS, bulukumbaSop } from './bulukumba-sop.ts';
import type { SopDocument } from './document.ts';
import { runCardOf, unitKindsOf } from './run-card.ts';
import { validateSop } from './validate.ts';

const answers = (a: Record<string, unknown>) => new Map(Object.entries(a));
const counts = (doc: SopDocument, category: string, a: Record<string, unknown>) =>
  Object.fromEntries(runCardOf(doc, category, answers(a)).map((n) => [n.kind, n.count]));

describe('run card', () => {
  it('sends two fire engines, an ambulance and a rescue team to a house fire with people trapped', () => {
    expect(
      counts(bulukumbaSop, 'kebakaran_bangunan', { jenis_bangunan: 'rumah', api_menyala: true }),
    ).toEqual({
      fire_engine: 1,
    });
    const trapped = runCardOf(
      bulukumbaSop,
      'kebakaran_bangunan',
      answers({ jenis_bangunan: 'rumah', api_menyala: true, orang_terjebak: true, jumlah_terjebak: 2 }),
    );
    expect(trapped.map((n) => [n.kind, n.count])).toEqual([
      ['fire_engine', 2],
      ['ambulance', 1],
      ['rescue', 1],
    ]);
    expect(trapped[0]!.ruleIds).toEqual(['unit_terjebak']);
    expect(trapped[0]!.reasons.map((r) => r.en)).toEqual([
      'Default for Building fire',
      'People trapped: two fire engines, one ambulance, one rescue team',
    ]);
  });

  it('takes the largest count of each kind among the rules that fire, and ignores answers to hidden questions', () => {
    expect(
      counts(bulukumbaSop, 'kebakaran_bangunan', {
        api_menyala: true,
        orang_terjebak: true,
        api_merambat: true,
        korban_luka: true,
      }),
    ).toEqual({ fire_engine: 3, ambulance: 1, rescue: 1, tanker: 1 });
    // api_merambat is asked only while the fire burns: its answer does not count once api_menyala is no.
    expect(counts(bulukumbaSop, 'kebakaran_bangunan', { api_menyala: false, api_merambat: true })).toEqual({
      fire_engine: 1,
    });
    expect(counts(bulukumbaSop, 'lainnya', {})).toEqual({});
    expect(counts(bulukumbaSop, 'no_such_category', {})).toEqual({});
  });

  it('is part of a valid default SOP whose kinds are all kinds the seeded units have', () => {
    const kinds = unitKindsOf(bulukumbaUnits());
    expect(validateSop(bulukumbaSop, BULUKUMBA_AGENCY_IDS, kinds)).toEqual([]);
    expect(unitKindsOf([])).toBeNull();
  });

  it('reports a kind named twice, a kind no unit has, and a unit rule that refers to no question', () => {
    const doc = structuredClone(bulukumbaSop) as SopDocument;
    const fire = doc.categories[0]!;
    fire.units = [
      { kind: 'fire_engine', count: 1 },
      { kind: 'fire_engine', count: 2 },
    ];
    fire.unitRules = [
      {
        id: 'unit_x',
        when: { q: 'tidak_ada', eq: true },
        units: [{ kind: 'helicopter', count: 1 }],
        reasonId: 'x',
        reasonEn: 'x',
      },
    ];
    doc.categories = [fire];
    const faults = validateSop(doc, BULUKUMBA_AGENCY_IDS, ['fire_engine', 'ambulance', 'rescue', 'tanker']);
    expect(faults.map((f) => [f.path, f.code])).toEqual([
      ['categories[0].unitRules[0].when.q', 'condition.unknown_question'],
      ['categories[0].units[1].kind', 'run_card.duplicate_kind'],
      ['categories[0].unitRules[0].units[0].kind', 'run_card.unknown_kind'],
    ]);
    // The schema bounds the count.
    fire.units = [{ kind: 'fire_engine', count: 0 }];
    fire.unitRules = [];
    expect(validateSop(doc, BULUKUMBA_AGENCY_IDS).map((f) => f.path)).toEqual([
      'categories[0].units[0].count',
    ]);
    // A unit rule that can never fire is reported like any rule.
    fire.units = [];
    fire.unitRules = [
      {
        id: 'unit_never',
        when: {
          all: [
            { q: 'api_menyala', eq: true },
            { q: 'api_menyala', eq: false },
          ],
        },
        units: [{ kind: 'fire_engine', count: 2 }],
        reasonId: 'x',
        reasonEn: 'x',
      },
    ];
    expect(validateSop(doc, BULUKUMBA_AGENCY_IDS).map((f) => [f.path, f.code])).toEqual([
      ['categories[0].unitRules[0].when', 'rule.never_fires'],
    ]);
  });
});
