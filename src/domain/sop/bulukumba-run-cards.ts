// The run cards of the default Bulukumba SOP: per category, which kinds of unit and how many, raised by the answers.
import type { Condition, SopCategory, UnitRule } from './document.ts';

type RunCard = Pick<SopCategory, 'units' | 'unitRules'>;

const yes = (q: string): Condition => ({ q, eq: true });
const atLeast = (q: string, n: number): Condition => ({ q, gte: n });
const need = (kind: string, count = 1) => ({ kind, count });
const rule = (
  id: string,
  when: Condition,
  units: { kind: string; count: number }[],
  reasonId: string,
  reasonEn: string,
): UnitRule => ({ id, when, units, reasonId, reasonEn });

/** Kinds as the units carry them: fire_engine, tanker, rescue, ambulance, boat, patrol, vehicle, service. */
export const BULUKUMBA_RUN_CARDS: Readonly<Record<string, RunCard>> = {
  kebakaran_bangunan: {
    units: [need('fire_engine')],
    unitRules: [
      rule(
        'unit_terjebak',
        yes('orang_terjebak'),
        [need('fire_engine', 2), need('ambulance'), need('rescue')],
        'Orang terjebak: dua mobil pemadam, satu ambulans, satu tim penyelamat',
        'People trapped: two fire engines, one ambulance, one rescue team',
      ),
      rule('unit_luka', yes('korban_luka'), [need('ambulance')], 'Ada korban luka', 'People are injured'),
      rule(
        'unit_merambat',
        yes('api_merambat'),
        [need('fire_engine', 3), need('tanker')],
        'Api merambat: tambah pemadam dan mobil tangki air',
        'Fire spreading: more engines and a water tanker',
      ),
    ],
  },
  kebakaran_hutan_lahan: {
    units: [need('fire_engine'), need('tanker')],
    unitRules: [rule('unit_korban', yes('ada_korban'), [need('ambulance')], 'Ada korban', 'Someone is hurt')],
  },
  kebakaran_kendaraan: {
    units: [need('fire_engine')],
    unitRules: [
      rule(
        'unit_terjebak',
        yes('terjebak'),
        [need('rescue'), need('ambulance')],
        'Orang terjebak di kendaraan',
        'Someone trapped in the vehicle',
      ),
      rule('unit_luka', yes('korban_luka'), [need('ambulance')], 'Ada korban luka', 'People are injured'),
    ],
  },
  kecelakaan_lalu_lintas: {
    units: [need('patrol')],
    unitRules: [
      rule('unit_luka', yes('korban_luka'), [need('ambulance')], 'Ada korban luka', 'People are injured'),
      rule(
        'unit_massal',
        atLeast('jumlah_korban', 3),
        [need('ambulance', 2)],
        'Tiga korban atau lebih: dua ambulans',
        'Three or more casualties: two ambulances',
      ),
    ],
  },
  kecelakaan_laut: {
    units: [need('boat')],
    unitRules: [
      rule(
        'unit_di_air',
        yes('orang_di_air'),
        [need('boat', 2), need('rescue')],
        'Orang di dalam air: dua perahu dan tim penyelamat',
        'People in the water: two boats and a rescue team',
      ),
      rule('unit_luka', yes('korban_luka'), [need('ambulance')], 'Ada korban luka', 'People are injured'),
    ],
  },
  gawat_darurat_medis: { units: [need('ambulance')] },
  persalinan: { units: [need('ambulance')] },
  banjir: {
    units: [need('rescue')],
    unitRules: [
      rule(
        'unit_terjebak',
        yes('warga_terjebak'),
        [need('boat'), need('rescue', 2)],
        'Warga terjebak: perahu dan dua tim penyelamat',
        'People trapped: a boat and two rescue teams',
      ),
      rule('unit_korban', yes('ada_korban'), [need('ambulance')], 'Ada korban', 'Someone is hurt'),
    ],
  },
  tanah_longsor: {
    units: [need('rescue')],
    unitRules: [
      rule(
        'unit_tertimbun',
        yes('tertimbun'),
        [need('rescue', 2), need('ambulance')],
        'Orang tertimbun: dua tim penyelamat dan ambulans',
        'People buried: two rescue teams and an ambulance',
      ),
    ],
  },
  pohon_tumbang: {
    units: [need('rescue')],
    unitRules: [
      rule('unit_menimpa', yes('menimpa_orang'), [need('ambulance')], 'Pohon menimpa orang', 'Someone hit'),
    ],
  },
  kriminalitas: {
    units: [need('patrol')],
    unitRules: [rule('unit_luka', yes('korban_luka'), [need('ambulance')], 'Ada korban luka', 'Injured')],
  },
  kekerasan: {
    units: [need('patrol')],
    unitRules: [
      rule('unit_luka', yes('korban_luka'), [need('ambulance')], 'Korban terluka', 'Victim injured'),
    ],
  },
};
