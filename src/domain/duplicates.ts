// Possible repeat reports: open incidents of the same or a related category (same SOP group) reported recently at
// the same place (a point within a radius, the same desa, or the same address), shown to the call taker while typing.
import distance from '@turf/distance';
import type { Category, Incident, Location } from './types.ts';

/** How near and how recent an open incident must be to count as possibly the same. */
export interface DuplicateRules {
  radiusM: number;
  windowMs: number;
}

const DUPLICATE_RULES: DuplicateRules = { radiusM: 1_000, windowMs: 6 * 3_600_000 };

/** What the call taker has typed so far. */
export interface DuplicateProbe {
  category: string | null;
  kecamatan: string | null;
  desa: string | null;
  address: string;
  lat: number | null;
  lon: number | null;
}

type DuplicateReason = 'point' | 'desa' | 'address';

export interface DuplicateMatch {
  incident: Incident;
  /** Metres between the two points, when both have one. */
  distanceM: number | null;
  reasons: DuplicateReason[];
  sameCategory: boolean;
}

const normalise = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .replace(/\b(jl|jln|jalan)\b\.?/g, 'jalan')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function metres(
  a: Pick<Location, 'lat' | 'lon'>,
  b: { lat: number | null; lon: number | null },
): number | null {
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) return null;
  return distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' });
}

/**
 * Open incidents that may be the one this call reports, the nearest and then the newest first. `incidents` is the
 * open set (the state's openIncidents index), never the whole history.
 */
export function possibleDuplicates(
  incidents: Iterable<Incident>,
  categories: ReadonlyMap<string, Category>,
  probe: DuplicateProbe,
  now: number,
  rules: DuplicateRules = DUPLICATE_RULES,
): DuplicateMatch[] {
  const group = probe.category ? categories.get(probe.category)?.group : undefined;
  const address = normalise(probe.address);
  const matches: DuplicateMatch[] = [];
  for (const incident of incidents) {
    if (incident.status === 'closed' || incident.status === 'cancelled') continue;
    if (now - incident.createdAt > rules.windowMs) continue;
    const sameCategory = probe.category === incident.category;
    if (probe.category && !sameCategory && categories.get(incident.category)?.group !== group) continue;
    const where = incident.location;
    const distanceM = metres(where, probe);
    const reasons: DuplicateReason[] = [];
    if (distanceM !== null && distanceM <= rules.radiusM) reasons.push('point');
    if (probe.desa && where.desa === probe.desa) reasons.push('desa');
    if (address.length >= 4 && where.kecamatan === probe.kecamatan && normalise(where.address) === address) {
      reasons.push('address');
    }
    if (reasons.length > 0) matches.push({ incident, distanceM, reasons, sameCategory });
  }
  return matches.sort(
    (a, b) =>
      (a.distanceM ?? Number.POSITIVE_INFINITY) - (b.distanceM ?? Number.POSITIVE_INFINITY) ||
      b.incident.createdAt - a.incident.createdAt,
  );
}
