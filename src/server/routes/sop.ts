// SOP routes: the admin's draft, validation with fault paths, publishing versions, comparing them, and triage.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { conflict, DomainError, notFound } from '../../domain/errors.ts';
import { compareSop } from '../../domain/sop/compare.ts';
import type { Answers, SopDocument } from '../../domain/sop/document.ts';
import { type Evaluation, evaluate, type Lang } from '../../domain/sop/evaluate.ts';
import { categoriesOf } from '../../domain/sop/reference.ts';
import { type Fault, validateSop } from '../../domain/sop/validate.ts';
import type { Incident } from '../../domain/types.ts';
import type { SopStore, SopVersion } from '../../store/sop-store.ts';
import { requireUser } from '../auth.ts';
import type { Engine } from '../engine.ts';

const DRAFT_BODY_LIMIT = 2 * 1024 * 1024;

const LangSchema = Type.Optional(Type.Enum(['id', 'en']));
const AnswersSchema = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 40 }),
  Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 500 }), Type.Null()]),
  { maxProperties: 100 },
);
const VersionParams = Type.Object({ version: Type.String({ pattern: '^[0-9]{1,9}$' }) });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const VersionRef = Type.String({ pattern: '^([0-9]{1,9}|draft|current)$' });

function faultsError(faults: Fault[]): DomainError {
  const message = `The SOP has ${faults.length} fault${faults.length === 1 ? '' : 's'}; first: ${faults[0]!.path || '(document)'}: ${faults[0]!.message}`;
  return new DomainError('sop.invalid', message, faults[0]!.path, { faults });
}

export function registerSopRoutes(app: FastifyInstance, deps: { engine: Engine; sop: SopStore }): void {
  const { engine, sop } = deps;
  const knownAgencies = () => [...engine.state.ref.agencies.keys()];
  const check = (doc: unknown) => validateSop(doc, knownAgencies());

  /** The document a version reference names: a number, `current` or `draft`. */
  async function documentOf(ref: string): Promise<unknown | null> {
    if (ref === 'draft') return (await sop.draft()).doc;
    if (ref === 'current') return (await sop.current()).doc;
    return (await sop.version(Number(ref)))?.doc ?? null;
  }

  app.get('/api/sop/current', { onRequest: requireUser('sop.read'), schema: { tags: ['sop'] } }, async () =>
    sop.current(),
  );

  app.get(
    '/api/sop/versions',
    { onRequest: requireUser('sop.read'), schema: { tags: ['sop'] } },
    async () => ({
      versions: await sop.versions(),
    }),
  );

  app.get(
    '/api/sop/versions/:version',
    { onRequest: requireUser('sop.read'), schema: { tags: ['sop'], params: VersionParams } },
    async (request) => {
      const found = await sop.version(Number((request.params as { version: string }).version));
      if (!found) throw notFound('sop.version_unknown', 'No such SOP version', 'version');
      return found;
    },
  );

  app.get(
    '/api/sop/compare',
    {
      onRequest: requireUser('sop.read'),
      schema: { tags: ['sop'], querystring: Type.Object({ from: VersionRef, to: VersionRef }) },
    },
    async (request) => {
      const { from, to } = request.query as { from: string; to: string };
      const [before, after] = await Promise.all([documentOf(from), documentOf(to)]);
      if (before === null || after === null) {
        const field = before === null ? 'from' : 'to';
        throw notFound('sop.version_unknown', 'No such SOP version', field);
      }
      return { from, to, changes: compareSop(before, after) };
    },
  );

  app.get('/api/sop/draft', { onRequest: requireUser('sop.edit'), schema: { tags: ['sop'] } }, async () => {
    const draft = await sop.draft();
    return { ...draft, faults: check(draft.doc) };
  });

  app.put(
    '/api/sop/draft',
    {
      onRequest: requireUser('sop.edit'),
      bodyLimit: DRAFT_BODY_LIMIT,
      schema: { tags: ['sop'], body: Type.Object({ doc: Type.Unknown() }, { additionalProperties: false }) },
    },
    async (request) => {
      const { doc } = request.body as { doc: unknown };
      const draft = await sop.saveDraft(doc, request.user!.id, engine.now());
      return { ...draft, faults: check(doc) };
    },
  );

  app.post(
    '/api/sop/validate',
    {
      onRequest: requireUser('sop.edit'),
      bodyLimit: DRAFT_BODY_LIMIT,
      schema: {
        tags: ['sop'],
        body: Type.Optional(
          Type.Object({ doc: Type.Optional(Type.Unknown()) }, { additionalProperties: false }),
        ),
      },
    },
    async (request) => {
      const body = (request.body ?? {}) as { doc?: unknown };
      const doc = 'doc' in body ? body.doc : (await sop.draft()).doc;
      const faults = check(doc);
      if (faults.length > 0) throw faultsError(faults);
      return { faults };
    },
  );

  app.post(
    '/api/sop/publish',
    {
      onRequest: requireUser('sop.edit'),
      schema: { tags: ['sop'], body: Type.Optional(Type.Object({}, { additionalProperties: false })) },
    },
    async (request) => {
      const { doc } = await sop.draft();
      const faults = check(doc);
      if (faults.length > 0) throw faultsError(faults);
      const published = await sop.publish(doc as SopDocument, request.user!.id, engine.now());
      for (const category of categoriesOf(doc as SopDocument))
        engine.state.ref.categories.set(category.code, category);
      return published;
    },
  );

  app.post(
    '/api/sop/evaluate',
    {
      onRequest: requireUser('sop.read'),
      schema: {
        tags: ['sop'],
        body: Type.Object(
          {
            category: Type.String({ minLength: 1, maxLength: 64 }),
            answers: AnswersSchema,
            version: Type.Optional(Type.Integer({ minimum: 1 })),
            lang: LangSchema,
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const body = request.body as { category: string; answers: Answers; version?: number; lang?: Lang };
      const version = body.version === undefined ? await sop.current() : await sop.version(body.version);
      if (!version) throw notFound('sop.version_unknown', 'No such SOP version', 'version');
      return { version: version.version, ...evaluate(version.doc, body.category, body.answers, body.lang) };
    },
  );

  /** The SOP an incident was triaged under (the version in force when it was created) and its suggestion. */
  async function suggestion(incident: Incident, lang: Lang | undefined) {
    const version: SopVersion = await sop.versionAt(incident.createdAt);
    const triage = await sop.latestTriage(incident.id);
    const answers = triage?.answers ?? {};
    const known = version.doc.categories.some((c) => c.code === incident.category);
    const result: Evaluation | null = known ? evaluate(version.doc, incident.category, answers, lang) : null;
    return {
      incidentId: incident.id,
      sopVersion: version.version,
      category: incident.category,
      answers,
      triagedAt: triage?.at ?? null,
      triagedBy: triage?.userId ?? null,
      suggestion: result,
    };
  }

  app.get(
    '/api/incidents/:id/sop',
    {
      onRequest: requireUser('sop.read'),
      schema: { tags: ['sop'], params: IdParams, querystring: Type.Object({ lang: LangSchema }) },
    },
    async (request) => {
      const incident = engine.state.incidents.get((request.params as { id: string }).id);
      if (!incident) throw notFound('incident.not_found', 'No such incident', 'id');
      return suggestion(incident, (request.query as { lang?: Lang }).lang);
    },
  );

  app.put(
    '/api/incidents/:id/triage',
    {
      onRequest: requireUser('triage.record'),
      schema: {
        tags: ['sop'],
        params: IdParams,
        body: Type.Object({ answers: AnswersSchema, lang: LangSchema }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const incident = engine.state.incidents.get((request.params as { id: string }).id);
      if (!incident) throw notFound('incident.not_found', 'No such incident', 'id');
      if (incident.status === 'closed' || incident.status === 'cancelled') {
        throw conflict('incident.ended', `Incident ${incident.number} has ended`);
      }
      const { answers, lang } = request.body as { answers: Answers; lang?: Lang };
      const version = await sop.versionAt(incident.createdAt);
      const now = engine.now();
      await sop.recordTriage(
        {
          incidentId: incident.id,
          sopVersion: version.version,
          category: incident.category,
          answers,
          at: now,
          userId: request.user!.id,
        },
        `${String(now).padStart(15, '0')}-${crypto.randomUUID()}`,
      );
      return suggestion(incident, lang);
    },
  );
}
