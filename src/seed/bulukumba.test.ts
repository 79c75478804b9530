// Checks the Bulukumba seed: complete area codes from idn-area-data, consistent references, plausible coordinates.
import { describe, expect, it } from 'vitest';
import { BULUKUMBA_AGENCY_IDS, bulukumbaSop } from '../domain/sop/bulukumba-sop.ts';
import { evaluate } from '../domain/sop/evaluate.ts';
import { categoriesOf } from '../domain/sop/reference.ts';
import { CATEGORY_GROUPS, ROLES } from '../domain/types.ts';
import { bulukumbaGeo } from './boundaries.ts';
import { bulukumbaSeed } from './bulukumba.ts';
import { parseCsvLine, titleCase } from './idn-area.ts';

const seed = bulukumbaSeed();

// The agencies and categories the default SOP names: the seed must offer exactly those (the SOP's own test
// checks them against the list).
const AGENCY_IDS = BULUKUMBA_AGENCY_IDS;
const CATEGORY_CODES = bulukumbaSop.categories.map((c) => c.code);

function insideBulukumba(p: { lat: number; lon: number }): boolean {
  return p.lat >= -5.8 && p.lat <= -5.1 && p.lon >= 119.9 && p.lon <= 120.6;
}

describe('areas from idn-area-data', () => {
  it('has the 10 kecamatan and 136 desa/kelurahan of regency 73.02', () => {
    expect(seed.kecamatan).toHaveLength(10);
    expect(seed.desa).toHaveLength(136);
    expect(new Set(seed.kecamatan.map((k) => k.code)).size).toBe(10);
    expect(new Set(seed.desa.map((d) => d.code)).size).toBe(136);
  });

  it('uses Kemendagri codes of Bulukumba only', () => {
    for (const k of seed.kecamatan) expect(k.code).toMatch(/^73\.02\.\d{2}$/);
    for (const d of seed.desa) expect(d.code).toMatch(/^73\.02\.\d{2}\.\d{4}$/);
  });

  it('puts every desa in an existing kecamatan whose code prefixes its own', () => {
    const kecamatan = new Set(seed.kecamatan.map((k) => k.code));
    for (const d of seed.desa) {
      expect(kecamatan.has(d.kecamatan)).toBe(true);
      expect(d.code.startsWith(`${d.kecamatan}.`)).toBe(true);
    }
  });

  it('maps codes to the names the package gives', () => {
    const byCode = new Map(seed.kecamatan.map((k) => [k.code, k.name]));
    expect(byCode.get('73.02.02')).toBe('Ujung Bulu');
    expect(byCode.get('73.02.03')).toBe('Bonto Bahari');
    expect(byCode.get('73.02.06')).toBe('Kajang');
    expect(seed.desa.find((d) => d.name === 'Bira')?.kecamatan).toBe('73.02.03');
  });

  it('has names that are not shouted in upper case', () => {
    for (const n of [...seed.kecamatan, ...seed.desa].map((a) => a.name)) {
      expect(n.trim()).not.toBe('');
      expect(n === n.toUpperCase() && /[A-Z]{2}/.test(n)).toBe(false);
    }
  });

  it('places every kecamatan and station inside the Bulukumba bounding box', () => {
    for (const p of [...seed.kecamatan, ...seed.stations])
      expect(insideBulukumba(p), JSON.stringify(p)).toBe(true);
  });
});

describe('agencies, stations and units', () => {
  const agencies = new Set(seed.agencies.map((a) => a.id));

  it('has exactly the agencies of the common brief', () => {
    expect([...agencies].sort()).toEqual([...AGENCY_IDS].sort());
    expect(seed.agencies).toHaveLength(AGENCY_IDS.length);
    for (const a of seed.agencies) expect(a.code.length).toBeGreaterThan(0);
  });

  it('links every station to an agency and an existing kecamatan', () => {
    const kecamatan = new Set(seed.kecamatan.map((k) => k.code));
    expect(new Set(seed.stations.map((s) => s.id)).size).toBe(seed.stations.length);
    for (const s of seed.stations) {
      expect(agencies.has(s.agencyId), s.id).toBe(true);
      expect(kecamatan.has(s.kecamatan), s.id).toBe(true);
    }
  });

  it('links every unit to an agency and a station of the same agency, all available', () => {
    const stations = new Map(seed.stations.map((s) => [s.id, s]));
    expect(new Set(seed.units.map((u) => u.id)).size).toBe(seed.units.length);
    expect(new Set(seed.units.map((u) => u.callsign)).size).toBe(seed.units.length);
    for (const u of seed.units) {
      expect(agencies.has(u.agencyId), u.id).toBe(true);
      expect(stations.get(u.stationId ?? '')?.agencyId, u.id).toBe(u.agencyId);
      expect(u.status).toBe('available');
      expect(u.incidentId).toBeNull();
      expect(u.assignmentId).toBeNull();
    }
  });

  it('gives each fire station a fire engine and PSC 119 several ambulances', () => {
    for (const s of seed.stations.filter((x) => x.agencyId === 'damkar')) {
      expect(
        seed.units.some((u) => u.stationId === s.id && u.kind === 'fire_engine'),
        s.id,
      ).toBe(true);
    }
    expect(
      seed.units.filter((u) => u.agencyId === 'psc119' && u.kind === 'ambulance').length,
    ).toBeGreaterThanOrEqual(3);
  });
});

describe('categories', () => {
  it('has exactly the category codes of the common brief', () => {
    expect(seed.categories.map((c) => c.code).sort()).toEqual([...CATEGORY_CODES].sort());
  });

  it('is the category reference of the published SOP v1: one source for names, priorities and agencies', () => {
    expect(seed.categories).toEqual(categoriesOf(bulukumbaSop));
    // What the form suggests before any answer is what the SOP evaluates: a building fire is P2 with Damkar.
    const fire = seed.categories.find((c) => c.code === 'kebakaran_bangunan')!;
    const unanswered = evaluate(bulukumbaSop, 'kebakaran_bangunan', {});
    expect(fire.defaultPriority).toBe(unanswered.priority);
    expect(fire.agencies).toEqual(unanswered.agencies.map((a) => a.agencyId));
  });

  it('suggests only existing agencies and uses known groups and priorities', () => {
    const agencies = new Set(seed.agencies.map((a) => a.id));
    for (const c of seed.categories) {
      for (const a of c.agencies) expect(agencies.has(a), `${c.code}: ${a}`).toBe(true);
      expect(CATEGORY_GROUPS).toContain(c.group);
      expect([1, 2, 3, 4]).toContain(c.defaultPriority);
      expect(c.nameId.length * c.nameEn.length).toBeGreaterThan(0);
    }
  });
});

describe('users', () => {
  it('has the demo staff and one liaison per agency', () => {
    const byName = new Map(seed.users.map((u) => [u.username, u]));
    expect(byName.size).toBe(seed.users.length);
    expect(byName.get('operator1')?.role).toBe('call_taker');
    expect(byName.get('operator2')?.role).toBe('call_taker');
    expect(byName.get('pengarah1')?.role).toBe('dispatcher');
    expect(byName.get('koordinator')?.role).toBe('supervisor');
    expect(byName.get('admin')?.role).toBe('admin');
    for (const a of seed.agencies) {
      const liaisons = seed.users.filter((u) => u.role === 'agency' && u.agencyId === a.id);
      expect(liaisons.map((u) => u.username)).toEqual([`opd-${a.id}`]);
    }
    for (const u of seed.users) {
      expect(ROLES).toContain(u.role);
      expect(u.agencyId === null).toBe(u.role !== 'agency' && u.role !== 'responder');
      // A crew is bound to one unit of its own agency.
      if (u.role === 'responder') {
        expect(seed.units.find((unit) => unit.id === u.unitId)?.agencyId).toBe(u.agencyId);
      } else expect(u.unitId ?? null).toBeNull();
    }
  });
});

describe('seed helpers', () => {
  it('returns a fresh copy on each call', () => {
    const other = bulukumbaSeed();
    other.categories[0]?.agencies.push('x');
    other.units[0]!.status = 'dispatched';
    expect(bulukumbaSeed().categories[0]?.agencies).not.toContain('x');
    expect(bulukumbaSeed().units[0]?.status).toBe('available');
  });

  it('title-cases upper-case names only', () => {
    expect(titleCase('UJUNG BULU')).toBe('Ujung Bulu');
    expect(titleCase('BONTO-BONTO')).toBe('Bonto-Bonto');
    expect(titleCase('Mario Rennu')).toBe('Mario Rennu');
  });

  it('parses quoted CSV fields', () => {
    expect(parseCsvLine('a,"b, c","say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', '']);
  });
});

describe('places on the boundaries', () => {
  const { locate } = bulukumbaGeo().locator;

  it('puts every kecamatan point and every station on land in its own kecamatan', () => {
    for (const k of seed.kecamatan) {
      expect(locate(k.lat, k.lon), k.name).toMatchObject({ kind: 'home', kecamatan: { code: k.code } });
    }
    for (const s of seed.stations) {
      // The SAR post stands on the harbour quay, which the coastline of the data leaves in the water.
      if (s.id === 'basarnas-ujungbulu') {
        expect(locate(s.lat, s.lon)).toMatchObject({ kind: 'sea', kecamatan: { code: s.kecamatan } });
        continue;
      }
      expect(locate(s.lat, s.lon), s.name).toMatchObject({ kind: 'home', kecamatan: { code: s.kecamatan } });
    }
  });
});
