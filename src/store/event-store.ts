// Persistence of the flow: appends events and updates the state tables in one transaction, on either dialect.
import { type Insertable, type Kysely, sql } from 'kysely';
import { checkpointOf, restoreCheckpoint } from '../domain/checkpoint.ts';
import type { DomainEvent, StoredEvent } from '../domain/events.ts';
import { phoneNumberKey } from '../domain/phone-number.ts';
import { DEFAULT_REPORT_CLOCK, type ReportClock } from '../domain/reports/clock.ts';
import { callLine } from '../domain/reports/export.ts';
import type { Fact } from '../domain/reports/facts.ts';
import type { SopDocument } from '../domain/sop/document.ts';
import {
  apply,
  emptyState,
  isEnded,
  load,
  type State,
  TELEPHONY_SUBJECT,
  type Touched,
} from '../domain/state.ts';
import type { Assignment, Call, Category, Incident, PublishedSop, Reference, Unit } from '../domain/types.ts';
import { accountOf } from './accounts.ts';
import { CHECKPOINT_NAME, readCheckpoint, saveCheckpoint } from './checkpoints.ts';
import { COMMIT_CHANNEL, type Db, type Dialect } from './db.ts';
import { type ChainCheck, chainHash, GENESIS_HASH } from './hash-chain.ts';
import { incidentSearchColumns } from './history-migration.ts';
import {
  agencyIncidents,
  type HistoryFilters,
  type HistoryQuery,
  searchIncidents,
} from './incident-search.ts';
import { verifyLogFrom } from './log-head.ts';
import {
  eraseKeysStatement,
  KEYED_EVENTS,
  openRow,
  PERSONAL_KEY_COLUMNS,
  type PersonalKeyRow,
  sealPersonal,
  withKeys,
} from './personal-keys.ts';
import { literal, PgTransaction } from './pg-transaction.ts';
import { deviceOf, deviceRow } from './positions.ts';
import { callColumns, incidentColumns, KPI_KEY_COLUMNS, kpiRows, saveFacts } from './report-store.ts';
import type { DatabaseSchema, EntityRow, EventLogTable } from './schema.ts';
import type { StatementCache } from './statement-cache.ts';
import { GrowthAnalyzer } from './statistics.ts';

export interface IdempotentRecord {
  key: string;
  userId: string;
  command: string;
  response: string;
}

/** A logged row (read with its key, personal-keys.ts `withKeys`) as the event it stores. */
function toStored(row: EventLogTable & { personal_key?: string | null }): StoredEvent {
  return { ...openRow(row), seq: Number(row.seq), hash: row.hash };
}

/** A row of `sop_versions` as the version it stores. */
export function sopVersionOf(row: DatabaseSchema['sop_versions']): PublishedSop {
  return {
    version: Number(row.version),
    title: row.title,
    publishedAt: Number(row.published_at),
    publishedBy: row.published_by,
    doc: JSON.parse(row.doc) as SopDocument,
  };
}

export interface Head {
  seq: number;
  hash: string;
}

/** A new password hash a command carried beside its payload, for the account it names. */
export interface Credential {
  userId: string;
  passwordHash: string;
}

/** What sealEvents gives: the events as stored, the log's rows, the new head, and the personal data's keys. */
export interface Sealed {
  stored: StoredEvent[];
  rows: EventLogTable[];
  head: Head;
  /** The keys of the rows' sealed personal fields (personal-keys.ts), written with them. */
  keys: PersonalKeyRow[];
  /** Calls whose personal data the events erase: their keys are deleted with them. */
  erase: string[];
}

/**
 * Numbers the events after the head and chains each to the one before; the rows are what the log stores, with
 * each event's personal fields sealed under a key of its own (the chain covers the ciphertext).
 */
export function sealEvents(
  events: DomainEvent[],
  head: Head,
  subjectOf: (event: DomainEvent) => string | null,
): Sealed {
  let { seq, hash } = head;
  const rows: EventLogTable[] = [];
  const stored: StoredEvent[] = [];
  const keys: PersonalKeyRow[] = [];
  const erase: string[] = [];
  for (const event of events) {
    seq++;
    const { data, key } = sealPersonal(event, seq);
    if (key) keys.push(key);
    if (event.type === 'call.personal_data_erased') erase.push(event.callId);
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
  return { stored, rows, head: { seq, hash }, keys, erase };
}

/** The state tables' extra columns beside id, doc, status and seq. */
const ENTITY_COLUMNS = {
  calls: [
    'number',
    'number_key',
    'registered_at',
    'channel',
    'type',
    'answered_by',
    'answer_ms',
    'incident_id',
    'classified_at',
    'ended_at',
    'ended_by',
    'erased_at',
    'csv_line',
  ],
  incidents: ['created_at', 'category', 'priority', 'kecamatan', 'desa', 'number', 'caller_key'],
  assignments: ['incident_id', 'agency_id'],
  units: ['agency_id'],
} as const;
type EntityTable = keyof typeof ENTITY_COLUMNS;

const EVENT_COLUMNS = ['seq', 'type', 'at', 'actor', 'agencies', 'subject', 'data', 'hash'] as const;
const IDEMPOTENCY_COLUMNS = ['key', 'user_id', 'command', 'response', 'at'] as const;
const KPI_COLUMNS = [...KPI_KEY_COLUMNS, 'n', 'total'] as const;

type IdempotencyRow = { key: string; user_id: string; command: string; response: string };

function knownOf(rows: IdempotencyRow[]): Map<string, IdempotentRecord> {
  return new Map(
    rows.map((r) => [r.key, { key: r.key, userId: r.user_id, command: r.command, response: r.response }]),
  );
}

/** What a batch finds when it starts: events other writers appended since, and the idempotency keys already used. */
export interface BatchStart {
  events: StoredEvent[];
  known: Map<string, IdempotentRecord>;
}

/** What a batch writes (StoreTx.append). */
export interface BatchWrite {
  rows: EventLogTable[];
  head: Head;
  /** The state after the batch, with `touched` naming the entities it changed. */
  state: State;
  touched: Touched;
  records: IdempotentRecord[];
  at: number;
  /** Whether to record the checkpoint of the state too. */
  checkpoint: boolean;
  /** What the batch adds to the KPI aggregates (report-store.ts). */
  facts: readonly Fact[];
  /** The keys of the rows' sealed personal fields, and the calls whose keys go (sealEvents). */
  keys: readonly PersonalKeyRow[];
  erase: readonly string[];
}

/** The state rows to write for the touched entities, by table. */
function entityRows(
  state: State,
  touched: Touched,
): { table: EntityTable; rows: Record<string, unknown>[] }[] {
  const seq = state.seq;
  const rows = <T extends { id: string; status: string }>(ids: Set<string>, map: Map<string, T>) =>
    [...ids]
      .map((id) => map.get(id))
      .filter((e): e is T => e !== undefined)
      .map((e) => ({ e, row: { id: e.id, doc: JSON.stringify(e), status: e.status, seq } }));
  return [
    {
      table: 'calls' as const,
      rows: rows(touched.calls, state.calls).map(({ e, row }) => ({
        ...row,
        number: e.number,
        number_key: e.number === null ? null : phoneNumberKey(e.number),
        ...callColumns(e),
        erased_at: e.erasedAt ?? null,
        csv_line: callLine(e),
      })),
    },
    {
      table: 'incidents' as const,
      rows: rows(touched.incidents, state.incidents).map(({ e, row }) => ({
        ...row,
        ...incidentColumns(e),
        ...incidentSearchColumns(e),
      })),
    },
    {
      table: 'assignments' as const,
      rows: rows(touched.assignments, state.assignments).map(({ e, row }) => ({
        ...row,
        incident_id: e.incidentId,
        agency_id: e.agencyId,
      })),
    },
    {
      table: 'units' as const,
      rows: rows(touched.units, state.units).map(({ e, row }) => ({ ...row, agency_id: e.agencyId })),
    },
  ].filter((t) => t.rows.length > 0);
}

/** Rows as an SQL VALUES list of literals (pg-transaction.ts). */
function valuesOf(rows: readonly object[], columns: readonly string[]): string {
  return rows
    .map((row) => `(${columns.map((c) => literal((row as Record<string, unknown>)[c])).join(', ')})`)
    .join(',\n');
}

/**
 * One PostgreSQL statement of data-modifying CTEs that writes a whole batch (see StoreTx.append), values as literals
 * so that it can travel with COMMIT; null when the batch also changes SOP versions, accounts, reference data or
 * trackers.
 */
function appendStatement(batch: BatchWrite, clock: ReportClock): string | null {
  const { sopVersions, users, agencies, stations, devices } = batch.touched;
  // SOP versions, accounts, reference data and trackers are rare: written statement by statement.
  if (sopVersions.size + users.size + agencies.size + stations.size + devices.size > 0) return null;
  const parts = [
    `events as (insert into event_log (${EVENT_COLUMNS.join(', ')}) values ${valuesOf(batch.rows, EVENT_COLUMNS)})`,
    `head as (update log_head set seq = ${literal(batch.head.seq)}, hash = ${literal(batch.head.hash)} where id = 1)`,
  ];
  if (batch.keys.length > 0)
    parts.push(
      `personal_keys_rows as (insert into personal_keys (${PERSONAL_KEY_COLUMNS.join(', ')}) values ${valuesOf(batch.keys, PERSONAL_KEY_COLUMNS)})`,
    );
  if (batch.erase.length > 0)
    parts.push(`erased_keys as (${eraseKeysStatement(batch.erase.map(literal).join(', '))})`);
  for (const { table, rows } of entityRows(batch.state, batch.touched)) {
    const columns = ['id', 'doc', 'status', 'seq', ...ENTITY_COLUMNS[table]];
    parts.push(`${table}_rows as (insert into ${table} (${columns.join(', ')}) values ${valuesOf(rows, columns)}
      on conflict (id) do update set ${columns
        .filter((c) => c !== 'id')
        .map((c) => `${c} = excluded.${c}`)
        .join(', ')}
      where ${table}.doc is distinct from excluded.doc)`);
  }
  for (const { table, rows } of kpiRows(batch.facts, clock)) {
    parts.push(`${table}_rows as (insert into ${table} (${KPI_COLUMNS.join(', ')}) values ${valuesOf(rows, KPI_COLUMNS)}
      on conflict (${KPI_KEY_COLUMNS.join(', ')}) do update set n = ${table}.n + excluded.n, total = ${table}.total + excluded.total)`);
  }
  if (batch.records.length > 0) {
    const records = batch.records.map((r) => ({
      key: r.key,
      user_id: r.userId,
      command: r.command,
      response: r.response,
      at: batch.at,
    }));
    parts.push(
      `idempotent as (insert into idempotency (${IDEMPOTENCY_COLUMNS.join(', ')}) values ${valuesOf(
        records,
        IDEMPOTENCY_COLUMNS,
      )})`,
    );
  }
  if (batch.checkpoint) {
    const doc = JSON.stringify(checkpointOf(batch.state));
    parts.push(`checkpoint as (insert into checkpoints (name, seq, doc) values (${literal(CHECKPOINT_NAME)}, ${literal(batch.state.seq)}, ${literal(doc)})
      on conflict (name) do update set seq = excluded.seq, doc = excluded.doc where checkpoints.seq < excluded.seq)`);
  }
  // Other nodes wake up on commit and read the new events from the log (delivered only if this commits).
  return `with ${parts.join(',\n')}\nselect pg_notify(${literal(COMMIT_CHANNEL)}, ${literal(String(batch.head.seq))})`;
}

/**
 * Everything a command batch does inside its transaction. On SQLite the statements are prepared once and reused
 * (`sqlite`); on PostgreSQL they go through Kysely, except the commit path's, written with literals so that BEGIN
 * travels with the first and COMMIT with the last (`pg`, pg-transaction.ts).
 */
export class StoreTx {
  readonly trx: Kysely<DatabaseSchema>;
  private readonly sqlite: StatementCache | null;
  private readonly pg: PgTransaction | null;
  /** The clock the daily aggregates are cut by. */
  private readonly clock: ReportClock;
  /** The sequence number of the last event this transaction appended (0: none). */
  lastSeq = 0;

  constructor(
    trx: Kysely<DatabaseSchema>,
    backend: { sqlite: StatementCache } | { pg: PgTransaction },
    clock: ReportClock,
  ) {
    this.trx = trx;
    this.clock = clock;
    this.sqlite = 'sqlite' in backend ? backend.sqlite : null;
    this.pg = 'pg' in backend ? backend.pg : null;
  }

  /**
   * Starts a batch: takes the append lock, then reads the events other writers appended after `seq` and which of
   * `keys` were used already. On PostgreSQL the lock is the head row's (`for update`, so writers on every node append
   * in turn and sequence order is commit order); the read that follows it is a statement of its own, so its snapshot
   * is taken after the lock and sees what the writer before committed. BEGIN, the lock and the read are one round
   * trip.
   */
  async begin(seq: number, keys: string[]): Promise<BatchStart> {
    if (this.sqlite)
      return { events: this.sqliteEventsAfter(this.sqlite, seq), known: this.sqliteKnown(this.sqlite, keys) };
    const after = literal(seq);
    // Only catching up: committed events need no lock (appends commit in sequence order).
    const statements =
      keys.length === 0
        ? [`${KEYED_EVENTS} where e.seq > ${after} order by e.seq`]
        : [
            'select seq from log_head where id = 1 for update',
            `select
              (select coalesce(json_agg(e order by e.seq), '[]'::json) from (${KEYED_EVENTS}
                where e.seq > ${after} and e.seq <= (select seq from log_head where id = 1)) e) as events,
              (select coalesce(json_agg(i), '[]'::json) from
                (select key, user_id, command, response from idempotency
                  where key = any(array[${keys.map(literal).join(', ')}]::text[])) i) as known`,
          ];
    const results = await this.pg!.run(statements);
    if (keys.length === 0)
      return { events: (results[0] as unknown as EventLogTable[]).map(toStored), known: new Map() };
    const found = results[1]![0] as { events: EventLogTable[]; known: IdempotencyRow[] };
    return { events: found.events.map(toStored), known: knownOf(found.known) };
  }

  private sqliteEventsAfter(sqlite: StatementCache, seq: number): StoredEvent[] {
    const rows = sqlite.get(`${KEYED_EVENTS} where e.seq > ? order by e.seq`).all(seq);
    return (rows as EventLogTable[]).map(toStored);
  }

  private sqliteKnown(sqlite: StatementCache, keys: string[]): Map<string, IdempotentRecord> {
    const find = sqlite.get('select key, user_id, command, response from idempotency where key = ?');
    return knownOf(
      keys.map((key) => find.get(key) as IdempotencyRow | undefined).filter((r) => r !== undefined),
    );
  }

  /**
   * Writes what a batch decided: its events, the head record, the state rows it changed, what it adds to the KPI
   * aggregates, its idempotency records and, now and then, the checkpoint. On PostgreSQL all of it (and the NOTIFY)
   * is one statement of data-modifying CTEs, sent with COMMIT, unless the batch publishes an SOP or changes accounts
   * or reference data.
   */
  async append(batch: BatchWrite): Promise<void> {
    if (batch.rows.length === 0 && batch.records.length === 0) return;
    const single = this.pg && batch.rows.length > 0 ? appendStatement(batch, this.clock) : null;
    if (single) {
      this.pg!.defer(single);
      this.lastSeq = batch.head.seq;
      return;
    }
    await this.insertEvents(batch.rows);
    if (batch.rows.length > 0) await this.saveHead(batch.head);
    await this.saveKeys(batch.keys, batch.erase);
    await this.saveEntities(batch.state, batch.touched);
    await this.saveFacts(batch.facts);
    await this.saveIdempotent(batch.records, batch.at);
    if (batch.checkpoint) await this.saveCheckpoint(batch.state);
  }

  /** Adds a batch's facts to the KPI aggregates (report-store.ts). */
  private async saveFacts(facts: readonly Fact[]): Promise<void> {
    if (!this.sqlite) return saveFacts(this.trx, facts, this.clock);
    for (const { table, rows } of kpiRows(facts, this.clock)) {
      const upsert = this.sqlite.get(
        `insert into ${table} (${KPI_COLUMNS.join(', ')}) values (${KPI_COLUMNS.map(() => '?').join(', ')})
         on conflict (${KPI_KEY_COLUMNS.join(', ')}) do update set n = ${table}.n + excluded.n, total = ${table}.total + excluded.total`,
      );
      for (const row of rows) upsert.run(KPI_COLUMNS.map((c) => row[c]));
    }
  }

  async insertEvents(rows: EventLogTable[]): Promise<void> {
    this.lastSeq = rows.at(-1)?.seq ?? this.lastSeq;
    if (this.sqlite) {
      const insert = this.sqlite.get(
        `insert into event_log (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
      );
      for (const r of rows) insert.run(r.seq, r.type, r.at, r.actor, r.agencies, r.subject, r.data, r.hash);
      return;
    }
    for (let i = 0; i < rows.length; i += 500) {
      await this.trx
        .insertInto('event_log')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    const last = rows.at(-1);
    // Other nodes wake up on commit and read the new events from the log (delivered only if this commits).
    if (last && this.pg) {
      await sql`select pg_notify(${COMMIT_CHANNEL}, ${String(last.seq)})`.execute(this.trx);
    }
  }

  /** Writes the keys of new events' personal fields, and deletes those of the calls erased (personal-keys.ts). */
  async saveKeys(keys: readonly PersonalKeyRow[], erase: readonly string[] = []): Promise<void> {
    if (this.sqlite) {
      const insert = this.sqlite.get(
        `insert into personal_keys (${PERSONAL_KEY_COLUMNS.join(', ')}) values (${PERSONAL_KEY_COLUMNS.map(() => '?').join(', ')})`,
      );
      for (const k of keys) insert.run(k.seq, k.call_id, k.sip_call_id, k.at, k.key);
    } else {
      for (let i = 0; i < keys.length; i += 500)
        await this.trx
          .insertInto('personal_keys')
          .values(keys.slice(i, i + 500))
          .execute();
    }
    if (erase.length === 0) return;
    await sql.raw(eraseKeysStatement(erase.map(literal).join(', '))).execute(this.trx);
  }

  /** Moves the head record to the last event written, in the same transaction (see log-head.ts). */
  async saveHead(head: Head): Promise<void> {
    if (this.sqlite) {
      this.sqlite.get('update log_head set seq = ?, hash = ? where id = 1').run(head.seq, head.hash);
      return;
    }
    await this.trx
      .updateTable('log_head')
      .set({ seq: head.seq, hash: head.hash })
      .where('id', '=', 1)
      .execute();
  }

  /** Writes the current state of every entity the events touched. */
  async saveEntities(state: State, touched: Touched): Promise<void> {
    for (const { table, rows } of entityRows(state, touched)) await this.upsert(table, rows);
    if (touched.sopVersions.size > 0) await this.saveSop(state, touched.sopVersions);
    await this.saveReference(state, touched);
    await this.saveUsers(state, touched.users);
    await this.saveDevices(state, touched.devices);
  }

  /** Trackers registered or revoked (the row is what the log says, the secret's digest included). */
  private async saveDevices(state: State, ids: Set<string>): Promise<void> {
    const devices = [...ids].flatMap((id) => state.devices.get(id) ?? []);
    if (devices.length === 0) return;
    await this.trx
      .insertInto('devices')
      .values(devices.map(deviceRow))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          unit_id: eb.ref('excluded.unit_id'),
          secret_hash: eb.ref('excluded.secret_hash'),
          created_at: eb.ref('excluded.created_at'),
          active: eb.ref('excluded.active'),
        })),
      )
      .execute();
  }

  /** Agencies and stations the admin created or changed. */
  private async saveReference(state: State, touched: Touched): Promise<void> {
    const agencies = [...touched.agencies].flatMap((id) => state.ref.agencies.get(id) ?? []);
    if (agencies.length > 0) {
      await this.trx
        .insertInto('agencies')
        .values(agencies)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => ({ code: eb.ref('excluded.code'), name: eb.ref('excluded.name') })),
        )
        .execute();
    }
    const stations = [...touched.stations].flatMap((id) => state.ref.stations.get(id) ?? []);
    if (stations.length > 0) {
      await this.trx
        .insertInto('stations')
        .values(
          stations.map((s) => ({
            id: s.id,
            agency_id: s.agencyId,
            name: s.name,
            kecamatan: s.kecamatan,
            lat: s.lat,
            lon: s.lon,
          })),
        )
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kecamatan: eb.ref('excluded.kecamatan'),
            lat: eb.ref('excluded.lat'),
            lon: eb.ref('excluded.lon'),
          })),
        )
        .execute();
    }
  }

  /** Accounts the events changed; a new one has no password until its credential is saved (saveCredentials). */
  private async saveUsers(state: State, ids: Set<string>): Promise<void> {
    const users = [...ids].flatMap((id) => state.users.get(id) ?? []);
    if (users.length === 0) return;
    await this.trx
      .insertInto('users')
      .values(
        users.map((u) => ({
          id: u.id,
          username: u.username,
          display_name: u.displayName,
          role: u.role,
          agency_id: u.agencyId,
          unit_id: u.unitId,
          password_hash: '',
          active: u.active ? 1 : 0,
          must_change_password: u.mustChangePassword ? 1 : 0,
          unlocked_at: u.unlockedAt,
          sessions_revoked_at: u.sessionsRevokedAt,
          second_factor_at: u.secondFactorAt ?? null,
          created_at: u.createdAt,
          updated_at: u.updatedAt,
        })),
      )
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          display_name: eb.ref('excluded.display_name'),
          role: eb.ref('excluded.role'),
          agency_id: eb.ref('excluded.agency_id'),
          unit_id: eb.ref('excluded.unit_id'),
          active: eb.ref('excluded.active'),
          must_change_password: eb.ref('excluded.must_change_password'),
          unlocked_at: eb.ref('excluded.unlocked_at'),
          sessions_revoked_at: eb.ref('excluded.sessions_revoked_at'),
          second_factor_at: eb.ref('excluded.second_factor_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  /** The new password hashes of this batch's accounts, in the transaction that logged their events. */
  async saveCredentials(credentials: Credential[]): Promise<void> {
    for (const c of credentials) {
      await this.trx
        .updateTable('users')
        .set({ password_hash: c.passwordHash })
        .where('id', '=', c.userId)
        .execute();
    }
  }

  /** A published SOP version and the category reference it made (retired categories included). */
  private async saveSop(state: State, versions: Set<number>): Promise<void> {
    await this.trx
      .insertInto('sop_versions')
      .values(
        [...versions].map((version) => {
          const sop = state.ref.sops.get(version)!;
          return {
            version: sop.version,
            title: sop.title,
            doc: JSON.stringify(sop.doc),
            published_at: sop.publishedAt,
            published_by: sop.publishedBy,
          };
        }),
      )
      // A published version never changes: one taken into the log again (reference.adopted) is the same row.
      .onConflict((oc) => oc.column('version').doNothing())
      .execute();
    await this.trx
      .insertInto('categories')
      .values([...state.ref.categories.values()].map((c) => ({ code: c.code, doc: JSON.stringify(c) })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ doc: eb.ref('excluded.doc') })))
      .execute();
  }

  /**
   * Inserts state rows, or replaces the document, status, seq and indexed columns of those that exist. A row whose document did not
   * change is left as it is, so it costs no page write.
   */
  private async upsert(table: EntityTable, rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    if (this.sqlite) {
      const columns = ['id', 'doc', 'status', 'seq', ...ENTITY_COLUMNS[table]];
      const statement = this.sqlite.get(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})
         on conflict (id) do update set ${columns
           .filter((c) => c !== 'id')
           .map((c) => `${c} = excluded.${c}`)
           .join(', ')}
         where ${table}.doc is not excluded.doc`,
      );
      for (const row of rows) statement.run(columns.map((c) => row[c] ?? null));
      return;
    }
    // The four state tables share these columns; one statement serves them all, and their own columns follow.
    const trx = this.trx as unknown as Kysely<{ entity: EntityRow }>;
    const own = ENTITY_COLUMNS[table] as readonly string[];
    await trx
      .insertInto(table as unknown as 'entity')
      .values(rows as Insertable<EntityRow>[])
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            doc: eb.ref('excluded.doc'),
            status: eb.ref('excluded.status'),
            seq: eb.ref('excluded.seq'),
            ...Object.fromEntries(own.map((c) => [c, eb.ref(`excluded.${c}` as 'excluded.doc')])),
          }))
          .where(sql<boolean>`${sql.table(table)}.doc is distinct from excluded.doc`),
      )
      .execute();
  }

  /** Records the live state's log-only parts in this transaction, as of the state's seq (checkpoints.ts). */
  saveCheckpoint(state: State): Promise<void> {
    return saveCheckpoint(this.trx, state);
  }

  /** Incidents, calls and assignments that ended long ago, read back for a command that names them. */
  recall(ids: { incidents: string[]; calls: string[]; assignments: string[] }): Promise<Entities> {
    return recallEntities(this.trx, ids);
  }

  async saveIdempotent(records: IdempotentRecord[], at: number): Promise<void> {
    if (records.length === 0) return;
    if (this.sqlite) {
      const insert = this.sqlite.get(
        'insert into idempotency (key, user_id, command, response, at) values (?, ?, ?, ?, ?)',
      );
      for (const r of records) insert.run(r.key, r.userId, r.command, r.response, at);
      return;
    }
    await this.trx
      .insertInto('idempotency')
      .values(
        records.map((r) => ({ key: r.key, user_id: r.userId, command: r.command, response: r.response, at })),
      )
      .execute();
  }
}

/** Entities read from the state tables. */
export interface Entities {
  calls: Call[];
  incidents: Incident[];
  assignments: Assignment[];
}

const CHUNK = 500;
/** Telephony events read at once when replaying them at start. */
const REPLAY_PAGE = 5000;
const OPEN_INCIDENT_STATUSES = ['new', 'waiting_dispatch', 'dispatched'];
const OPEN_CALL_STATUSES = ['ringing', 'answered'];

async function docsWhere<T>(
  db: Kysely<DatabaseSchema>,
  table: 'calls' | 'incidents' | 'assignments',
  column: 'id' | 'incident_id',
  values: string[],
): Promise<T[]> {
  const found: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    const rows = await (db as unknown as Kysely<{ entity: EntityRow & { incident_id: string } }>)
      .selectFrom(table as unknown as 'entity')
      .select('doc')
      .where(column, 'in', values.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) found.push(JSON.parse(row.doc) as T);
  }
  return found;
}

/** The named entities as stored, with each named incident's (or assignment's incident's) assignments. */
async function recallEntities(
  db: Kysely<DatabaseSchema>,
  ids: { incidents: string[]; calls: string[]; assignments: string[] },
): Promise<Entities> {
  const named = await docsWhere<Assignment>(db, 'assignments', 'id', ids.assignments);
  const incidentIds = [...new Set([...ids.incidents, ...named.map((a) => a.incidentId)])];
  const incidents = await docsWhere<Incident>(db, 'incidents', 'id', incidentIds);
  // An incident comes with its calls, as the live state holds it (its report facts read their answer times).
  const callIds = [...new Set([...ids.calls, ...incidents.flatMap((i) => i.callIds)])];
  return {
    calls: await docsWhere<Call>(db, 'calls', 'id', callIds),
    incidents,
    assignments: await docsWhere<Assignment>(db, 'assignments', 'incident_id', incidentIds),
  };
}

export class EventStore {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: Dialect;
  private readonly sqlite: StatementCache | null;
  private readonly statistics: GrowthAnalyzer | null;
  private readonly pool: Db['pool'];
  /** The reports' time zone and shifts: the daily aggregates written with the events follow it. */
  readonly clock: ReportClock;

  constructor(db: Db, clock: ReportClock = DEFAULT_REPORT_CLOCK) {
    this.db = db.kysely;
    this.clock = clock;
    this.pool = db.pool;
    this.dialect = db.dialect;
    this.sqlite = db.sqlite ?? null;
    this.statistics =
      db.dialect === 'postgres'
        ? new GrowthAnalyzer(db.kysely as unknown as Kysely<unknown>, (error) =>
            console.error('ANALYZE failed', error),
          )
        : null;
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    const sqlite = this.sqlite;
    if (sqlite) {
      // Kysely's connection lock keeps its other queries out of this transaction while it awaits.
      return this.db
        .connection()
        .execute((connection) =>
          sqlite.transaction(() => fn(new StoreTx(connection, { sqlite }, this.clock))),
        );
    }
    const pg = await PgTransaction.open(this.pool!);
    let result: T;
    const tx = new StoreTx(pg.kysely, { pg }, this.clock);
    try {
      result = await fn(tx);
      await pg.commit();
    } catch (error) {
      await pg.release(error);
      throw error;
    }
    await pg.release();
    if (tx.lastSeq > 0) this.statistics?.committed(tx.lastSeq);
    return result;
  }

  async loadReference(db: Kysely<DatabaseSchema> = this.db): Promise<Reference> {
    const [kecamatan, desa, agencies, stations, categories, sops] = await Promise.all([
      db.selectFrom('kecamatan').selectAll().orderBy('code').execute(),
      db.selectFrom('desa').selectAll().orderBy('code').execute(),
      db.selectFrom('agencies').selectAll().orderBy('id').execute(),
      db.selectFrom('stations').selectAll().orderBy('id').execute(),
      db.selectFrom('categories').selectAll().orderBy('code').execute(),
      db.selectFrom('sop_versions').selectAll().orderBy('version').execute(),
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
      sops: new Map(sops.map((row) => [Number(row.version), sopVersionOf(row)])),
    };
  }

  /**
   * The live state as the state tables hold it, and the head of the log it corresponds to: open work, and what
   * ended since `since` (everything when not given), read through the status and seq indexes.
   */
  async loadState(
    since = Number.NEGATIVE_INFINITY,
  ): Promise<{ state: State; head: Head; checkpointSeq: number }> {
    return this.transaction(async (tx) => {
      const db = tx.trx;
      const ref = await this.loadReference(db);
      const state = emptyState(ref);
      const last = await db
        .selectFrom('event_log')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      const head = last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
      // Rows changed at or after the first event of the window: what ended within it, among others.
      const first = Number.isFinite(since)
        ? await db
            .selectFrom('event_log')
            .select('seq')
            .where('at', '>=', since)
            .orderBy('at')
            .orderBy('seq')
            .limit(1)
            .executeTakeFirst()
        : { seq: 0 };
      const fromSeq = first ? Number(first.seq) : head.seq + 1;
      const docs = <T>(rows: { doc: string }[]) => rows.map((r) => JSON.parse(r.doc) as T);
      const byId = <T extends { id: string }>(...lists: T[][]) => [
        ...new Map(lists.flat().map((e) => [e.id, e])).values(),
      ];
      const incidents = byId(
        docs<Incident>(
          await db
            .selectFrom('incidents')
            .select('doc')
            .where('status', 'in', OPEN_INCIDENT_STATUSES)
            .execute(),
        ),
        docs<Incident>(await db.selectFrom('incidents').select('doc').where('seq', '>=', fromSeq).execute()),
      ).filter((i) => !isEnded(i) || (i.closedAt ?? i.updatedAt) >= since);
      const calls = byId(
        docs<Call>(
          await db.selectFrom('calls').select('doc').where('status', 'in', OPEN_CALL_STATUSES).execute(),
        ),
        docs<Call>(await db.selectFrom('calls').select('doc').where('seq', '>=', fromSeq).execute()),
      ).filter((c) => c.status !== 'ended' || (c.endedAt ?? c.registeredAt) >= since);
      const held = new Set(calls.map((c) => c.id));
      const missing = incidents.flatMap((i) => i.callIds).filter((id) => !held.has(id));
      const [attached, assignments, units, users, devices] = await Promise.all([
        docsWhere<Call>(db, 'calls', 'id', missing),
        docsWhere<Assignment>(
          db,
          'assignments',
          'incident_id',
          incidents.map((i) => i.id),
        ),
        db.selectFrom('units').select('doc').execute(),
        db.selectFrom('users').selectAll().execute(),
        db.selectFrom('devices').selectAll().execute(),
      ]);
      load(state, {
        calls: [...calls, ...attached],
        incidents,
        assignments,
        units: docs<Unit>(units),
        users: users.map(accountOf),
        devices: devices.map(deviceOf),
      });
      const checkpoint = await this.restoreLogOnlyParts(db, state, head);
      state.seq = head.seq;
      return { state, head, checkpointSeq: checkpoint };
    });
  }

  /**
   * The parts of the state that have no state table (incident count, telephony projection): from the checkpoint
   * and the events after it, or from the whole log when there is none yet. Returns the checkpoint's seq (0: none).
   */
  private async restoreLogOnlyParts(db: Kysely<DatabaseSchema>, state: State, head: Head): Promise<number> {
    const found = await readCheckpoint(db);
    const checkpoint = found && found.seq <= head.seq ? found : null;
    const from = checkpoint?.seq ?? 0;
    if (checkpoint) {
      restoreCheckpoint(state, checkpoint);
      const created = await db
        .selectFrom('event_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('seq', '>', from)
        .where('type', '=', 'incident.created')
        .executeTakeFirstOrThrow();
      state.incidentsCreated += Number(created.n);
    } else {
      const count = await db
        .selectFrom('incidents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      state.incidentsCreated = Number(count.n);
    }
    // The telephony events after it, found by their subject, a page at a time.
    for (let after = from; ; ) {
      const rows = await withKeys(db)
        .where('event_log.subject', '=', TELEPHONY_SUBJECT)
        .where('event_log.seq', '>', after)
        .orderBy('event_log.seq')
        .limit(REPLAY_PAGE)
        .execute();
      for (const row of rows) apply(state, toStored(row));
      if (rows.length < REPLAY_PAGE) break;
      after = Number(rows.at(-1)!.seq);
    }
    return from;
  }

  /** Records the live state's log-only parts as of its seq, so the next start replays only what follows. */
  saveCheckpoint(state: State): Promise<void> {
    return saveCheckpoint(this.db, state);
  }

  /** Whether any event of the log has this subject (through the subject index). */
  async hasSubject(subject: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('event_log')
      .select('seq')
      .where('subject', '=', subject)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The latest telephony events of these types, oldest first (e.g. every block and unblock). */
  async telephonyEvents(types: readonly string[], limit: number): Promise<StoredEvent[]> {
    const rows = await withKeys(this.db)
      .where('event_log.subject', '=', TELEPHONY_SUBJECT)
      .where('event_log.type', 'in', [...types])
      .orderBy('event_log.seq', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse().map(toStored);
  }

  /** Entities as stored, whether or not the live state still holds them (see StoreTx.recall). */
  recall(ids: { incidents: string[]; calls: string[]; assignments: string[] }): Promise<Entities> {
    return recallEntities(this.db, ids);
  }

  /** Incidents of the whole history matching a search, newest first (incident-search.ts). */
  searchIncidents(
    query: HistoryQuery,
    limit: number,
    agencyId: string | null = null,
    filters: HistoryFilters = {},
  ): Promise<Incident[]> {
    return agencyId === null
      ? searchIncidents(this.db, query, limit, filters)
      : agencyIncidents(this.db, agencyId, query, limit, filters);
  }

  /** Every call stored from one number, however it was written (phone-number.ts), and their incidents. */
  async callsFrom(number: string): Promise<{ calls: Call[]; incidents: Incident[] }> {
    const key = phoneNumberKey(number);
    if (key === null) return { calls: [], incidents: [] };
    const rows = await this.db.selectFrom('calls').select('doc').where('number_key', '=', key).execute();
    const calls = rows.map((r) => JSON.parse(r.doc) as Call);
    const incidentIds = [...new Set(calls.flatMap((c) => (c.incidentId ? [c.incidentId] : [])))];
    return { calls, incidents: await docsWhere<Incident>(this.db, 'incidents', 'id', incidentIds) };
  }

  /** The events after `seq` in order, at most `limit` of them, and none after `upTo` when given. */
  async eventsAfter(seq: number, limit: number, upTo?: number): Promise<StoredEvent[]> {
    let query = withKeys(this.db).where('event_log.seq', '>', seq);
    if (upTo !== undefined) query = query.where('event_log.seq', '<=', upTo);
    const rows = await query.orderBy('event_log.seq').limit(limit).execute();
    return rows.map(toStored);
  }

  /** Every event that names the incident or one of its assignments, in order. */
  /** Every event about the incident, and about its calls before they joined it, in order. */
  async timeline(incident: Incident): Promise<StoredEvent[]> {
    const rows = await withKeys(this.db)
      .where('event_log.subject', 'in', [incident.id, ...incident.callIds])
      .orderBy('event_log.seq')
      .execute();
    return rows.map(toStored);
  }

  /** Recomputes the whole chain and checks its end against the head record, naming the first broken link. */
  verifyLog(): Promise<ChainCheck> {
    return verifyLogFrom(this.db);
  }
}
