// Tells whether a caller location lies in the call centre's own area, by the real boundaries of Bulukumba.
import { isOutsideHome, type Locate } from '../../geo/place.ts';
import { bulukumbaGeo } from '../../seed/boundaries.ts';

/** The service area as a point lookup (desa, kecamatan, another regency or the sea). */
export interface ServiceArea {
  locate: Locate;
}

/**
 * True on land of the home regency and at sea where its coast is the nearest; false on land of another regency,
 * at sea nearer another regency's coast, and for invalid numbers. Default area: Kabupaten Bulukumba.
 */
export function isInsideServiceArea(lat: number, lon: number, area?: ServiceArea): boolean {
  const place = (area?.locate ?? bulukumbaGeo().locator.locate)(lat, lon);
  return place !== null && !isOutsideHome(place);
}
