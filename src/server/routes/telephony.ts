// Telephony over HTTP: call takers' positions, the queue for the supervisor, number blocking; the AML endpoints beside it.
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Command } from '../../domain/commands.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/types.ts';
import { BlockJournal } from '../../intake/telephony/block-journal.ts';
import type { CommandSink, LiveCall } from '../../intake/telephony/brain.ts';
import { CallJournal } from '../../intake/telephony/call-journal.ts';
import { startTelephony, type TelephonyService } from '../../intake/telephony/service.ts';
import { actorOf, requireUser } from '../auth.ts';
import type { Engine } from '../engine.ts';
import { type AmlOptions, registerAmlRoutes } from './aml.ts';

const TELEPHONY_ACTOR: Actor = { userId: 'system:telephony', role: 'system', agencyId: null };

export interface TelephonyOptions {
  /** Kamailio evapi `host:port` (PINISI_EVAPI); null runs without SIP calls. */
  evapi: string | null;
  /** Where the block and call journals are kept; null keeps them in memory only (tests). */
  dataDir: string | null;
  /** PINISI_AML_SECRET and PINISI_AML_ALLOW: the AML endpoints stay closed without a secret. */
  aml: Pick<AmlOptions, 'secret' | 'allow'>;
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
}

const CENTRE = ['call_taker', 'dispatcher', 'supervisor', 'admin'] as const;
const TAKERS = ['call_taker', 'supervisor'] as const;
const SUPERVISORS = ['supervisor', 'admin'] as const;

const PositionId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' });
const Number_ = Type.String({ minLength: 3, maxLength: 32, pattern: '^[+0-9 ()-]+$' });
const Reason = Type.String({ minLength: 3, maxLength: 500 });
const strict = { additionalProperties: false } as const;

/** The server's command path as the brain sees it: `system` unless acting for the call taker who answered. */
function engineSink(engine: Engine, actors: Map<string, Actor>): CommandSink {
  return {
    async execute(type, payload, idempotencyKey, onBehalfOf = null) {
      const actor =
        onBehalfOf === null
          ? TELEPHONY_ACTOR
          : (actors.get(onBehalfOf) ?? { userId: onBehalfOf, role: 'call_taker', agencyId: null });
      const outcome = await engine.execute(
        type,
        payload as Command['payload'],
        actor,
        `${actor.userId}:${idempotencyKey}`,
      );
      if (!outcome.ok) throw outcome.error;
      return { result: outcome.result };
    },
  };
}

/** Starts the telephony brain beside the server and registers its routes; returns the service for shutdown. */
export function attachTelephony(
  app: FastifyInstance,
  engine: Engine,
  options: TelephonyOptions,
): TelephonyService {
  const actors = new Map<string, Actor>();
  const journal = new BlockJournal(options.dataDir ? join(options.dataDir, 'telephony-blocks.jsonl') : null);
  const calls = new CallJournal(options.dataDir ? join(options.dataDir, 'telephony-calls.jsonl') : null);
  const written = new Set<string>();
  const service = startTelephony(options.evapi, {
    onCall: (call) => {
      if ((call.state === 'ended' || call.state === 'abandoned') && !written.has(call.sipCallId)) {
        if (written.size > 10_000) written.clear();
        written.add(call.sipCallId);
        calls.append(call);
      }
    },
    commands: engineSink(engine, actors),
    blocks: journal.load(),
    now: () => engine.now(),
    log: options.log ?? ((level, message, data) => app.log[level]({ ...data }, message)),
  });
  registerTelephonyRoutes(app, service, journal, actors);
  registerAmlRoutes(app, {
    ...options.aml,
    offer: (number, location) => void service.brain.offerLocation(number, location),
  });
  app.get(
    '/api/telephony/history',
    {
      onRequest: requireUser(CENTRE),
      schema: {
        tags: ['telephony'],
        querystring: Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) }),
      },
    },
    async (request) => {
      const limit = Number((request.query as { limit?: string }).limit ?? 100);
      return { calls: calls.recent(Math.min(Math.max(limit, 1), 1000)) };
    },
  );
  app.addHook('onClose', async () => service.stop());
  return service;
}

function liveView(call: LiveCall, now: number) {
  return { ...call, waitMs: call.answeredAt === null && call.endedAt === null ? now - call.offeredAt : null };
}

function registerTelephonyRoutes(
  app: FastifyInstance,
  service: TelephonyService,
  journal: BlockJournal,
  actors: Map<string, Actor>,
): void {
  const { brain } = service;
  const now = () => Date.now();

  /** A call taker acts on their own position; a supervisor on any. */
  const ownPosition = (request: FastifyRequest, positionId: string): void => {
    const position = brain.acd.position(positionId);
    if (!position) throw new DomainError('position.not_found', `Nobody is logged in at ${positionId}`);
    const user = request.user!;
    if (user.role !== 'supervisor' && position.userId !== user.id) {
      throw new DomainError('position.not_yours', 'This is another call taker’s position');
    }
  };
  const guarded = (action: () => void) => {
    try {
      action();
    } catch (error) {
      throw new DomainError('position.busy', (error as Error).message);
    }
    return { positions: brain.positions(), stats: brain.stats() };
  };

  app.get(
    '/api/telephony/status',
    { onRequest: requireUser(CENTRE), schema: { tags: ['telephony'] } },
    async () => ({
      switchConnected: service.client?.connected ?? false,
      switchConfigured: service.client !== null,
      stats: brain.stats(),
    }),
  );

  app.get(
    '/api/telephony/positions',
    { onRequest: requireUser(CENTRE), schema: { tags: ['telephony'] } },
    async () => ({
      positions: brain.positions(),
      stats: brain.stats(),
    }),
  );

  app.post(
    '/api/telephony/positions/login',
    {
      onRequest: requireUser(TAKERS),
      schema: {
        tags: ['telephony'],
        body: Type.Object(
          {
            positionId: PositionId,
            extension: Type.String({ minLength: 1, maxLength: 32 }),
            contact: Type.String({ minLength: 5, maxLength: 200, pattern: '^sips?:' }),
          },
          strict,
        ),
      },
    },
    async (request) => {
      const body = request.body as { positionId: string; extension: string; contact: string };
      const user = request.user!;
      const current = brain.acd.position(body.positionId);
      if (current && current.userId !== user.id && user.role !== 'supervisor') {
        throw new DomainError('position.taken', `${body.positionId} is taken by another call taker`);
      }
      actors.set(user.id, actorOf(user));
      return guarded(() => brain.login(body.positionId, user.id, body.extension, body.contact));
    },
  );

  const positionAction = (
    path: string,
    run: (positionId: string, body: Record<string, string>) => void,
    extra = {},
  ) =>
    app.post(
      `/api/telephony/positions/${path}`,
      {
        onRequest: requireUser(TAKERS),
        schema: { tags: ['telephony'], body: Type.Object({ positionId: PositionId, ...extra }, strict) },
      },
      async (request) => {
        const body = request.body as Record<string, string> & { positionId: string };
        ownPosition(request, body.positionId);
        return guarded(() => run(body.positionId, body));
      },
    );
  positionAction('logout', (id) => brain.logout(id));
  positionAction('available', (id) => brain.setAvailable(id));
  positionAction('break', (id, body) => brain.setBreak(id, body.reason!), {
    reason: Type.String({ minLength: 1, maxLength: 100 }),
  });

  app.get(
    '/api/telephony/queue',
    { onRequest: requireUser(CENTRE), schema: { tags: ['telephony'] } },
    async () => {
      const t = now();
      return {
        stats: brain.stats(),
        waiting: brain.acd.queue(t).map((c) => ({
          sipCallId: c.id,
          number: c.number,
          offeredAt: c.offeredAt,
          waitMs: t - c.offeredAt,
          blockedReason: c.blockedReason,
        })),
        callbacks: brain.callbacks(),
      };
    },
  );

  app.post(
    '/api/telephony/callbacks/done',
    {
      onRequest: requireUser(TAKERS),
      schema: {
        tags: ['telephony'],
        body: Type.Object({ sipCallId: Type.String({ minLength: 1, maxLength: 200 }) }, strict),
      },
    },
    async (request) => {
      const { sipCallId } = request.body as { sipCallId: string };
      if (!brain.acd.callbackDone(sipCallId)) {
        throw new DomainError('callback.not_found', 'No such call on the callback list');
      }
      return { callbacks: brain.callbacks() };
    },
  );

  /** Live calls as the switch sees them: ringing ones with number, location and blocked flag, before answer. */
  app.get(
    '/api/telephony/calls',
    { onRequest: requireUser(CENTRE), schema: { tags: ['telephony'] } },
    async () => {
      const t = now();
      return { calls: brain.liveCalls().map((c) => liveView(c, t)) };
    },
  );

  app.get(
    '/api/telephony/calls/:callId',
    {
      onRequest: requireUser(CENTRE),
      schema: {
        tags: ['telephony'],
        params: Type.Object({ callId: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    },
    async (request) => {
      const { callId } = request.params as { callId: string };
      const call = brain.liveCalls().find((c) => c.callId === callId || c.sipCallId === callId);
      if (!call) throw new DomainError('call.not_found', 'The switch does not know this call', 'callId');
      return liveView(call, now());
    },
  );

  app.get(
    '/api/telephony/blocks',
    { onRequest: requireUser(SUPERVISORS), schema: { tags: ['telephony'] } },
    async () => ({
      active: brain.blocks.list(now()),
      records: brain.blocks.records(),
    }),
  );

  app.post(
    '/api/telephony/blocks',
    {
      onRequest: requireUser(['supervisor']),
      schema: {
        tags: ['telephony'],
        body: Type.Object(
          { number: Number_, minutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }), reason: Reason },
          strict,
        ),
      },
    },
    async (request) => {
      const body = request.body as { number: string; minutes: number; reason: string };
      try {
        const block = brain.block(body.number, body.minutes * 60_000, body.reason, request.user!.id);
        journal.append(brain.blocks.records().at(-1)!);
        return { block };
      } catch (error) {
        throw new DomainError('block.invalid', (error as Error).message);
      }
    },
  );

  app.post(
    '/api/telephony/blocks/unblock',
    {
      onRequest: requireUser(['supervisor']),
      schema: { tags: ['telephony'], body: Type.Object({ number: Number_, reason: Reason }, strict) },
    },
    async (request) => {
      const body = request.body as { number: string; reason: string };
      if (!brain.unblock(body.number, body.reason, request.user!.id)) {
        throw new DomainError('block.not_found', 'This number is not blocked', 'number');
      }
      journal.append(brain.blocks.records().at(-1)!);
      return { active: brain.blocks.list(now()) };
    },
  );
}
