// Translates a PIDF-LO document (RFC 4119 / RFC 5491 geodetic shapes) into a CallerLocation; never throws.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { civicAddressText } from './civic-address.ts';
import { type CallerLocation, isValidLatLon, type LocationResult, parseDecimal } from './types.ts';

/** Documents larger than this are refused: a PIDF-LO is a few kilobytes. */
const MAX_PIDF_LO_BYTES = 64 * 1024;

/** An XML element reduced to its local name (namespace prefixes removed), attributes, children and text. */
interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

type OrderedEntry = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  trimValues: true,
});

const GEODETIC_2D = '4326';
const GEODETIC_3D = '4979';
const METRES_UOM = '9001';
const SHAPES = new Set(['Point', 'Circle', 'Sphere', 'Ellipse', 'Ellipsoid', 'Polygon', 'Prism']);
const LOCATION_HOLDERS = new Set(['tuple', 'device', 'person']);

/** Parses a PIDF-LO XML document and returns the first geodetic location it carries. */
export function parsePidfLo(xml: string): LocationResult {
  try {
    return parseUnsafe(xml);
  } catch (error) {
    return {
      ok: false,
      error: `PIDF-LO could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function parseUnsafe(xml: string): LocationResult {
  if (typeof xml !== 'string' || xml.trim() === '') return { ok: false, error: 'PIDF-LO document is empty' };
  if (Buffer.byteLength(xml, 'utf8') > MAX_PIDF_LO_BYTES) {
    return { ok: false, error: `PIDF-LO document is larger than ${MAX_PIDF_LO_BYTES} bytes` };
  }
  const text = xml.trim();
  const validation = XMLValidator.validate(text);
  if (validation !== true)
    return { ok: false, error: `PIDF-LO is not well-formed XML: ${validation.err.msg}` };
  const roots = toNodes(parser.parse(text) as OrderedEntry[]);
  // A HELD locationResponse (RFC 5985) carries the PIDF-LO inside it.
  const presence =
    roots.find((node) => node.name === 'presence') ??
    roots.map((node) => descendant(node, 'presence')).find((node) => node !== undefined);
  if (!presence) return { ok: false, error: 'PIDF-LO has no <presence> root element' };

  const infos: Array<{ info: XmlNode; ancestors: XmlNode[] }> = [];
  collect(presence, [], 'location-info', infos);
  if (infos.length === 0) return { ok: false, error: 'PIDF-LO has no <location-info> element' };

  const civic = readCivic(infos.map(({ info }) => info));
  const withCivic = civic === null ? {} : { civic };
  let firstShapeError: string | null = null;
  for (const { info, ancestors } of infos) {
    const shape = info.children.find((child) => SHAPES.has(child.name)) ?? findShapeInside(info);
    if (!shape) continue;
    const position = readShape(shape);
    if ('error' in position) {
      firstShapeError ??= position.error;
      continue;
    }
    const geopriv = nearest(ancestors, (node) => node.name === 'geopriv');
    const holder = nearest(ancestors, (node) => LOCATION_HOLDERS.has(node.name));
    const location: CallerLocation = {
      lat: position.lat,
      lon: position.lon,
      accuracyM: position.accuracyM,
      confidence: readConfidence(info),
      source: 'pidf-lo',
      method: textOf(geopriv ? child(geopriv, 'method') : undefined),
      time: readTimestamp(holder),
    };
    return { ok: true, location, ...withCivic };
  }
  if (firstShapeError) return { ok: false, error: firstShapeError, ...withCivic };
  return {
    ok: false,
    error:
      civic !== null
        ? 'PIDF-LO carries only a civic address, no geodetic coordinates'
        : 'PIDF-LO <location-info> holds no supported geodetic shape',
    ...withCivic,
  };
}

/** The first civicAddress with any element, as text. */
function readCivic(infos: XmlNode[]): string | null {
  for (const info of infos) {
    const address = info.children.find((c) => c.name === 'civicAddress') ?? descendant(info, 'civicAddress');
    if (!address) continue;
    const elements: Record<string, string> = {};
    for (const element of address.children) elements[element.name] ??= element.text;
    const text = civicAddressText(elements);
    if (text !== null) return text;
  }
  return null;
}

/** Shapes may be wrapped, e.g. RFC 6442's <gml:location><gml:Point>. */
function findShapeInside(info: XmlNode): XmlNode | undefined {
  for (const c of info.children) {
    if (c.name === 'civicAddress') continue;
    const inner = c.children.find((grand) => SHAPES.has(grand.name));
    if (inner) return inner;
  }
  return undefined;
}

type Position = { lat: number; lon: number; accuracyM: number | null } | { error: string };

function readShape(shape: XmlNode): Position {
  const crs = checkCrs(shape.attrs.srsName);
  if (crs !== null) return { error: crs };
  switch (shape.name) {
    case 'Point':
      return readPos(child(shape, 'pos'), null);
    case 'Circle':
    case 'Sphere':
      return readPos(child(shape, 'pos'), readMetres(child(shape, 'radius')));
    case 'Ellipse':
    case 'Ellipsoid':
      // The semi-major axis is the largest horizontal error: a conservative single radius.
      return readPos(child(shape, 'pos'), readMetres(child(shape, 'semiMajorAxis')));
    case 'Polygon':
      return readPolygon(shape);
    case 'Prism': {
      const polygon = descendant(shape, 'Polygon');
      return polygon ? readPolygon(polygon) : { error: 'PIDF-LO Prism has no base polygon' };
    }
    default:
      return { error: `PIDF-LO shape ${shape.name} is not supported` };
  }
}

/** Null when the CRS is WGS 84 (2D 4326 or 3D 4979) or absent; otherwise the reason it is refused. */
function checkCrs(srsName: string | undefined): string | null {
  if (srsName === undefined || srsName.trim() === '') return null;
  const code = /EPSG(?::[^:]*)?:+(\d+)$|EPSG\/\d+(?:\.\d+)*\/(\d+)$/i.exec(srsName.trim());
  const epsg = code?.[1] ?? code?.[2];
  if (epsg === GEODETIC_2D || epsg === GEODETIC_3D) return null;
  return `PIDF-LO uses an unsupported coordinate reference system: ${srsName}`;
}

function readPos(pos: XmlNode | undefined, accuracyM: number | null): Position {
  if (!pos) return { error: 'PIDF-LO shape has no <pos> element' };
  const point = parseCoordinates(pos.text, 1);
  if ('error' in point) return point;
  const [first] = point.points;
  if (!first) return { error: 'PIDF-LO <pos> is empty' };
  return { lat: first[0], lon: first[1], accuracyM };
}

function readPolygon(polygon: XmlNode): Position {
  const ring = descendant(polygon, 'LinearRing');
  if (!ring) return { error: 'PIDF-LO Polygon has no exterior LinearRing' };
  const posList = child(ring, 'posList');
  let points: Array<[number, number]> = [];
  if (posList) {
    const dimension = parseDecimal(posList.attrs.srsDimension ?? '') === 3 ? 3 : 2;
    const parsed = parseCoordinates(posList.text, dimension);
    if ('error' in parsed) return parsed;
    points = parsed.points;
  } else {
    for (const pos of ring.children.filter((c) => c.name === 'pos')) {
      const parsed = parseCoordinates(pos.text, 1);
      if ('error' in parsed) return parsed;
      points.push(...parsed.points);
    }
  }
  const last = points.at(-1);
  const first = points[0];
  if (points.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) points.pop();
  if (points.length < 3) return { error: 'PIDF-LO Polygon has fewer than three distinct points' };
  const lat = points.reduce((sum, p) => sum + p[0], 0) / points.length;
  const lon = points.reduce((sum, p) => sum + p[1], 0) / points.length;
  const accuracyM = Math.max(...points.map((p) => distanceMetres(lat, lon, p[0], p[1])));
  return { lat, lon, accuracyM: Math.round(accuracyM) };
}

/**
 * Reads "lat lon [alt]" tuples. With dimension 1 the text is a single <pos> of 2 or 3 numbers;
 * otherwise it is a <posList> of `dimension` numbers per point.
 */
function parseCoordinates(
  text: string,
  dimension: number,
): { points: Array<[number, number]> } | { error: string } {
  const parts = text.trim().split(/\s+/).filter(Boolean);
  const numbers = parts.map((part) => parseDecimal(part));
  if (numbers.some((n) => n === null))
    return { error: `PIDF-LO coordinates are not numbers: "${text.trim()}"` };
  const values = numbers as number[];
  const step = dimension === 1 ? values.length : dimension;
  if (dimension === 1 && (values.length < 2 || values.length > 3)) {
    return { error: `PIDF-LO <pos> needs 2 or 3 numbers, got ${values.length}` };
  }
  if (step < 2 || values.length % step !== 0)
    return { error: 'PIDF-LO <posList> has a ragged number of values' };
  const points: Array<[number, number]> = [];
  for (let i = 0; i < values.length; i += step) {
    const lat = values[i]!;
    const lon = values[i + 1]!;
    if (!isValidLatLon(lat, lon)) return { error: `PIDF-LO position out of range: ${lat} ${lon}` };
    points.push([lat, lon]);
  }
  return { points };
}

/** A length in metres; null when missing, not a number, negative or in another unit. */
function readMetres(node: XmlNode | undefined): number | null {
  if (!node) return null;
  const uom = node.attrs.uom;
  if (uom !== undefined && !uom.trim().endsWith(`:${METRES_UOM}`)) return null;
  const value = parseDecimal(node.text);
  return value !== null && value >= 0 ? value : null;
}

/** RFC 7459 <confidence> is a percentage; returned as a fraction. */
function readConfidence(info: XmlNode): number | null {
  const value = parseDecimal(child(info, 'confidence')?.text);
  if (value === null || value <= 0 || value > 100) return null;
  return value / 100;
}

function readTimestamp(holder: XmlNode | undefined): number | null {
  const stamp = textOf(holder ? child(holder, 'timestamp') : undefined);
  if (stamp === null) return null;
  const time = Date.parse(stamp);
  return Number.isFinite(time) ? time : null;
}

function toNodes(entries: OrderedEntry[]): XmlNode[] {
  const nodes: XmlNode[] = [];
  for (const entry of entries) {
    const name = Object.keys(entry).find((key) => key !== ':@');
    if (name === undefined || name === '#text' || name.startsWith('?')) continue;
    const rawChildren = entry[name];
    const children = Array.isArray(rawChildren) ? (rawChildren as OrderedEntry[]) : [];
    const attrs: Record<string, string> = {};
    const rawAttrs = entry[':@'];
    if (rawAttrs && typeof rawAttrs === 'object') {
      for (const [key, value] of Object.entries(rawAttrs as Record<string, unknown>))
        attrs[key] = String(value);
    }
    const text = children
      .map((c) => c['#text'])
      .filter((t) => t !== undefined)
      .map(String)
      .join(' ')
      .trim();
    nodes.push({ name, attrs, children: toNodes(children), text });
  }
  return nodes;
}

function collect(
  node: XmlNode,
  ancestors: XmlNode[],
  name: string,
  out: Array<{ info: XmlNode; ancestors: XmlNode[] }>,
): void {
  if (node.name === name) {
    out.push({ info: node, ancestors });
    return;
  }
  for (const c of node.children) collect(c, [...ancestors, node], name, out);
}

function nearest(ancestors: XmlNode[], test: (node: XmlNode) => boolean): XmlNode | undefined {
  for (let i = ancestors.length - 1; i >= 0; i -= 1) {
    const node = ancestors[i]!;
    if (test(node)) return node;
  }
  return undefined;
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

function descendant(node: XmlNode, name: string): XmlNode | undefined {
  for (const c of node.children) {
    if (c.name === name) return c;
    const found = descendant(c, name);
    if (found) return found;
  }
  return undefined;
}

function textOf(node: XmlNode | undefined): string | null {
  const text = node?.text.trim();
  return text ? text : null;
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}
