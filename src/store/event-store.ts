// Persistence of the flow: appends events and updates the state tables in one transaction, on either dialect.
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DomainEvent, StoredEvent } from '../domain/events.ts';
import { emptyState, load, type State, type Touched } from '../domain/state.ts';
import type { Assignment, Call, Category, Incident, Reference, Unit } from '../domain/types.ts';
import { COMMIT_CHANNEL, type Db, type Dialect } from './db.ts';
import { type ChainCheck, chainHash, GENESIS_HASH, verifyChain } from './hash-chain.ts';
import type { DatabaseSchema, EntityRow, EventLogTable } from './schema.ts';

export interface IdempotentRecord {
  key: string;
  userId: string;
  command: string;
  response: string;
}

/** Key of the PostgreSQL advisory lock that serialises appends, so sequence order is commit order. */
const APPEND_LOCK = 112_112;

function toStored(row: EventLogTable): StoredEvent {
  return { ...(JSON.parse(row.data) as DomainEvent), seq: Number(row.seq), hash: row.hash };
}

export interface Head {
  seq: number;
  hash: string;
}

/** Numbers the events after the head and chains each to the one before; the rows are what the log stores. */
export function sealEvents(
  events: DomainEvent[],
  head: Head,
  subjectOf: (event: DomainEvent) => string | null,
): { stored: StoredEvent[]; rows: EventLogTable[]; head: Head } {
  let { seq, hash } = head;
  const rows: EventLogTable[] = [];
  const stored: StoredEvent[] = [];
  for (const event of events) {
    seq++;
    const data = JSON.stringify(event);
    hash = chainHash(hash, seq, data);
    rows.push({
      seq,
      type: event.type,
      at: event.at,
      actor: event.actor,
      agencies: JSON.stringify(event.agencies),
      subject: subjectOf(event),
      data,
      hash,
    });
    stored.push({ ...event, seq, hash });
  }
  return { stored, rows, head: { seq, hash } };
}

/** Everything a command batch does inside its transaction. */
export class StoreTx {
  readonly trx: Transaction<DatabaseSchema>;
  readonly dialect: Dialect;

  constructor(trx: Transaction<DatabaseSchema>, dialect: Dialect) {
    this.trx = trx;
    this.dialect = dialect;
  }

  /** Serialises writers across processes (PostgreSQL); SQLite's single writer needs nothing more. */
  async lock(): Promise<void> {
    if (this.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(this.trx);
  }

  async eventsAfter(seq: number): Promise<StoredEvent[]> {
    const rows = await this.trx
      .selectFrom('event_log')
      .selectAll()
      .where('seq', '>', seq)
      .orderBy('seq')
      .execute();
    return rows.map(toStored);
  }

  async findIdempotent(keys: string[]): Promise<Map<string, IdempotentRecord>> {
    if (keys.length === 0) return new Map();
    const rows = await this.trx.selectFrom('idempotency').selectAll().where('key', 'in', keys).execute();
    return new Map(
      rows.map((r) => [r.key, { key: r.key, userId: r.user_id, command: r.command, response: r.response }]),
    );
  }

  async insertEvents(rows: EventLogTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await this.trx
        .insertInto('event_log')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    const last = rows.at(-1);
    // Other nodes wake up on commit and read the new events from the log (delivered only if this commits).
    if (last && this.dialect === 'postgres') {
      await sql`select pg_notify(${COMMIT_CHANNEL}, ${String(last.seq)})`.execute(this.trx);
    }
  }

  /** Writes the current state of every entity the events touched. */
  async saveEntities(state: State, touched: Touched): Promise<void> {
    const seq = state.seq;
    const rows = <T extends { id: string; status: string }>(ids: Set<string>, map: Map<string, T>) =>
      [...ids]
        .map((id) => map.get(id))
        .filter((e): e is T => e !== undefined)
        .map((e) => ({ e, row: { id: e.id, doc: JSON.stringify(e), status: e.status, seq } }));
    await this.upsert(
      'calls',
      rows(touched.calls, state.calls).map(({ e, row }) => ({ ...row, number: e.number })),
    );
    await this.upsert(
      'incidents',
      rows(touched.incidents, state.incidents).map(({ row }) => row),
    );
    await this.upsert(
      'assignments',
      rows(touched.assignments, state.assignments).map(({ e, row }) => ({
        ...row,
        incident_id: e.incidentId,
        agency_id: e.agencyId,
      })),
    );
    await this.upsert(
      'units',
      rows(touched.units, state.units).map(({ e, row }) => ({ ...row, agency_id: e.agencyId })),
    );
  }

  /** Inserts state rows, or replaces the document, status and seq of those that exist. */
  private async upsert<T extends 'calls' | 'incidents' | 'assignments' | 'units'>(
    table: T,
    rows: Insertable<DatabaseSchema[T]>[],
  ): Promise<void> {
    if (rows.length === 0) return;
    // The four state tables share these columns; one statement serves them all.
    const trx = this.trx as unknown as Transaction<{ entity: EntityRow }>;
    await trx
      .insertInto(table as unknown as 'entity')
      .values(rows as Insertable<EntityRow>[])
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          doc: eb.ref('excluded.doc'),
          status: eb.ref('excluded.status'),
          seq: eb.ref('excluded.seq'),
        })),
      )
      .execute();
  }

  async saveIdempotent(records: IdempotentRecord[], at: number): Promise<void> {
    if (records.length === 0) return;
    await this.trx
      .insertInto('idempotency')
      .values(
        records.map((r) => ({ key: r.key, user_id: r.userId, command: r.command, response: r.response, at })),
      )
      .execute();
  }
}

export class EventStore {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: Dialect;

  constructor(db: Db) {
    this.db = db.kysely;
    this.dialect = db.dialect;
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new StoreTx(trx, this.dialect)));
  }

  async loadReference(db: Kysely<DatabaseSchema> = this.db): Promise<Reference> {
    const [kecamatan, desa, agencies, stations, categories] = await Promise.all([
      db.selectFrom('kecamatan').selectAll().orderBy('code').execute(),
      db.selectFrom('desa').selectAll().orderBy('code').execute(),
      db.selectFrom('agencies').selectAll().orderBy('id').execute(),
      db.selectFrom('stations').selectAll().orderBy('id').execute(),
      db.selectFrom('categories').selectAll().orderBy('code').execute(),
    ]);
    return {
      kecamatan: new Map(
        kecamatan.map((k) => [k.code, { code: k.code, name: k.name, lat: k.lat, lon: k.lon }]),
      ),
      desa: new Map(desa.map((d) => [d.code, d])),
      agencies: new Map(agencies.map((a) => [a.id, a])),
      stations: new Map(
        stations.map((s) => [
          s.id,
          { id: s.id, agencyId: s.agency_id, name: s.name, kecamatan: s.kecamatan, lat: s.lat, lon: s.lon },
        ]),
      ),
      categories: new Map(categories.map((c) => [c.code, JSON.parse(c.doc) as Category])),
    };
  }

  /** The live state as the state tables hold it, and the head of the log it corresponds to. */
  async loadState(): Promise<{ state: State; head: Head }> {
    return this.transaction(async (tx) => {
      const ref = await this.loadReference(tx.trx);
      const state = emptyState(ref);
      const [calls, incidents, assignments, units, last] = await Promise.all([
        tx.trx.selectFrom('calls').select('doc').execute(),
        tx.trx.selectFrom('incidents').select('doc').execute(),
        tx.trx.selectFrom('assignments').select('doc').execute(),
        tx.trx.selectFrom('units').select('doc').execute(),
        tx.trx
          .selectFrom('event_log')
          .select(['seq', 'hash'])
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst(),
      ]);
      const docs = <T>(rows: { doc: string }[]) => rows.map((r) => JSON.parse(r.doc) as T);
      load(state, {
        calls: docs<Call>(calls),
        incidents: docs<Incident>(incidents),
        assignments: docs<Assignment>(assignments),
        units: docs<Unit>(units),
      });
      const head = last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
      state.seq = head.seq;
      return { state, head };
    });
  }

  async eventsAfter(seq: number, limit: number): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('event_log')
      .selectAll()
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toStored);
  }

  /** Every event that names the incident or one of its assignments, in order. */
  /** Every event about the incident, and about its calls before they joined it, in order. */
  async timeline(incident: Incident): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('event_log')
      .selectAll()
      .where('subject', 'in', [incident.id, ...incident.callIds])
      .orderBy('seq')
      .execute();
    return rows.map(toStored);
  }

  /** Recomputes the whole chain in pages, naming the first broken link. */
  async verifyLog(pageSize = 5000): Promise<ChainCheck> {
    let start = { seq: 0, hash: GENESIS_HASH };
    let count = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('event_log')
        .select(['seq', 'data', 'hash'])
        .where('seq', '>', start.seq)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      if (rows.length === 0) return { ok: true, count, head: start.hash };
      const links = rows.map((r) => ({ seq: Number(r.seq), data: r.data, hash: r.hash }));
      const check = verifyChain(links, start);
      if (!check.ok) return check;
      count += check.count;
      const last = links[links.length - 1]!;
      start = { seq: last.seq, hash: last.hash };
    }
  }
}
