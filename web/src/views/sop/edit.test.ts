// The SOP editor's model: reading and replacing a field by its path without touching the rest.
import { describe, expect, it } from 'vitest';
import { faultIsAt, faultsAfterRemoval, getAt, setAt } from './edit.ts';

const doc = {
  title: 't',
  categories: [
    { code: 'a', questions: [{ id: 'q1' }, { id: 'q2' }] },
    { code: 'b', questions: [] },
  ],
};

describe('SOP editor paths', () => {
  it('reads a field by its path', () => {
    expect(getAt(doc, 'categories[0].questions[1].id')).toBe('q2');
    expect(getAt(doc, 'categories[5].code')).toBeUndefined();
  });

  it('replaces one field and copies only the way to it', () => {
    const next = setAt(doc, 'categories[0].questions[1].id', 'q9');
    expect(getAt(next, 'categories[0].questions[1].id')).toBe('q9');
    expect(doc.categories[0]!.questions[1]!.id).toBe('q2');
    expect(next.categories[1]).toBe(doc.categories[1]);
    expect(next.categories[0]!.questions[0]).toBe(doc.categories[0]!.questions[0]);
  });

  it('removes a list item or a field with undefined, and adds where nothing was', () => {
    expect(getAt(setAt(doc, 'categories[0].questions[0]', undefined), 'categories[0].questions')).toEqual([
      { id: 'q2' },
    ]);
    expect('title' in setAt(doc, 'title', undefined)).toBe(false);
    expect(getAt(setAt(doc, 'categories[1].timers.p1', { ackSeconds: 1 }), 'categories[1].timers')).toEqual({
      p1: { ackSeconds: 1 },
    });
  });

  it('starts a list where a list field was missing (a category without instructions or run card)', () => {
    const next = setAt(doc, 'categories[1].units[0]', { kind: 'ambulance', count: 1 });
    expect(getAt(next, 'categories[1].units')).toEqual([{ kind: 'ambulance', count: 1 }]);
  });

  it('finds a fault at a field, or inside it when asked', () => {
    const fault = { path: 'categories[0].priorityRules[1].when.q', code: 'x', message: 'x' };
    expect(faultIsAt(fault, 'categories[0].priorityRules[1].when')).toBe(false);
    expect(faultIsAt(fault, 'categories[0].priorityRules[1].when', true)).toBe(true);
    expect(faultIsAt(fault, 'categories[0].priorityRules[1]', true)).toBe(true);
    expect(faultIsAt(fault, 'categories[0].priorityRules[10]', true)).toBe(false);
  });

  it('moves the faults of later items up one place when an item is removed, and drops the removed one’s', () => {
    const fault = (path: string) => ({ path, code: 'x', message: 'x' });
    const faults = [
      fault('categories[0].questions[0].id'),
      fault('categories[0].questions[1].textId'),
      fault('categories[0].questions[2].when.all[1].q'),
      fault('categories[0].questions[10].id'),
      fault('categories[1].questions[3].id'),
      fault('title'),
    ];
    expect(faultsAfterRemoval(faults, 'categories[0].questions[1]').map((f) => f.path)).toEqual([
      'categories[0].questions[0].id',
      'categories[0].questions[1].when.all[1].q',
      'categories[0].questions[9].id',
      'categories[1].questions[3].id',
      'title',
    ]);
    // A whole category: the later categories' faults move up too.
    expect(faultsAfterRemoval(faults, 'categories[0]').map((f) => f.path)).toEqual([
      'categories[0].questions[3].id',
      'title',
    ]);
    // A field that is not a list item (a question's condition cleared): only its own faults go.
    expect(faultsAfterRemoval(faults, 'categories[0].questions[2].when').map((f) => f.path)).not.toContain(
      'categories[0].questions[2].when.all[1].q',
    );
  });
});
