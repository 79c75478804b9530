// Where a point lies, as the call centre names it: a kecamatan and desa at home, another regency, or the sea.
import type { AreaName } from './boundaries.ts';

export type Place =
  /** Inside the home regency; desa is null where no desa outline covers the point. */
  | { kind: 'home'; kecamatan: AreaName; desa: AreaName | null }
  /** On land of another regency: the caller may belong to that regency's call centre. */
  | { kind: 'elsewhere'; regency: AreaName }
  /**
   * Off every coast: the nearest regency and how far its coast is; at home also the nearest kecamatan, so an
   * incident off Bira still gets a kecamatan.
   */
  | { kind: 'sea'; regency: AreaName; distanceKm: number; kecamatan: AreaName | null };

export type Locate = (lat: number, lon: number) => Place | null;

/** True when the call centre of the home regency should hand the caller on. */
export function isOutsideHome(place: Place): boolean {
  return place.kind === 'elsewhere' || (place.kind === 'sea' && place.kecamatan === null);
}
