// Reads the boundaries of Kabupaten Bulukumba and its neighbours shipped in src/seed/data (once per process).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Boundaries, readBoundaries } from '../geo/boundaries.ts';
import { createLocator, type Locator } from '../geo/locator.ts';
import { REPO } from '../paths.ts';

/** Kemendagri code of Kabupaten Bulukumba. */
export const HOME_REGENCY = '73.02';

/** The GeoJSON file as shipped: served to the consoles byte for byte. */
export const BOUNDARIES_FILE = join(REPO, 'src/seed/data/bulukumba-boundaries.geojson');

let cached: { boundaries: Boundaries; locator: Locator } | null = null;

/** The parsed, checked boundaries and their point lookup, built on first use. */
export function bulukumbaGeo(): { boundaries: Boundaries; locator: Locator } {
  if (!cached) {
    const boundaries = readBoundaries(JSON.parse(readFileSync(BOUNDARIES_FILE, 'utf8')));
    cached = { boundaries, locator: createLocator(boundaries, HOME_REGENCY) };
  }
  return cached;
}
