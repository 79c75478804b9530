// @vitest-environment happy-dom
// The recorded triage as the dispatcher and the agencies read it: answers, the SOP's priority and reasons, id or en.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncidentTriage } from '../../../src/domain/types.ts';
import { I18nContext, type Lang, translator } from '../i18n.ts';
import { LiveContext, LiveStore, toReference } from '../live.ts';
import { TriageSummary } from './TriageSummary.tsx';

const triage: IncidentTriage = {
  sopVersion: 2,
  category: 'kebakaran_bangunan',
  answers: [
    {
      questionId: 'jenis_bangunan',
      question: { id: 'Bangunan apa?', en: 'What building?' },
      value: 'pasar',
      label: { id: 'Pasar', en: 'Market' },
    },
    {
      questionId: 'orang_terjebak',
      question: { id: 'Ada orang terjebak?', en: 'Anyone trapped?' },
      value: true,
      label: null,
    },
    { questionId: 'jumlah', question: { id: 'Berapa orang?', en: 'How many?' }, value: 3, label: null },
  ],
  priority: 1,
  priorityRuleId: 'terjebak_p1',
  priorityReason: { id: 'Ada orang terjebak', en: 'People are trapped' },
  agencies: [
    { agencyId: 'damkar', reasons: [{ id: 'Instansi utama', en: 'Default agency' }], ruleIds: [] },
    { agencyId: 'psc119', reasons: [{ id: 'Perlu ambulans', en: 'Needs an ambulance' }], ruleIds: ['r1'] },
  ],
  at: 1_000,
  by: 'u-op1',
};

function show(lang: Lang, value: IncidentTriage | null) {
  const reference = toReference({
    kecamatan: [],
    desa: [],
    agencies: [
      { id: 'damkar', code: 'DAMKAR', name: 'Damkar' },
      { id: 'psc119', code: 'PSC 119', name: 'PSC 119' },
    ],
    stations: [],
    categories: [],
  });
  const store = new LiveStore(reference, { seq: 0, calls: [], incidents: [], assignments: [], units: [] });
  render(
    <I18nContext.Provider value={{ lang, t: translator(lang), setLang: () => {} }}>
      <LiveContext.Provider value={store}>
        <TriageSummary triage={value} />
      </LiveContext.Provider>
    </I18nContext.Provider>,
  );
}

afterEach(cleanup);

describe('TriageSummary', () => {
  it('reads in Indonesian: questions, answers (yes/no and option labels translated), priority and reasons', () => {
    show('id', triage);
    expect(screen.getByRole('heading').textContent).toBe('Triase (SOP versi 2)');
    const answers = screen.getByTestId('triage-answers').textContent;
    expect(answers).toBe('Bangunan apa?PasarAda orang terjebak?YaBerapa orang?3');
    expect(screen.getByTestId('triage-priority').textContent).toBe(
      'Prioritas menurut SOP: P1 Ada orang terjebak',
    );
    expect(screen.getByTestId('sop-reasons').textContent).toBe(
      'DAMKAR: Instansi utamaPSC 119: Perlu ambulans',
    );
  });

  it('reads in English', () => {
    show('en', triage);
    expect(screen.getByTestId('triage-answers').textContent).toBe(
      'What building?MarketAnyone trapped?YesHow many?3',
    );
    expect(screen.getByTestId('triage-priority').textContent).toContain('People are trapped');
    expect(screen.getByTestId('sop-reasons').textContent).toContain('PSC 119: Needs an ambulance');
  });

  it('says when no triage was recorded', () => {
    show('id', null);
    expect(screen.getByText('Belum ada jawaban triase')).toBeTruthy();
  });
});
