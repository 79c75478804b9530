// SOP routes: the admin's draft, validation with fault paths, publishing (a command), comparing versions, evaluating.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AnswersSchema } from '../../domain/commands.ts';
import { DomainError, notFound } from '../../domain/errors.ts';
import { compareSop } from '../../domain/sop/compare.ts';
import type { Answers } from '../../domain/sop/document.ts';
import { evaluate, type Lang } from '../../domain/sop/evaluate.ts';
import { sopInForce } from '../../domain/sop/reference.ts';
import { unitKindsOf } from '../../domain/sop/run-card.ts';
import { type Fault, validateSop } from '../../domain/sop/validate.ts';
import type { PublishedSop } from '../../domain/types.ts';
import {
  EvaluationBody,
  PublishedSopBody,
  SopCompareBody,
  SopDraftBody,
  SopFaultsBody,
  SopVersionInfoBody,
  SopVersionsBody,
} from '../../protocol/sop-bodies.ts';
import type { SopStore } from '../../store/sop-store.ts';
import { actorOf, requireUser } from '../auth.ts';
import type { Engine } from '../engine.ts';

const DRAFT_BODY_LIMIT = 2 * 1024 * 1024;

const LangSchema = Type.Optional(Type.Enum(['id', 'en']));
const VersionParams = Type.Object({ version: Type.String({ pattern: '^[0-9]{1,9}$' }) });
const VersionRef = Type.String({ pattern: '^([0-9]{1,9}|draft|current)$' });

function faultsError(faults: Fault[]): DomainError {
  const message = `The SOP has ${faults.length} fault${faults.length === 1 ? '' : 's'}; first: ${faults[0]!.path || '(document)'}: ${faults[0]!.message}`;
  return new DomainError('sop.invalid', message, faults[0]!.path, { faults });
}

export function registerSopRoutes(app: FastifyInstance, deps: { engine: Engine; sop: SopStore }): void {
  const { engine, sop } = deps;
  const knownAgencies = () => [...engine.state.ref.agencies.keys()];
  const check = (doc: unknown) => validateSop(doc, knownAgencies(), unitKindsOf(engine.state.units.values()));
  /** The SOP in force, as this node applied it from the log. */
  const current = (): PublishedSop => {
    const inForce = sopInForce(engine.state.ref);
    if (!inForce) throw new Error('No SOP version is published');
    return inForce;
  };

  /** The document a version reference names: a number, `current` or `draft`. */
  async function documentOf(ref: string): Promise<unknown | null> {
    if (ref === 'draft') return (await sop.draft(current())).doc;
    if (ref === 'current') return current().doc;
    return (await sop.version(Number(ref)))?.doc ?? null;
  }

  app.get(
    '/api/sop/current',
    { onRequest: requireUser('sop.read'), schema: { tags: ['sop'], response: { 200: PublishedSopBody } } },
    async () => current(),
  );

  app.get(
    '/api/sop/versions',
    { onRequest: requireUser('sop.read'), schema: { tags: ['sop'], response: { 200: SopVersionsBody } } },
    async () => ({
      versions: await sop.versions(),
    }),
  );

  app.get(
    '/api/sop/versions/:version',
    {
      onRequest: requireUser('sop.read'),
      schema: { tags: ['sop'], params: VersionParams, response: { 200: PublishedSopBody } },
    },
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
      schema: {
        tags: ['sop'],
        querystring: Type.Object({ from: VersionRef, to: VersionRef }),
        response: { 200: SopCompareBody },
      },
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

  app.get(
    '/api/sop/draft',
    { onRequest: requireUser('sop.edit'), schema: { tags: ['sop'], response: { 200: SopDraftBody } } },
    async () => {
      const draft = await sop.draft(current());
      return { ...draft, faults: check(draft.doc) };
    },
  );

  app.put(
    '/api/sop/draft',
    {
      onRequest: requireUser('sop.edit'),
      bodyLimit: DRAFT_BODY_LIMIT,
      schema: {
        tags: ['sop'],
        body: Type.Object({ doc: Type.Unknown() }, { additionalProperties: false }),
        response: { 200: SopDraftBody },
      },
    },
    async (request) => {
      const { doc } = request.body as { doc: unknown };
      const draft = await sop.saveDraft(doc, request.user!.id, engine.now(), current());
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
        response: { 200: SopFaultsBody },
      },
    },
    async (request) => {
      const body = (request.body ?? {}) as { doc?: unknown };
      const doc = 'doc' in body ? body.doc : (await sop.draft(current())).doc;
      const faults = check(doc);
      if (faults.length > 0) throw faultsError(faults);
      return { faults };
    },
  );

  app.post(
    '/api/sop/publish',
    {
      onRequest: requireUser('sop.edit'),
      schema: {
        tags: ['sop'],
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: SopVersionInfoBody },
      },
    },
    async (request) => {
      const { doc } = await sop.draft(current());
      const faults = check(doc);
      if (faults.length > 0) throw faultsError(faults);
      // Publishing is a command: its event puts the version in force on every node and console at once.
      const user = request.user!;
      const outcome = await engine.execute(
        'sop.publish',
        { doc },
        actorOf(user),
        `${user.id}:sop.publish:${crypto.randomUUID()}`,
      );
      if (!outcome.ok) throw outcome.error;
      const published = outcome.result as Omit<PublishedSop, 'doc'>;
      await sop.draftPublished(published.version);
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
            version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
            lang: LangSchema,
          },
          { additionalProperties: false },
        ),
        response: { 200: EvaluationBody },
      },
    },
    async (request) => {
      const body = request.body as { category: string; answers: Answers; version?: number; lang?: Lang };
      const version = body.version === undefined ? current() : await sop.version(body.version);
      if (!version) throw notFound('sop.version_unknown', 'No such SOP version', 'version');
      return { version: version.version, ...evaluate(version.doc, body.category, body.answers, body.lang) };
    },
  );
}
