// Parses a position report in the OsmAnd / Traccar Client HTTP protocol: query or form fields, or the newer JSON body.
//
// Query form (GET or POST, also form-encoded bodies): `id` (or `deviceid`), `lat` + `lon` (or `location=lat,lon`),
// `timestamp` (Unix seconds, Unix milliseconds, ISO 8601, or `yyyy-MM-dd HH:mm:ss` in UTC), `speed` in knots (as
// Traccar reads it; Traccar Client converts its m/s to knots), `bearing` (or `heading`) in degrees, `accuracy` (or
// `hacc`) in metres. Unknown fields (altitude, hdop, batt, cell, wifi, ignition …) are ignored.
// JSON form (Traccar Client 9+): `{"device_id": …, "location": {"timestamp", "coords": {latitude, longitude, speed
// (m/s), heading, accuracy}}}`; -1 means unknown for speed and heading, as the client writes it.

export interface PositionReport {
  deviceId: string;
  lat: number;
  lon: number;
  /** When the fix was taken (ms since epoch); the time of receipt when the report says nothing. */
  at: number;
  /** km/h, or null when not reported. */
  speedKmh: number | null;
  /** Degrees from north, 0–360, or null. */
  bearing: number | null;
  /** Horizontal accuracy in metres, or null. */
  accuracy: number | null;
}

export type ParseResult = { ok: true; report: PositionReport } | { ok: false; reason: string };

const KNOTS_TO_KMH = 1.852;
const MS_TO_KMH = 3.6;
/** Device identifiers are what the tracker is configured with: printable, no spaces, bounded. */
const DEVICE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const fail = (reason: string): ParseResult => ({ ok: false, reason });

/** A finite number from a field, or undefined when absent, or NaN when present but not a number. */
function numberOf(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value))
    return Number.NaN;
  return Number(value);
}

/** Reads the fix time the ways Traccar does; NaN for a value it cannot read. */
export function parseTimestamp(value: string): number {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const n = Number(trimmed);
    // Traccar's rule: below 2^31 it is seconds, else milliseconds.
    return n < 2 ** 31 ? Math.round(n * 1000) : Math.round(n);
  }
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) {
    const iso = trimmed.replace(' ', 'T');
    return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`);
  }
  return Number.NaN;
}

function optional(value: number | undefined, name: string, min: number, max: number): number | null | string {
  if (value === undefined) return null;
  if (!Number.isFinite(value)) return `${name} is not a number`;
  // Trackers write -1 for "unknown".
  if (value < 0) return null;
  if (value > max || value < min) return `${name} out of range`;
  return value;
}

interface Fields {
  id: unknown;
  lat: unknown;
  lon: unknown;
  timestamp: unknown;
  speed: unknown;
  bearing: unknown;
  accuracy: unknown;
  speedFactor: number;
}

function build(f: Fields, now: number): ParseResult {
  if (typeof f.id !== 'string' || f.id === '') return fail('missing id');
  if (!DEVICE_ID.test(f.id)) return fail('malformed id');
  const lat = numberOf(f.lat);
  const lon = numberOf(f.lon);
  if (lat === undefined || lon === undefined) return fail('missing lat/lon');
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return fail('lat/lon is not a number');
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return fail('lat/lon out of range');
  // A receiver without a fix reports 0,0: a point in the Gulf of Guinea is no position.
  if (lat === 0 && lon === 0) return fail('no fix (0,0)');
  let at = now;
  if (f.timestamp !== undefined && f.timestamp !== null && f.timestamp !== '') {
    at = parseTimestamp(String(f.timestamp));
    if (!Number.isFinite(at)) return fail('unreadable timestamp');
  }
  const speed = optional(numberOf(f.speed), 'speed', 0, 1000);
  if (typeof speed === 'string') return fail(speed);
  const bearing = optional(numberOf(f.bearing), 'bearing', 0, 360);
  if (typeof bearing === 'string') return fail(bearing);
  const accuracy = optional(numberOf(f.accuracy), 'accuracy', 0, 1_000_000);
  if (typeof accuracy === 'string') return fail(accuracy);
  return {
    ok: true,
    report: {
      deviceId: f.id,
      lat,
      lon,
      at,
      speedKmh: speed === null ? null : Math.round(speed * f.speedFactor * 10) / 10,
      bearing,
      accuracy,
    },
  };
}

/** One report from query (or form) fields; a repeated field counts once, its first value. */
export function parseOsmAndQuery(params: URLSearchParams, now: number): ParseResult {
  const get = (...names: string[]) => {
    for (const name of names) {
      const value = params.get(name);
      if (value !== null) return value;
    }
    return undefined;
  };
  let lat: string | undefined = get('lat');
  let lon: string | undefined = get('lon');
  const location = get('location');
  if ((lat === undefined || lon === undefined) && location !== undefined) {
    const parts = location.split(',');
    if (parts.length !== 2) return fail('malformed location');
    [lat, lon] = parts as [string, string];
  }
  return build(
    {
      id: get('id', 'deviceid'),
      lat,
      lon,
      timestamp: get('timestamp'),
      speed: get('speed'),
      bearing: get('bearing', 'heading'),
      accuracy: get('accuracy', 'hacc'),
      speedFactor: KNOTS_TO_KMH,
    },
    now,
  );
}

/** One report from the Traccar Client JSON body. */
export function parseOsmAndJson(body: unknown, now: number): ParseResult {
  if (typeof body !== 'object' || body === null) return fail('body is not a JSON object');
  const b = body as { device_id?: unknown; location?: unknown };
  const location = (Array.isArray(b.location) ? b.location[0] : b.location) as
    | { timestamp?: unknown; coords?: Record<string, unknown> }
    | undefined;
  if (typeof location !== 'object' || location === null || typeof location.coords !== 'object') {
    return fail('missing location.coords');
  }
  const c = location.coords ?? {};
  return build(
    {
      id: typeof b.device_id === 'number' ? String(b.device_id) : b.device_id,
      lat: c.latitude,
      lon: c.longitude,
      timestamp: location.timestamp,
      speed: c.speed,
      bearing: c.heading,
      accuracy: c.accuracy,
      speedFactor: MS_TO_KMH,
    },
    now,
  );
}
