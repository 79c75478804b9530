// Telephony over HTTP: call takers' positions, the queue for the supervisor, number blocking; the AML endpoints beside it.
// Every change is a telephony command through the one engine; reads come from the log's telephony projection.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Command, CommandPayload, CommandType } from '../../domain/commands.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/types.ts';
import { type CommandSink, type LiveCall, liveCallOf } from '../../intake/telephony/brain.ts';
import { startTelephony, type TelephonyService } from '../../intake/telephony/service.ts';
import {
  ActiveBlocksBody,
  BlockedBody,
  BlocksBody,
  CallbackListBody,
  CallHistoryBody,
  LiveCallBody,
  LiveCallsBody,
  PositionsBody,
  QueueBody,
  TelephonyStatusBody,
} from '../../protocol/telephony-bodies.ts';
import type { EventStore } from '../../store/event-store.ts';
import { actorOf, requireUser } from '../auth.ts';
import type { Engine } from '../engine.ts';
import { type AmlOptions, registerAmlRoutes } from './aml.ts';

const TELEPHONY_ACTOR: Actor = { userId: 'system:telephony', role: 'system', agencyId: null };

export interface TelephonyOptions {
  /** Kamailio evapi `host:port` (PINISI_EVAPI); null runs without SIP calls. */
  evapi: string | null;
  /** PINISI_LOCATION_FETCH_TIMEOUT_MS: how long fetching a location by reference may take (default 3 s). */
  locationFetchTimeoutMs?: number;
  /** PINISI_AML_SECRET and PINISI_AML_ALLOW: the AML endpoints stay closed without a secret. */
  aml: Pick<AmlOptions, 'secret' | 'allow'>;
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
}

const PositionId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' });
const Number_ = Type.String({ minLength: 3, maxLength: 32, pattern: '^[+0-9 ()-]+$' });
const Reason = Type.String({ minLength: 3, maxLength: 500 });
const strict = { additionalProperties: false } as const;

/** The engine as the brain's command path: the telephony system actor unless a user is named. */
export function engineSink(engine: Engine): CommandSink {
  return {
    async execute(type, payload, idempotencyKey, actor = null) {
      const who = actor ?? TELEPHONY_ACTOR;
      const outcome = await engine.execute(
        type as CommandType,
        payload as Command['payload'],
        who,
        `${who.userId}:${idempotencyKey}`,
      );
      if (!outcome.ok) throw outcome.error;
      return { result: outcome.result };
    },
    get state() {
      return engine.state;
    },
    acd: engine.acd,
    subscribe: (listener) => engine.subscribe(listener),
  };
}

/** Starts the telephony brain beside the server and registers its routes; returns the service for shutdown. */
export function attachTelephony(
  app: FastifyInstance,
  engine: Engine,
  store: EventStore,
  options: TelephonyOptions,
): TelephonyService {
  const service = startTelephony(options.evapi, {
    commands: engineSink(engine),
    now: () => engine.now(),
    ...(options.locationFetchTimeoutMs ? { locationFetchTimeoutMs: options.locationFetchTimeoutMs } : {}),
    log: options.log ?? ((level, message, data) => app.log[level]({ ...data }, message)),
  });
  registerTelephonyRoutes(app, engine, store, service);
  registerAmlRoutes(app, {
    ...options.aml,
    offer: async (number, location) => {
      try {
        await service.brain.offerLocation(number, location);
      } catch (error) {
        app.log.warn({ error: String(error) }, 'AML location not recorded');
      }
    },
  });
  app.addHook('onClose', async () => service.stop());
  return service;
}

function liveView(call: LiveCall, now: number) {
  return { ...call, waitMs: call.answeredAt === null && call.endedAt === null ? now - call.offeredAt : null };
}

function registerTelephonyRoutes(
  app: FastifyInstance,
  engine: Engine,
  store: EventStore,
  service: TelephonyService,
): void {
  const { brain } = service;
  const now = () => engine.now();

  /** Runs a command for the signed-in user; answers like the command route does when it is refused. */
  const command = async <T extends CommandType>(
    request: FastifyRequest,
    type: T,
    payload: CommandPayload<T>,
    answer: () => unknown,
  ) => {
    const outcome = await engine.execute(
      type as CommandType,
      payload as Command['payload'],
      actorOf(request.user!),
      `${request.user!.id}:${randomUUID()}`,
    );
    if (!outcome.ok) throw outcome.error;
    return answer();
  };
  const positionsBody = () => ({ positions: brain.positions(), stats: brain.stats() });

  app.get(
    '/api/telephony/status',
    {
      onRequest: requireUser('telephony.read'),
      schema: { tags: ['telephony'], response: { 200: TelephonyStatusBody } },
    },
    async () => ({
      switchConnected: service.client?.connected ?? false,
      switchConfigured: service.client !== null,
      stats: brain.stats(),
    }),
  );

  app.get(
    '/api/telephony/positions',
    {
      onRequest: requireUser('telephony.read'),
      schema: { tags: ['telephony'], response: { 200: PositionsBody } },
    },
    async () => positionsBody(),
  );

  app.post(
    '/api/telephony/positions/login',
    {
      onRequest: requireUser('telephony.sign_in'),
      schema: {
        tags: ['telephony'],
        body: Type.Object(
          {
            positionId: PositionId,
            extension: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
            contact: Type.Optional(Type.String({ minLength: 5, maxLength: 200, pattern: '^sips?:' })),
          },
          strict,
        ),
        response: { 200: PositionsBody },
      },
    },
    async (request) =>
      command(
        request,
        'telephony.sign_in',
        request.body as CommandPayload<'telephony.sign_in'>,
        positionsBody,
      ),
  );

  const positionAction = <
    T extends 'telephony.sign_out' | 'telephony.set_available' | 'telephony.take_break',
  >(
    path: string,
    type: T,
    extra = {},
  ) =>
    app.post(
      `/api/telephony/positions/${path}`,
      {
        onRequest: requireUser(type),
        schema: {
          tags: ['telephony'],
          body: Type.Object({ positionId: PositionId, ...extra }, strict),
          response: { 200: PositionsBody },
        },
      },
      async (request) => command(request, type, request.body as CommandPayload<T>, positionsBody),
    );
  positionAction('logout', 'telephony.sign_out');
  positionAction('available', 'telephony.set_available');
  positionAction('break', 'telephony.take_break', { reason: Type.String({ minLength: 1, maxLength: 100 }) });

  app.get(
    '/api/telephony/queue',
    {
      onRequest: requireUser('telephony.read'),
      schema: { tags: ['telephony'], response: { 200: QueueBody } },
    },
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
      onRequest: requireUser('telephony.callback'),
      schema: {
        tags: ['telephony'],
        body: Type.Object({ sipCallId: Type.String({ minLength: 1, maxLength: 200 }) }, strict),
        response: { 200: CallbackListBody },
      },
    },
    async (request) => {
      const { sipCallId } = request.body as { sipCallId: string };
      return command(request, 'telephony.callback', { sipCallId, result: 'reached' }, () => ({
        callbacks: brain.callbacks(),
      }));
    },
  );

  /** Live calls as the switch sees them: ringing ones with number, location and blocked flag, before answer. */
  app.get(
    '/api/telephony/calls',
    {
      onRequest: requireUser('telephony.read'),
      schema: { tags: ['telephony'], response: { 200: LiveCallsBody } },
    },
    async () => {
      const t = now();
      return { calls: brain.liveCalls().map((c) => liveView(c, t)) };
    },
  );

  app.get(
    '/api/telephony/calls/:callId',
    {
      onRequest: requireUser('telephony.read'),
      schema: {
        tags: ['telephony'],
        params: Type.Object({ callId: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: LiveCallBody },
      },
    },
    async (request) => {
      const { callId } = request.params as { callId: string };
      const call = brain.liveCalls().find((c) => c.callId === callId || c.sipCallId === callId);
      if (!call) throw new DomainError('call.not_found', 'The switch does not know this call', 'callId');
      return liveView(call, now());
    },
  );

  /** Calls finished in the last hour with their switch-side times; older ones are in the log. */
  app.get(
    '/api/telephony/history',
    {
      onRequest: requireUser('telephony.read'),
      schema: {
        tags: ['telephony'],
        querystring: Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) }),
        response: { 200: CallHistoryBody },
      },
    },
    async (request) => {
      const limit = Math.min(Math.max(Number((request.query as { limit?: string }).limit ?? 100), 1), 1000);
      const ended = [...engine.state.telephony.ended.values()]
        .sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
        .slice(-limit);
      return {
        calls: ended.map((c) => ({
          ...liveCallOf(c),
          positionId: c.answeredBy,
          outcome: c.answeredAt !== null ? ('answered' as const) : ('abandoned' as const),
        })),
      };
    },
  );

  app.get(
    '/api/telephony/blocks',
    { onRequest: requireUser('blocks.read'), schema: { tags: ['telephony'], response: { 200: BlocksBody } } },
    async () => {
      const events = await store.telephonyEvents(
        ['telephony.number_blocked', 'telephony.number_unblocked'],
        1000,
      );
      return {
        active: brain.acd.blocks(now()),
        records: events.flatMap((e) =>
          e.type === 'telephony.number_blocked'
            ? [{ action: 'block', number: e.number, until: e.until, reason: e.reason, by: e.actor, at: e.at }]
            : e.type === 'telephony.number_unblocked'
              ? [{ action: 'unblock', number: e.number, reason: e.reason, by: e.actor, at: e.at }]
              : [],
        ),
      };
    },
  );

  app.post(
    '/api/telephony/blocks',
    {
      onRequest: requireUser('telephony.block'),
      schema: {
        tags: ['telephony'],
        body: Type.Object(
          { number: Number_, minutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }), reason: Reason },
          strict,
        ),
        response: { 200: BlockedBody },
      },
    },
    async (request) => {
      const body = request.body as CommandPayload<'telephony.block'>;
      const outcome = await engine.execute(
        'telephony.block',
        body,
        actorOf(request.user!),
        `${request.user!.id}:${randomUUID()}`,
      );
      if (!outcome.ok) throw outcome.error;
      return { block: outcome.result.block };
    },
  );

  app.post(
    '/api/telephony/blocks/unblock',
    {
      onRequest: requireUser('telephony.unblock'),
      schema: {
        tags: ['telephony'],
        body: Type.Object({ number: Number_, reason: Reason }, strict),
        response: { 200: ActiveBlocksBody },
      },
    },
    async (request) =>
      command(request, 'telephony.unblock', request.body as CommandPayload<'telephony.unblock'>, () => ({
        active: brain.acd.blocks(now()),
      })),
  );
}
