// The boundaries in the console: loaded once from the server, drawn by the map, and the point lookup for the form.
import { createContext, useContext, useEffect, useState } from 'react';
import { type Boundaries, readBoundaries } from '../../src/geo/boundaries.ts';
import { createLocator, type Locator } from '../../src/geo/locator.ts';
import type { Place } from '../../src/geo/place.ts';
import { getJson } from './api.ts';
import type { Translate } from './i18n.ts';

export interface Geo {
  boundaries: Boundaries;
  locator: Locator;
  /** Code of the call centre's own regency, e.g. `73.02`. */
  home: string;
}

export const GeoContext = createContext<Geo | null>(null);

/** The boundaries and lookup, or null while they load (or when the server has none). */
export const useGeo = (): Geo | null => useContext(GeoContext);

/** The regency a kecamatan code belongs to: 73.02.02 → 73.02. */
export const regencyOf = (kecamatanCode: string) => kecamatanCode.split('.').slice(0, 2).join('.');

/** Fetches the boundaries once the home regency is known; a failure leaves the map without them. */
export function useGeoLoader(home: string | null): Geo | null {
  const [geo, setGeo] = useState<Geo | null>(null);
  useEffect(() => {
    if (!home) return;
    let live = true;
    getJson<unknown>('/api/geo/boundaries').then(
      (json) => {
        if (!live) return;
        const boundaries = readBoundaries(json);
        setGeo({ boundaries, locator: createLocator(boundaries, home), home });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [home]);
  return geo;
}

/** The place in the call taker's words: "Ujung Bulu · Loka", "di luar wilayah: Kabupaten Sinjai", "di laut …". */
export function placeName(t: Translate, place: Place): string {
  switch (place.kind) {
    case 'home':
      return place.desa ? `${place.kecamatan.name} · ${place.desa.name}` : place.kecamatan.name;
    case 'elsewhere':
      return t('place.elsewhere', { regency: place.regency.name });
    case 'sea':
      return t('place.sea', { km: place.distanceKm.toFixed(1), regency: place.regency.name });
  }
}

/** The draft with a new point and, where the point says so, its kecamatan and desa. */
export function withPoint<
  D extends { lat: number | null; lon: number | null; kecamatan: string | null; desa: string | null },
>(draft: D, lat: number, lon: number, geo: Geo | null): D {
  const next = { ...draft, lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
  const place = geo?.locator.locate(lat, lon) ?? null;
  if (place?.kind === 'home')
    return { ...next, kecamatan: place.kecamatan.code, desa: place.desa?.code ?? null };
  if (place?.kind === 'sea' && place.kecamatan)
    return { ...next, kecamatan: place.kecamatan.code, desa: null };
  return next;
}
