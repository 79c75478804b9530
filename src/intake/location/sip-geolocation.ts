// Finds the PIDF-LO a SIP INVITE carries by value (RFC 6442 Geolocation header + multipart body) and translates it.
import { parsePidfLo } from './pidf-lo.ts';
import type { LocationResult } from './types.ts';

/** What Kamailio can hand over: the Geolocation header value, the Content-Type header value and the body ($rb). */
export interface SipLocationInput {
  geolocationHeader?: string | null;
  contentType?: string | null;
  body?: string | null;
}

/** One URI of a Geolocation header, e.g. { uri: 'cid:target123@atlanta.example.com', params: { 'inserted-by': ... } }. */
export interface GeolocationValue {
  uri: string;
  params: Record<string, string>;
}

interface BodyPart {
  headers: Map<string, string>;
  body: string;
}

const MAX_SIP_BYTES = 256 * 1024;
const PIDF_TYPE = 'application/pidf+xml';
const HEADER_LINE = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)[ \t]*:(.*)$/;

/** Parses a whole raw SIP request (start line, headers, blank line, body) and returns the caller location. */
export function locationFromSipMessage(raw: string): SipLocation {
  try {
    if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, error: 'SIP message is empty' };
    if (raw.length > MAX_SIP_BYTES) return { ok: false, error: 'SIP message is too large' };
    const lines = raw.split(/\r?\n/);
    const headerLines: string[] = [];
    let index = 1; // line 0 is the request line
    for (; index < lines.length; index += 1) {
      const line = lines[index]!;
      if (line.trim() === '') {
        index += 1;
        break;
      }
      if (/^[ \t]/.test(line) && headerLines.length > 0) {
        headerLines[headerLines.length - 1] += ` ${line.trim()}`;
        continue;
      }
      if (!HEADER_LINE.test(line)) break; // no blank line before the body: the body starts here
      headerLines.push(line);
    }
    const headers = parseHeaderLines(headerLines);
    const contentType = headers.get('content-type') ?? headers.get('c') ?? null;
    return locationFromSip({
      geolocationHeader: headers.get('geolocation') ?? null,
      contentType,
      body: lines.slice(index).join('\n'),
    });
  } catch (error) {
    return { ok: false, error: `SIP message could not be read: ${String(error)}` };
  }
}

/** A location from a SIP request: by value, or the reference (HELD/LbyR URI) to fetch when it came by reference only. */
export type SipLocation = LocationResult & { reference?: string | null };

/** Finds the PIDF-LO named by the Geolocation header's cid (or the first pidf+xml part) and translates it. */
export function locationFromSip(input: SipLocationInput): SipLocation {
  try {
    const body = typeof input.body === 'string' ? input.body : '';
    const contentType = (input.contentType ?? '').trim();
    const values = input.geolocationHeader ? parseGeolocationHeader(input.geolocationHeader) : [];
    const cids = values
      .filter((v) => v.uri.toLowerCase().startsWith('cid:'))
      .map((v) => cidToContentId(v.uri));
    const reference = values.find((v) => !v.uri.toLowerCase().startsWith('cid:'))?.uri ?? null;
    const byReference = (): SipLocation => ({
      ok: false,
      error: `location is given by reference (${reference})`,
      reference,
    });
    if (body.trim() === '')
      return reference ? byReference() : { ok: false, error: 'SIP body is empty: no PIDF-LO' };
    if (body.length > MAX_SIP_BYTES) return { ok: false, error: 'SIP body is too large' };
    const pidf = findPidf(body, contentType, cids);
    if (!pidf) {
      if (reference) return byReference();
      return {
        ok: false,
        error:
          cids.length > 0
            ? `no body part with Content-ID <${cids[0]}> and no application/pidf+xml part`
            : 'no application/pidf+xml body',
      };
    }
    return parsePidfLo(pidf);
  } catch (error) {
    return { ok: false, error: `SIP body could not be read: ${String(error)}` };
  }
}

/**
 * Splits a Geolocation header value into its URIs and their parameters (comma-separated list). RFC 6442 puts each
 * URI in angle brackets; a bare URI (as some HELD senders write it) is read too.
 */
export function parseGeolocationHeader(value: string): GeolocationValue[] {
  const out: GeolocationValue[] = [];
  for (const element of splitOutsideBrackets(value)) {
    const match = /^\s*(?:<([^>]*)>|([^;\s<>]+))((?:\s*;\s*[^;]+)*)\s*$/.exec(element);
    if (!match) continue;
    const uri = (match[1] ?? match[2] ?? '').trim();
    if (uri === '' || !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) continue;
    const params: Record<string, string> = {};
    for (const piece of (match[3] ?? '').split(';')) {
      const trimmed = piece.trim();
      if (trimmed === '') continue;
      const eq = trimmed.indexOf('=');
      const key = (eq < 0 ? trimmed : trimmed.slice(0, eq)).trim().toLowerCase();
      const val =
        eq < 0
          ? ''
          : trimmed
              .slice(eq + 1)
              .trim()
              .replace(/^"(.*)"$/, '$1');
      params[key] = val;
    }
    out.push({ uri, params });
  }
  return out;
}

/** Commas separate the header's elements, except inside <…> and "…". */
function splitOutsideBrackets(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let angle = false;
  let quote = false;
  for (const ch of value) {
    if (ch === '"' && !angle) quote = !quote;
    else if (ch === '<' && !quote) angle = true;
    else if (ch === '>' && !quote) angle = false;
    if (ch === ',' && !angle && !quote) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.filter((e) => e.trim() !== '');
}

/** "cid:target123@atlanta.example.com" → "target123@atlanta.example.com" (RFC 2392 URL-decoding). */
function cidToContentId(uri: string): string {
  const raw = uri.slice(4).trim();
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function findPidf(body: string, contentType: string, cids: string[]): string | null {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const boundary = boundaryOf(contentType) ?? guessBoundary(body);
  if (mediaType.startsWith('multipart/') || (mediaType === '' && boundary)) {
    if (!boundary) return null;
    const parts = flatten(splitMultipart(body, boundary));
    for (const cid of cids) {
      const exact = parts.find((p) => stripAngles(p.headers.get('content-id')) === cid);
      const loose = parts.find(
        (p) => stripAngles(p.headers.get('content-id'))?.toLowerCase() === cid.toLowerCase(),
      );
      const found = exact ?? loose;
      if (found) return found.body;
    }
    return parts.find((p) => mediaTypeOf(p.headers.get('content-type')) === PIDF_TYPE)?.body ?? null;
  }
  if (mediaType === PIDF_TYPE || (mediaType === '' && body.trimStart().startsWith('<'))) return body;
  return null;
}

function flatten(parts: BodyPart[], depth = 0): BodyPart[] {
  const out: BodyPart[] = [];
  for (const part of parts) {
    const type = part.headers.get('content-type') ?? '';
    const inner = boundaryOf(type);
    if (depth < 2 && mediaTypeOf(type).startsWith('multipart/') && inner) {
      out.push(...flatten(splitMultipart(part.body, inner), depth + 1));
    } else {
      out.push(part);
    }
  }
  return out;
}

function boundaryOf(contentType: string): string | null {
  const match = /;\s*boundary\s*=\s*("([^"]+)"|[^;\s]+)/i.exec(contentType);
  if (!match) return null;
  return (match[2] ?? match[1] ?? '').trim() || null;
}

/** A body that opens with a delimiter line but came without a Content-Type. */
function guessBoundary(body: string): string | null {
  const first = body.split(/\r?\n/).find((line) => line.trim() !== '');
  const match = first ? /^--(\S+)\s*$/.exec(first) : null;
  return match?.[1] ?? null;
}

/**
 * Splits a multipart body. Tolerates CRLF or LF, trailing spaces on delimiter lines, delimiters written
 * without the leading "--" (seen in Microsoft's example), blank lines before part headers, and no blank
 * line between part headers and part body (RFC 6442 erratum 5027).
 */
function splitMultipart(body: string, boundary: string): BodyPart[] {
  const lines = body.split(/\r?\n/);
  const parts: string[][] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.trim();
    const isClose = trimmed === `--${boundary}--` || trimmed === `${boundary}--`;
    if (trimmed === `--${boundary}` || trimmed === boundary || isClose) {
      if (current) parts.push(current);
      current = isClose ? null : [];
      if (isClose) break;
      continue;
    }
    current?.push(line);
  }
  if (current) parts.push(current);
  return parts.map(parsePart);
}

function parsePart(lines: string[]): BodyPart {
  let index = 0;
  const firstText = lines.findIndex((line) => line.trim() !== '');
  if (firstText > 0 && HEADER_LINE.test(lines[firstText]!)) index = firstText;
  const headerLines: string[] = [];
  for (; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trim() === '') {
      index += 1;
      break;
    }
    if (!HEADER_LINE.test(line)) break;
    headerLines.push(line);
  }
  return { headers: parseHeaderLines(headerLines), body: lines.slice(index).join('\n').trim() };
}

/** Header names are case-insensitive: the map is keyed by lower-case name; the first occurrence wins. */
function parseHeaderLines(lines: string[]): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of lines) {
    const match = HEADER_LINE.exec(line);
    if (!match) continue;
    const name = match[1]!.toLowerCase();
    if (!headers.has(name)) headers.set(name, (match[2] ?? '').trim());
  }
  return headers;
}

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function stripAngles(value: string | undefined): string | undefined {
  return value
    ?.trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
}
