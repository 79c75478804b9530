// The administrative boundaries file (GeoJSON): its shape, and a check that turns a bad file into a clear error.

/** A Kemendagri area: `73.02` regency, `73.02.02` kecamatan, `73.02.02.1001` desa/kelurahan. */
export interface AreaName {
  code: string;
  name: string;
}

type Level = 'regency' | 'district' | 'village';

type AreaGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface AreaFeature {
  type: 'Feature';
  properties: AreaName & { level: Level; label_lat: number; label_lon: number };
  geometry: AreaGeometry;
}

export interface Boundaries {
  type: 'FeatureCollection';
  features: AreaFeature[];
}

const LEVELS: readonly string[] = ['regency', 'district', 'village'];

function fail(index: number, what: string): never {
  throw new Error(`boundaries: feature ${index} ${what}`);
}

/** Checks a parsed GeoJSON document feature by feature; the first fault found is named in the error. */
export function readBoundaries(json: unknown): Boundaries {
  const doc = json as { type?: unknown; features?: unknown };
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    throw new Error('boundaries: not a GeoJSON FeatureCollection');
  }
  doc.features.forEach((f: Partial<AreaFeature> | null, i) => {
    const p = f?.properties;
    if (!p || typeof p.code !== 'string' || typeof p.name !== 'string') fail(i, 'has no code and name');
    if (!LEVELS.includes(p.level)) fail(i, `(${p.code}) has level ${String(p.level)}`);
    if (!Number.isFinite(p.label_lat) || !Number.isFinite(p.label_lon))
      fail(i, `(${p.code}) has no label point`);
    const g = f?.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
      fail(i, `(${p.code}) is not a polygon`);
    }
  });
  return doc as Boundaries;
}
