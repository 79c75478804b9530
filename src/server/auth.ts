// Sessions over HTTP: login throttled per username and address, logout that revokes at once, and the auth guard.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../domain/errors.ts';
import { commandsFor, may, type Permission } from '../domain/policy.ts';
import type { Actor } from '../domain/types.ts';
import { FailedLoginsBody, OkBody, SecondFactorDueBody, SessionBody } from '../protocol/bodies.ts';
import { CHALLENGE_MS, type SecondFactorStore } from '../store/second-factors.ts';
import type { User, UserStore } from '../store/users.ts';
import type { Engine } from './engine.ts';
import { errorReply } from './errors.ts';
import { perAddressLimit, perUsernameLimit } from './login-rate-limit.ts';
import { nextTryAt, THROTTLE_WINDOW_MS } from './login-throttle.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

/** Printable text without control characters (a NUL byte cannot be stored by PostgreSQL). */
const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001f\\u007f]+$';

export const SESSION_COOKIE = 'pinisi_session';
/** The sign-in step between a right password and the authenticator code (HttpOnly, for the code step only). */
export const CHALLENGE_COOKIE = 'pinisi_challenge';
const CHALLENGE_PATH = '/api/auth/second-factor';

type CookieSecure = boolean | 'auto';

/** 'auto': Secure whenever this request came over HTTPS (X-Forwarded-Proto counts only from a trusted proxy). */
const secureFor = (request: FastifyRequest, cookieSecure: CookieSecure) =>
  cookieSecure === 'auto' ? request.protocol === 'https' : cookieSecure;

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  options: { cookieSecure: CookieSecure; maxMs: number },
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: secureFor(request, options.cookieSecure),
    path: '/',
    maxAge: Math.floor(options.maxMs / 1000),
  });
}

export function setChallengeCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string | null,
  cookieSecure: CookieSecure,
): void {
  if (token === null) {
    reply.clearCookie(CHALLENGE_COOKIE, { path: CHALLENGE_PATH });
    return;
  }
  reply.setCookie(CHALLENGE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: secureFor(request, cookieSecure),
    path: CHALLENGE_PATH,
    maxAge: Math.floor(CHALLENGE_MS / 1000),
  });
}

/** Refuses a try of this username from this address while its failures (passwords and codes alike) say wait. */
export async function checkThrottle(
  users: UserStore,
  username: string,
  request: FastifyRequest,
  reply: FastifyReply,
  now: number,
): Promise<void> {
  // Throttled per username AND address: someone else's failures never keep the right password out.
  const attempts = await users.recentAttempts(username, request.ip, now - THROTTLE_WINDOW_MS);
  const retryAt = nextTryAt(attempts, now);
  if (retryAt === null) return;
  const seconds = Math.ceil((retryAt - now) / 1000);
  reply.header('retry-after', String(seconds));
  throw new DomainError(
    'auth.throttled',
    `Too many failed logins from this address; try again in ${seconds} s`,
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

export function actorOf(user: User): Actor {
  return { userId: user.id, role: user.role, agencyId: user.agencyId, unitId: user.unitId };
}

/** Looks up the session cookie on every request and marks the session in use; routes then call `requireUser`. */
export function registerSessionLookup(app: FastifyInstance, users: UserStore, now: () => number): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.user = token ? await users.userForToken(token, now()) : null;
    if (request.user && token) await users.seen(token, now());
  });
  // The crew app's service worker (web/sw.ts) keeps for offline use only answers marked with their crew's user id:
  // on a phone a crew shares, a dispatcher or liaison who signs in leaves nothing of theirs in its cache.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' && request.user?.role === 'responder' && request.url.startsWith('/api/'))
      reply.header('x-pinisi-offline-owner', request.user.id);
    return payload;
  });
}

/**
 * A signed-in user whose role has this permission in the one table (src/domain/policy.ts). A user on a temporary
 * password may do nothing but choose a new one (and read who they are); one whose role requires a second factor not
 * yet set up, nothing but set it up.
 */
export function requireUser(
  permission?: Permission,
  options: { temporaryPassword?: boolean; secondFactorSetup?: boolean } = {},
) {
  return async (request: FastifyRequest) => {
    if (!request.user) throw new DomainError('auth.required', 'Not logged in');
    if (request.user.mustChangePassword && !options.temporaryPassword) {
      throw new DomainError('auth.password_change_required', 'Choose a new password first');
    }
    if (request.user.mustEnrolSecondFactor && !options.secondFactorSetup) {
      throw new DomainError('auth.second_factor_required', 'Set up two-step verification first');
    }
    if (permission && !may(request.user.role, permission)) {
      throw new DomainError('role.forbidden', `The ${request.user.role} role may not ${permission}`);
    }
  };
}

export const me = (user: User) => ({ user, commands: commandsFor(user.role) });

export function registerAuthRoutes(
  app: FastifyInstance,
  users: UserStore,
  options: {
    cookieSecure: CookieSecure;
    now: () => number;
    onLogout?: (token: string) => void;
    engine: Engine;
    factors: SecondFactorStore;
  },
): void {
  const limitPerUsername = perUsernameLimit(app);
  app.post(
    '/api/auth/login',
    {
      config: perAddressLimit,
      preHandler: limitPerUsername,
      schema: {
        tags: ['auth'],
        // Signed in, or (for an account with a second factor) the code is due: POST /api/auth/second-factor.
        response: { 200: Type.Union([SessionBody, SecondFactorDueBody]) },
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64, pattern: NO_CONTROL_CHARACTERS }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { username, password } = request.body as { username: string; password: string };
      const now = options.now();
      await checkThrottle(users, username, request, reply, now);
      const user = await users.checkLogin(username, password, request.ip, now);
      if (!user) throw new DomainError('auth.failed', 'Wrong username or password');
      if (user.secondFactor) {
        setChallengeCookie(
          request,
          reply,
          await options.factors.openChallenge(user.id, now),
          options.cookieSecure,
        );
        return { secondFactor: 'totp' as const };
      }
      setSessionCookie(request, reply, await users.openSession(user, request.ip, now), {
        cookieSecure: options.cookieSecure,
        maxMs: users.limits.maxMs,
      });
      return me(user);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], response: { 200: OkBody } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        await users.logout(token, options.now());
        options.onLogout?.(token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/failures',
    {
      onRequest: requireUser('failed_logins.read'),
      schema: {
        tags: ['auth'],
        querystring: Type.Object(
          { minutes: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: FailedLoginsBody },
      },
    },
    async (request) => {
      const minutes = Math.min(
        Math.max(Number((request.query as { minutes?: string }).minutes ?? 60), 1),
        1440,
      );
      const since = options.now() - minutes * 60_000;
      return { since, failures: await users.failedLogins(since) };
    },
  );

  app.get(
    '/api/me',
    {
      onRequest: requireUser(undefined, { temporaryPassword: true, secondFactorSetup: true }),
      schema: { tags: ['auth'], response: { 200: SessionBody } },
    },
    async (request) => me(request.user!),
  );

  // One's own new password: the current one is checked first, the change is the command user.change_password.
  app.post(
    '/api/auth/password',
    {
      onRequest: requireUser(undefined, { temporaryPassword: true, secondFactorSetup: true }),
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        headers: Type.Object({
          'idempotency-key': Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' }),
        }),
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
            newPassword: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { currentPassword, newPassword } = request.body as {
        currentPassword: string;
        newPassword: string;
      };
      if (!(await users.checkPassword(user.id, currentPassword)))
        throw new DomainError('auth.current_password', 'The current password is wrong', 'currentPassword');
      const problem = passwordProblem(user.username, newPassword);
      if (problem) throw new DomainError('auth.password_policy', problem, 'newPassword');
      if (newPassword === currentPassword)
        throw new DomainError(
          'auth.password_policy',
          'Choose a password other than the current one',
          'newPassword',
        );
      const key = (request.headers as { 'idempotency-key': string })['idempotency-key'];
      const outcome = await options.engine.execute(
        'user.change_password',
        {},
        actorOf(user),
        `${user.id}:${key}`,
        await hashPassword(newPassword),
      );
      if (!outcome.ok) return errorReply(reply, outcome.error);
      users.forgetUser(user.id);
      return me({ ...user, mustChangePassword: false });
    },
  );
}
