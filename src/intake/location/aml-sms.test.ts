// Tests for the AML SMS parser: Google's two verbatim ELS examples, an ELS Beta message and broken texts.
import { describe, expect, it } from 'vitest';
import { parseAmlSms } from './aml-sms.ts';
import { ELS_SMS_CALCULATED, ELS_SMS_NO_LOCATION } from './fixtures/samples.ts';

function report(text: string) {
  const result = parseAmlSms(text);
  if (!result.ok) throw new Error(result.error);
  return result.report;
}

describe('parseAmlSms: Google ELS V1 examples', () => {
  it('reads the "calculated location" example and records its wrong ml as a warning', () => {
    const r = report(ELS_SMS_CALCULATED);
    expect(r.version).toBe(1);
    expect(r.location).toEqual({
      lat: 51.53321,
      lon: -0.12601,
      accuracyM: 14,
      confidence: 0.68,
      source: 'aml-sms',
      method: 'wifi',
      time: Date.UTC(2022, 0, 31, 17, 17, 48),
    });
    expect([r.imsi, r.imei, r.mcc, r.mnc]).toEqual(['234159000000000', '123456789012345', '234', '15']);
    expect(ELS_SMS_CALCULATED.length).toBe(127);
    expect([r.declaredLength, r.actualLength]).toEqual([126, 127]);
    expect(r.warnings).toEqual(['ml: declared 126 characters, received 127']);
  });

  it('reads the "no location" example (rd=N, pm=N) as a report without location', () => {
    const r = report(ELS_SMS_NO_LOCATION);
    expect(r.location).toBeNull();
    expect(r.imei).toBe('123456789012345');
    expect(r.warnings).toEqual([]); // its ml=127 matches its length
  });

  it('treats pm=N alone or rd=N alone as no location', () => {
    expect(report('A"ML=1;lt=-5.55600;lg=+120.19600;rd=20;pm=N').location).toBeNull();
    expect(report('A"ML=1;lt=-5.55600;lg=+120.19600;rd=N;pm=G').location).toBeNull();
  });

  it('tolerates CRLF, a typographic quote and lower-case keys', () => {
    const r = report('A”ML=1;LT=-5.55600;LG=+120.19600;RD=20.0;TOP=20261128013000;LC=68;PM=G\r\n');
    expect(r.location).toMatchObject({ lat: -5.556, lon: 120.196, accuracyM: 20, method: 'gps' });
    expect(r.location?.time).toBe(Date.UTC(2026, 10, 28, 1, 30, 0));
  });
});

describe('parseAmlSms: ELS Beta', () => {
  // Built from the example column of the ELS Beta table in Google's SMS spec:
  // en=911, et=1593187189, lo=37.42175,-122.08461,20.1, lt=5, lc=68, lz=-10.1,10.1, ls=W, ei=355458061005220.
  const beta =
    'A"ML=2;en=911;et=1593187189;lo=37.42175,-122.08461,20.1;lt=5;lc=68;lz=-10.1,10.1;ls=W;ei=355458061005220';

  it('reads lo=lat,lon,accuracy and dates the fix lt seconds after et', () => {
    const r = report(beta);
    expect(r.version).toBe(2);
    expect(r.emergencyNumber).toBe('911');
    expect(r.callTime).toBe(1593187189000);
    expect(r.location).toEqual({
      lat: 37.42175,
      lon: -122.08461,
      accuracyM: 20.1,
      confidence: 0.68,
      source: 'aml-sms',
      method: 'wifi',
      time: 1593187194000,
    });
  });

  it('reads accuracy 0 as unknown and a broken lo as no location', () => {
    expect(report('A"ML=2;lo=-5.55600,120.19600,0').location?.accuracyM).toBeNull();
    const broken = report('A"ML=2;lo=north,east');
    expect(broken.location).toBeNull();
    expect(broken.warnings).toEqual(['lo: "north,east" is not lat,lon[,accuracy]']);
  });
});

describe('parseAmlSms: broken texts never throw', () => {
  it('rejects text that is not AML at all', () => {
    expect(parseAmlSms('Tolong ada kebakaran di Ujung Bulu')).toEqual({
      ok: false,
      error: 'not an AML message (no A"ML= header)',
    });
    expect(parseAmlSms('').ok).toBe(false);
    expect(parseAmlSms(undefined as unknown as string).ok).toBe(false);
  });

  it('drops latitude 200 but keeps the device fields', () => {
    const r = report('A"ML=1;lt=+200.00000;lg=+120.00000;rd=10;pm=G;ei=355458061005220');
    expect(r.location).toBeNull();
    expect(r.imei).toBe('355458061005220');
    expect(r.warnings).toEqual(['location: 200, 120 is out of range, dropped']);
  });

  it('skips non-numeric fields and keeps the rest', () => {
    const r = report('A"ML=1;lt=-5.55600;lg=+120.19600;rd=abc;lc=x;top=2022013117;pm=G;ml=zz');
    expect(r.location).toMatchObject({
      lat: -5.556,
      lon: 120.196,
      accuracyM: null,
      confidence: null,
      time: null,
    });
    expect(r.warnings).toEqual([
      'ml: "zz" is not a number',
      'rd: "abc" is not a number, skipped',
      'lc: "x" is not a number, skipped',
      'top: "2022013117" is not a yyyyMMddHHmmss time, skipped',
    ]);
  });

  it('rejects an impossible calendar date in top', () => {
    const r = report('A"ML=1;lt=-5.5;lg=120.2;rd=5;pm=G;top=20220231120000');
    expect(r.location?.time).toBeNull();
  });

  it('has no location when the latitude is missing (truncated SMS)', () => {
    const r = report(ELS_SMS_CALCULATED.slice(0, 20));
    expect(r.location).toBeNull();
  });
});
