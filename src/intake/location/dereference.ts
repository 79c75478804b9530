// Fetches a location given by reference (RFC 6442 Geolocation URI: HELD dereference, RFC 6753 / RFC 5985) over HTTP(S).
import { parsePidfLo } from './pidf-lo.ts';
import type { LocationResult } from './types.ts';

/** A HELD locationRequest asking for any location the LIS has (RFC 5985 §6.1). */
const HELD_REQUEST =
  '<?xml version="1.0"?>\n<locationRequest xmlns="urn:ietf:params:xml:ns:geopriv:held">' +
  '<locationType exact="false">any</locationType></locationRequest>';
const MAX_BYTES = 64 * 1024;
/** A location by reference is fetched beside the routing; the call taker sees "not retrievable" after this long. */
export const DEFAULT_LOCATION_FETCH_TIMEOUT_MS = 3_000;

export interface DereferenceOptions {
  /** The whole exchange (HELD POST, then GET when the server refuses POST) must end within this. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

/**
 * Dereferences an http(s) location URI: a HELD POST (RFC 6753 §4), falling back to a plain GET (RFC 6753 §5) when the
 * server refuses the POST, and translates the PIDF-LO it answers with. Other schemes (sip:, pres:) are not fetched.
 * Never throws.
 */
export async function dereferenceLocation(uri: string, options: DereferenceOptions): Promise<LocationResult> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { ok: false, error: 'the reference is not a URI' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, error: `a ${url.protocol} reference cannot be fetched over HTTP` };
  if (url.username || url.password)
    return { ok: false, error: 'a reference with credentials is not fetched' };
  const get = options.fetch ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    let answer = await get(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/held+xml;charset=utf-8',
        accept: 'application/held+xml, application/pidf+xml',
      },
      body: HELD_REQUEST,
      redirect: 'error',
      signal,
    });
    if (answer.status === 405 || answer.status === 415 || answer.status === 501) {
      await answer.body?.cancel();
      answer = await get(url, { headers: { accept: 'application/pidf+xml' }, redirect: 'error', signal });
    }
    if (!answer.ok) {
      await answer.body?.cancel();
      return { ok: false, error: `the location server answered HTTP ${answer.status}` };
    }
    const text = await readLimited(answer);
    if (text === null) return { ok: false, error: `the location server sent more than ${MAX_BYTES} bytes` };
    const heldError = /<(?:\w+:)?error\b[^>]*\bcode\s*=\s*"([^"]*)"/.exec(text);
    if (heldError && !/<(?:\w+:)?presence\b/.test(text))
      return { ok: false, error: `the location server answered HELD error ${heldError[1]}` };
    return parsePidfLo(text);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError')
      return { ok: false, error: `no answer from the location server within ${options.timeoutMs} ms` };
    return { ok: false, error: `the location server could not be reached: ${String(error)}` };
  }
}

async function readLimited(answer: Response): Promise<string | null> {
  const reader = answer.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
