// The evaluator and its condition language on a small hand-made SOP: visibility, priority, agencies, reasons.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { holds } from './condition.ts';
import type { Condition, SopDocument } from './document.ts';
import { evaluate } from './evaluate.ts';

const timer = (n: number) => ({ ackSeconds: n, enRouteSeconds: 2 * n, onSceneMinutes: n, repeatSeconds: n });

const doc: SopDocument = {
  title: 'test',
  timers: { p1: timer(10), p2: timer(20), p3: timer(30), p4: timer(40) },
  categories: [
    {
      code: 'kebakaran',
      nameId: 'Kebakaran',
      nameEn: 'Fire',
      group: 'fire',
      defaultPriority: 3,
      defaultAgencies: ['damkar'],
      questions: [
        { id: 'terjebak', kind: 'yes_no', textId: 'Terjebak?', textEn: 'Trapped?' },
        {
          id: 'jumlah',
          kind: 'number',
          textId: 'Berapa?',
          textEn: 'How many?',
          min: 1,
          max: 50,
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
        { id: 'catatan', kind: 'text', textId: 'Catatan', textEn: 'Notes' },
      ],
      priorityRules: [
        {
          id: 'pasar_p2',
          when: { q: 'bangunan', eq: 'pasar' },
          priority: 2,
          reasonId: 'Pasar',
          reasonEn: 'Market',
        },
        {
          id: 'terjebak_p1',
          when: { q: 'terjebak', eq: true },
          priority: 1,
          reasonId: 'Terjebak',
          reasonEn: 'Trapped',
        },
        {
          id: 'banyak_p1',
          when: { q: 'jumlah', gte: 5 },
          priority: 1,
          reasonId: 'Banyak',
          reasonEn: 'Many',
        },
      ],
      agencyRules: [
        {
          id: 'evakuasi',
          when: { q: 'terjebak', eq: true },
          agencies: ['psc119', 'basarnas'],
          reasonId: 'Evakuasi',
          reasonEn: 'Rescue',
        },
        {
          id: 'banyak',
          when: { q: 'jumlah', gte: 5 },
          agencies: ['psc119', 'rsud'],
          reasonId: 'Korban banyak',
          reasonEn: 'Many casualties',
        },
        {
          id: 'pasar_damkar',
          when: { q: 'bangunan', eq: 'pasar' },
          agencies: ['damkar'],
          reasonId: 'Pasar butuh unit tambahan',
          reasonEn: 'Markets need more engines',
        },
      ],
      timers: { p1: timer(5) },
    },
  ],
};

describe('evaluate', () => {
  it('asks unconditional questions first and shows a conditional one only when its condition holds', () => {
    const ids = (answers: Record<string, unknown>) =>
      evaluate(doc, 'kebakaran', answers as never).visibleQuestions.map((q) => q.id);
    expect(ids({})).toEqual(['terjebak', 'bangunan', 'catatan']);
    expect(ids({ terjebak: false })).toEqual(['terjebak', 'bangunan', 'catatan']);
    expect(ids({ terjebak: true })).toEqual(['terjebak', 'jumlah', 'bangunan', 'catatan']);
  });

  it('keeps the default priority and agencies when no rule fires', () => {
    const result = evaluate(doc, 'kebakaran', { terjebak: false, bangunan: 'rumah' });
    expect(result.priority).toBe(3);
    expect(result.priorityRuleId).toBeNull();
    expect(result.priorityReason).toBe('Prioritas bawaan untuk Kebakaran');
    expect(result.rulesFired).toEqual([]);
    expect(result.agencies).toEqual([
      { agencyId: 'damkar', reasons: ['Instansi utama untuk Kebakaran'], ruleIds: [] },
    ]);
    expect(result.timers).toEqual(timer(30));
  });

  it('lets the most urgent firing rule set the priority, the first one among equals', () => {
    const result = evaluate(doc, 'kebakaran', { terjebak: true, jumlah: 7, bangunan: 'pasar' });
    expect(result.priority).toBe(1);
    expect(result.priorityRuleId).toBe('terjebak_p1');
    expect(result.rulesFired).toEqual([
      'pasar_p2',
      'terjebak_p1',
      'banyak_p1',
      'evakuasi',
      'banyak',
      'pasar_damkar',
    ]);
    expect(result.timers).toEqual(timer(5));
  });

  it('a less urgent rule overrides a more urgent default', () => {
    const urgent = structuredClone(doc);
    urgent.categories[0]!.defaultPriority = 1;
    expect(evaluate(urgent, 'kebakaran', { bangunan: 'pasar' }).priority).toBe(2);
  });

  it('merges agencies added by several rules and says why each is in', () => {
    const result = evaluate(doc, 'kebakaran', { terjebak: true, jumlah: 5, bangunan: 'pasar' }, 'en');
    expect(result.agencies).toEqual([
      {
        agencyId: 'damkar',
        reasons: ['Default agency for Fire', 'Markets need more engines'],
        ruleIds: ['pasar_damkar'],
      },
      { agencyId: 'psc119', reasons: ['Rescue', 'Many casualties'], ruleIds: ['evakuasi', 'banyak'] },
      { agencyId: 'basarnas', reasons: ['Rescue'], ruleIds: ['evakuasi'] },
      { agencyId: 'rsud', reasons: ['Many casualties'], ruleIds: ['banyak'] },
    ]);
    expect(result.priorityReason).toBe('Trapped');
  });

  it('ignores answers to hidden questions', () => {
    const result = evaluate(doc, 'kebakaran', { terjebak: false, jumlah: 9 });
    expect(result.answers).toEqual({ terjebak: false });
    expect(result.rulesFired).toEqual([]);
    expect(result.agencies.map((a) => a.agencyId)).toEqual(['damkar']);
  });

  it('ignores answers of the wrong type, out of range, or not among the options', () => {
    const result = evaluate(doc, 'kebakaran', {
      terjebak: 'ya',
      bangunan: 'gedung',
      catatan: '   ',
      tidak_ada: true,
    } as never);
    expect(result.answers).toEqual({});
    const numbers = (jumlah: unknown) =>
      evaluate(doc, 'kebakaran', { terjebak: true, jumlah } as never).answers.jumlah;
    expect(numbers(2.5)).toBeUndefined();
    expect(numbers(0)).toBeUndefined();
    expect(numbers(51)).toBeUndefined();
    expect(numbers('5')).toBeUndefined();
    expect(numbers(50)).toBe(50);
  });

  it('refuses an unknown category with a domain error', () => {
    expect(() => evaluate(doc, 'tidak_ada', {})).toThrow(DomainError);
    try {
      evaluate(doc, 'tidak_ada', {});
    } catch (error) {
      expect((error as DomainError).code).toBe('sop.category_unknown');
      expect((error as DomainError).field).toBe('category');
    }
  });

  it('does not change the document or the answers it is given', () => {
    const before = JSON.stringify(doc);
    const answers = { terjebak: true, jumlah: 6 };
    evaluate(doc, 'kebakaran', answers);
    expect(JSON.stringify(doc)).toBe(before);
    expect(answers).toEqual({ terjebak: true, jumlah: 6 });
  });
});

describe('holds', () => {
  const answers = new Map<string, boolean | number | string>([
    ['yes', true],
    ['n', 4],
    ['c', 'pasar'],
  ]);
  const cases: [Condition, boolean][] = [
    [{ q: 'yes', eq: true }, true],
    [{ q: 'yes', eq: false }, false],
    [{ q: 'yes', ne: false }, true],
    [{ q: 'missing', ne: false }, false],
    [{ not: { q: 'missing', eq: true } }, true],
    [{ q: 'missing', answered: false }, true],
    [{ q: 'n', answered: true }, true],
    [{ q: 'n', gt: 4 }, false],
    [{ q: 'n', gte: 4 }, true],
    [{ q: 'n', lt: 5 }, true],
    [{ q: 'n', lte: 3 }, false],
    [{ q: 'c', gt: 1 }, false],
    [{ q: 'missing', lt: 100 }, false],
    [{ q: 'c', in: ['rumah', 'pasar'] }, true],
    [{ q: 'n', in: [1, 2] }, false],
    [
      {
        all: [
          { q: 'yes', eq: true },
          { q: 'n', gt: 3 },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { q: 'yes', eq: true },
          { q: 'n', gt: 4 },
        ],
      },
      false,
    ],
    [
      {
        any: [
          { q: 'yes', eq: false },
          { q: 'c', eq: 'pasar' },
        ],
      },
      true,
    ],
    [
      {
        any: [
          { q: 'yes', eq: false },
          { q: 'missing', answered: true },
        ],
      },
      false,
    ],
  ];
  it.each(cases)('%j → %s', (condition, expected) => {
    expect(holds(condition, answers)).toBe(expected);
  });
});
