// Shared shapes for caller locations translated from PIDF-LO, AML over HTTPS and AML over SMS.

/** Where a caller location came from. */
type CallerLocationSource = 'pidf-lo' | 'aml-http' | 'aml-sms';

/** A caller's position as delivered by the network or the handset (WGS 84 degrees). */
export interface CallerLocation {
  lat: number;
  lon: number;
  /** Horizontal uncertainty radius in metres, null when the sender gave none. */
  accuracyM: number | null;
  /** Confidence as a fraction 0..1 (68 % becomes 0.68), null when the sender gave none. */
  confidence: number | null;
  source: CallerLocationSource;
  /** Positioning method as the sender named it (e.g. "gps", "wifi", "Manual", "802.11"). */
  method: string | null;
  /** When the position was determined, epoch milliseconds, null when unknown. */
  time: number | null;
}

/** Outcome of translating one location document; translators never throw. */
export type LocationResult = { ok: true; location: CallerLocation } | { ok: false; error: string };

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
