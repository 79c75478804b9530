// Reference data and demo users for Kabupaten Bulukumba (Kemendagri code 73.02), the first deployment of Pinisi.
import { bulukumbaSop } from '../domain/sop/bulukumba-sop.ts';
import { categoriesOf } from '../domain/sop/reference.ts';
import type { Agency, Category, Desa, Kecamatan, Role, Station, Unit } from '../domain/types.ts';
import { readRegencyAreas } from './idn-area.ts';
import { bulukumbaAgencies, bulukumbaStations, bulukumbaUnits } from './responders.ts';

const BULUKUMBA_REGENCY_CODE = '73.02';

interface SeedUser {
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
}

export interface Seed {
  kecamatan: Kecamatan[];
  desa: Desa[];
  agencies: Agency[];
  stations: Station[];
  categories: Category[];
  units: Unit[];
  users: SeedUser[];
}

/** Approximate centre [lat, lon] of each kecamatan, keyed by its Kemendagri code. */
const KECAMATAN_CENTRES: Readonly<Record<string, readonly [number, number]>> = {
  '73.02.01': [-5.5, 120.18], // Gantarang
  '73.02.02': [-5.56, 120.19], // Ujung Bulu
  '73.02.03': [-5.65, 120.4], // Bonto Bahari
  '73.02.04': [-5.52, 120.37], // Bonto Tiro
  '73.02.05': [-5.43, 120.38], // Herlang
  '73.02.06': [-5.33, 120.35], // Kajang
  '73.02.07': [-5.35, 120.22], // Bulukumpa
  '73.02.08': [-5.38, 120.08], // Kindang
  '73.02.09': [-5.52, 120.29], // Ujungloe
  '73.02.10': [-5.33, 120.15], // Rilauale
};

const STAFF: readonly SeedUser[] = [
  { username: 'operator1', displayName: 'Andi Nurhalisa', role: 'call_taker', agencyId: null },
  { username: 'operator2', displayName: 'Muhammad Rizal', role: 'call_taker', agencyId: null },
  { username: 'pengarah1', displayName: 'Sitti Rahmawati', role: 'dispatcher', agencyId: null },
  { username: 'koordinator', displayName: 'Ahmad Syarif', role: 'supervisor', agencyId: null },
  { username: 'admin', displayName: 'Administrator Sistem', role: 'admin', agencyId: null },
];

function kecamatanOf(districts: { code: string; name: string }[]): Kecamatan[] {
  return districts.map(({ code, name }) => {
    const centre = KECAMATAN_CENTRES[code];
    if (!centre) throw new Error(`no centre point for kecamatan ${code} (${name})`);
    return { code, name, lat: centre[0], lon: centre[1] };
  });
}

function liaisonOf(agency: Agency): SeedUser {
  return {
    username: `opd-${agency.id}`,
    displayName: `Petugas Penghubung ${agency.code}`,
    role: 'agency',
    agencyId: agency.id,
  };
}

/** The whole seed, built fresh on each call (callers may mutate it). Reads the area CSVs synchronously. */
export function bulukumbaSeed(): Seed {
  const areas = readRegencyAreas(BULUKUMBA_REGENCY_CODE);
  return {
    kecamatan: kecamatanOf(areas.districts),
    desa: areas.villages.map((v) => ({ code: v.code, kecamatan: v.parent, name: v.name })),
    agencies: bulukumbaAgencies.map((a) => ({ ...a })),
    stations: bulukumbaStations.map((s) => ({ ...s })),
    // The published SOP v1 is the one source of the categories, their priorities and their agencies.
    categories: categoriesOf(bulukumbaSop),
    units: bulukumbaUnits(),
    users: [...STAFF.map((u) => ({ ...u })), ...bulukumbaAgencies.map(liaisonOf)],
  };
}
