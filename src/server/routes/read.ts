// Read routes: reference data, the visible snapshot, a caller's history, an incident's timeline, who is logged in.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import { callerHistory } from '../../domain/history.ts';
import { assignmentsOf, RECENT_WINDOW_MS } from '../../domain/state.ts';
import { seesEvent, seesIncident, snapshotFor } from '../../domain/visibility.ts';
import {
  ActiveSessionsBody,
  CallerHistoryBody,
  ConfigBody,
  IncidentSearchBody,
  ReferenceBody,
  SnapshotBody,
  TimelineBody,
} from '../../protocol/bodies.ts';
import type { EventStore } from '../../store/event-store.ts';
import { parseHistoryQuery } from '../../store/incident-search.ts';
import type { UserStore } from '../../store/users.ts';
import { actorOf, requireUser } from '../auth.ts';
import type { Engine } from '../engine.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const EpochMs = Type.String({ pattern: '^[0-9]{1,15}$' });
const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    /** 1–100 (a query string has no numbers: digits, checked here). */
    limit: Type.Optional(Type.String({ pattern: '^(100|[1-9][0-9]?)$' })),
    kecamatan: Type.Optional(Code),
    desa: Type.Optional(Code),
    category: Type.Optional(Code),
    /** Created at or after this time (epoch ms). */
    from: Type.Optional(EpochMs),
    /** Created before this time (epoch ms). */
    to: Type.Optional(EpochMs),
  },
  { additionalProperties: false },
);
const ACTIVE_WINDOW_MS = 12 * 3_600_000;

export function registerReadRoutes(
  app: FastifyInstance,
  deps: { engine: Engine; store: EventStore; users: UserStore; tileUrl: string | null },
): void {
  const { engine, store, users } = deps;

  app.get(
    '/api/reference',
    {
      onRequest: requireUser('reference.read'),
      schema: { tags: ['read'], response: { 200: ReferenceBody } },
    },
    async () => {
      const ref = engine.state.ref;
      return {
        kecamatan: [...ref.kecamatan.values()],
        desa: [...ref.desa.values()],
        agencies: [...ref.agencies.values()],
        stations: [...ref.stations.values()],
        categories: [...ref.categories.values()],
      };
    },
  );

  app.get('/api/config', { schema: { tags: ['read'], response: { 200: ConfigBody } } }, async () => ({
    tileUrl: deps.tileUrl,
    reportClock: store.clock,
    transferTargets: engine.acd.transferTargets.map(({ uri, ...target }) => ({
      ...target,
      dialable: uri !== null,
    })),
  }));

  app.get(
    '/api/snapshot',
    {
      onRequest: requireUser('snapshot.read'),
      config: { personalData: 'snapshot' },
      schema: { tags: ['read'], response: { 200: SnapshotBody } },
    },
    async (request) =>
      snapshotFor(engine.state, actorOf(request.user!), { since: engine.now() - RECENT_WINDOW_MS }),
  );

  app.get(
    '/api/calls/:id/history',
    {
      onRequest: requireUser('caller_history.read'),
      config: { personalData: 'caller_history' },
      schema: { tags: ['read'], params: IdParams, response: { 200: CallerHistoryBody } },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const call =
        engine.state.calls.get(id) ??
        (await store.recall({ incidents: [], calls: [id], assignments: [] })).calls[0];
      if (!call) throw notFound('call.not_found', `Call ${id} does not exist`, 'id');
      if (call.number === null)
        return { number: null, calls: [], incidents: [], counts: {}, junkWarning: false };
      return callerHistory(engine.state, call.number, call.id, await store.callsFrom(call.number));
    },
  );

  app.get(
    '/api/incidents/:id/timeline',
    {
      onRequest: requireUser('timeline.read'),
      config: { personalData: 'timeline' },
      schema: { tags: ['read'], params: IdParams, response: { 200: TimelineBody } },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const actor = actorOf(request.user!);
      // Held while open or recently ended; older ones are read from the store.
      const held = engine.state.incidents.get(id);
      const { incidents, assignments } = held
        ? { incidents: [held], assignments: assignmentsOf(engine.state, id) }
        : await store.recall({ incidents: [id], calls: [], assignments: [] });
      const incident = incidents[0];
      const visible = incident && seesIncident(engine.state, actor, incident.id, assignments);
      if (!incident || !visible) throw notFound('incident.not_found', `Incident ${id} does not exist`, 'id');
      const events = await store.timeline(incident);
      return {
        incident,
        events: events.filter((e) => seesEvent(actor, e, engine.state)),
        assignments: assignments.filter((a) => actor.role !== 'agency' || a.agencyId === actor.agencyId),
      };
    },
  );

  app.get(
    '/api/incidents/search',
    {
      onRequest: requireUser('history.read'),
      config: { personalData: 'history_search' },
      schema: { tags: ['read'], querystring: SearchQuery, response: { 200: IncidentSearchBody } },
    },
    async (request) => {
      const { q = '', limit = '30', ...narrow } = request.query as Record<string, string | undefined>;
      const actor = actorOf(request.user!);
      const filters = {
        kecamatan: narrow.kecamatan,
        desa: narrow.desa,
        category: narrow.category,
        from: narrow.from === undefined ? undefined : Number(narrow.from),
        to: narrow.to === undefined ? undefined : Number(narrow.to),
      };
      const query = parseHistoryQuery(q, engine.state.ref);
      // Read from the store, not the live state: closed incidents of any age, through indexed columns.
      const incidents = await store.searchIncidents(
        query,
        Number(limit),
        actor.role === 'agency' ? (actor.agencyId ?? '') : null,
        filters,
      );
      return { kind: query.kind, incidents };
    },
  );

  app.get(
    '/api/sessions/active',
    {
      onRequest: requireUser('sessions.read'),
      schema: { tags: ['read'], response: { 200: ActiveSessionsBody } },
    },
    async () =>
      (await users.activeSessions(engine.now() - ACTIVE_WINDOW_MS)).map((s) => ({
        username: s.user.username,
        displayName: s.user.displayName,
        role: s.user.role,
        agencyId: s.user.agencyId,
        since: s.since,
        lastSeenAt: s.lastSeenAt,
      })),
  );
}
