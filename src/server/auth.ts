// Sessions over HTTP: login throttled per username and address, logout that revokes at once, and the auth guard.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../domain/errors.ts';
import { commandsFor, may, type Permission } from '../domain/policy.ts';
import type { Actor } from '../domain/types.ts';
import { FailedLoginsBody, OkBody, SessionBody } from '../protocol/bodies.ts';
import type { User, UserStore } from '../store/users.ts';
import type { Engine } from './engine.ts';
import { errorReply } from './errors.ts';
import { nextTryAt, THROTTLE_WINDOW_MS } from './login-throttle.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

/** Printable text without control characters (a NUL byte cannot be stored by PostgreSQL). */
const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001f\\u007f]+$';

export const SESSION_COOKIE = 'pinisi_session';

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
}

/**
 * A signed-in user whose role has this permission in the one table (src/domain/policy.ts). A user on a temporary
 * password may do nothing but choose a new one (and read who they are).
 */
export function requireUser(permission?: Permission, options: { temporaryPassword?: boolean } = {}) {
  return async (request: FastifyRequest) => {
    if (!request.user) throw new DomainError('auth.required', 'Not logged in');
    if (request.user.mustChangePassword && !options.temporaryPassword) {
      throw new DomainError('auth.password_change_required', 'Choose a new password first');
    }
    if (permission && !may(request.user.role, permission)) {
      throw new DomainError('role.forbidden', `The ${request.user.role} role may not ${permission}`);
    }
  };
}

const me = (user: User) => ({ user, commands: commandsFor(user.role) });

export function registerAuthRoutes(
  app: FastifyInstance,
  users: UserStore,
  options: {
    cookieSecure: boolean | 'auto';
    now: () => number;
    onLogout?: (token: string) => void;
    engine: Engine;
  },
): void {
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        response: { 200: SessionBody },
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
      // Throttled per username AND address: someone else's failures never keep the right password out.
      const attempts = await users.recentAttempts(username, request.ip, now - THROTTLE_WINDOW_MS);
      const retryAt = nextTryAt(attempts, now);
      if (retryAt !== null) {
        const seconds = Math.ceil((retryAt - now) / 1000);
        reply.header('retry-after', String(seconds));
        throw new DomainError(
          'auth.throttled',
          `Too many failed logins from this address; try again in ${seconds} s`,
        );
      }
      const session = await users.login(username, password, request.ip, now);
      if (!session) throw new DomainError('auth.failed', 'Wrong username or password');
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        // 'auto': Secure whenever this request came over HTTPS (X-Forwarded-Proto counts only from a trusted proxy).
        secure: options.cookieSecure === 'auto' ? request.protocol === 'https' : options.cookieSecure,
        path: '/',
        maxAge: Math.floor(users.limits.maxMs / 1000),
      });
      return me(session.user);
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
      onRequest: requireUser(undefined, { temporaryPassword: true }),
      schema: { tags: ['auth'], response: { 200: SessionBody } },
    },
    async (request) => me(request.user!),
  );

  // One's own new password: the current one is checked first, the change is the command user.change_password.
  app.post(
    '/api/auth/password',
    {
      onRequest: requireUser(undefined, { temporaryPassword: true }),
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
