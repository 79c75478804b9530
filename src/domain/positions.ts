// Unit positions (AVL) as the domain sees them: the latest fix of a unit, and who may see it.
//
// Positions are telemetry, not decisions: they are NOT events in the hash-chained log. A tracker may report every
// few seconds per unit, which would make the log, its replay at start-up and every console's catch-up grow with
// every GPS ping while telling nothing anyone decided. What is kept is the latest fix per unit (one row per unit,
// overwritten, in `unit_positions`; in memory on the server), so nothing grows with history. What people decide
// about units (assigned, en route, on scene, returning, available) stays a command and an event in the log.
import { may } from './policy.ts';
import type { Actor, Unit } from './types.ts';

export interface UnitPosition {
  unitId: string;
  lat: number;
  lon: number;
  /** When the fix was taken, by the device's clock (ms since epoch). */
  at: number;
  /** When Pinisi received it, by the server's clock: what "position 12 s ago" is measured from. */
  receivedAt: number;
  speedKmh: number | null;
  bearing: number | null;
  accuracy: number | null;
  /** `device`: a GPS tracker or phone app (OsmAnd protocol); `responder`: the crew's browser on the responder page. */
  source: 'device' | 'responder';
}

/** A position older than this is not trusted: the run card counts from the station, the map says how old it is. */
export const STALE_POSITION_MS = 5 * 60_000;

/** Centre staff who follow units see every unit's position; a liaison its own agency's units only. */
export function seesPositionOf(actor: Actor, unit: Pick<Unit, 'agencyId'>): boolean {
  if (actor.role === 'system' || !may(actor.role, 'positions.read')) return false;
  return actor.role !== 'agency' || unit.agencyId === actor.agencyId;
}

/**
 * A fix replaces the latest unless it is older: a tracker emptying its buffer after a dead zone sends older ones
 * last. One of the same time (another source, a clock's second) replaces it, being the last received.
 */
export function isNewer(
  next: Pick<UnitPosition, 'at'>,
  current: Pick<UnitPosition, 'at'> | undefined,
): boolean {
  return current === undefined || next.at >= current.at;
}
