// Point-in-polygon on the shipped Bulukumba boundaries: known places, every desa's own label point, the sea.
import { describe, expect, it } from 'vitest';
import { bulukumbaGeo } from '../seed/boundaries.ts';
import { readBoundaries } from './boundaries.ts';
import { createLocator } from './locator.ts';
import { isOutsideHome } from './place.ts';

const { boundaries, locator } = bulukumbaGeo();
const { locate } = locator;

describe('createLocator on the Bulukumba boundaries', () => {
  it("names the kecamatan and desa of Ujung Bulu's government offices", () => {
    // Kantor Bupati area, Jl. Andi Sultan Dg. Radja: the data put it in kelurahan Loka.
    expect(locate(-5.557, 120.19)).toEqual({
      kind: 'home',
      kecamatan: { code: '73.02.02', name: 'Ujung Bulu' },
      desa: { code: '73.02.02.1008', name: 'Loka' },
    });
  });

  it('puts Bira beach in desa Bira, Bonto Bahari, and the water just off it at sea near Bonto Bahari', () => {
    expect(locate(-5.607, 120.445)).toEqual({
      kind: 'home',
      kecamatan: { code: '73.02.03', name: 'Bonto Bahari' },
      desa: { code: '73.02.03.2005', name: 'Bira' },
    });
    // -5.61, 120.45 lies about 100 m off the coastline the data draw: a swimmer or a boat there is still ours.
    const offshore = locate(-5.61, 120.45);
    expect(offshore).toEqual({
      kind: 'sea',
      regency: { code: '73.02', name: 'Kabupaten Bulukumba' },
      distanceKm: 0.1,
      kecamatan: { code: '73.02.03', name: 'Bonto Bahari' },
    });
    expect(isOutsideHome(offshore!)).toBe(false);
  });

  it('names a desa of Kajang', () => {
    expect(locate(-5.33, 120.35)).toEqual({
      kind: 'home',
      kecamatan: { code: '73.02.06', name: 'Kajang' },
      desa: { code: '73.02.06.2005', name: 'Possi Tanah' },
    });
  });

  it('names the neighbouring regency of a point in Sinjai or Bantaeng, to pass the caller on', () => {
    const sinjai = locate(-5.13, 120.25)!;
    expect(sinjai).toEqual({ kind: 'elsewhere', regency: { code: '73.07', name: 'Kabupaten Sinjai' } });
    expect(isOutsideHome(sinjai)).toBe(true);
    expect(locate(-5.545, 119.95)).toEqual({
      kind: 'elsewhere',
      regency: { code: '73.03', name: 'Kabupaten Bantaeng' },
    });
  });

  it('names the nearest coast of a point at sea, with a kecamatan only when that coast is Bulukumba', () => {
    expect(locate(-5.7, 120.3)).toEqual({
      kind: 'sea',
      regency: { code: '73.02', name: 'Kabupaten Bulukumba' },
      distanceKm: 14.5,
      kecamatan: { code: '73.02.03', name: 'Bonto Bahari' },
    });
    const farOut = locate(-6.0, 121.0)!;
    expect(farOut).toMatchObject({
      kind: 'sea',
      regency: { name: 'Kabupaten Kepulauan Selayar' },
      kecamatan: null,
    });
    expect(isOutsideHome(farOut)).toBe(true);
  });

  it('finds every desa and kecamatan at its own label point', () => {
    const areas = boundaries.features.filter((f) => f.properties.code.startsWith('73.02.'));
    expect(areas).toHaveLength(146);
    // The one flaw found in the data: Malleleng's label point lies outside its outline, inside Tanah Towa.
    const malleleng = areas.find((f) => f.properties.name === 'Malleleng')!.properties;
    expect(locate(malleleng.label_lat, malleleng.label_lon)).toMatchObject({ desa: { name: 'Tanah Towa' } });
    for (const { properties: p } of areas.filter((f) => f.properties !== malleleng)) {
      const place = locate(p.label_lat, p.label_lon);
      expect(place?.kind, p.name).toBe('home');
      if (place?.kind !== 'home') continue;
      if (p.level === 'village') expect(place.desa?.code, p.name).toBe(p.code);
      else expect(place.kecamatan.code, p.name).toBe(p.code);
    }
  });

  it('gives null for numbers that are no position', () => {
    expect(locate(Number.NaN, 120)).toBeNull();
    expect(locate(-5.5, Number.POSITIVE_INFINITY)).toBeNull();
    expect(locate(95, 120)).toBeNull();
  });

  it('gives the bounding box of an area by code', () => {
    const [w, s, e, n] = locator.bounds('73.02')!;
    expect(w).toBeLessThan(120.0);
    expect(e).toBeGreaterThan(120.45);
    expect(s).toBeLessThan(-5.6);
    expect(n).toBeGreaterThan(-5.3);
    expect(locator.bounds('99.99')).toBeNull();
  });
});

describe('readBoundaries', () => {
  it('refuses what is not a FeatureCollection of named polygons, naming the fault', () => {
    expect(() => readBoundaries({ type: 'Feature' })).toThrow('not a GeoJSON FeatureCollection');
    const feature = boundaries.features[0]!;
    expect(() =>
      readBoundaries({ type: 'FeatureCollection', features: [{ ...feature, properties: { name: 'x' } }] }),
    ).toThrow('feature 0 has no code and name');
    expect(() =>
      readBoundaries({
        type: 'FeatureCollection',
        features: [feature, { ...feature, geometry: { type: 'Point', coordinates: [120, -5] } }],
      }),
    ).toThrow('feature 1 (73.01) is not a polygon');
  });

  it('refuses boundaries without the home regency or its kecamatan', () => {
    const regencies = boundaries.features.filter((f) => f.properties.level === 'regency');
    expect(() => createLocator({ type: 'FeatureCollection', features: regencies }, '73.99')).toThrow(
      'no regency 73.99',
    );
    expect(() => createLocator({ type: 'FeatureCollection', features: regencies }, '73.02')).toThrow(
      'no kecamatan in 73.02',
    );
  });
});
