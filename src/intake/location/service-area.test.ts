// Tests for the service-area check with the default Bulukumba outline and caller-supplied areas.
import { describe, expect, it } from 'vitest';
import {
  BULUKUMBA_BOUNDING_BOX,
  BULUKUMBA_SERVICE_AREA,
  isInsideServiceArea,
  type ServiceArea,
} from './service-area.ts';

// Approximate kecamatan centres used by the seed (src/seed/bulukumba.ts).
const KECAMATAN: Array<[string, number, number]> = [
  ['Gantarang', -5.5, 120.18],
  ['Ujung Bulu', -5.56, 120.19],
  ['Bonto Bahari', -5.65, 120.4],
  ['Bonto Tiro', -5.52, 120.37],
  ['Herlang', -5.43, 120.38],
  ['Kajang', -5.33, 120.35],
  ['Bulukumpa', -5.35, 120.22],
  ['Kindang', -5.38, 120.08],
  ['Ujungloe', -5.52, 120.29],
  ['Rilauale', -5.33, 120.15],
];

const NEIGHBOURS: Array<[string, number, number]> = [
  ['Bantaeng town', -5.545, 119.95],
  ['Sinjai town', -5.12, 120.25],
  ['Benteng, Selayar', -6.12, 120.46],
  ['Makassar', -5.14, 119.42],
  ['Jeneponto', -5.68, 119.73],
];

describe('isInsideServiceArea with the default Bulukumba outline', () => {
  for (const [name, lat, lon] of KECAMATAN) {
    it(`puts kecamatan ${name} inside`, () => {
      expect(isInsideServiceArea(lat, lon)).toBe(true);
      expect(isInsideServiceArea(lat, lon, BULUKUMBA_BOUNDING_BOX)).toBe(true);
    });
  }
  for (const [name, lat, lon] of NEIGHBOURS) {
    it(`flags ${name} as outside`, () => {
      expect(isInsideServiceArea(lat, lon, BULUKUMBA_SERVICE_AREA)).toBe(false);
    });
  }

  it('answers false for invalid numbers', () => {
    expect(isInsideServiceArea(Number.NaN, 120.2)).toBe(false);
    expect(isInsideServiceArea(-5.5, Number.POSITIVE_INFINITY)).toBe(false);
  });
});

describe('isInsideServiceArea with an area passed in', () => {
  const square: ServiceArea = {
    kind: 'polygon',
    name: 'square',
    ring: [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 0],
    ],
  };
  const lShape: ServiceArea = {
    kind: 'polygon',
    name: 'L',
    ring: [
      [0, 0],
      [0, 2],
      [1, 2],
      [1, 1],
      [2, 1],
      [2, 0],
    ],
  };

  it('tests a square', () => {
    expect(isInsideServiceArea(0.5, 0.5, square)).toBe(true);
    expect(isInsideServiceArea(1.5, 0.5, square)).toBe(false);
  });

  it('handles a concave polygon', () => {
    expect(isInsideServiceArea(0.5, 1.5, lShape)).toBe(true);
    expect(isInsideServiceArea(1.5, 0.5, lShape)).toBe(true);
    expect(isInsideServiceArea(1.5, 1.5, lShape)).toBe(false);
  });

  it('treats a degenerate ring as containing nothing', () => {
    expect(
      isInsideServiceArea(0, 0, {
        kind: 'polygon',
        name: 'line',
        ring: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toBe(false);
  });

  it('uses bounding boxes inclusively', () => {
    const box: ServiceArea = { kind: 'bbox', name: 'b', minLat: -1, maxLat: 1, minLon: 10, maxLon: 11 };
    expect(isInsideServiceArea(1, 11, box)).toBe(true);
    expect(isInsideServiceArea(1.01, 10.5, box)).toBe(false);
  });
});
