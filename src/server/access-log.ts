// The access log of personal data (UU PDP 27/2022): every answered read of a route marked `personalData` is recorded
// with who read it, what, when and from where, outside the hash-chained event log; the supervisor and admin review it.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Insertable, Kysely } from 'kysely';
import { Type } from 'typebox';
import type { DatabaseSchema } from '../store/schema.ts';
import { requireUser } from './auth.ts';

/** What kind of personal data a route gives: the caller's history, an incident's journal, a search, an export… */
type PersonalData =
  | 'snapshot'
  | 'caller_history'
  | 'timeline'
  | 'history_search'
  | 'report_calls'
  | 'report_incidents'
  | 'report_file';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reads of this route are recorded in the access log of personal data. */
    personalData?: PersonalData;
  }
}

const AccessLogQuery = Type.Object(
  {
    /** Only this user's reads. */
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' })),
    /** The next page: reads before this one (`at:id` of the last row received; a time in ms alone also works). */
    before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}(:[A-Za-z0-9-]{1,64})?$' })),
    /** Rows per page (100 unless given). */
    limit: Type.Optional(Type.String({ pattern: '^([1-9][0-9]{0,1}|[1-4][0-9]{2}|500)$' })),
  },
  { additionalProperties: false },
);

const AccessLogBody = Type.Array(
  Type.Object(
    {
      /** The row's id: with `at`, the key of the next page (`before=at:id`). */
      id: Type.String(),
      at: Type.Number(),
      userId: Type.String(),
      username: Type.String(),
      role: Type.String(),
      what: Type.String(),
      subject: Type.Union([Type.String(), Type.Null()]),
      ip: Type.String(),
    },
    { additionalProperties: false },
  ),
);

/** The id or the query a read was about: the call or incident id, the search words, the report's period. */
function subjectOf(params: unknown, query: unknown): string | null {
  const id = (params as { id?: unknown } | undefined)?.id;
  if (typeof id === 'string') return id;
  const entries = Object.entries((query as Record<string, unknown> | undefined) ?? {});
  if (entries.length === 0) return null;
  return new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString().slice(0, 500);
}

type ReadRow = Insertable<DatabaseSchema['personal_data_reads']>;

/** How long reads gather before they are written together. */
const GATHER_MS = 200;
/** Rows per INSERT (8 parameters each, well under SQLite's limit of bound parameters). */
const ROWS_PER_INSERT = 500;

/**
 * The reads to record, gathered for a moment and written in one statement: a room of consoles loading their
 * snapshots at once costs one commit instead of one each (on SQLite each commit waits for the disk and holds up
 * every other request meanwhile). Writes stay in order; `flush()` writes what is gathered and waits for it.
 */
export class ReadsWriter {
  private pending: ReadRow[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private written: Promise<void> = Promise.resolve();
  private readonly db: Kysely<DatabaseSchema>;
  private readonly onError: (error: unknown) => void;

  constructor(db: Kysely<DatabaseSchema>, onError: (error: unknown) => void) {
    this.db = db;
    this.onError = onError;
  }

  add(row: ReadRow): void {
    this.pending.push(row);
    this.timer ??= setTimeout(() => void this.flush(), GATHER_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = this.pending;
    this.pending = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const part = rows.slice(i, i + ROWS_PER_INSERT);
      this.written = this.written.then(() =>
        this.db
          .insertInto('personal_data_reads')
          .values(part)
          .execute()
          .then(() => undefined, this.onError),
      );
    }
    return this.written;
  }
}

/** Records one read of personal data by the request's user, for a route or a frame that is not an answer. */
export type RecordRead = (request: FastifyRequest, what: PersonalData) => void;

export function registerAccessLog(
  app: FastifyInstance,
  deps: { db: Kysely<DatabaseSchema>; now: () => number },
): RecordRead {
  const { db, now } = deps;
  const reads = new ReadsWriter(db, (error) =>
    app.log.error(error, 'access log of personal data not written'),
  );
  const record: RecordRead = (request, what) => {
    const user = request.user;
    if (!user) return;
    reads.add({
      id: randomUUID(),
      at: now(),
      user_id: user.id,
      username: user.username,
      role: user.role,
      what,
      subject: subjectOf(request.params, request.query),
      ip: request.ip,
    });
  };
  // After the answer went out: a read that was refused or failed gave nothing away and is not recorded.
  app.addHook('onResponse', async (request, reply) => {
    const what = request.routeOptions.config?.personalData;
    if (what && reply.statusCode < 400) record(request, what);
  });
  app.addHook('onClose', async () => {
    await reads.flush();
  });

  app.get(
    '/api/admin/access-log',
    {
      onRequest: requireUser('access_log.read'),
      schema: { tags: ['admin'], querystring: AccessLogQuery, response: { 200: AccessLogBody } },
    },
    async (request) => {
      // The reader sees every read answered so far, also those still gathering.
      await reads.flush();
      const { userId, before, limit } = request.query as { userId?: string; before?: string; limit?: string };
      let query = db
        .selectFrom('personal_data_reads')
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit === undefined ? 100 : Number(limit));
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      if (before !== undefined) {
        const [at, id] = before.split(':');
        query =
          id === undefined
            ? query.where('at', '<', Number(at))
            : query.where((eb) =>
                eb.or([eb('at', '<', Number(at)), eb.and([eb('at', '=', Number(at)), eb('id', '<', id)])]),
              );
      }
      const rows = await query.execute();
      return rows.map((r) => ({
        id: r.id,
        at: Number(r.at),
        userId: r.user_id,
        username: r.username,
        role: r.role,
        what: r.what,
        subject: r.subject,
        ip: r.ip,
      }));
    },
  );
  return record;
}
