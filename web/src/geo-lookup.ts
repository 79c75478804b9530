// The boundaries as the server sends them, read and made into the point lookup: its own chunk, downloaded with the
// boundaries when a view first asks for them (geo.ts).
import { readBoundaries } from '../../src/geo/boundaries.ts';
import { createLocator } from '../../src/geo/locator.ts';
import type { Geo } from './geo.ts';

export function geoFrom(json: unknown, home: string): Geo {
  const boundaries = readBoundaries(json);
  return { boundaries, locator: createLocator(boundaries, home), home };
}
