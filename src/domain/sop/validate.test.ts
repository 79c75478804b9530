// The SOP validator: one broken document per fault kind, each fault reported at its exact JSON path.
import { describe, expect, it } from 'vitest';
import type { SopDocument } from './document.ts';
import { pointerToPath, validateSop } from './validate.ts';

const AGENCIES = ['damkar', 'psc119', 'basarnas', 'bpbd'];
const timer = { ackSeconds: 60, enRouteSeconds: 180, onSceneMinutes: 15, repeatSeconds: 60 };

function base(): SopDocument {
  return {
    title: 'test',
    timers: { p1: { ...timer }, p2: { ...timer }, p3: { ...timer }, p4: { ...timer } },
    categories: [
      {
        code: 'kebakaran',
        nameId: 'Kebakaran',
        nameEn: 'Fire',
        group: 'fire',
        defaultPriority: 2,
        defaultAgencies: ['damkar'],
        questions: [
          { id: 'terjebak', kind: 'yes_no', textId: 'Ada yang terjebak?', textEn: 'Anyone trapped?' },
          {
            id: 'jumlah',
            kind: 'number',
            textId: 'Berapa?',
            textEn: 'How many?',
            min: 1,
            max: 100,
            when: { q: 'terjebak', eq: true },
          },
          {
            id: 'bangunan',
            kind: 'choice',
            textId: 'Bangunan?',
            textEn: 'Building?',
            options: [
              { value: 'rumah', labelId: 'Rumah', labelEn: 'House' },
              { value: 'pasar', labelId: 'Pasar', labelEn: 'Market' },
            ],
          },
        ],
        priorityRules: [
          { id: 'terjebak_p1', when: { q: 'terjebak', eq: true }, priority: 1, reasonId: 'a', reasonEn: 'a' },
          {
            id: 'pasar_p1',
            when: {
              all: [
                { q: 'terjebak', answered: true },
                { q: 'bangunan', eq: 'pasar' },
              ],
            },
            priority: 1,
            reasonId: 'b',
            reasonEn: 'b',
          },
        ],
        agencyRules: [
          {
            id: 'evakuasi',
            when: { q: 'jumlah', gte: 3 },
            agencies: ['psc119', 'basarnas'],
            reasonId: 'c',
            reasonEn: 'c',
          },
        ],
      },
      {
        code: 'banjir',
        nameId: 'Banjir',
        nameEn: 'Flood',
        group: 'disaster',
        defaultPriority: 2,
        defaultAgencies: ['bpbd'],
        questions: [
          { id: 'hanyut', kind: 'yes_no', textId: 'Ada yang hanyut?', textEn: 'Anyone swept away?' },
        ],
        priorityRules: [],
        agencyRules: [
          {
            id: 'hanyut_sar',
            when: { q: 'hanyut', eq: true },
            agencies: ['basarnas'],
            reasonId: 'd',
            reasonEn: 'd',
          },
        ],
      },
    ],
  };
}

/** A broken copy of the base document: `breakIt` mutates a deep clone. */
function broken(breakIt: (doc: SopDocument) => void): unknown {
  const doc = structuredClone(base());
  breakIt(doc);
  return doc;
}

const cat = (doc: SopDocument, i = 0) => doc.categories[i]!;
const faultsOf = (doc: unknown) => validateSop(doc, AGENCIES).map(({ path, code }) => ({ path, code }));

describe('validateSop', () => {
  it('accepts the base document', () => {
    expect(validateSop(base(), AGENCIES)).toEqual([]);
  });

  const cases: [string, (doc: SopDocument) => void, { path: string; code: string }[]][] = [
    [
      'unknown default agency',
      (d) => {
        cat(d).defaultAgencies.push('pemadam');
      },
      [{ path: 'categories[0].defaultAgencies[1]', code: 'agency.unknown' }],
    ],
    [
      'unknown agency added by a rule',
      (d) => {
        cat(d, 1).agencyRules[0]!.agencies.push('tni_al');
      },
      [{ path: 'categories[1].agencyRules[0].agencies[1]', code: 'agency.unknown' }],
    ],
    [
      'a blank instruction for the caller',
      (d) => {
        cat(d).instructions = [
          { textId: 'Keluar dari rumah', textEn: 'Get out' },
          { textId: '   ', textEn: 'Stay low' },
        ];
      },
      [{ path: 'categories[0].instructions[1].textId', code: 'instruction.blank' }],
    ],
    [
      'an instruction without its English text',
      (d) => {
        cat(d).instructions = [{ textId: 'Keluar dari rumah' } as { textId: string; textEn: string }];
      },
      [{ path: 'categories[0].instructions[0].textEn', code: 'schema.required' }],
    ],
    [
      'condition on a question that does not exist',
      (d) => {
        cat(d).questions[2]!.when = { q: 'korban', eq: true };
      },
      [{ path: 'categories[0].questions[2].when.q', code: 'condition.unknown_question' }],
    ],
    [
      'condition on a question that comes later',
      (d) => {
        cat(d).questions[1]!.when = { q: 'bangunan', eq: 'pasar' };
      },
      [{ path: 'categories[0].questions[1].when.q', code: 'condition.forward_reference' }],
    ],
    [
      'condition on a question of another category',
      (d) => {
        cat(d).priorityRules[0]!.when = {
          any: [
            { q: 'terjebak', eq: true },
            { q: 'hanyut', eq: true },
          ],
        };
      },
      [{ path: 'categories[0].priorityRules[0].when.any[1].q', code: 'condition.other_category' }],
    ],
    [
      'question that depends on itself',
      (d) => {
        cat(d).questions[1]!.when = { not: { q: 'jumlah', answered: true } };
      },
      [{ path: 'categories[0].questions[1].when.not.q', code: 'question.cycle' }],
    ],
    [
      'questions that depend on each other in a loop',
      (d) => {
        cat(d).questions[0]!.when = { q: 'jumlah', gt: 1 };
      },
      [
        { path: 'categories[0].questions[0].when.q', code: 'condition.forward_reference' },
        { path: 'categories[0].questions[0].when', code: 'question.cycle' },
      ],
    ],
    [
      'rule on a choice value that is not an option',
      (d) => {
        cat(d).priorityRules[1]!.when = {
          all: [
            { q: 'terjebak', answered: true },
            { q: 'bangunan', eq: 'gedung' },
          ],
        };
      },
      [{ path: 'categories[0].priorityRules[1].when.all[1].eq', code: 'condition.unknown_option' }],
    ],
    [
      'choice value in a list that is not an option',
      (d) => {
        cat(d).agencyRules[0]!.when = { q: 'bangunan', in: ['rumah', 'kantor'] };
      },
      [{ path: 'categories[0].agencyRules[0].when.in[1]', code: 'condition.unknown_option' }],
    ],
    [
      'yes/no question compared with a number',
      (d) => {
        cat(d).priorityRules[0]!.when = { q: 'terjebak', eq: 1 };
      },
      [{ path: 'categories[0].priorityRules[0].when.eq', code: 'condition.type_mismatch' }],
    ],
    [
      'yes/no question with an ordering operator',
      (d) => {
        cat(d).priorityRules[0]!.when = { q: 'terjebak', gt: 0 };
      },
      [{ path: 'categories[0].priorityRules[0].when.gt', code: 'condition.operator_mismatch' }],
    ],
    [
      'all[] of contradictory equalities',
      (d) => {
        cat(d).priorityRules[1]!.when = {
          all: [
            { q: 'bangunan', eq: 'rumah' },
            { q: 'bangunan', eq: 'pasar' },
          ],
        };
      },
      [{ path: 'categories[0].priorityRules[1].when', code: 'rule.never_fires' }],
    ],
    [
      'all[] of an equality and its negation',
      (d) => {
        cat(d).priorityRules[0]!.when = {
          all: [{ q: 'terjebak', eq: true }, { not: { q: 'terjebak', eq: true } }],
        };
      },
      [{ path: 'categories[0].priorityRules[0].when', code: 'rule.never_fires' }],
    ],
    [
      'number range that is empty',
      (d) => {
        cat(d).agencyRules[0]!.when = {
          all: [
            { q: 'jumlah', gt: 5 },
            { q: 'jumlah', lt: 3 },
          ],
        };
      },
      [{ path: 'categories[0].agencyRules[0].when', code: 'rule.never_fires' }],
    ],
    [
      'number beyond the question’s maximum',
      (d) => {
        cat(d).agencyRules[0]!.when = { q: 'jumlah', gt: 100 };
      },
      [{ path: 'categories[0].agencyRules[0].when', code: 'rule.never_fires' }],
    ],
    [
      'rule needing the answer of a question hidden by the rest of the rule',
      (d) => {
        cat(d).agencyRules[0]!.when = {
          all: [
            { q: 'terjebak', eq: false },
            { q: 'jumlah', gte: 1 },
          ],
        };
      },
      [{ path: 'categories[0].agencyRules[0].when', code: 'rule.never_fires' }],
    ],
    [
      'question that can never be shown',
      (d) => {
        cat(d).questions[2]!.when = {
          all: [
            { q: 'jumlah', answered: true },
            { q: 'terjebak', eq: false },
          ],
        };
      },
      [
        { path: 'categories[0].questions[2].when', code: 'question.never_shown' },
        // The rule on the hidden question can then never fire either.
        { path: 'categories[0].priorityRules[1].when', code: 'rule.never_fires' },
      ],
    ],
    [
      'timer of zero',
      (d) => {
        d.timers.p2.enRouteSeconds = 0;
      },
      [{ path: 'timers.p2.enRouteSeconds', code: 'timer.not_positive' }],
    ],
    [
      'negative timer in a category override',
      (d) => {
        cat(d).timers = { p1: { ...timer, repeatSeconds: -30 } };
      },
      [{ path: 'categories[0].timers.p1.repeatSeconds', code: 'timer.not_positive' }],
    ],
    [
      'duplicate category code',
      (d) => {
        cat(d, 1).code = 'kebakaran';
      },
      [{ path: 'categories[1].code', code: 'category.duplicate_code' }],
    ],
    [
      'duplicate question id',
      (d) => {
        cat(d).questions.push({ id: 'terjebak', kind: 'text', textId: 'Lagi?', textEn: 'Again?' });
      },
      [{ path: 'categories[0].questions[3].id', code: 'question.duplicate_id' }],
    ],
    [
      'duplicate rule id across priority and agency rules',
      (d) => {
        cat(d).agencyRules[0]!.id = 'terjebak_p1';
      },
      [{ path: 'categories[0].agencyRules[0].id', code: 'rule.duplicate_id' }],
    ],
    [
      'duplicate option value',
      (d) => {
        cat(d).questions[2]!.options!.push({ value: 'rumah', labelId: 'Rumah lagi', labelEn: 'House again' });
      },
      [{ path: 'categories[0].questions[2].options[2].value', code: 'question.duplicate_option' }],
    ],
    [
      'choice without options',
      (d) => {
        delete cat(d).questions[2]!.options;
        cat(d).priorityRules.pop();
      },
      [{ path: 'categories[0].questions[2].options', code: 'question.options_missing' }],
    ],
    [
      'number with an empty range',
      (d) => {
        cat(d).questions[1]!.max = 0;
      },
      [{ path: 'categories[0].questions[1].max', code: 'question.range_empty' }],
    ],
    [
      'missing default priority',
      (d) => {
        delete (cat(d, 1) as { defaultPriority?: number }).defaultPriority;
      },
      [{ path: 'categories[1].defaultPriority', code: 'category.default_priority_missing' }],
    ],
    [
      'priority out of range',
      (d) => {
        (cat(d).priorityRules[0] as { priority: number }).priority = 5;
      },
      [{ path: 'categories[0].priorityRules[0].priority', code: 'schema.enum' }],
    ],
    [
      'comparison without an operator',
      (d) => {
        cat(d).questions[1]!.when = { q: 'terjebak' } as never;
      },
      [{ path: 'categories[0].questions[1].when', code: 'condition.invalid' }],
    ],
    [
      'unknown operator',
      (d) => {
        cat(d).priorityRules[1]!.when = { all: [{ q: 'terjebak', equals: true }] } as never;
      },
      [
        { path: 'categories[0].priorityRules[1].when.all[0].equals', code: 'condition.invalid' },
        { path: 'categories[0].priorityRules[1].when.all[0]', code: 'condition.invalid' },
      ],
    ],
    [
      'empty any[]',
      (d) => {
        cat(d).agencyRules[0]!.when = { any: [] };
      },
      [{ path: 'categories[0].agencyRules[0].when.any', code: 'condition.invalid' }],
    ],
    [
      'unknown property',
      (d) => {
        (cat(d) as unknown as Record<string, unknown>).colour = 'red';
      },
      [{ path: 'categories[0].colour', code: 'schema.unknown_property' }],
    ],
  ];

  it.each(cases)('reports %s at its exact path', (_name, breakIt, expected) => {
    expect(faultsOf(broken(breakIt))).toEqual(expected);
  });

  it('reports every fault of a document broken in several places at once', () => {
    const doc = broken((d) => {
      d.timers.p4.ackSeconds = -1;
      cat(d).defaultAgencies = ['damkar', 'x'];
      cat(d).priorityRules[0]!.when = { q: 'terjebak', eq: 'ya' };
      cat(d, 1).agencyRules[0]!.agencies = ['y'];
      cat(d, 1).agencyRules.push({
        id: 'tidak_mungkin',
        when: {
          all: [
            { q: 'hanyut', eq: true },
            { q: 'hanyut', eq: false },
          ],
        },
        agencies: ['bpbd'],
        reasonId: 'e',
        reasonEn: 'e',
      });
    });
    expect(faultsOf(doc)).toEqual([
      { path: 'timers.p4.ackSeconds', code: 'timer.not_positive' },
      { path: 'categories[0].defaultAgencies[1]', code: 'agency.unknown' },
      { path: 'categories[0].priorityRules[0].when.eq', code: 'condition.type_mismatch' },
      { path: 'categories[1].agencyRules[0].agencies[0]', code: 'agency.unknown' },
      { path: 'categories[1].agencyRules[1].when', code: 'rule.never_fires' },
    ]);
  });

  it('reports the schema faults and the other faults together, not the schema faults alone', () => {
    const doc = broken((d) => {
      (cat(d).priorityRules[0] as { priority: number }).priority = 5;
      cat(d).defaultAgencies = ['damkar', 'pemadam_entah'];
      cat(d, 1).agencyRules[0]!.agencies = ['y'];
      d.timers.p2.repeatSeconds = 0;
      cat(d, 1).code = cat(d).code;
    });
    expect(faultsOf(doc)).toEqual([
      { path: 'categories[0].priorityRules[0].priority', code: 'schema.enum' },
      { path: 'timers.p2.repeatSeconds', code: 'timer.not_positive' },
      { path: 'categories[1].code', code: 'category.duplicate_code' },
      // The category with the schema fault still has its agencies checked.
      { path: 'categories[0].defaultAgencies[1]', code: 'agency.unknown' },
      { path: 'categories[1].agencyRules[0].agencies[0]', code: 'agency.unknown' },
    ]);
  });

  it('refuses what is not a document at all', () => {
    expect(faultsOf(null)).toEqual([{ path: '', code: 'schema.type' }]);
    expect(faultsOf({ title: 't', timers: base().timers, categories: [] })).toEqual([
      { path: 'categories', code: 'schema.minItems' },
    ]);
  });

  it('gives every fault a message', () => {
    const faults = validateSop(
      broken((d) => {
        d.timers.p1.ackSeconds = 0;
      }),
      AGENCIES,
    );
    expect(faults[0]!.message).toMatch(/ackSeconds/);
  });

  it('turns JSON pointers into paths', () => {
    expect(pointerToPath('/categories/3/questions/2/when/q')).toBe('categories[3].questions[2].when.q');
    expect(pointerToPath('')).toBe('');
  });
});
