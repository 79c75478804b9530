// @vitest-environment happy-dom
// The SOP editor's forms: faults stay beside their own field when an item above them is removed (before the next
// check answers), and a combined condition (all / at least one / not) is edited in fields, part by part.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SopDocument } from '../../../src/domain/sop/document.ts';
import { I18nContext, translator } from '../i18n.ts';
import { LiveContext, LiveStore, toReference } from '../live.ts';
import { SopAdminView } from './SopAdminView.tsx';

const question = (n: number) => ({
  id: `q${n}`,
  kind: 'yes_no' as const,
  textId: `Tanya ${n}?`,
  textEn: `Ask ${n}?`,
});
const timer = { ackSeconds: 60, enRouteSeconds: 300, onSceneMinutes: 30, repeatSeconds: 60 };

function draft(): SopDocument {
  return {
    title: 'Uji',
    timers: { p1: timer, p2: timer, p3: timer, p4: timer },
    categories: [
      {
        code: 'banjir',
        nameId: 'Banjir',
        nameEn: 'Flood',
        group: 'disaster',
        defaultPriority: 2,
        defaultAgencies: ['bpbd'],
        questions: [question(1), question(2), question(3)],
        priorityRules: [
          {
            id: 'r1',
            when: { all: [{ q: 'q1', eq: true }, { not: { q: 'q2', eq: false } }] },
            priority: 1,
            reasonId: 'Ada korban',
            reasonEn: 'Casualties',
          },
        ],
        agencyRules: [],
      },
    ],
  } as unknown as SopDocument;
}

/** The server: the draft with a fault on the third question; later checks are still under way (never answer). */
function serve(faults: { path: string; code: string; message: string }[]) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url === '/api/sop/versions') return Response.json({ versions: [] });
      if (url === '/api/sop/draft') return Response.json({ doc: draft(), faults });
      return new Promise<Response>(() => {});
    }),
  );
}

function show() {
  const reference = toReference({
    kecamatan: [],
    desa: [],
    agencies: [{ id: 'bpbd', code: 'BPBD', name: 'BPBD' }],
    stations: [],
    categories: [],
  });
  const store = new LiveStore(reference, { seq: 0, calls: [], incidents: [], assignments: [], units: [] });
  render(
    <I18nContext.Provider value={{ lang: 'id', t: translator('id'), setLang: () => {} }}>
      <LiveContext.Provider value={store}>
        <SopAdminView />
      </LiveContext.Provider>
    </I18nContext.Provider>,
  );
}

const item = (path: string) => document.querySelector<HTMLElement>(`fieldset[data-path="${path}"]`)!;

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('SOP editor', () => {
  it('keeps each fault beside its own question when a question above it is removed', async () => {
    serve([
      {
        path: 'categories[0].questions[2].textEn',
        code: 'schema',
        message: 'must NOT have fewer than 1 characters',
      },
    ]);
    show();
    await waitFor(() => expect(item('categories[0].questions[2]')).not.toBeNull());
    const fault = () => document.querySelector<HTMLElement>('[data-fault]');
    expect(item('categories[0].questions[2]').contains(fault())).toBe(true);

    // The first question goes: the faulty one (Tanya 3?) is now the second, and its fault goes with it at once.
    act(() => {
      fireEvent.click(item('categories[0].questions[0]').querySelector('button.remove')!);
    });
    const second = item('categories[0].questions[1]');
    expect(
      second.querySelector<HTMLInputElement>('input[name="categories[0].questions[1].textId"]')!.value,
    ).toBe('Tanya 3?');
    expect(fault()!.dataset.fault).toBe('categories[0].questions[1].textEn');
    expect(second.contains(fault())).toBe(true);
    expect(item('categories[0].questions[0]').querySelector('[data-fault]')).toBeNull();

    // The faulty question itself goes: its fault goes with it.
    act(() => {
      fireEvent.click(second.querySelector('button.remove')!);
    });
    expect(fault()).toBeNull();
  });

  it('edits a combined condition in fields: parts, their shape, adding and removing', async () => {
    serve([]);
    show();
    const rule = 'categories[0].priorityRules[0].when';
    await waitFor(() => expect(document.querySelector(`select[name="${rule}.shape"]`)).not.toBeNull());
    const select = (name: string) => document.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
    expect(select(`${rule}.shape`).value).toBe('all');
    // The parts as fields: the first asks q1, the second is "not" around q2 = no.
    expect(select(`${rule}.all[0].q`).value).toBe('q1');
    expect(select(`${rule}.all[1].shape`).value).toBe('not');
    expect(select(`${rule}.all[1].not.q`).value).toBe('q2');
    expect(select(`${rule}.all[1].not.eq`).value).toBe('false');
    expect(screen.queryByRole('textbox', { name: /JSON/ })).toBeNull();

    // A third part, changed to ask q3; the combination becomes "at least one".
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Tambah syarat' }));
    });
    act(() => {
      fireEvent.change(select(`${rule}.all[2].q`), { target: { value: 'q3' } });
    });
    act(() => {
      fireEvent.change(select(`${rule}.shape`), { target: { value: 'any' } });
    });
    const json = () => JSON.parse(JSON.parse(localStorage.getItem('pinisi.draft.sop')!).json) as SopDocument;
    expect(json().categories[0]!.priorityRules[0]!.when).toEqual({
      any: [{ q: 'q1', eq: true }, { not: { q: 'q2', eq: false } }, { q: 'q3', answered: true }],
    });

    // The "not" part removed; back to one answer keeps the first part.
    act(() => {
      fireEvent.click(screen.getAllByRole('button', { name: 'Hapus syarat ini' })[1]!);
    });
    act(() => {
      fireEvent.change(select(`${rule}.shape`), { target: { value: 'leaf' } });
    });
    expect(json().categories[0]!.priorityRules[0]!.when).toEqual({ q: 'q1', eq: true });
  });
});
