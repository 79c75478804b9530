// Tests for the PIDF-LO translator against published samples and broken documents.
import { describe, expect, it } from 'vitest';
import { ASTERISK_PIDF_LO_TEST_XML, RFC6442_PIDF_LO } from './fixtures/samples.ts';
import { parsePidfLo } from './pidf-lo.ts';

function wrap(locationInfo: string, extraNs = ''): string {
  return `<?xml version="1.0"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"
  xmlns:gml="http://www.opengis.net/gml" xmlns:gs="http://www.opengis.net/pidflo/1.0" ${extraNs}
  entity="pres:caller@example.com">
  <tuple id="t1"><status><gp:geopriv><gp:location-info>${locationInfo}</gp:location-info>
  <gp:method>GPS</gp:method></gp:geopriv></status><timestamp>2026-11-28T01:02:03Z</timestamp></tuple>
</presence>`;
}

describe('parsePidfLo: published samples', () => {
  it('reads the asterisk pidf_lo_test.xml 2D point with confidence, method and timestamp', () => {
    const result = parsePidfLo(ASTERISK_PIDF_LO_TEST_XML);
    expect(result).toEqual({
      ok: true,
      location: {
        lat: -34.410649,
        lon: 150.87651,
        accuracyM: null,
        confidence: 0.66,
        source: 'pidf-lo',
        method: 'Manual',
        time: Date.UTC(2007, 5, 22, 20, 57, 29),
      },
    });
  });

  it('reads the RFC 6442 §5.1 device point wrapped in gml:location and skips the civic person', () => {
    const result = parsePidfLo(RFC6442_PIDF_LO);
    if (!result.ok) throw new Error(result.error);
    expect(result.location.lat).toBe(32.86726);
    expect(result.location.lon).toBe(-97.16054);
    expect(result.location.method).toBe('802.11');
    expect(result.location.time).toBe(Date.UTC(2010, 10, 4, 20, 57, 29));
    expect(result.location.confidence).toBeNull();
  });

  it('reads an RFC 5491 circle (42.5463 -73.2512, radius 850.24 m) as position plus accuracy', () => {
    const result = parsePidfLo(
      wrap(`<gs:Circle srsName="urn:ogc:def:crs:EPSG::4326">
          <gml:pos>42.5463 -73.2512</gml:pos>
          <gs:radius uom="urn:ogc:def:uom:EPSG::9001">
            850.24
          </gs:radius>
        </gs:Circle>`),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.location).toMatchObject({ lat: 42.5463, lon: -73.2512, accuracyM: 850.24, method: 'GPS' });
    expect(result.location.time).toBe(Date.UTC(2026, 10, 28, 1, 2, 3));
  });
});

describe('parsePidfLo: shapes and namespace prefixes', () => {
  it('matches local names whatever prefixes the sender chose', () => {
    const xml = `<p:presence xmlns:p="urn:ietf:params:xml:ns:pidf" xmlns:geo="urn:ietf:params:xml:ns:pidf:geopriv10"
      xmlns:g="http://www.opengis.net/gml" xmlns:shape="http://www.opengis.net/pidflo/1.0" entity="x">
      <p:tuple id="a"><p:status><geo:geopriv><geo:location-info>
        <shape:Circle srsName="urn:ogc:def:crs:EPSG::4326"><g:pos>-5.5560 120.1960</g:pos>
        <shape:radius uom="urn:ogc:def:uom:EPSG::9001">35</shape:radius></shape:Circle>
      </geo:location-info><geo:method>Cell</geo:method></geo:geopriv></p:status></p:tuple></p:presence>`;
    const result = parsePidfLo(xml);
    if (!result.ok) throw new Error(result.error);
    expect(result.location).toMatchObject({ lat: -5.556, lon: 120.196, accuracyM: 35, method: 'Cell' });
  });

  it('reads default-namespace documents without any prefix', () => {
    const xml = `<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="x"><tuple id="t"><status>
      <geopriv xmlns="urn:ietf:params:xml:ns:pidf:geopriv10"><location-info>
      <Point srsName="urn:ogc:def:crs:EPSG::4326" xmlns="http://www.opengis.net/gml"><pos>-5.33 120.35</pos></Point>
      </location-info></geopriv></status></tuple></presence>`;
    const result = parsePidfLo(xml);
    expect(result.ok && result.location.lat === -5.33 && result.location.lon === 120.35).toBe(true);
  });

  it('takes latitude and longitude from a 3D point in EPSG::4979', () => {
    const result = parsePidfLo(
      wrap(
        '<gml:Point srsName="urn:ogc:def:crs:EPSG::4979"><gml:pos>-5.62 120.41 12.5</gml:pos></gml:Point>',
      ),
    );
    if (!result.ok) throw new Error(result.error);
    expect([result.location.lat, result.location.lon, result.location.accuracyM]).toEqual([
      -5.62,
      120.41,
      null,
    ]);
  });

  it('uses the semi-major axis of an ellipse as the accuracy radius', () => {
    const result = parsePidfLo(
      wrap(`<gs:Ellipse srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>42.5463 -73.2512</gml:pos>
        <gs:semiMajorAxis uom="urn:ogc:def:uom:EPSG::9001">1275</gs:semiMajorAxis>
        <gs:semiMinorAxis uom="urn:ogc:def:uom:EPSG::9001">670</gs:semiMinorAxis>
        <gs:orientation uom="urn:ogc:def:uom:EPSG::9102">43.2</gs:orientation></gs:Ellipse>`),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.location.accuracyM).toBe(1275);
  });

  it('reduces a polygon to the centroid of its distinct vertices with the farthest vertex as accuracy', () => {
    const result = parsePidfLo(
      wrap(`<gml:Polygon srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing>
        <gml:pos>43.311 -73.422</gml:pos><gml:pos>43.111 -73.322</gml:pos><gml:pos>43.111 -73.222</gml:pos>
        <gml:pos>43.311 -73.122</gml:pos><gml:pos>43.411 -73.222</gml:pos><gml:pos>43.411 -73.322</gml:pos>
        <gml:pos>43.311 -73.422</gml:pos></gml:LinearRing></gml:exterior></gml:Polygon>`),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.location.lat).toBeCloseTo(43.2777, 4);
    expect(result.location.lon).toBeCloseTo(-73.272, 4);
    // The farthest vertices (43.111 N) lie ~0.167 degrees of latitude (about 18.5 km) south of the centre
    // and 0.05 degrees (about 4 km) east or west of it: about 19 km.
    expect(result.location.accuracyM).toBeGreaterThan(18_000);
    expect(result.location.accuracyM).toBeLessThan(20_000);
  });

  it('reads a polygon given as a posList', () => {
    const result = parsePidfLo(
      wrap(`<gml:Polygon srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing>
        <gml:posList>-5.5 120.1 -5.5 120.3 -5.3 120.3 -5.3 120.1 -5.5 120.1</gml:posList>
        </gml:LinearRing></gml:exterior></gml:Polygon>`),
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.location.lat).toBeCloseTo(-5.4, 6);
    expect(result.location.lon).toBeCloseTo(120.2, 6);
  });

  it('leaves the accuracy unknown when the radius is in a unit other than metres', () => {
    const result = parsePidfLo(
      wrap(`<gs:Circle srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>-5.5 120.2</gml:pos>
        <gs:radius uom="urn:ogc:def:uom:EPSG::9002">100</gs:radius></gs:Circle>`),
    );
    expect(result.ok && result.location.accuracyM).toBeNull();
  });
});

describe('parsePidfLo: broken documents never throw', () => {
  const broken: Array<[string, string, RegExp]> = [
    ['truncated XML', ASTERISK_PIDF_LO_TEST_XML.slice(0, 700), /not well-formed/],
    ['garbage text', 'HELLO this is not xml at all', /not well-formed/],
    ['empty body', '', /empty/],
    ['whitespace only', '  \r\n ', /empty/],
    ['no presence root', '<foo><bar/></foo>', /presence/],
    [
      'no location element',
      '<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="x"><tuple id="a"/></presence>',
      /location-info/,
    ],
    [
      'wrong srsName',
      wrap('<gml:Point srsName="urn:ogc:def:crs:EPSG::27700"><gml:pos>530000 180000</gml:pos></gml:Point>'),
      /coordinate reference system/,
    ],
    [
      'latitude 200',
      wrap('<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>200 120</gml:pos></gml:Point>'),
      /out of range/,
    ],
    [
      'non-numeric pos',
      wrap('<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>abc def</gml:pos></gml:Point>'),
      /not numbers/,
    ],
    [
      'one coordinate',
      wrap('<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>-5.5</gml:pos></gml:Point>'),
      /2 or 3/,
    ],
    ['point without pos', wrap('<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"/>'), /no <pos>/],
    [
      'civic address only',
      wrap('<ca:civicAddress xmlns:ca="urn:x"><ca:country>ID</ca:country></ca:civicAddress>'),
      /civic/,
    ],
  ];
  for (const [label, xml, message] of broken) {
    it(`rejects ${label}`, () => {
      const result = parsePidfLo(xml);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    });
  }

  it('rejects non-string input without throwing', () => {
    expect(parsePidfLo(undefined as unknown as string).ok).toBe(false);
    expect(parsePidfLo(42 as unknown as string).ok).toBe(false);
  });

  it('refuses an oversized document', () => {
    const big = wrap(`<!-- ${'x'.repeat(70_000)} --><gml:Point><gml:pos>1 2</gml:pos></gml:Point>`);
    const result = parsePidfLo(big);
    expect(result.ok).toBe(false);
  });

  it('ignores a confidence outside 0..100', () => {
    const result = parsePidfLo(
      wrap(
        '<gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>-5.5 120.2</gml:pos></gml:Point><con:confidence xmlns:con="urn:ietf:params:xml:ns:geopriv:conf">150</con:confidence>',
      ),
    );
    expect(result.ok && result.location.confidence).toBeNull();
  });
});
