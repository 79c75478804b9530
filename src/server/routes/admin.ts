// Administration reads: the accounts with their failed logins, one account's sessions, the tracker devices (the
// changes are commands).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import { AccountSessionsBody, AccountsBody, DevicesBody } from '../../protocol/bodies.ts';
import type { UserStore } from '../../store/users.ts';
import { requireUser } from '../auth.ts';
import type { Engine } from '../engine.ts';
import { THROTTLE_WINDOW_MS } from '../login-throttle.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export function registerAdminRoutes(app: FastifyInstance, deps: { engine: Engine; users: UserStore }): void {
  const { engine, users } = deps;

  app.get(
    '/api/admin/users',
    { onRequest: requireUser('users.read'), schema: { tags: ['admin'], response: { 200: AccountsBody } } },
    async () => {
      const failures = await users.failedLogins(engine.now() - THROTTLE_WINDOW_MS);
      return [...engine.state.users.values()]
        .sort((a, b) => a.username.localeCompare(b.username))
        .map((account) => ({
          account,
          // Only failures after the last unlock still throttle.
          failedLogins: failures
            .filter((f) => f.username === account.username && f.lastAt > (account.unlockedAt ?? 0))
            .map((f) => ({ ip: f.ip, failures: f.failures, lastAt: f.lastAt })),
        }));
    },
  );

  app.get(
    '/api/admin/users/:id/sessions',
    {
      onRequest: requireUser('users.read'),
      schema: { tags: ['admin'], params: IdParams, response: { 200: AccountSessionsBody } },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      if (!engine.state.users.has(id)) throw notFound('user.not_found', `User ${id} does not exist`, 'id');
      return users.sessionsOf(id, engine.now());
    },
  );

  app.get(
    '/api/admin/devices',
    { onRequest: requireUser('devices.read'), schema: { tags: ['admin'], response: { 200: DevicesBody } } },
    async () =>
      [...engine.state.devices.values()]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map(({ id, unitId, active, registeredAt }) => ({ id, unitId, active, registeredAt })),
  );
}
