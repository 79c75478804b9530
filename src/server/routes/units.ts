// Units' positions and recommendations over HTTP: the OsmAnd / Traccar Client endpoint for trackers (device id +
// secret), the crew's browser position, the latest positions and an incident's run card for the consoles.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError, notFound } from '../../domain/errors.ts';
import { seesPositionOf } from '../../domain/positions.ts';
import { recommend } from '../../domain/recommend.ts';
import { assignmentsOf } from '../../domain/state.ts';
import { seesIncident } from '../../domain/visibility.ts';
import { osrmRouter, STRAIGHT_LINE_MODEL, straightLineRouter } from '../../geo/router.ts';
import { parseOsmAndJson, parseOsmAndQuery } from '../../intake/avl/osmand.ts';
import { RunCardBody } from '../../protocol/unit-bodies.ts';
import { actorOf, requireUser } from '../auth.ts';
import type { Engine } from '../engine.ts';
import type { PositionService } from '../positions.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

/** The device secret: `key` in the query (Traccar Client keeps a query written in its server URL), or Basic auth. */
function secretOf(request: FastifyRequest, params: URLSearchParams): string | null {
  const key = params.get('key');
  if (key !== null) return key;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? null : decoded.slice(colon + 1);
  }
  return null;
}

export function registerUnitRoutes(
  app: FastifyInstance,
  engine: Engine,
  positions: PositionService,
  /** PINISI_ROUTING_URL: an OSRM-compatible routing service; without it, the straight-line model. */
  routingUrl: string | null = null,
): void {
  const router = routingUrl ? osrmRouter({ url: routingUrl }) : straightLineRouter();
  const model = routingUrl
    ? { router: 'osrm' as const }
    : { router: 'straight' as const, ...STRAIGHT_LINE_MODEL };

  void app.register(async (scope) => {
    // Trackers send form bodies or nothing at all; their fields are read like the query's.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, body),
    );
    const ingest = async (request: FastifyRequest) => {
      const url = new URL(request.url, 'http://pinisi');
      const params = url.searchParams;
      if (typeof request.body === 'string' && request.body.length > 0) {
        for (const [name, value] of new URLSearchParams(request.body))
          if (!params.has(name)) params.set(name, value);
      }
      const now = engine.now();
      const json = request.body !== null && typeof request.body === 'object';
      const parsed = json ? parseOsmAndJson(request.body, now) : parseOsmAndQuery(params, now);
      if (!parsed.ok) throw new DomainError('avl.malformed', `Position report refused: ${parsed.reason}`);
      const outcome = await positions.fromDevice(parsed.report, secretOf(request, params));
      if (!outcome.ok) {
        app.log.warn(
          { ip: request.ip, device: parsed.report.deviceId },
          'AVL report with an unknown device or wrong secret',
        );
        throw new DomainError('avl.device', 'Unknown device or wrong secret');
      }
      return { ok: true };
    };
    const options = { schema: { tags: ['units'] } };
    scope.get('/api/avl/osmand', options, ingest);
    scope.post('/api/avl/osmand', options, ingest);
  });

  app.post(
    '/api/avl/responder',
    {
      onRequest: requireUser('position.report'),
      schema: {
        tags: ['units'],
        body: Type.Object(
          {
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            lon: Type.Number({ minimum: -180, maximum: 180 }),
            accuracy: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
            speedKmh: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1000 }), Type.Null()])),
            bearing: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 360 }), Type.Null()])),
            at: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const user = request.user!;
      if (!user.unitId) throw new DomainError('avl.no_unit', 'This account is bound to no unit');
      const b = request.body as {
        lat: number;
        lon: number;
        accuracy?: number | null;
        speedKmh?: number | null;
        bearing?: number | null;
        at?: number;
      };
      const outcome = positions.fromResponder(user.unitId, {
        lat: b.lat,
        lon: b.lon,
        // The phone's clock may be off: a fix from the future is taken as now.
        at: Math.min(b.at ?? engine.now(), engine.now()),
        accuracy: b.accuracy ?? null,
        speedKmh: b.speedKmh ?? null,
        bearing: b.bearing ?? null,
      });
      if (!outcome.ok) throw new DomainError('avl.no_unit', 'This account is bound to no unit');
      return { ok: true };
    },
  );

  app.get(
    '/api/units/positions',
    { onRequest: requireUser('positions.read'), schema: { tags: ['units'] } },
    async (request) => {
      const actor = actorOf(request.user!);
      const units = engine.state.units;
      return [...positions.all().values()].filter((p) => {
        const unit = units.get(p.unitId);
        return unit !== undefined && seesPositionOf(actor, unit);
      });
    },
  );

  app.get(
    '/api/incidents/:id/recommendation',
    {
      onRequest: requireUser('recommendation.read'),
      schema: {
        tags: ['units'],
        params: IdParams,
        response: { 200: RunCardBody },
        querystring: Type.Object(
          { limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,2}$' })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const limit = Math.min(Math.max(Number((request.query as { limit?: string }).limit ?? 5), 1), 50);
      const actor = actorOf(request.user!);
      const state = engine.state;
      const visible = state.incidents.has(id) && seesIncident(state, actor, id, assignmentsOf(state, id));
      const card = visible
        ? await recommend(state, id, actor, { now: engine.now(), router, positions: positions.all(), limit })
        : null;
      if (!card) throw notFound('incident.not_found', `Incident ${id} does not exist`, 'id');
      return { ...card, model };
    },
  );
}
