// Sessions over HTTP: login with lockout after repeated failures, logout that revokes at once, and the auth guard.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { commandsFor } from '../domain/policy.ts';
import type { Actor, Role } from '../domain/types.ts';
import type { User, UserStore } from '../store/users.ts';
import type { ErrorBody } from './errors.ts';

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

function unauthorized(reply: FastifyReply, message = 'Not logged in'): FastifyReply {
  const body: ErrorBody = { error: { kind: 'unauthorized', code: 'auth.required', message, field: null } };
  return reply.code(401).send(body);
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
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.user) return unauthorized(reply);
    if (roles && !roles.includes(request.user.role)) {
      const body: ErrorBody = {
        error: {
          kind: 'forbidden',
          code: 'role.forbidden',
          message: `Not allowed for the ${request.user.role} role`,
          field: null,
        },
      };
      return reply.code(403).send(body);
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
        const body: ErrorBody = {
          error: {
            kind: 'rate_limited',
            code: 'auth.locked',
            message: 'Too many failed logins; wait 15 minutes',
            field: null,
          },
        };
        return reply.code(429).send(body);
      }
      const session = await users.login(username, password, request.ip, now);
      if (!session) return unauthorized(reply, 'Wrong username or password');
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
