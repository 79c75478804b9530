// The default router: straight-line (great-circle) distance × a detour factor, driven at one average speed.
//
// How rough this is: Bulukumba's roads follow the coast and the valleys, so the road is typically 1.2–1.6 × the
// straight line (more around the bays of Bonto Bahari and the hills of Kindang), and speed varies from ~60 km/h on
// the provincial road to ~20 km/h on village tracks. One detour factor and one speed put an estimate within about
// ±40 % for trips of 5–30 km; it ranks units well when they differ clearly and poorly when they are close. Said so
// in the README; an OSRM-compatible router would replace it where one runs.
import turfDistance from '@turf/distance';
import type { Point, Router } from '../domain/recommend.ts';

export interface StraightLineModel {
  /** Road length per straight-line length. */
  detour: number;
  /** Average driving speed, km/h. */
  kmh: number;
  /** Time from the call to the wheels rolling, seconds. */
  turnoutSeconds: number;
}

export const STRAIGHT_LINE_MODEL: StraightLineModel = { detour: 1.4, kmh: 40, turnoutSeconds: 60 };

export function straightLineRouter(model: StraightLineModel = STRAIGHT_LINE_MODEL): Router {
  return (from: Point, to: Point) => {
    const km = turfDistance([from.lon, from.lat], [to.lon, to.lat], { units: 'kilometers' }) * model.detour;
    return { meters: km * 1000, seconds: model.turnoutSeconds + (km / model.kmh) * 3600 };
  };
}
