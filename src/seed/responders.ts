// Responding agencies of Kabupaten Bulukumba, their stations (approximate positions) and their units.
import type { Agency, Station, Unit } from '../domain/types.ts';

export const bulukumbaAgencies: readonly Agency[] = [
  { id: 'bpbd', code: 'BPBD', name: 'BPBD Kabupaten Bulukumba' },
  { id: 'damkar', code: 'DAMKAR', name: 'Satpol PP Damkar dan Penyelamatan' },
  { id: 'psc119', code: 'PSC 119', name: 'Dinas Kesehatan / PSC 119' },
  { id: 'dinsos', code: 'DINSOS', name: 'Dinas Sosial' },
  { id: 'dishub', code: 'DISHUB', name: 'Dinas Perhubungan' },
  { id: 'polres', code: 'POLRES', name: 'Polres Bulukumba' },
  { id: 'kodim', code: 'KODIM', name: 'Kodim 1411/Bulukumba' },
  { id: 'basarnas', code: 'BASARNAS', name: 'Basarnas / Pos SAR Bulukumba' },
  { id: 'pln', code: 'PLN', name: 'PLN ULP Bulukumba' },
  { id: 'pdam', code: 'PDAM', name: 'PDAM Bulukumba' },
  { id: 'rsud', code: 'RSUD', name: 'RSUD H. Andi Sulthan Daeng Radja' },
];

const UJUNG_BULU = '73.02.02';
const GANTARANG = '73.02.01';
const BONTO_BAHARI = '73.02.03';
const KAJANG = '73.02.06';
const BULUKUMPA = '73.02.07';
const HERLANG = '73.02.05';

export const bulukumbaStations: readonly Station[] = [
  {
    id: 'damkar-ujungbulu',
    agencyId: 'damkar',
    name: 'Pos Induk Damkar Ujung Bulu',
    kecamatan: UJUNG_BULU,
    lat: -5.556,
    lon: 120.196,
  },
  {
    id: 'damkar-tanete',
    agencyId: 'damkar',
    name: 'Pos Sektor Damkar Tanete',
    kecamatan: BULUKUMPA,
    // In kelurahan Tanete (-5.385, 120.205 was in Rilauale by the boundaries).
    lat: -5.3383,
    lon: 120.1304,
  },
  {
    id: 'damkar-dampang',
    agencyId: 'damkar',
    name: 'Pos Sektor Damkar Dampang',
    kecamatan: GANTARANG,
    lat: -5.49,
    lon: 120.165,
  },
  {
    id: 'damkar-kajang',
    agencyId: 'damkar',
    name: 'Pos Sektor Damkar Kajang',
    kecamatan: KAJANG,
    lat: -5.33,
    lon: 120.35,
  },
  {
    id: 'damkar-bontobahari',
    agencyId: 'damkar',
    name: 'Pos Sektor Damkar Bonto Bahari',
    kecamatan: BONTO_BAHARI,
    // In Tanah Beru, the kecamatan's town (-5.62, 120.41 was at sea by the boundaries).
    lat: -5.5172,
    lon: 120.3819,
  },
  {
    id: 'psc119-ujungbulu',
    agencyId: 'psc119',
    name: 'Markas PSC 119 Bulukumba',
    kecamatan: UJUNG_BULU,
    lat: -5.553,
    lon: 120.193,
  },
  {
    id: 'bpbd-ujungbulu',
    agencyId: 'bpbd',
    name: 'Kantor BPBD Bulukumba',
    kecamatan: UJUNG_BULU,
    lat: -5.548,
    lon: 120.198,
  },
  {
    id: 'polres-ujungbulu',
    agencyId: 'polres',
    name: 'Mapolres Bulukumba',
    kecamatan: UJUNG_BULU,
    lat: -5.558,
    lon: 120.19,
  },
  {
    id: 'polres-gantarang',
    agencyId: 'polres',
    name: 'Polsek Gantarang',
    kecamatan: GANTARANG,
    lat: -5.5,
    lon: 120.18,
  },
  {
    id: 'polres-bulukumpa',
    agencyId: 'polres',
    name: 'Polsek Bulukumpa',
    kecamatan: BULUKUMPA,
    lat: -5.38,
    lon: 120.21,
  },
  {
    id: 'polres-kajang',
    agencyId: 'polres',
    name: 'Polsek Kajang',
    kecamatan: KAJANG,
    lat: -5.335,
    lon: 120.355,
  },
  {
    id: 'polres-herlang',
    agencyId: 'polres',
    name: 'Polsek Herlang',
    kecamatan: HERLANG,
    lat: -5.43,
    lon: 120.38,
  },
  {
    id: 'polres-bontobahari',
    agencyId: 'polres',
    name: 'Polsek Bonto Bahari',
    kecamatan: BONTO_BAHARI,
    lat: -5.519,
    lon: 120.384,
  },
  {
    id: 'basarnas-ujungbulu',
    agencyId: 'basarnas',
    name: 'Pos SAR Bulukumba',
    kecamatan: UJUNG_BULU,
    lat: -5.563,
    lon: 120.2,
  },
  {
    id: 'rsud-ujungbulu',
    agencyId: 'rsud',
    name: 'RSUD H. Andi Sulthan Daeng Radja',
    kecamatan: UJUNG_BULU,
    lat: -5.55,
    lon: 120.192,
  },
  {
    id: 'pln-ujungbulu',
    agencyId: 'pln',
    name: 'Kantor PLN ULP Bulukumba',
    kecamatan: UJUNG_BULU,
    lat: -5.552,
    lon: 120.2,
  },
  {
    id: 'pdam-ujungbulu',
    agencyId: 'pdam',
    name: 'Kantor PDAM Bulukumba',
    kecamatan: UJUNG_BULU,
    lat: -5.551,
    lon: 120.188,
  },
  {
    id: 'dinsos-ujungbulu',
    agencyId: 'dinsos',
    name: 'Kantor Dinas Sosial Bulukumba',
    kecamatan: UJUNG_BULU,
    lat: -5.547,
    lon: 120.194,
  },
  {
    id: 'dishub-ujungbulu',
    agencyId: 'dishub',
    name: 'Kantor Dinas Perhubungan Bulukumba',
    kecamatan: UJUNG_BULU,
    lat: -5.554,
    lon: 120.203,
  },
  {
    id: 'kodim-ujungbulu',
    agencyId: 'kodim',
    name: 'Makodim 1411/Bulukumba',
    kecamatan: UJUNG_BULU,
    lat: -5.557,
    lon: 120.192,
  },
];

/** [id, agencyId, stationId, callsign, kind] of each unit; all start available. */
const UNIT_ROWS: readonly (readonly [string, string, string, string, string])[] = [
  ['damkar-01', 'damkar', 'damkar-ujungbulu', 'DAMKAR-01', 'fire_engine'],
  ['damkar-02', 'damkar', 'damkar-ujungbulu', 'DAMKAR-02', 'fire_engine'],
  ['damkar-03', 'damkar', 'damkar-tanete', 'DAMKAR-03', 'fire_engine'],
  ['damkar-04', 'damkar', 'damkar-dampang', 'DAMKAR-04', 'fire_engine'],
  ['damkar-05', 'damkar', 'damkar-kajang', 'DAMKAR-05', 'fire_engine'],
  ['damkar-06', 'damkar', 'damkar-bontobahari', 'DAMKAR-06', 'fire_engine'],
  ['damkar-rescue-01', 'damkar', 'damkar-ujungbulu', 'DAMKAR-RESCUE-01', 'rescue'],
  ['damkar-tanker-01', 'damkar', 'damkar-ujungbulu', 'DAMKAR-TANKI-01', 'tanker'],
  ['psc119-01', 'psc119', 'psc119-ujungbulu', 'PSC119-01', 'ambulance'],
  ['psc119-02', 'psc119', 'psc119-ujungbulu', 'PSC119-02', 'ambulance'],
  ['psc119-03', 'psc119', 'psc119-ujungbulu', 'PSC119-03', 'ambulance'],
  ['psc119-04', 'psc119', 'psc119-ujungbulu', 'PSC119-04', 'ambulance'],
  ['bpbd-rescue-01', 'bpbd', 'bpbd-ujungbulu', 'BPBD-RESCUE-01', 'rescue'],
  ['bpbd-boat-01', 'bpbd', 'bpbd-ujungbulu', 'BPBD-PERAHU-01', 'boat'],
  ['basarnas-boat-01', 'basarnas', 'basarnas-ujungbulu', 'SAR-RB-01', 'boat'],
  ['basarnas-rescue-01', 'basarnas', 'basarnas-ujungbulu', 'SAR-RESCUE-01', 'rescue'],
  ['polres-01', 'polres', 'polres-ujungbulu', 'POLRES-01', 'patrol'],
  ['polres-02', 'polres', 'polres-ujungbulu', 'POLRES-02', 'patrol'],
  ['polres-03', 'polres', 'polres-kajang', 'POLSEK-KJG-01', 'patrol'],
  ['polres-04', 'polres', 'polres-bontobahari', 'POLSEK-BTB-01', 'patrol'],
  ['dinsos-tagana-01', 'dinsos', 'dinsos-ujungbulu', 'TAGANA-01', 'vehicle'],
  ['dishub-tow-01', 'dishub', 'dishub-ujungbulu', 'DISHUB-DEREK-01', 'vehicle'],
  ['dishub-patrol-01', 'dishub', 'dishub-ujungbulu', 'DISHUB-PATROLI-01', 'patrol'],
  ['pln-01', 'pln', 'pln-ujungbulu', 'PLN-YANTEK-01', 'service'],
  ['pdam-01', 'pdam', 'pdam-ujungbulu', 'PDAM-01', 'service'],
  ['rsud-01', 'rsud', 'rsud-ujungbulu', 'RSUD-AMB-01', 'ambulance'],
  ['kodim-01', 'kodim', 'kodim-ujungbulu', 'KODIM-01', 'vehicle'],
];

export function bulukumbaUnits(): Unit[] {
  return UNIT_ROWS.map(([id, agencyId, stationId, callsign, kind]) => ({
    id,
    agencyId,
    stationId,
    callsign,
    kind,
    status: 'available',
    incidentId: null,
    assignmentId: null,
    updatedAt: 0,
  }));
}
