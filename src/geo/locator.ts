// Point-in-polygon over the boundaries behind a spatial index: a point becomes a desa and kecamatan, another
// regency, or the sea with the nearest coast.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { pointToPolygonDistance } from '@turf/point-to-polygon-distance';
import Flatbush from 'flatbush';
import type { AreaFeature, AreaName, Boundaries } from './boundaries.ts';
import type { Locate, Place } from './place.ts';

/** [west, south, east, north] in degrees. */
type Box = [number, number, number, number];

export interface Locator {
  locate: Locate;
  /** The bounding box of an area by its code, or null for an unknown code. */
  bounds(code: string): Box | null;
}

/** A point in a gap between desa outlines (the data are not seamless) takes the nearest desa this close. */
const GAP_KM = 1;
/** One degree of arc, so box distances in degrees compare with geodesic ones (with 1 % to spare). */
const KM_PER_DEGREE = 111.195;

/** One polygon of a feature: multi-polygons (a regency with its islands) are indexed part by part. */
interface Part {
  feature: AreaFeature;
  polygon: { type: 'Polygon'; coordinates: number[][][] };
  box: Box;
}

function boxOf(rings: number[][][]): Box {
  // Plain loops, no copy of the rings: this runs over every coordinate when a console loads the boundaries.
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const point of ring) {
      const lon = point[0] ?? 0;
      const lat = point[1] ?? 0;
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
  }
  return [west, south, east, north];
}

function partsOf(feature: AreaFeature): Part[] {
  const g = feature.geometry;
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).map((coordinates) => ({
    feature,
    polygon: { type: 'Polygon', coordinates },
    box: boxOf(coordinates),
  }));
}

function union(boxes: Box[]): Box {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

function nameOf(feature: AreaFeature): AreaName {
  return { code: feature.properties.code, name: feature.properties.name };
}

/** The kecamatan code a desa code starts with: 73.02.02.1001 → 73.02.02. */
const kecamatanCode = (desaCode: string) => desaCode.split('.').slice(0, 3).join('.');

/**
 * Builds the lookup for one home regency (Bulukumba is `73.02`). Its desa and kecamatan name points at home;
 * the other regencies name points elsewhere; a point on no land is at sea, named by the nearest coast.
 */
export function createLocator(boundaries: Boundaries, home: string): Locator {
  const parts = boundaries.features.flatMap(partsOf);
  if (parts.length === 0) throw new Error('boundaries: no features');
  const index = new Flatbush(parts.length);
  for (const { box } of parts) index.add(...box);
  index.finish();
  // Each feature's box from its own parts, grouped in one pass (a filter of all parts per feature was quadratic:
  // most of the lookup's build time in every console that loads the boundaries).
  const boxesOf = new Map<AreaFeature, Box[]>();
  for (const { feature, box } of parts) {
    const boxes = boxesOf.get(feature);
    if (boxes) boxes.push(box);
    else boxesOf.set(feature, [box]);
  }
  const byCode = new Map<string, { feature: AreaFeature; box: Box }>();
  for (const feature of boundaries.features) {
    byCode.set(feature.properties.code, { feature, box: union(boxesOf.get(feature) ?? []) });
  }
  const atHome = (f: AreaFeature) => f.properties.code.startsWith(`${home}.`);
  const isLevel = (level: string, homeOnly: boolean) => (i: number) => {
    const f = parts[i]?.feature;
    return f?.properties.level === level && (!homeOnly || atHome(f));
  };
  const isRegency = isLevel('regency', false);
  const isHomeVillage = isLevel('village', true);
  const isHomeDistrict = isLevel('district', true);
  if (byCode.get(home)?.feature.properties.level !== 'regency')
    throw new Error(`boundaries: no regency ${home}`);
  if (!boundaries.features.some((f) => f.properties.level === 'district' && atHome(f))) {
    throw new Error(`boundaries: no kecamatan in ${home}`);
  }

  const kecamatanOf = (code: string): AreaName => {
    const found = byCode.get(code);
    return found ? nameOf(found.feature) : { code, name: code };
  };
  const homePlace = (desa: AreaFeature): Place => ({
    kind: 'home',
    kecamatan: kecamatanOf(kecamatanCode(desa.properties.code)),
    desa: nameOf(desa),
  });

  /** Nearest feature passing the filter, in km: boxes in index order, stopping once no box can be nearer. */
  const nearest = (lon: number, lat: number, filter: (i: number) => boolean, maxKm = Infinity) => {
    let best: { feature: AreaFeature; km: number } | null = null;
    for (const i of index.neighbors(lon, lat, Infinity, maxKm / KM_PER_DEGREE, filter)) {
      const { feature, polygon, box } = parts[i]!;
      const [w, s, e, n] = box;
      const boxKm = Math.hypot(Math.max(w - lon, 0, lon - e), Math.max(s - lat, 0, lat - n)) * KM_PER_DEGREE;
      if (best && boxKm * 0.99 > best.km) break;
      const km = Math.max(0, pointToPolygonDistance([lon, lat], polygon, { units: 'kilometers' }));
      if (km <= maxKm && (!best || km < best.km)) best = { feature, km };
    }
    return best;
  };

  const locate: Locate = (lat, lon) => {
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
      return null;
    const hits = index
      .search(lon, lat, lon, lat)
      .map((i) => parts[i]!)
      .filter((p) => booleanPointInPolygon([lon, lat], p.polygon))
      .map((p) => p.feature);
    const village = hits.find((f) => f.properties.level === 'village' && atHome(f));
    if (village) return homePlace(village);
    const district = hits.find((f) => f.properties.level === 'district' && atHome(f));
    const regency = hits.find((f) => f.properties.level === 'regency');
    if (district || regency?.properties.code === home) {
      const gap = nearest(lon, lat, isHomeVillage, GAP_KM);
      if (gap) return homePlace(gap.feature);
      const kecamatan = district ?? nearest(lon, lat, isHomeDistrict)!.feature;
      return { kind: 'home', kecamatan: nameOf(kecamatan), desa: null };
    }
    if (regency) return { kind: 'elsewhere', regency: nameOf(regency) };
    const coast = nearest(lon, lat, isRegency)!;
    const coastRegency = coast.feature;
    const homeKecamatan =
      coastRegency.properties.code === home ? nearest(lon, lat, isHomeDistrict)!.feature : null;
    return {
      kind: 'sea',
      regency: nameOf(coastRegency),
      distanceKm: Math.round(coast.km * 10) / 10,
      kecamatan: homeKecamatan ? nameOf(homeKecamatan) : null,
    };
  };

  return {
    locate,
    bounds: (code) => byCode.get(code)?.box ?? null,
  };
}
