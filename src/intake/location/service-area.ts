// Tells whether a caller location lies inside the call centre's service area (default: Kabupaten Bulukumba).

/** A [lat, lon] pair in WGS 84 degrees. */
type LatLon = readonly [lat: number, lon: number];

/** The service area as data: a bounding box or a polygon ring (first point need not be repeated). */
export type ServiceArea =
  | { kind: 'bbox'; name: string; minLat: number; maxLat: number; minLon: number; maxLon: number }
  | { kind: 'polygon'; name: string; ring: readonly LatLon[] };

/**
 * A rough outline of Kabupaten Bulukumba around its 10 kecamatan, drawn a little generously over the
 * coast so calls from boats just offshore count as inside. It keeps Bantaeng town (west), Sinjai town
 * (north) and Selayar (south) outside. Not a legal boundary: a hint for the call taker only.
 */
export const BULUKUMBA_SERVICE_AREA: ServiceArea = {
  kind: 'polygon',
  name: 'Kabupaten Bulukumba',
  ring: [
    [-5.17, 120.05], // north-west, above Kindang
    [-5.17, 120.3], // north, Sinjai border
    [-5.22, 120.45], // north-east, Gulf of Bone off Kajang
    [-5.4, 120.48], // east, off Herlang
    [-5.55, 120.5], // east, off Bonto Tiro
    [-5.7, 120.55], // south-east, off Bira and Pulau Liukang Loe
    [-5.72, 120.38], // south, off Bonto Bahari
    [-5.65, 120.15], // south, off Ujung Bulu and Gantarang
    [-5.58, 120.0], // south-west, Bantaeng border on the coast
    [-5.4, 119.97], // west, Kindang highlands
  ],
};

/** The brief's bounding box (lat -5.75..-5.15, lon 119.95..120.55); coarser than the polygon. */
export const BULUKUMBA_BOUNDING_BOX: ServiceArea = {
  kind: 'bbox',
  name: 'Kabupaten Bulukumba (bounding box)',
  minLat: -5.75,
  maxLat: -5.15,
  minLon: 119.95,
  maxLon: 120.55,
};

/** True when the point is inside the area; false for points outside or invalid numbers. */
export function isInsideServiceArea(
  lat: number,
  lon: number,
  area: ServiceArea = BULUKUMBA_SERVICE_AREA,
): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  if (area.kind === 'bbox') {
    return lat >= area.minLat && lat <= area.maxLat && lon >= area.minLon && lon <= area.maxLon;
  }
  return insidePolygon(lat, lon, area.ring);
}

/** Even-odd ray casting; fine for a small area far from the poles and the antimeridian. */
function insidePolygon(lat: number, lon: number, ring: readonly LatLon[]): boolean {
  if (ring.length < 3) return false;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [latI, lonI] = ring[i]!;
    const [latJ, lonJ] = ring[j]!;
    const crosses = latI > lat !== latJ > lat && lon < ((lonJ - lonI) * (lat - latI)) / (latJ - latI) + lonI;
    if (crosses) inside = !inside;
  }
  return inside;
}
