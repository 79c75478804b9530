// The service-area check on the real Bulukumba boundaries: land at home and the near sea inside, neighbours outside.
import { describe, expect, it } from 'vitest';
import { isInsideServiceArea } from './service-area.ts';

describe('isInsideServiceArea', () => {
  it('is true in every kecamatan of Bulukumba and just off its coast', () => {
    expect(isInsideServiceArea(-5.5588, 120.1955)).toBe(true); // Ujung Bulu
    expect(isInsideServiceArea(-5.33, 120.35)).toBe(true); // Kajang
    expect(isInsideServiceArea(-5.61, 120.45)).toBe(true); // off Bira
  });

  it('is false in the neighbouring regencies, far at sea and for invalid numbers', () => {
    expect(isInsideServiceArea(-5.545, 119.95)).toBe(false); // Bantaeng
    expect(isInsideServiceArea(-5.13, 120.25)).toBe(false); // Sinjai
    expect(isInsideServiceArea(-6.12, 120.46)).toBe(false); // Benteng, Selayar
    expect(isInsideServiceArea(51.5, -0.1)).toBe(false); // London
    expect(isInsideServiceArea(Number.NaN, 120.2)).toBe(false);
  });

  it('uses the lookup it is given', () => {
    expect(
      isInsideServiceArea(0, 0, { locate: () => ({ kind: 'elsewhere', regency: { code: 'x', name: 'X' } }) }),
    ).toBe(false);
  });
});
