// Sessions over HTTP: login with lockout after repeated failures, logout that revokes at once, and the auth guard.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../domain/errors.ts';
import { commandsFor } from '../domain/policy.ts';
import type { Actor, Role } from '../domain/types.ts';
import type { User, UserStore } from '../store/users.ts';

export const SESSION_COOKIE = 'pinisi_session';
const LOCKOUT_FAILURES = 5;
const LOCKOUT_WINDOW_MS = 15 * 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

export function actorOf(user: User): Actor {
  return { userId: user.id, role: user.role, agencyId: user.agencyId };
}

/** Looks up the session cookie on every request; routes then call `requireUser`. */
export function registerSessionLookup(app: FastifyInstance, users: UserStore): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.user = token ? await users.userForToken(token) : null;
  });
}

export function requireUser(roles?: readonly Role[]) {
  return async (request: FastifyRequest) => {
    if (!request.user) throw new DomainError('auth.required', 'Not logged in');
    if (roles && !roles.includes(request.user.role)) {
      throw new DomainError('role.forbidden', `Not allowed for the ${request.user.role} role`);
    }
  };
}

const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  agencyId: Type.Union([Type.String(), Type.Null()]),
});
const MeSchema = Type.Object({ user: UserSchema, commands: Type.Array(Type.String()) });

const me = (user: User) => ({ user, commands: commandsFor(user.role) });

export function registerAuthRoutes(
  app: FastifyInstance,
  users: UserStore,
  options: { cookieSecure: boolean; now: () => number; onLogout?: (token: string) => void },
): void {
  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { username, password } = request.body as { username: string; password: string };
      const now = options.now();
      if ((await users.recentFailures(username, now - LOCKOUT_WINDOW_MS)) >= LOCKOUT_FAILURES) {
        throw new DomainError('auth.locked', 'Too many failed logins; wait 15 minutes');
      }
      const session = await users.login(username, password, request.ip, now);
      if (!session) throw new DomainError('auth.failed', 'Wrong username or password');
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.cookieSecure,
        path: '/',
      });
      return me(session.user);
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      await users.logout(token, options.now());
      options.onLogout?.(token);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get(
    '/api/me',
    { onRequest: requireUser(), schema: { tags: ['auth'], response: { 200: MeSchema } } },
    async (request) => {
      const token = request.cookies[SESSION_COOKIE]!;
      await users.touch(token, options.now());
      return me(request.user!);
    },
  );
}
