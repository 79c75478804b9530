// A 14 KB emergency INVITE body as NG9-1-1 and IMS networks send it: SDP, a PIDF-LO polygon of many vertices (a
// cell sector) and RFC 7852 additional data, as one multipart body; written as a SIPp scenario or sent raw.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The polygon's centre: the caller's location Pinisi must read from the body. */
export const LARGE_CENTRE = { lat: -5.5588, lon: 120.1955 };
const VERTICES = 120;
const BOUNDARY = 'ng911-large-body';

/** A regular polygon around LARGE_CENTRE (about 400 m across): the mean of its vertices is the centre. */
function polygon(): string {
  const lines: string[] = [];
  for (let i = 0; i <= VERTICES; i += 1) {
    const angle = ((i % VERTICES) / VERTICES) * 2 * Math.PI;
    const lat = LARGE_CENTRE.lat + 0.002 * Math.sin(angle);
    const lon = LARGE_CENTRE.lon + 0.002 * Math.cos(angle);
    lines.push(`            <gml:pos>${lat.toFixed(9)} ${lon.toFixed(9)}</gml:pos>`);
  }
  return lines.join('\n');
}

/** RFC 7852 additional data: provider, device and subscriber (a vCard), as carriers attach by value. */
function additionalData(): string {
  const notes = Array.from(
    { length: 48 },
    (_, i) =>
      `        <ad:note n="${i}">Cell sector 51${i} handover history, timing advance ${i * 3}, RSRP -9${i % 10} dBm</ad:note>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<EmergencyCallData.ProviderInfo xmlns="urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo"
    xmlns:ad="urn:example:pinisi:test">
  <DataProviderReference>provider-1@telco.example.net</DataProviderReference>
  <DataProviderString>Telco Contoh Indonesia</DataProviderString>
  <ProviderID>ID-TELCO-0001</ProviderID>
  <ProviderIDSeries>NENA</ProviderIDSeries>
  <TypeOfProvider>Carrier</TypeOfProvider>
  <ContactURI>sip:noc@telco.example.net</ContactURI>
  <Language>id</Language>
  <SubscriberData>
    <vcard xmlns="urn:ietf:params:xml:ns:vcard-4.0">
      <fn><text>Pelanggan Contoh</text></fn>
      <adr><street>Jl. Sam Ratulangi No. 1</street><locality>Bulukumba</locality><region>Sulawesi Selatan</region>
        <code>92511</code><country>Indonesia</country></adr>
      <lang><language-tag>id</language-tag></lang>
    </vcard>
${notes}
  </SubscriberData>
</EmergencyCallData.ProviderInfo>`;
}

/** The multipart body; `sdp` is the SDP part's lines. */
export function largeBody(sdp: string[], caller: string): string {
  return [
    `--${BOUNDARY}`,
    'Content-Type: application/sdp',
    '',
    ...sdp,
    `--${BOUNDARY}`,
    'Content-Type: application/pidf+xml',
    `Content-ID: <loc-${caller}@telco.example.net>`,
    '',
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"',
    '  xmlns:gml="http://www.opengis.net/gml" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"',
    `  entity="pres:${caller}@telco.example.net">`,
    '  <dm:device id="handset"><gp:geopriv><gp:location-info>',
    '      <gml:Polygon srsName="urn:ogc:def:crs:EPSG::4326"><gml:exterior><gml:LinearRing>',
    polygon(),
    '      </gml:LinearRing></gml:exterior></gml:Polygon>',
    '    </gp:location-info><gp:method>Cell</gp:method></gp:geopriv>',
    '    <dm:timestamp>2026-11-29T01:00:00Z</dm:timestamp></dm:device>',
    '</presence>',
    `--${BOUNDARY}`,
    'Content-Type: application/EmergencyCallData.ProviderInfo+xml',
    `Content-ID: <info-${caller}@telco.example.net>`,
    '',
    additionalData(),
    `--${BOUNDARY}--`,
    '',
  ].join('\r\n');
}

export const LARGE_CONTENT_TYPE = `multipart/mixed;boundary=${BOUNDARY}`;

const SIPP_SDP = [
  'v=0',
  'o=caller 2890844526 2890844526 IN IP[local_ip_type] [local_ip]',
  's=-',
  'c=IN IP[media_ip_type] [media_ip]',
  't=0 0',
  'm=audio [media_port] RTP/AVP 8 0',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:0 PCMU/8000',
];

/** Writes a SIPp caller scenario whose INVITE carries the large body; returns its path. */
export function largeInviteScenario(caller: string): string {
  const dialog = (method: string, cseq: number) => `      ${method} [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTagL[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: ${cseq} ${method}
      [routes]
      Max-Forwards: 70
      Content-Length: 0
`;
  const xml = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="Pinisi 14 KB INVITE">
  <send retrans="500">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTagL[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:[caller]@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Geolocation: <cid:loc-${caller}@telco.example.net>
      Call-Info: <cid:info-${caller}@telco.example.net>;purpose=EmergencyCallData.ProviderInfo
      Content-Type: ${LARGE_CONTENT_TYPE}
      Content-Length: [len]

${largeBody(SIPP_SDP, caller).split('\r\n').join('\n')}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rrs="true"/>
  <send>
    <![CDATA[
${dialog('ACK', 1)}
    ]]>
  </send>
  <pause/>
  <send retrans="500">
    <![CDATA[
${dialog('BYE', 2)}
    ]]>
  </send>
  <recv response="200" crlf="true"/>
</scenario>
`;
  const path = join(mkdtempSync(join(tmpdir(), 'pinisi-large-')), 'large-invite.xml');
  writeFileSync(path, xml);
  return path;
}
