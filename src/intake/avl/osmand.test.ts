// The OsmAnd / Traccar Client parser on real requests (Traccar's own decoder samples) and on broken ones.
import { describe, expect, it } from 'vitest';
import { parseOsmAndJson, parseOsmAndQuery, parseTimestamp } from './osmand.ts';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const query = (path: string) => parseOsmAndQuery(new URL(path, 'http://x').searchParams, NOW);

describe('OsmAnd query form', () => {
  it('reads the requests Traccar itself decodes', () => {
    expect(
      query(
        '/?id=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0',
      ),
    ).toEqual({
      ok: true,
      report: {
        deviceId: '902064',
        lat: 42.06288,
        lon: -88.23412,
        at: Date.UTC(2016, 0, 27, 18, 55, 47),
        speedKmh: 0,
        bearing: null,
        accuracy: null,
      },
    });
    // Milliseconds, and a local-looking date with '+' for the space (taken as UTC, as Traccar does).
    const ms = query(
      '/?id=902064&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0&altitude=224.0&speed=0.0',
    );
    expect(ms.ok && ms.report.at).toBe(1442068686579);
    const spaced = query(
      '/?lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0&id=353861053849681',
    );
    expect(spaced.ok && spaced.report).toMatchObject({
      deviceId: '353861053849681',
      at: Date.UTC(2014, 5, 4, 9, 10, 11),
    });
    const seconds = query(
      '/?id=123456&timestamp=1377177267&lat=60.0&lon=30.0&speed=0.0&bearing=0.0&altitude=0&hdop=0.0',
    );
    expect(seconds.ok && seconds.report).toMatchObject({ at: 1377177267000, bearing: 0, speedKmh: 0 });
    // deviceid and heading instead of id and bearing; no timestamp → the time of receipt.
    const alt = query('/?lat=60.0&lon=30.0&speed=0.0&heading=90.0&vacc=0&hacc=12&altitude=0&deviceid=123456');
    expect(alt.ok && alt.report).toMatchObject({ deviceId: '123456', at: NOW, bearing: 90, accuracy: 12 });
    const batt = query(
      '/?id=861001000719969&lat=41.666667&lon=-0.883333&altitude=350.059479&speed=0.000000&batt=87',
    );
    expect(batt.ok && batt.report.lon).toBe(-0.883333);
    const location = query('/?id=123456&timestamp=1377177267&location=60.0,30.0');
    expect(location.ok && location.report).toMatchObject({ lat: 60, lon: 30 });
    // Speed is in knots: 40 kn = 74.1 km/h.
    const fast = query(
      '/?id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24',
    );
    expect(fast.ok && fast.report).toMatchObject({ speedKmh: 74.1, bearing: 7.19889788244 });
  });

  it('refuses broken requests with a reason', () => {
    const reasons = [
      '/?timestamp=1377177267&lat=60.0&lon=30.0',
      '/?id=123456&timestamp=1377177267&cell=257,02,16,2224&wifi=00-14-22-01-23-45,-80',
      '/?id=1&lat=abc&lon=30',
      '/?id=1&lat=91&lon=30',
      '/?id=1&lat=-5.5&lon=200',
      '/?id=1&lat=0&lon=0',
      '/?id=1&lat=-5.5&lon=120.2&timestamp=yesterday',
      '/?id=1&location=60.0',
      '/?id=1&lat=-5.5&lon=120.2&speed=fast',
      '/?id=1&lat=-5.5&lon=120.2&bearing=400',
      '/?id=bad%20id&lat=-5.5&lon=120.2',
      '/?id=&lat=-5.5&lon=120.2',
      '/?id=1&lat=Infinity&lon=120.2',
      '/?id=1&lat=0x10&lon=120.2',
    ].map((path) => {
      const result = query(path);
      expect(result.ok, path).toBe(false);
      return result.ok ? '' : result.reason;
    });
    expect(reasons).toEqual([
      'missing id',
      'missing lat/lon',
      'lat/lon is not a number',
      'lat/lon out of range',
      'lat/lon out of range',
      'no fix (0,0)',
      'unreadable timestamp',
      'malformed location',
      'speed is not a number',
      'bearing out of range',
      'malformed id',
      'missing id',
      'lat/lon is not a number',
      'lat/lon is not a number',
    ]);
  });

  it('takes -1 as unknown, as trackers write it', () => {
    const r = query('/?id=7&lat=-5.55&lon=120.19&speed=-1&bearing=-1&accuracy=-1');
    expect(r.ok && r.report).toMatchObject({ speedKmh: null, bearing: null, accuracy: null });
  });
});

describe('Traccar Client JSON form', () => {
  it('reads the bodies Traccar itself decodes, speed in m/s', () => {
    const body = JSON.parse(
      '{"location":{"event":"motionchange","is_moving":false,"uuid":"0e9a2473-a9a7-4c00-997b-fb97d2154e75","timestamp":"2021-07-21T08:06:34.444Z","odometer":0,"coords":{"latitude":-6.1148096,"longitude":106.6837015,"accuracy":3.8,"speed":18.67,"speed_accuracy":0.26,"heading":63,"heading_accuracy":0.28,"altitude":35.7,"altitude_accuracy":3.8},"activity":{"type":"still","confidence":100},"battery":{"is_charging":false,"level":0.79},"extras":{}},"device_id":"8737767034"}',
    );
    expect(parseOsmAndJson(body, NOW)).toEqual({
      ok: true,
      report: {
        deviceId: '8737767034',
        lat: -6.1148096,
        lon: 106.6837015,
        at: Date.parse('2021-07-21T08:06:34.444Z'),
        speedKmh: 67.2,
        bearing: 63,
        accuracy: 3.8,
      },
    });
    const unknown = JSON.parse(
      '{"location":{"extras":{},"mock":true,"coords":{"speed_accuracy":-1,"speed":-1,"longitude":-122.406417,"ellipsoidal_altitude":0,"floor":null,"heading_accuracy":-1,"latitude":37.785834000000001,"accuracy":5,"altitude_accuracy":-1,"altitude":0,"heading":-1},"is_moving":false,"age":188,"odometer":0,"uuid":"2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8","event":"motionchange","battery":{"level":-1,"is_charging":false},"activity":{"type":"unknown","confidence":100},"timestamp":"2025-05-09T04:11:30.579Z"},"device_id":"658765"}',
    );
    expect(parseOsmAndJson(unknown, NOW)).toMatchObject({
      ok: true,
      report: { deviceId: '658765', speedKmh: null, bearing: null, accuracy: 5 },
    });
  });

  it('refuses broken bodies', () => {
    expect(parseOsmAndJson('text', NOW)).toEqual({ ok: false, reason: 'body is not a JSON object' });
    expect(parseOsmAndJson({ device_id: 'a' }, NOW)).toEqual({
      ok: false,
      reason: 'missing location.coords',
    });
    expect(parseOsmAndJson({ location: { coords: { latitude: 1, longitude: 2 } } }, NOW)).toEqual({
      ok: false,
      reason: 'missing id',
    });
    expect(
      parseOsmAndJson({ device_id: 'a', location: { coords: { latitude: '1', longitude: null } } }, NOW),
    ).toEqual({ ok: false, reason: 'missing lat/lon' });
  });
});

describe('timestamps', () => {
  it('reads seconds, milliseconds and dates, and nothing else', () => {
    expect(parseTimestamp('1377177267')).toBe(1377177267000);
    expect(parseTimestamp('1377177267.5')).toBe(1377177267500);
    expect(parseTimestamp('1442068686579')).toBe(1442068686579);
    expect(parseTimestamp('2026-11-29T08:00:00+08:00')).toBe(Date.UTC(2026, 10, 29, 0, 0, 0));
    expect(parseTimestamp('29/11/2026')).toBeNaN();
    expect(parseTimestamp('')).toBeNaN();
  });
});
