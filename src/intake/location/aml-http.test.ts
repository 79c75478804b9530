// Tests for the AML / ELS HTTPS form parser: the ELS field-list example and malformed bodies.
import { describe, expect, it } from 'vitest';
import { parseAmlHttp } from './aml-http.ts';
import { ELS_HTTP_BODY } from './fixtures/samples.ts';

describe('parseAmlHttp: ELS field list example', () => {
  it('reads number, location, imei and network codes', () => {
    const report = parseAmlHttp(ELS_HTTP_BODY);
    expect(report.number).toBe('+6281234567890');
    expect(report.emergencyNumber).toBe('911');
    expect(report.trigger).toBe('call');
    expect(report.callTime).toBe(1438101600123);
    expect(report.imei).toBe('355458061005220');
    expect([report.mcc, report.mnc]).toEqual(['510', '10']);
    expect(report.location).toEqual({
      lat: 37.4217845,
      lon: -122.0847413,
      accuracyM: 20,
      confidence: 0.6827,
      source: 'aml-http',
      method: 'gps',
      time: 1438102600123,
    });
    expect(report.fields.device_model).toBe('Pixel 7');
    expect(report.fields.thunderbird_version).toBe('2800');
    expect(report.warnings).toEqual([]);
  });

  it('keeps a literal + in the caller number and decodes %2B', () => {
    expect(parseAmlHttp('device_number=+6281234567890').number).toBe('+6281234567890');
    expect(parseAmlHttp('device_number=%2B6281234567890').number).toBe('+6281234567890');
  });

  it('falls back to the home network codes', () => {
    const report = parseAmlHttp('cell_home_mcc=510&cell_home_mnc=01');
    expect([report.mcc, report.mnc]).toEqual(['510', '01']);
  });
});

describe('parseAmlHttp: malformed bodies never throw', () => {
  it('returns an empty report for an empty body', () => {
    const report = parseAmlHttp('');
    expect(report.location).toBeNull();
    expect(report.number).toBeNull();
    expect(report.warnings).toEqual(['empty body']);
  });

  it('skips a non-numeric accuracy and keeps the rest of the location', () => {
    const report = parseAmlHttp(
      'location_latitude=-5.556&location_longitude=120.196&location_accuracy=abc&device_number=%2B62811',
    );
    expect(report.location).toMatchObject({ lat: -5.556, lon: 120.196, accuracyM: null });
    expect(report.number).toBe('+62811');
    expect(report.warnings).toEqual(['location_accuracy: "abc" is not a number, skipped']);
  });

  it('drops the location when latitude is 200 but keeps the number', () => {
    const report = parseAmlHttp('location_latitude=200&location_longitude=120.1&device_number=%2B62811');
    expect(report.location).toBeNull();
    expect(report.number).toBe('+62811');
    expect(report.warnings[0]).toMatch(/out of range/);
  });

  it('drops the location when the latitude is not a number', () => {
    const report = parseAmlHttp('location_latitude=12,5&location_longitude=120.1');
    expect(report.location).toBeNull();
    expect(report.warnings).toContain('location_latitude: "12,5" is not a number, skipped');
  });

  it('has no location when only one coordinate is sent', () => {
    const report = parseAmlHttp('location_latitude=-5.5');
    expect(report.location).toBeNull();
    expect(report.warnings).toContain('location: latitude or longitude missing');
  });

  it('survives bad percent-encoding, empty pairs, keys without values and repeated keys', () => {
    const report = parseAmlHttp(
      '&&device_imei=%E0%A4%A&v&location_latitude=-5.4&location_longitude=120.2&location_latitude=1&time=soon',
    );
    expect(report.imei).toBeNull();
    expect(report.location).toMatchObject({ lat: -5.4, lon: 120.2 });
    expect(report.callTime).toBeNull();
    expect(report.warnings).toEqual([
      'device_imei: bad url-encoding, skipped',
      'location_latitude: repeated, first value kept',
      'time: "soon" is not a number, skipped',
    ]);
  });

  it('reads a percentage confidence as a fraction and skips an impossible one', () => {
    const base = 'location_latitude=-5.4&location_longitude=120.2';
    expect(parseAmlHttp(`${base}&location_confidence=68`).location?.confidence).toBe(0.68);
    expect(parseAmlHttp(`${base}&location_confidence=680`).location?.confidence).toBeNull();
  });

  it('treats garbage text as a body without fields', () => {
    const report = parseAmlHttp('%%% this is not a form %%%');
    expect(report.location).toBeNull();
    expect(report.number).toBeNull();
  });

  it('accepts non-string input without throwing', () => {
    expect(parseAmlHttp(undefined as unknown as string).location).toBeNull();
  });
});
