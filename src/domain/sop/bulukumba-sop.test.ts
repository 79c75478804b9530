// The default Bulukumba SOP: valid, complete, and every rule, branch and conditional agency exercised.

import { describe, expect, it } from 'vitest';
import { BULUKUMBA_AGENCY_IDS, bulukumbaSop } from './bulukumba-sop.ts';
import type { Answers } from './document.ts';
import { type Evaluation, evaluate } from './evaluate.ts';
import { categoriesOf } from './reference.ts';
import { validateSop } from './validate.ts';

const CATEGORY_CODES = [
  'kebakaran_bangunan',
  'kebakaran_hutan_lahan',
  'kebakaran_kendaraan',
  'kecelakaan_lalu_lintas',
  'kecelakaan_laut',
  'gawat_darurat_medis',
  'persalinan',
  'banjir',
  'tanah_longsor',
  'gempa_bumi',
  'tsunami',
  'angin_puting_beliung',
  'pohon_tumbang',
  'kriminalitas',
  'kekerasan',
  'orang_hilang',
  'odgj_terlantar',
  'hewan',
  'gangguan_listrik',
  'gangguan_air',
  'jalan_rusak',
  'lainnya',
];

interface Scenario {
  category: string;
  answers: Answers;
  priority: 1 | 2 | 3 | 4;
  agencies: string[];
}

const s = (category: string, answers: Answers, priority: 1 | 2 | 3 | 4, agencies: string[]): Scenario => ({
  category,
  answers,
  priority,
  agencies,
});

const SCENARIOS: Scenario[] = [
  s(
    'kebakaran_bangunan',
    {
      jenis_bangunan: 'rumah',
      api_menyala: true,
      orang_terjebak: true,
      jumlah_terjebak: 6,
      korban_luka: false,
      api_merambat: true,
      sumber_listrik: true,
    },
    1,
    ['damkar', 'psc119', 'basarnas', 'bpbd', 'rsud', 'polres', 'pln'],
  ),
  s(
    'kebakaran_bangunan',
    { jenis_bangunan: 'rumah', api_menyala: false, orang_terjebak: false, korban_luka: true },
    1,
    ['damkar', 'psc119'],
  ),
  s(
    'kebakaran_bangunan',
    {
      jenis_bangunan: 'rumah',
      api_menyala: false,
      orang_terjebak: false,
      korban_luka: false,
      api_merambat: true,
    },
    3,
    ['damkar'],
  ),
  s(
    'kebakaran_bangunan',
    {
      jenis_bangunan: 'rumah',
      api_menyala: true,
      orang_terjebak: false,
      korban_luka: false,
      api_merambat: false,
      sumber_listrik: false,
    },
    2,
    ['damkar'],
  ),
  s('kebakaran_bangunan', { jenis_bangunan: 'pasar', api_menyala: true }, 1, ['damkar']),
  s(
    'kebakaran_hutan_lahan',
    { luas: 'luas', dekat_permukiman: true, ada_korban: true, akses_kendaraan: true },
    1,
    ['damkar', 'bpbd', 'polres', 'psc119', 'kodim'],
  ),
  s(
    'kebakaran_hutan_lahan',
    { luas: 'kecil', dekat_permukiman: false, ada_korban: false, akses_kendaraan: false },
    3,
    ['damkar', 'bpbd', 'kodim'],
  ),
  s(
    'kebakaran_hutan_lahan',
    { luas: 'sedang', dekat_permukiman: false, ada_korban: false, akses_kendaraan: true },
    2,
    ['damkar', 'bpbd'],
  ),
  s(
    'kebakaran_kendaraan',
    {
      jenis_kendaraan: 'tangki_bbm',
      terjebak: true,
      korban_luka: true,
      di_jalan: true,
      dekat_bangunan: false,
    },
    1,
    ['damkar', 'psc119', 'basarnas', 'polres', 'dishub', 'bpbd'],
  ),
  s(
    'kebakaran_kendaraan',
    { jenis_kendaraan: 'motor', terjebak: false, korban_luka: false, dekat_bangunan: false },
    3,
    ['damkar'],
  ),
  s(
    'kebakaran_kendaraan',
    { jenis_kendaraan: 'mobil', terjebak: false, korban_luka: false, di_jalan: false, dekat_bangunan: false },
    2,
    ['damkar'],
  ),
  s('kebakaran_kendaraan', { jenis_kendaraan: 'mobil', dekat_bangunan: true }, 1, ['damkar']),
  s(
    'kecelakaan_lalu_lintas',
    {
      jenis: 'tabrakan',
      korban_luka: true,
      jumlah_korban: 6,
      korban_terjepit: true,
      tidak_sadar: true,
      menghalangi_jalan: true,
      bbm_tumpah: true,
    },
    1,
    ['dishub', 'psc119', 'polres', 'damkar', 'basarnas', 'rsud', 'bpbd'],
  ),
  s(
    'kecelakaan_lalu_lintas',
    { jenis: 'tunggal', korban_luka: true, jumlah_korban: 1, korban_terjepit: false, tidak_sadar: false },
    2,
    ['dishub', 'psc119', 'polres'],
  ),
  s(
    'kecelakaan_lalu_lintas',
    { jenis: 'tunggal', korban_luka: false, bbm_tumpah: false, jumlah_korban: 4 },
    3,
    ['dishub'],
  ),
  s('kecelakaan_lalu_lintas', { jenis: 'tunggal', korban_luka: false, bbm_tumpah: true }, 2, [
    'dishub',
    'damkar',
  ]),
  s('kecelakaan_lalu_lintas', { jenis: 'tabrak_lari' }, 2, ['dishub', 'polres']),
  s(
    'kecelakaan_laut',
    {
      jenis: 'kapal_tenggelam',
      jumlah_orang: 12,
      orang_di_air: true,
      jarak: 'dekat_pantai',
      korban_luka: true,
    },
    1,
    ['basarnas', 'polres', 'psc119', 'bpbd', 'kodim', 'damkar'],
  ),
  s(
    'kecelakaan_laut',
    { jenis: 'kapal_mogok', jumlah_orang: 3, orang_di_air: false, jarak: 'lepas_pantai', korban_luka: false },
    2,
    ['basarnas', 'polres'],
  ),
  s(
    'kecelakaan_laut',
    { jenis: 'orang_tenggelam', jumlah_orang: 1, orang_di_air: true, jarak: 'lepas_pantai' },
    1,
    ['basarnas', 'polres', 'psc119'],
  ),
  s('gawat_darurat_medis', { keluhan: 'lainnya', sadar: false, bernapas: false, usia: 60 }, 1, [
    'psc119',
    'rsud',
  ]),
  s('gawat_darurat_medis', { keluhan: 'luka', sadar: true, bernapas: true, perdarahan_hebat: true }, 1, [
    'psc119',
  ]),
  s('gawat_darurat_medis', { keluhan: 'keracunan', sadar: true, bernapas: true, jumlah_pasien: 12 }, 2, [
    'psc119',
    'rsud',
    'bpbd',
    'polres',
  ]),
  s('gawat_darurat_medis', { keluhan: 'demam_tinggi', sadar: true, bernapas: true, usia: 30 }, 3, ['psc119']),
  s('gawat_darurat_medis', { keluhan: 'demam_tinggi', sadar: true, bernapas: true, usia: 2 }, 2, ['psc119']),
  s('gawat_darurat_medis', { keluhan: 'stroke', sadar: true, bernapas: true }, 1, ['psc119']),
  s(
    'persalinan',
    {
      bayi_lahir: false,
      kepala_terlihat: true,
      usia_kehamilan: 34,
      ketuban_pecah: true,
      perdarahan: true,
      bidan_hadir: false,
    },
    1,
    ['psc119', 'rsud'],
  ),
  s('persalinan', { bayi_lahir: true, perdarahan: false, bidan_hadir: true }, 1, ['psc119']),
  s(
    'persalinan',
    {
      bayi_lahir: false,
      kepala_terlihat: false,
      usia_kehamilan: 39,
      ketuban_pecah: true,
      perdarahan: false,
      bidan_hadir: true,
    },
    3,
    ['psc119'],
  ),
  s(
    'persalinan',
    {
      bayi_lahir: false,
      kepala_terlihat: false,
      usia_kehamilan: 39,
      ketuban_pecah: false,
      perdarahan: false,
      bidan_hadir: false,
    },
    2,
    ['psc119'],
  ),
  s(
    'banjir',
    {
      ketinggian_air: 150,
      air_naik: true,
      warga_terjebak: true,
      ada_korban: true,
      jumlah_rumah: 40,
      perlu_mengungsi: true,
    },
    1,
    ['bpbd', 'basarnas', 'damkar', 'psc119', 'dinsos', 'pln'],
  ),
  s(
    'banjir',
    {
      ketinggian_air: 20,
      air_naik: false,
      warga_terjebak: false,
      ada_korban: false,
      jumlah_rumah: 3,
      perlu_mengungsi: false,
    },
    3,
    ['bpbd'],
  ),
  s(
    'banjir',
    { ketinggian_air: 60, air_naik: false, warga_terjebak: false, ada_korban: false, jumlah_rumah: 25 },
    2,
    ['bpbd', 'dinsos', 'pln'],
  ),
  s(
    'tanah_longsor',
    {
      tertimbun: true,
      jumlah_tertimbun: 3,
      rumah_rusak: true,
      menutup_jalan: true,
      longsor_susulan: true,
      kabel_listrik: true,
    },
    1,
    ['bpbd', 'basarnas', 'psc119', 'kodim', 'dishub', 'polres', 'pln', 'dinsos'],
  ),
  s(
    'tanah_longsor',
    { tertimbun: false, rumah_rusak: false, menutup_jalan: true, longsor_susulan: false },
    3,
    ['bpbd', 'dishub', 'polres'],
  ),
  s('tanah_longsor', { tertimbun: false, rumah_rusak: true, longsor_susulan: false }, 2, ['bpbd', 'dinsos']),
  s(
    'gempa_bumi',
    { bangunan_roboh: true, orang_tertimpa: true, jumlah_korban: 4, kebakaran: true, air_laut_surut: true },
    1,
    ['bpbd', 'basarnas', 'psc119', 'kodim', 'rsud', 'damkar', 'pln', 'polres', 'dinsos'],
  ),
  s('gempa_bumi', { bangunan_roboh: false, jumlah_korban: 0, kebakaran: false, air_laut_surut: false }, 3, [
    'bpbd',
  ]),
  s(
    'gempa_bumi',
    {
      bangunan_roboh: true,
      orang_tertimpa: false,
      jumlah_korban: 0,
      kebakaran: false,
      air_laut_surut: false,
    },
    2,
    ['bpbd', 'dinsos'],
  ),
  s(
    'tsunami',
    {
      sumber_info: 'melihat_langsung',
      air_laut_surut: true,
      gelombang_sampai: true,
      ada_korban: true,
      warga_mengungsi: false,
    },
    1,
    ['bpbd', 'basarnas', 'psc119', 'rsud', 'polres', 'kodim'],
  ),
  s(
    'tsunami',
    { sumber_info: 'kabar_warga', air_laut_surut: false, gelombang_sampai: false, warga_mengungsi: true },
    2,
    ['bpbd', 'basarnas', 'dinsos'],
  ),
  s('angin_puting_beliung', { rumah_rusak: 8, ada_korban: true, pohon_tiang: true }, 1, [
    'bpbd',
    'psc119',
    'damkar',
    'pln',
    'dinsos',
  ]),
  s('angin_puting_beliung', { rumah_rusak: 0, ada_korban: false, pohon_tiang: false }, 3, ['bpbd']),
  s('angin_puting_beliung', { rumah_rusak: 2, ada_korban: false, pohon_tiang: false }, 2, ['bpbd']),
  s('pohon_tumbang', { menimpa_orang: true, menimpa_rumah: true, menutup_jalan: true, kena_kabel: true }, 1, [
    'damkar',
    'psc119',
    'basarnas',
    'pln',
    'dishub',
    'bpbd',
  ]),
  s(
    'pohon_tumbang',
    { menimpa_orang: false, menimpa_rumah: false, menutup_jalan: true, kena_kabel: false },
    2,
    ['damkar', 'dishub'],
  ),
  s(
    'pohon_tumbang',
    { menimpa_orang: false, menimpa_rumah: false, menutup_jalan: false, kena_kabel: false },
    3,
    ['damkar'],
  ),
  s(
    'kriminalitas',
    { jenis: 'tawuran', pelaku_di_lokasi: true, bersenjata: true, korban_luka: true, jumlah_terlibat: 50 },
    1,
    ['polres', 'psc119', 'kodim'],
  ),
  s('kriminalitas', { jenis: 'pembunuhan', pelaku_di_lokasi: false }, 1, ['polres']),
  s('kriminalitas', { jenis: 'pencurian', pelaku_di_lokasi: false, korban_luka: false }, 3, ['polres']),
  s(
    'kriminalitas',
    { jenis: 'perampokan', pelaku_di_lokasi: true, bersenjata: false, korban_luka: false },
    2,
    ['polres'],
  ),
  s('kekerasan', { jenis: 'seksual', korban_anak: true, pelaku_bersama: true, korban_luka: true }, 1, [
    'polres',
    'dinsos',
    'psc119',
    'rsud',
  ]),
  s(
    'kekerasan',
    { jenis: 'kdrt', korban_anak: false, pelaku_bersama: false, korban_luka: false, korban_aman: true },
    3,
    ['polres', 'dinsos'],
  ),
  s(
    'kekerasan',
    { jenis: 'perempuan', korban_anak: false, pelaku_bersama: false, korban_luka: false, korban_aman: false },
    2,
    ['polres', 'dinsos'],
  ),
  s('kekerasan', { jenis: 'anak' }, 2, ['polres', 'dinsos']),
  s('orang_hilang', { usia: 8, kondisi_khusus: false, lama_jam: 3, lokasi_terakhir: 'laut_sungai' }, 1, [
    'polres',
    'basarnas',
    'bpbd',
    'dinsos',
  ]),
  s('orang_hilang', { usia: 70, kondisi_khusus: true, lama_jam: 30, lokasi_terakhir: 'permukiman' }, 2, [
    'polres',
    'dinsos',
  ]),
  s('orang_hilang', { usia: 25, kondisi_khusus: false, lama_jam: 48, lokasi_terakhir: 'permukiman' }, 3, [
    'polres',
  ]),
  s('odgj_terlantar', { jenis: 'odgj', mengamuk: true, bersenjata: true, sakit_luka: true }, 1, [
    'dinsos',
    'polres',
    'psc119',
  ]),
  s('odgj_terlantar', { jenis: 'lansia_terlantar', sakit_luka: true, mengamuk: true }, 2, [
    'dinsos',
    'psc119',
  ]),
  s('odgj_terlantar', { jenis: 'terlantar', sakit_luka: false }, 3, ['dinsos']),
  s('hewan', { jenis: 'buaya', di_dalam_rumah: false, ada_korban: true }, 1, [
    'damkar',
    'psc119',
    'bpbd',
    'polres',
  ]),
  s('hewan', { jenis: 'ular', di_dalam_rumah: true, ada_korban: false }, 2, ['damkar']),
  s('hewan', { jenis: 'ternak_lepas', di_dalam_rumah: false, ada_korban: false }, 4, ['damkar']),
  s('hewan', { jenis: 'tawon', di_dalam_rumah: false, ada_korban: false }, 3, ['damkar']),
  s(
    'gangguan_listrik',
    { jenis: 'trafo_meledak', ada_api: true, ada_korban: true, fasilitas_vital: true },
    1,
    ['pln', 'psc119', 'damkar'],
  ),
  s('gangguan_listrik', { jenis: 'tiang_roboh', ada_korban: false, fasilitas_vital: false }, 2, [
    'pln',
    'dishub',
  ]),
  s(
    'gangguan_listrik',
    { jenis: 'padam', luas_padam: 'satu_rumah', ada_korban: false, fasilitas_vital: false },
    4,
    ['pln'],
  ),
  s(
    'gangguan_listrik',
    { jenis: 'padam', luas_padam: 'satu_kampung', ada_korban: false, fasilitas_vital: false },
    3,
    ['pln'],
  ),
  s('gangguan_air', { jenis: 'air_tercemar', lama_jam: 30, warga_sakit: true, fasilitas_vital: false }, 2, [
    'pdam',
    'psc119',
    'bpbd',
  ]),
  s('gangguan_air', { jenis: 'pipa_bocor', lama_jam: 2, merusak_jalan: true, fasilitas_vital: false }, 3, [
    'pdam',
    'dishub',
  ]),
  s('gangguan_air', { jenis: 'air_mati', lama_jam: 5, fasilitas_vital: false }, 4, ['pdam']),
  s('jalan_rusak', { jenis: 'jembatan', membahayakan: true, tertutup: true }, 2, [
    'dishub',
    'polres',
    'bpbd',
  ]),
  s('jalan_rusak', { jenis: 'amblas', membahayakan: false, tertutup: false }, 3, ['dishub', 'bpbd']),
  s('jalan_rusak', { jenis: 'berlubang', membahayakan: false, tertutup: false }, 4, ['dishub']),
  s('lainnya', { uraian: 'Warga terkunci di kamar mandi', ancaman_nyawa: true }, 1, ['psc119']),
  s('lainnya', { uraian: 'Minta informasi jadwal kapal', ancaman_nyawa: false }, 3, []),
  // Each rule below is the one that decides the priority on its own.
  s('kebakaran_hutan_lahan', { luas: 'sedang', dekat_permukiman: false, ada_korban: true }, 1, [
    'damkar',
    'bpbd',
    'psc119',
  ]),
  s(
    'kebakaran_kendaraan',
    { jenis_kendaraan: 'mobil', terjebak: false, korban_luka: true, dekat_bangunan: false },
    1,
    ['damkar', 'psc119'],
  ),
  s(
    'persalinan',
    { bayi_lahir: false, kepala_terlihat: false, usia_kehamilan: 33, ketuban_pecah: true, perdarahan: false },
    1,
    ['psc119', 'rsud'],
  ),
  s('banjir', { ketinggian_air: 40, air_naik: false, warga_terjebak: false, ada_korban: true }, 1, [
    'bpbd',
    'basarnas',
    'psc119',
  ]),
  s('banjir', { ketinggian_air: 120, air_naik: true, warga_terjebak: false, ada_korban: false }, 1, [
    'bpbd',
    'pln',
  ]),
  s('tanah_longsor', { tertimbun: false, rumah_rusak: true, longsor_susulan: true }, 1, ['bpbd', 'dinsos']),
  s('gempa_bumi', { bangunan_roboh: false, jumlah_korban: 2 }, 1, ['bpbd', 'psc119', 'rsud']),
  s('gempa_bumi', { bangunan_roboh: false, jumlah_korban: 0, air_laut_surut: true }, 1, [
    'bpbd',
    'basarnas',
    'polres',
  ]),
  s('kriminalitas', { jenis: 'penganiayaan', pelaku_di_lokasi: false, korban_luka: true }, 1, [
    'polres',
    'psc119',
  ]),
  s('kekerasan', { jenis: 'kdrt', pelaku_bersama: false, korban_luka: true }, 1, [
    'polres',
    'dinsos',
    'psc119',
  ]),
  s('orang_hilang', { usia: 30, lokasi_terakhir: 'hutan_gunung' }, 1, ['polres', 'basarnas', 'bpbd']),
  s('odgj_terlantar', { jenis: 'odgj', mengamuk: true, bersenjata: false, sakit_luka: false }, 2, [
    'dinsos',
    'polres',
    'psc119',
  ]),
  s('hewan', { jenis: 'buaya', ada_korban: false }, 1, ['damkar', 'bpbd', 'polres']),
  s(
    'gangguan_listrik',
    { jenis: 'korsleting', ada_api: true, ada_korban: false, fasilitas_vital: false },
    1,
    ['pln', 'damkar'],
  ),
];

const runs: { scenario: Scenario; result: Evaluation }[] = SCENARIOS.map((scenario) => ({
  scenario,
  result: evaluate(bulukumbaSop, scenario.category, scenario.answers),
}));

describe('default Bulukumba SOP', () => {
  it('is valid against the fixed agency ids', () => {
    expect(validateSop(bulukumbaSop, BULUKUMBA_AGENCY_IDS)).toEqual([]);
  });

  it('has exactly the category codes of the centre', () => {
    expect(bulukumbaSop.categories.map((c) => c.code).sort()).toEqual([...CATEGORY_CODES].sort());
  });

  it('tells the caller what to do for a house fire, labour, drowning and a traffic accident', () => {
    const said = (code: string) =>
      categoriesOf(bulukumbaSop)
        .find((c) => c.code === code)
        ?.instructions?.map((i) => i.id)
        .join(' ');
    expect(said('kebakaran_bangunan')).toMatch(/keluar.*jangan masuk kembali/i);
    expect(said('persalinan')).toMatch(/tali pusar/);
    expect(said('kecelakaan_laut')).toMatch(/mengapung/);
    expect(said('kecelakaan_lalu_lintas')).toMatch(/Jangan memindahkan korban/);
    expect(said('lainnya')).toBeUndefined();
  });

  it.each(runs.map((r, i) => [i, r.scenario.category, r] as const))(
    'scenario %i (%s) gives the expected priority and agencies',
    (_i, _category, { scenario, result }) => {
      expect(result.priority).toBe(scenario.priority);
      expect(result.agencies.map((a) => a.agencyId).sort()).toEqual([...scenario.agencies].sort());
    },
  );

  it('a building fire with people trapped adds PSC 119 and Basarnas, with the reason', () => {
    const calm = evaluate(bulukumbaSop, 'kebakaran_bangunan', { orang_terjebak: false });
    expect(calm.agencies.map((a) => a.agencyId)).toEqual(['damkar']);
    const trapped = evaluate(bulukumbaSop, 'kebakaran_bangunan', { orang_terjebak: true });
    expect(trapped.priority).toBe(1);
    for (const id of ['psc119', 'basarnas']) {
      const agency = trapped.agencies.find((a) => a.agencyId === id);
      expect(agency?.ruleIds).toContain('terjebak_evakuasi');
      expect(agency?.reasons[0]).toMatch(/terjebak/i);
    }
  });

  it('a traffic accident with injuries adds PSC 119 and Polres', () => {
    const none = evaluate(bulukumbaSop, 'kecelakaan_lalu_lintas', { jenis: 'tunggal', korban_luka: false });
    expect(none.agencies.map((a) => a.agencyId)).toEqual(['dishub']);
    const injured = evaluate(
      bulukumbaSop,
      'kecelakaan_lalu_lintas',
      { jenis: 'tunggal', korban_luka: true },
      'en',
    );
    expect(injured.agencies.map((a) => a.agencyId)).toEqual(['dishub', 'psc119', 'polres']);
    expect(injured.agencies[1]!.reasons).toEqual([
      'People injured: PSC 119 ambulance and Polres traffic police',
    ]);
    expect(injured.visibleQuestions.map((q) => q.id)).toContain('jumlah_korban');
  });

  it('uses category timer overrides where the SOP sets them', () => {
    expect(evaluate(bulukumbaSop, 'kecelakaan_laut', {}).timers.onSceneMinutes).toBe(45);
    expect(evaluate(bulukumbaSop, 'kebakaran_bangunan', { orang_terjebak: true }).timers).toEqual(
      bulukumbaSop.timers.p1,
    );
  });

  describe('coverage of the scenarios', () => {
    it('exercises every category, including its default priority', () => {
      for (const category of bulukumbaSop.categories) {
        const own = runs.filter((r) => r.scenario.category === category.code);
        expect(own.length, category.code).toBeGreaterThan(0);
        if (category.priorityRules.length > 0) {
          expect(
            own.some((r) => r.result.priorityRuleId === null),
            `${category.code}: no scenario keeps the default priority`,
          ).toBe(true);
        }
      }
    });

    it('fires every priority rule and sets the priority by each at least once', () => {
      const missing: string[] = [];
      for (const category of bulukumbaSop.categories) {
        const own = runs.filter((r) => r.scenario.category === category.code);
        for (const rule of category.priorityRules) {
          const fired = own.some((r) => r.result.rulesFired.includes(rule.id));
          const decided = own.some((r) => r.result.priorityRuleId === rule.id);
          if (!fired || !decided) missing.push(`${category.code}.${rule.id}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it('adds every conditional agency of every agency rule at least once', () => {
      const missing: string[] = [];
      for (const category of bulukumbaSop.categories) {
        const own = runs.filter((r) => r.scenario.category === category.code);
        for (const rule of category.agencyRules) {
          for (const agencyId of rule.agencies) {
            const added = own.some((r) =>
              r.result.agencies.some((a) => a.agencyId === agencyId && a.ruleIds.includes(rule.id)),
            );
            if (!added) missing.push(`${category.code}.${rule.id}.${agencyId}`);
          }
        }
      }
      expect(missing).toEqual([]);
    });

    it('shows and hides every conditional question at least once', () => {
      const missing: string[] = [];
      for (const category of bulukumbaSop.categories) {
        const own = runs.filter((r) => r.scenario.category === category.code);
        for (const question of category.questions.filter((q) => q.when)) {
          const visible = own.map((r) => r.result.visibleQuestions.some((q) => q.id === question.id));
          if (!visible.includes(true)) missing.push(`${category.code}.${question.id} never shown`);
          if (!visible.includes(false)) missing.push(`${category.code}.${question.id} never hidden`);
        }
      }
      expect(missing).toEqual([]);
    });
  });
});
