// Tests for finding and translating the PIDF-LO in SIP INVITEs, from the RFC 6442 and Microsoft examples and broken ones.
import { describe, expect, it } from 'vitest';
import { MS_SIPRE_E911_INVITE, RFC6442_INVITE, RFC6442_PIDF_LO } from './fixtures/samples.ts';
import { locationFromSip, locationFromSipMessage, parseGeolocationHeader } from './sip-geolocation.ts';

const CIRCLE_PIDF = `<?xml version="1.0" encoding="UTF-8"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"
 xmlns:gml="http://www.opengis.net/gml" xmlns:gs="http://www.opengis.net/pidflo/1.0" entity="pres:caller@example.net">
 <tuple id="c1"><status><gp:geopriv><gp:location-info>
  <gs:Circle srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>-5.556 120.196</gml:pos>
  <gs:radius uom="urn:ogc:def:uom:EPSG::9001">35</gs:radius></gs:Circle>
 </gp:location-info><gp:method>GPS</gp:method></gp:geopriv></status></tuple></presence>`;

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

describe('locationFromSipMessage: published INVITEs', () => {
  it('reads the RFC 6442 §5.1 INVITE despite the missing blank line after the part headers (erratum 5027)', () => {
    const result = locationFromSipMessage(RFC6442_INVITE);
    if (!result.ok) throw new Error(result.error);
    expect(result.location).toMatchObject({
      lat: 32.86726,
      lon: -97.16054,
      method: '802.11',
      source: 'pidf-lo',
    });
  });

  it('reads the same INVITE with CRLF line endings', () => {
    const result = locationFromSipMessage(crlf(RFC6442_INVITE));
    expect(result.ok && [result.location.lat, result.location.lon]).toEqual([32.86726, -97.16054]);
  });

  it('reads the RFC 6442 INVITE with the erratum applied (blank line present)', () => {
    const fixed = RFC6442_INVITE.replace(
      'Content-ID: <target123@atlanta.example.com>\n<?xml',
      'Content-ID: <target123@atlanta.example.com>\n\n<?xml',
    );
    expect(fixed).not.toBe(RFC6442_INVITE);
    const result = locationFromSipMessage(crlf(fixed));
    expect(result.ok && result.location.lat).toBe(32.86726);
  });

  it('finds the lower-case Microsoft geolocation header and its pidf part, and reports the civic-only body', () => {
    const result = locationFromSipMessage(crlf(MS_SIPRE_E911_INVITE));
    expect(result).toEqual({
      ok: false,
      error: 'PIDF-LO carries only a civic address, no geodetic coordinates',
      civic: '163rd Ave NE 3910, Redmond, WA, US',
    });
  });

  it('keeps the civic address of RFC 6442’s person beside its device’s point', () => {
    const result = locationFromSipMessage(crlf(RFC6442_INVITE));
    expect(result.ok && result.civic).toBe(
      "Haley's Place, lt. 1, Treemont Circle 3913, Colleyville, Texas, 76034, US",
    );
  });

  it('reads a geodetic body sent in the Microsoft framing (lower-case header, sloppy boundaries)', () => {
    const start = MS_SIPRE_E911_INVITE.indexOf('<?xml');
    const end = MS_SIPRE_E911_INVITE.indexOf('</presence>') + '</presence>'.length;
    const invite = MS_SIPRE_E911_INVITE.slice(0, start) + CIRCLE_PIDF + MS_SIPRE_E911_INVITE.slice(end);
    const result = locationFromSipMessage(crlf(invite));
    if (!result.ok) throw new Error(result.error);
    expect(result.location).toMatchObject({ lat: -5.556, lon: 120.196, accuracyM: 35 });
  });
});

describe('locationFromSip: pieces handed over by Kamailio', () => {
  const rfcBody = RFC6442_INVITE.slice(RFC6442_INVITE.indexOf('--boundary1'));

  it('takes header value, Content-Type and $rb separately', () => {
    const result = locationFromSip({
      geolocationHeader: '<cid:target123@atlanta.example.com>',
      contentType: 'multipart/mixed; boundary=boundary1',
      body: crlf(rfcBody),
    });
    expect(result.ok && result.location.lon).toBe(-97.16054);
  });

  it('prefers the part whose Content-ID the cid names over an earlier pidf part', () => {
    const body = [
      '--b',
      'Content-Type: application/pidf+xml',
      'Content-ID: <other@example.net>',
      '',
      RFC6442_PIDF_LO,
      '--b',
      'Content-Type: application/pidf+xml',
      'Content-ID: <caller%1@example.net>',
      '',
      CIRCLE_PIDF,
      '--b--',
    ].join('\r\n');
    const result = locationFromSip({
      geolocationHeader: '<cid:caller%251@example.net>;inserted-by=ue',
      contentType: 'multipart/mixed; boundary="b"',
      body,
    });
    expect(result.ok && result.location.lat).toBe(-5.556);
  });

  it('falls back to the first pidf+xml part when the Content-ID is missing', () => {
    const body = `--b\nContent-Type: application/sdp\n\nv=0\n--b\nContent-Type: application/pidf+xml\n\n${CIRCLE_PIDF}\n--b--\n`;
    const result = locationFromSip({
      geolocationHeader: '<cid:nothere@x>',
      contentType: 'multipart/mixed;boundary=b',
      body,
    });
    expect(result.ok && result.location.accuracyM).toBe(35);
  });

  it('accepts a bare application/pidf+xml body', () => {
    const result = locationFromSip({
      geolocationHeader: null,
      contentType: 'application/pidf+xml',
      body: CIRCLE_PIDF,
    });
    expect(result.ok && result.location.lon).toBe(120.196);
  });

  it('reads a multipart body when Kamailio passed no Content-Type', () => {
    const result = locationFromSip({ body: crlf(rfcBody) });
    expect(result.ok && result.location.lat).toBe(32.86726);
  });
});

describe('locationFromSip: broken input never throws', () => {
  it('reports a missing Content-ID part when only SDP is present', () => {
    const body = '--boundary1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--boundary1--\r\n';
    const result = locationFromSip({
      geolocationHeader: '<cid:target123@atlanta.example.com>',
      contentType: 'multipart/mixed; boundary=boundary1',
      body,
    });
    expect(result).toEqual({
      ok: false,
      error: 'no body part with Content-ID <target123@atlanta.example.com> and no application/pidf+xml part',
    });
  });

  it('reports an empty body', () => {
    expect(
      locationFromSip({
        geolocationHeader: '<cid:a@b>',
        contentType: 'multipart/mixed; boundary=x',
        body: '',
      }),
    ).toEqual({
      ok: false,
      error: 'SIP body is empty: no PIDF-LO',
    });
  });

  it('gives the reference of a location by reference, for the intake to fetch', () => {
    const result = locationFromSip({ geolocationHeader: '<https://lis.example.com/loc/123>', body: '' });
    expect(result).toMatchObject({ ok: false, reference: 'https://lis.example.com/loc/123' });
    if (!result.ok) expect(result.error).toMatch(/by reference/);
  });

  it('gives the reference, not "no pidf+xml body", when the INVITE carries SDP and a HELD URI without brackets', () => {
    const invite = [
      'INVITE urn:service:sos SIP/2.0',
      'Geolocation: https://held.example.net/loc/abc?id=7;routing-allowed=yes',
      'Content-Type: application/sdp',
      '',
      'v=0',
      '',
    ].join('\r\n');
    expect(locationFromSipMessage(invite)).toEqual({
      ok: false,
      error: 'location is given by reference (https://held.example.net/loc/abc?id=7)',
      reference: 'https://held.example.net/loc/abc?id=7',
    });
  });

  it('reports a plain SDP INVITE as having no PIDF-LO', () => {
    const invite = 'INVITE sip:112@pinisi SIP/2.0\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n';
    expect(locationFromSipMessage(invite)).toEqual({ ok: false, error: 'no application/pidf+xml body' });
  });

  it('passes on the PIDF-LO error for a truncated pidf part', () => {
    const truncated = RFC6442_INVITE.slice(0, RFC6442_INVITE.indexOf('</gml:Point>'));
    const result = locationFromSipMessage(truncated);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/not well-formed/);
  });

  it('survives garbage and non-string input', () => {
    expect(locationFromSipMessage('garbage').ok).toBe(false);
    expect(locationFromSipMessage('').ok).toBe(false);
    expect(locationFromSipMessage(null as unknown as string).ok).toBe(false);
    expect(locationFromSip({ body: 'garbage', contentType: 'text/plain' }).ok).toBe(false);
    expect(locationFromSip({} as never).ok).toBe(false);
  });
});

describe('parseGeolocationHeader', () => {
  it("reads Microsoft's quoted inserted-by parameter", () => {
    expect(
      parseGeolocationHeader(
        '<cid:sip:voip_911_user1@contoso.com>;inserted-by="sip:voip_911_user1@contoso .com"',
      ),
    ).toEqual([
      {
        uri: 'cid:sip:voip_911_user1@contoso.com',
        params: { 'inserted-by': 'sip:voip_911_user1@contoso .com' },
      },
    ]);
  });

  it('reads URIs written without angle brackets, alone or in a list', () => {
    expect(parseGeolocationHeader('https://lis.example.com/x')).toEqual([
      { uri: 'https://lis.example.com/x', params: {} },
    ]);
    expect(
      parseGeolocationHeader('sips:3sdefrhy2jj7@lis.atlanta.example.com;routing-allowed=no, <cid:a@b>'),
    ).toEqual([
      { uri: 'sips:3sdefrhy2jj7@lis.atlanta.example.com', params: { 'routing-allowed': 'no' } },
      { uri: 'cid:a@b', params: {} },
    ]);
    expect(parseGeolocationHeader('garbage without scheme, <>')).toEqual([]);
  });

  it('reads a comma-separated list of values', () => {
    const values = parseGeolocationHeader('<cid:a@b>, <https://lis.example.com/x>;routing-allowed=no');
    expect(values.map((v) => v.uri)).toEqual(['cid:a@b', 'https://lis.example.com/x']);
    expect(values[1]?.params).toEqual({ 'routing-allowed': 'no' });
  });
});
