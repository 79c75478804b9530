// The boundaries in the console: loaded from the server when a view first asks for them (a map, the form's point
// lookup), drawn by the map, and the point lookup for the form. A console that shows neither (the admin's accounts)
// never downloads them.
import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { Boundaries } from '../../src/geo/boundaries.ts';
import type { Locator } from '../../src/geo/locator.ts';
import type { Place } from '../../src/geo/place.ts';
import { getJson } from './api.ts';
import type { Translate } from './i18n.ts';

export interface Geo {
  boundaries: Boundaries;
  locator: Locator;
  /** Code of the call centre's own regency, e.g. `73.02`. */
  home: string;
}

/** A console's boundaries: fetched once, on the first `want` (with the lookup's code), then kept. */
export class GeoSource {
  private geo: Geo | null = null;
  private phase: 'idle' | 'loading' | 'done' = 'idle';
  private readonly listeners = new Set<() => void>();
  /** The regency the lookup centres on; null leaves the console without boundaries. */
  private readonly home: string | null;

  constructor(home: string | null) {
    this.home = home;
  }

  /** Boundaries at hand already (tests). */
  static loaded(geo: Geo): GeoSource {
    const source = new GeoSource(geo.home);
    source.geo = geo;
    source.phase = 'done';
    return source;
  }

  want(): void {
    const home = this.home;
    if (this.phase !== 'idle' || !home) return;
    this.phase = 'loading';
    Promise.all([getJson<unknown>('/api/geo/boundaries'), import('./geo-lookup.ts')]).then(
      ([json, { geoFrom }]) => this.settle(geoFrom(json, home)),
      // A failure leaves the map without them.
      () => this.settle(null),
    );
  }

  private settle(geo: Geo | null): void {
    this.geo = geo;
    this.phase = 'done';
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  current = (): Geo | null => this.geo;

  /** Whether boundaries may still come: asked for (or about to be) and not answered yet. */
  pending = (): boolean => this.phase !== 'done' && this.home !== null;
}

export const GeoContext = createContext<GeoSource | null>(null);

const none = () => () => undefined;
const nothing = () => null;
const settled = () => false;

/** The boundaries and lookup, or null while they load (or when the server has none); asking starts the download. */
export function useGeo(): Geo | null {
  const source = useContext(GeoContext);
  useEffect(() => source?.want(), [source]);
  return useSyncExternalStore(source?.subscribe ?? none, source?.current ?? nothing);
}

/** Whether the boundaries are still on their way (a map waits for them rather than being drawn twice). */
export function useGeoPending(): boolean {
  const source = useContext(GeoContext);
  return useSyncExternalStore(source?.subscribe ?? none, source?.pending ?? settled);
}

/** The regency a kecamatan code belongs to: 73.02.02 → 73.02. */
export const regencyOf = (kecamatanCode: string) => kecamatanCode.split('.').slice(0, 2).join('.');

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
