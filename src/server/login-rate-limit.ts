// How many sign-in requests are answered a minute: per username from one address, and a wider ceiling per address.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';

/**
 * Sign-in requests a minute for one username from one address. A whole room behind one address (NAT) signs in at
 * once at shift change, 7–20 consoles and their typing mistakes: counting per address alone (20 a minute until
 * 2026-12-01) turned the last of them away. Wrong passwords are slowed further by the growing delays of
 * login-throttle.ts, which this does not replace.
 */
const LOGIN_REQUESTS_PER_USERNAME = 20;
/**
 * Sign-in requests a minute from one address whatever the usernames: room for 30 consoles behind one address with
 * three tries each, and a bound on one password tried against many usernames (each try costs an argon2 hash).
 */
const LOGIN_REQUESTS_PER_ADDRESS = 100;
const MINUTE_MS = 60_000;

/** The route's own limit (`config.rateLimit`), counted before the body is read: per address. */
export const perAddressLimit = {
  rateLimit: { max: LOGIN_REQUESTS_PER_ADDRESS, timeWindow: MINUTE_MS },
} as const;

/** Refuses the request (429, `Retry-After`) once this username from this address has used its requests this minute. */
export function perUsernameLimit(app: FastifyInstance) {
  const count = app.createRateLimit({
    max: LOGIN_REQUESTS_PER_USERNAME,
    timeWindow: MINUTE_MS,
    keyGenerator: (request) => {
      const body = request.body as { username?: unknown } | undefined;
      // Called after the body's schema check: the username is a string of at most 64 characters.
      return JSON.stringify([request.ip, String(body?.username ?? '')]);
    },
  });
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const counted = await count(request);
    if (counted.isAllowed || !counted.isExceeded) return;
    reply.header('retry-after', String(counted.ttlInSeconds));
    throw new DomainError(
      'rate_limited',
      `Too many sign-in requests for this username from this address; try again in ${counted.ttlInSeconds} s`,
    );
  };
}
