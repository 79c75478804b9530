// Reference data and demo users for Kabupaten Bulukumba (Kemendagri code 73.02), the first deployment of Pinisi.
import { bulukumbaSop } from '../domain/sop/bulukumba-sop.ts';
import { categoriesOf } from '../domain/sop/reference.ts';
import type { Agency, Category, Desa, Kecamatan, Role, Station, Unit } from '../domain/types.ts';
import { bulukumbaGeo } from './boundaries.ts';
import { readRegencyAreas } from './idn-area.ts';
import { bulukumbaAgencies, bulukumbaStations, bulukumbaUnits } from './responders.ts';

const BULUKUMBA_REGENCY_CODE = '73.02';

interface SeedUser {
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  unitId?: string | null;
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

const STAFF: readonly SeedUser[] = [
  { username: 'operator1', displayName: 'Andi Nurhalisa', role: 'call_taker', agencyId: null },
  { username: 'operator2', displayName: 'Muhammad Rizal', role: 'call_taker', agencyId: null },
  { username: 'pengarah1', displayName: 'Sitti Rahmawati', role: 'dispatcher', agencyId: null },
  { username: 'koordinator', displayName: 'Ahmad Syarif', role: 'supervisor', agencyId: null },
  { username: 'admin', displayName: 'Administrator Sistem', role: 'admin', agencyId: null },
];

/** Each kecamatan with its label point from the boundaries (a point inside it, for markers without a point). */
function kecamatanOf(districts: { code: string; name: string }[]): Kecamatan[] {
  const labels = new Map(bulukumbaGeo().boundaries.features.map((f) => [f.properties.code, f.properties]));
  return districts.map(({ code, name }) => {
    const label = labels.get(code);
    if (!label) throw new Error(`no boundary for kecamatan ${code} (${name})`);
    return { code, name, lat: label.label_lat, lon: label.label_lon };
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

/** Crews with a responder login (the responder page), one per unit named here: `kru-<unit id>`. */
const CREWED_UNITS = ['damkar-01', 'damkar-05', 'psc119-01', 'psc119-02'];

function crewOf(unit: Unit): SeedUser {
  return {
    username: `kru-${unit.id}`,
    displayName: `Kru ${unit.callsign}`,
    role: 'responder',
    agencyId: unit.agencyId,
    unitId: unit.id,
  };
}

/** The whole seed, built fresh on each call (callers may mutate it). Reads the area CSVs synchronously. */
export function bulukumbaSeed(): Seed {
  const areas = readRegencyAreas(BULUKUMBA_REGENCY_CODE);
  const units = bulukumbaUnits();
  return {
    kecamatan: kecamatanOf(areas.districts),
    desa: areas.villages.map((v) => ({ code: v.code, kecamatan: v.parent, name: v.name })),
    agencies: bulukumbaAgencies.map((a) => ({ ...a })),
    stations: bulukumbaStations.map((s) => ({ ...s })),
    // The published SOP v1 is the one source of the categories, their priorities and their agencies.
    categories: categoriesOf(bulukumbaSop),
    units,
    users: [
      ...STAFF.map((u) => ({ ...u })),
      ...bulukumbaAgencies.map(liaisonOf),
      ...units.filter((u) => CREWED_UNITS.includes(u.id)).map(crewOf),
    ],
  };
}
