// One POST route per command type: schema-validated body, required Idempotency-Key, answered after commit.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { COMMAND_SCHEMAS, COMMAND_TYPES, type Command } from '../../domain/commands.ts';
import { DomainError } from '../../domain/errors.ts';
import { CommandAnswer } from '../../protocol/bodies.ts';
import { actorOf, requireUser } from '../auth.ts';
import type { Engine } from '../engine.ts';
import { errorReply } from '../errors.ts';

const Headers = Type.Object({
  'idempotency-key': Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' }),
});

export function registerCommandRoutes(app: FastifyInstance, engine: Engine): void {
  for (const type of COMMAND_TYPES) {
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
        const outcome = await engine
          .execute(type, request.body as Command['payload'], actorOf(user), `${user.id}:${key}`)
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
        return { seq: outcome.seq, result: outcome.result };
      },
    );
  }
}
