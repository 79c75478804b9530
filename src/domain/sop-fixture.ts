// Test fixture: a small SOP over the fixture reference (house fire with triage questions), published by the admin.
import type { SopDocument } from './sop/document.ts';
import type { State } from './state.ts';
import { cmd, run } from './test-fixtures.ts';
import type { Actor } from './types.ts';

export const admin: Actor = { userId: 'admin', role: 'admin', agencyId: null };

const timer = { ackSeconds: 120, enRouteSeconds: 300, onSceneMinutes: 15, repeatSeconds: 120 };

/** The fixture's categories as an SOP: building fires ask who is trapped and whether the fire spreads. */
export function fixtureSop(title = 'SOP uji'): SopDocument {
  const plain = (
    code: string,
    nameId: string,
    group: 'medical' | 'social' | 'other',
    agencies: string[],
  ) => ({
    code,
    nameId,
    nameEn: nameId,
    group,
    defaultPriority: 3 as const,
    defaultAgencies: agencies,
    questions: [],
    priorityRules: [],
    agencyRules: [],
  });
  return {
    title,
    timers: { p1: timer, p2: timer, p3: timer, p4: timer },
    categories: [
      {
        code: 'kebakaran_bangunan',
        nameId: 'Kebakaran bangunan',
        nameEn: 'Building fire',
        group: 'fire',
        defaultPriority: 2,
        defaultAgencies: ['damkar'],
        questions: [
          {
            id: 'jenis_bangunan',
            kind: 'choice',
            textId: 'Bangunan apa?',
            textEn: 'What building?',
            options: [
              { value: 'rumah', labelId: 'Rumah tinggal', labelEn: 'House' },
              { value: 'pasar', labelId: 'Pasar', labelEn: 'Market' },
            ],
          },
          { id: 'orang_terjebak', kind: 'yes_no', textId: 'Ada orang terjebak?', textEn: 'Anyone trapped?' },
          {
            id: 'jumlah_terjebak',
            kind: 'number',
            textId: 'Berapa orang terjebak?',
            textEn: 'How many trapped?',
            min: 1,
            max: 500,
            when: { q: 'orang_terjebak', eq: true },
          },
        ],
        priorityRules: [
          {
            id: 'terjebak_p1',
            when: { q: 'orang_terjebak', eq: true },
            priority: 1,
            reasonId: 'Ada orang terjebak',
            reasonEn: 'People are trapped',
          },
        ],
        agencyRules: [
          {
            id: 'terjebak_psc',
            when: { q: 'orang_terjebak', eq: true },
            agencies: ['psc119'],
            reasonId: 'Korban terjebak perlu ambulans',
            reasonEn: 'Trapped people need an ambulance',
          },
        ],
      },
      plain('gawat_darurat_medis', 'Gawat darurat medis', 'medical', ['psc119']),
      plain('odgj_terlantar', 'ODGJ terlantar', 'social', ['dinsos']),
    ],
  };
}

/** Publishes the fixture SOP (or another document) on the state as the admin. */
export function publishSop(state: State, doc: SopDocument = fixtureSop()) {
  return run(state, cmd('sop.publish', { doc }), admin);
}
