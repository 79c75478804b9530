// HTTP calls to the Pinisi server: JSON in and out, commands with idempotency keys, errors as ApiError.

import type { CommandPayload, CommandType } from '../../src/domain/commands.ts';
import type { CommandResults } from '../../src/domain/decide.ts';
import type { ErrorBody } from '../../src/protocol/error-body.ts';
import { ServerClock } from './server-clock.ts';

type SopFault = NonNullable<ErrorBody['faults']>[number];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  /** The faults of an SOP document the server refused (`sop.invalid`). */
  readonly faults: SopFault[];

  constructor(
    status: number,
    code: string,
    message: string,
    field: string | null = null,
    faults: SopFault[] = [],
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.faults = faults;
  }

  /** No answer from the server: the same action may be retried with the same idempotency key. */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** Any failure as an ApiError: a thrown ApiError as it is, anything else as an unknown one. */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e));
}

async function toError(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // not JSON (a proxy's error page): keep the status only
  }
  const fallback =
    response.status === 401 ? 'auth.required' : response.status === 400 ? 'validation' : 'unknown';
  const code = body.error?.code ?? fallback;
  const message = body.error?.message ?? response.statusText;
  return new ApiError(response.status, code, message, normalizeField(body.error?.field ?? null), body.faults);
}

/** "/location/desa" (JSON pointer) and "location.desa" both become "location.desa". */
function normalizeField(field: string | null): string | null {
  if (!field) return null;
  return field.replace(/^\//, '').replaceAll('/', '.') || null;
}

/** The server's clock as the answers so far tell it. */
const serverClock = new ServerClock();

/**
 * The server's time now as this device best knows it: a phone whose clock is set wrong still stamps a crew's press
 * of a button with a time the server accepts (it refuses one in the future).
 */
export function serverNow(): number {
  return Math.round(Date.now() + serverClock.offset());
}

/** Light answers asked for the clock alone, once the page has settled, and how far apart. */
const CLOCK_PROBES = 3;
const CLOCK_PROBE_GAP_MS = 1_000;
const CLOCK_REFRESH_MS = 10 * 60_000;

/**
 * Keeps the server's clock known closely on a page that stamps presses with it (the crew's): the answers of its
 * start-up come while the page is busy loading, and their round trips (seconds on a loaded phone) leave the clock up
 * to half of one off. A few light answers once it has settled, then one now and then, bring the error down to half
 * of their round trip. A probe without a network fails quietly. Returns the stop.
 */
export function keepServerClock(): () => void {
  let sent = 0;
  let timer: ReturnType<typeof setTimeout>;
  const probe = () => {
    sent += 1;
    request('/api/config').catch(() => {});
    timer = setTimeout(probe, sent < CLOCK_PROBES ? CLOCK_PROBE_GAP_MS : CLOCK_REFRESH_MS);
  };
  timer = setTimeout(probe, CLOCK_PROBE_GAP_MS);
  return () => clearTimeout(timer);
}

/**
 * Asked by index.html's preload as the page starts, before this code runs: the answer a page's first GET of it gets
 * may have come long before the call, so its time teaches the server's clock nothing (and would seem the best sample).
 */
const PRELOADED = '/api/me';

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  const sentAt = Date.now();
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      ...init,
      headers: {
        Accept: 'application/json',
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  } catch {
    throw new ApiError(0, 'network', 'network error');
  }
  if (path !== PRELOADED)
    serverClock.learn({
      serverTime: Number(response.headers.get('x-server-time')),
      sentAt,
      receivedAt: Date.now(),
    });
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const getJson = <T>(path: string) => request<T>(path);
export const postJson = <T>(path: string, body: unknown, headers: Record<string, string> = {}) =>
  request<T>(path, { method: 'POST', body: JSON.stringify(body), headers });

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An accepted command (src/protocol/bodies.ts `CommandAnswer`) with its result as its decide handler returns it. */
export interface CommandAnswer<T extends CommandType = CommandType> {
  seq: number;
  result: CommandResults[T];
}

export function sendCommand<T extends CommandType>(
  type: T,
  payload: CommandPayload<T>,
  idempotencyKey: string,
): Promise<CommandAnswer<T>> {
  return postJson<CommandAnswer<T>>(`/api/commands/${type}`, payload, { 'Idempotency-Key': idempotencyKey });
}
