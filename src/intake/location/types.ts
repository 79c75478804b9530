// Shared shapes for caller locations translated from PIDF-LO, AML over HTTPS and AML over SMS.

import type { CallerLocation } from '../../domain/acd/types.ts';

export type { CallerLocation };

/** Outcome of translating one location document; translators never throw. A PIDF-LO may also give a civic address. */
export type LocationResult =
  | { ok: true; location: CallerLocation; civic?: string | null }
  | { ok: false; error: string; civic?: string | null };

/** True when lat/lon are finite numbers inside the WGS 84 ranges. */
export function isValidLatLon(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/** Parses a plain decimal number ("+51.53321", "-0.1", "14", "20.0"); anything else gives null. */
export function parseDecimal(text: string | undefined | null): number | null {
  if (text === undefined || text === null) return null;
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}
