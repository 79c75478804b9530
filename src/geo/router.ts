// The default router: straight-line (great-circle) distance × a detour factor, driven at one average speed.
//
// How rough this is: Bulukumba's roads follow the coast and the valleys, so the road is typically 1.2–1.6 × the
// straight line (more around the bays of Bonto Bahari and the hills of Kindang), and speed varies from ~60 km/h on
// the provincial road to ~20 km/h on village tracks. One detour factor and one speed put an estimate within about
// ±40 % for trips of 5–30 km; it ranks units well when they differ clearly and poorly when they are close. Said so
// in the README. Where an OSRM-compatible service runs (PINISI_ROUTING_URL), `osrmRouter` asks it for the road.
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

export function straightLineRouter(
  model: StraightLineModel = STRAIGHT_LINE_MODEL,
): (from: Point, to: Point) => { meters: number; seconds: number } {
  return (from: Point, to: Point) => {
    const km = turfDistance([from.lon, from.lat], [to.lon, to.lat], { units: 'kilometers' }) * model.detour;
    return { meters: km * 1000, seconds: model.turnoutSeconds + (km / model.kmh) * 3600 };
  };
}

export interface OsrmOptions {
  /** Base address of an OSRM-compatible service, e.g. `http://127.0.0.1:5000` (PINISI_ROUTING_URL). */
  url: string;
  /** Give up on one route after this long and use the straight line (default 1.5 s). */
  timeoutMs?: number;
  /** Added to the road's driving time: from the call to the wheels rolling, as in the straight-line model. */
  turnoutSeconds?: number;
  /** Routes are kept this long per pair of points rounded to ~10 m (default 60 s). */
  cacheMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * A road router over an OSRM-compatible HTTP service (`GET /route/v1/driving/{lon},{lat};{lon},{lat}`, answer
 * `{code: "Ok", routes: [{distance, duration}]}` in metres and seconds). A trip it cannot route (no answer in
 * time, an error, `NoRoute`) falls back to the straight-line model and says so (`fallback`).
 */
export function osrmRouter(options: OsrmOptions): Router {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 1500;
  const turnout = options.turnoutSeconds ?? STRAIGHT_LINE_MODEL.turnoutSeconds;
  const cacheMs = options.cacheMs ?? 60_000;
  const get = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const straight = straightLineRouter();
  const cache = new Map<string, { at: number; route: Promise<{ meters: number; seconds: number } | null> }>();
  const coordinate = (p: Point) => `${p.lon.toFixed(4)},${p.lat.toFixed(4)}`;

  const ask = async (from: Point, to: Point) => {
    const url = `${base}/route/v1/driving/${coordinate(from)};${coordinate(to)}?overview=false&alternatives=false&steps=false`;
    try {
      const response = await get(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) return null;
      const body = (await response.json()) as {
        code?: string;
        routes?: { distance?: number; duration?: number }[];
      };
      const route = body.routes?.[0];
      if (body.code !== 'Ok' || typeof route?.distance !== 'number' || typeof route.duration !== 'number')
        return null;
      return { meters: route.distance, seconds: route.duration + turnout };
    } catch {
      return null;
    }
  };

  return async (from, to) => {
    const key = `${coordinate(from)};${coordinate(to)}`;
    const at = now();
    let entry = cache.get(key);
    if (!entry || at - entry.at > cacheMs) {
      if (cache.size > 5000) cache.clear();
      entry = { at, route: ask(from, to) };
      cache.set(key, entry);
    }
    const route = await entry.route;
    if (route) return route;
    // A failure is not kept: the next run card asks the service again.
    if (cache.get(key) === entry) cache.delete(key);
    return { ...straight(from, to), fallback: true } as const;
  };
}
