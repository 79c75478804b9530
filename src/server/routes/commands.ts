// One POST route per command type: schema-validated body, required Idempotency-Key, answered after commit.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { COMMAND_SCHEMAS, COMMAND_TYPES, type Command, type CommandType } from '../../domain/commands.ts';
import { DomainError } from '../../domain/errors.ts';
import { CommandAnswer } from '../../protocol/bodies.ts';
import { actorOf, requireUser } from '../auth.ts';
import { newDeviceSecret } from '../devices.ts';
import type { Engine } from '../engine.ts';
import { errorReply } from '../errors.ts';
import { hashPassword, temporaryPassword } from '../passwords.ts';

const Headers = Type.Object({
  'idempotency-key': Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' }),
});

/** Commands that give an account a temporary password, made here, hashed beside the command, shown once. */
const GIVES_TEMPORARY_PASSWORD: ReadonlySet<CommandType> = new Set(['user.create', 'user.reset_password']);
/** A tracker's registration: the secret is made here, its digest decided and logged, the secret shown once. */
const GIVES_DEVICE_SECRET: ReadonlySet<CommandType> = new Set(['device.register']);
/** Sent by other routes that check more first: one's own password (POST /api/auth/password). */
const NOT_ROUTED: ReadonlySet<CommandType> = new Set(['user.change_password']);

export function registerCommandRoutes(app: FastifyInstance, engine: Engine): void {
  for (const type of COMMAND_TYPES.filter((t) => !NOT_ROUTED.has(t))) {
    const givesPassword = GIVES_TEMPORARY_PASSWORD.has(type);
    const givesSecret = GIVES_DEVICE_SECRET.has(type);
    app.post(
      `/api/commands/${type}`,
      {
        onRequest: requireUser(),
        schema: {
          tags: ['commands'],
          headers: Headers,
          body: COMMAND_SCHEMAS[type],
          response: { 200: CommandAnswer },
        },
      },
      async (request, reply) => {
        const key = (request.headers as { 'idempotency-key': string })['idempotency-key'];
        const user = request.user!;
        const password = givesPassword ? temporaryPassword() : null;
        const hash = password === null ? null : await hashPassword(password);
        const device = givesSecret ? newDeviceSecret() : null;
        const payload = request.body as Command['payload'];
        const outcome = await engine
          .execute(type, payload, actorOf(user), `${user.id}:${key}`, hash, device?.secretHash ?? null)
          .catch((cause: unknown) => {
            throw new DomainError(
              'command.not_recorded',
              'Internal error; the command was not recorded',
              null,
              {
                cause,
              },
            );
          });
        if (!outcome.ok) return errorReply(reply, outcome.error);
        // The temporary password is in no record: a repeated request did not set it, so it gets none.
        const shown =
          password !== null
            ? { temporaryPassword: outcome.repeated ? null : password }
            : device !== null
              ? { secret: outcome.repeated ? null : device.secret }
              : {};
        return { seq: outcome.seq, result: { ...outcome.result, ...shown } };
      },
    );
  }
}
