// The command engine: queues commands, decides them against the live state and commits each batch in one transaction.
import { createHash } from 'node:crypto';
import { type AcdConfig, DEFAULT_ACD_CONFIG } from '../domain/acd/types.ts';
import type { Command, CommandType } from '../domain/commands.ts';
import { decide } from '../domain/decide.ts';
import { adopt, draftOf } from '../domain/draft.ts';
import { conflict, DomainError } from '../domain/errors.ts';
import type { StoredEvent } from '../domain/events.ts';
import { batchDelta, eventFacts, type Fact as ReportFact } from '../domain/reports/facts.ts';
import {
  apply,
  forgetEnded,
  load,
  noneTouched,
  RECENT_WINDOW_MS,
  type State,
  subjectOf,
} from '../domain/state.ts';
import type { Actor } from '../domain/types.ts';
import { CHECKPOINT_EVERY } from '../store/checkpoints.ts';
import {
  type Credential,
  type EventStore,
  type Head,
  type IdempotentRecord,
  type StoreTx,
  sealEvents,
} from '../store/event-store.ts';
import type { PersonalKeyRow } from '../store/personal-keys.ts';
import type { EventLogTable } from '../store/schema.ts';
import { timeOrderedIds } from './time-ordered-id.ts';

export type Outcome =
  /** `repeated`: the same key was answered before; this answer is the first one's and wrote nothing. */
  | { ok: true; seq: number; result: Record<string, unknown>; repeated?: boolean }
  | { ok: false; error: DomainError };

interface Pending {
  command: Command;
  actor: Actor;
  key: string;
  /**
   * A new password hash for the account the command names in its result (`userId`), saved in its transaction; or
   * the hashes of several accounts by id (the seed's demo users).
   */
  passwordHash: string | Credential[] | null;
  /** The digest of a secret the server made for the command (a tracker's), given to decide as `ctx.secretHash`. */
  secretHash: string | null;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

export interface EngineOptions {
  clock?: () => number;
  newId?: () => string;
  /** Most commands committed in one transaction (group commit). */
  maxBatch?: number;
  /** The call queue's settings (wrap-up, ring timeout, …). */
  acd?: Partial<AcdConfig>;
  /** Why this node serves reads only: every command is then refused with this reason (503). */
  readOnly?: string | null;
  /** Told the seconds each committed batch took (for /metrics). */
  onCommitted?: (seconds: number) => void;
  /** Events between two checkpoints of the log-only state (checkpoints.ts); tests make it small. */
  checkpointEvery?: number;
}

type Listener = (events: StoredEvent[]) => void;

/** JSON with object keys sorted, so the same payload always prints the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What an idempotency key is bound to: the command type and its exact payload. */
function fingerprint(command: Command): string {
  return `${command.type}#${createHash('sha256').update(canonical(command.payload)).digest('base64url')}`;
}

export class Engine {
  state: State;
  private head: Head;
  private readonly store: EventStore;
  private readonly clock: () => number;
  private readonly newId: () => string;
  private readonly maxBatch: number;
  readonly acd: AcdConfig;
  private readonly readOnly: string | null;
  private readonly onCommitted: (seconds: number) => void;
  private readonly listeners = new Set<Listener>();
  private queue: Pending[] = [];
  private draining = false;
  /** Told when the current drain ends (`reach`). */
  private drained: Array<() => void> = [];
  /** The head another node announced (NOTIFY) that this one has yet to read; 0: none. */
  private catchUpTo = 0;
  /** The seq of the last checkpoint written or loaded (0: none). */
  private checkpointSeq: number;
  private readonly checkpointEvery: number;

  private constructor(
    store: EventStore,
    state: State,
    head: Head,
    checkpointSeq: number,
    options: EngineOptions,
  ) {
    this.store = store;
    this.state = state;
    this.head = head;
    this.checkpointSeq = checkpointSeq;
    this.checkpointEvery = options.checkpointEvery ?? CHECKPOINT_EVERY;
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId ?? timeOrderedIds(this.clock);
    this.maxBatch = options.maxBatch ?? 256;
    this.acd = { ...DEFAULT_ACD_CONFIG, ...options.acd };
    this.readOnly = options.readOnly ?? null;
    this.onCommitted = options.onCommitted ?? (() => {});
  }

  /** Commands waiting for the next group commit. */
  get queueLength(): number {
    return this.queue.length;
  }

  static async open(store: EventStore, options: EngineOptions = {}): Promise<Engine> {
    const loaded = await store.loadState((options.clock ?? Date.now)() - RECENT_WINDOW_MS);
    const { state, head } = loaded;
    let checkpointSeq = loaded.checkpointSeq;
    // A log from before checkpoints (or one that grew elsewhere): the next start replays from here.
    if (!options.readOnly && head.seq - checkpointSeq >= (options.checkpointEvery ?? CHECKPOINT_EVERY)) {
      await store.saveCheckpoint(state);
      checkpointSeq = head.seq;
    }
    return new Engine(store, state, head, checkpointSeq, options);
  }

  /** The seq of the last event the live state has applied: the head moves only once the state includes it. */
  get seq(): number {
    return this.head.seq;
  }

  now(): number {
    return this.clock();
  }

  /** Called after every commit with the events it made visible, in sequence order. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the command is decided and, if accepted, durably committed. */
  execute<T extends CommandType>(
    type: T,
    payload: Extract<Command, { type: T }>['payload'],
    actor: Actor,
    key: string,
    passwordHash: string | Credential[] | null = null,
    secretHash: string | null = null,
  ): Promise<Outcome> {
    if (this.readOnly)
      return Promise.resolve({ ok: false, error: new DomainError('log.read_only', this.readOnly) });
    return new Promise((resolve, reject) => {
      const command = { type, payload } as Command;
      this.queue.push({ command, actor, key, passwordHash, secretHash, resolve, reject });
      this.scheduleDrain();
    });
  }

  /**
   * Reads events other nodes committed (PostgreSQL) up to `seq`, announced by their NOTIFY, and publishes them here.
   * This node's own commits are announced too, and cost nothing once they are its head.
   */
  catchUp(seq = Number.MAX_SAFE_INTEGER): void {
    if (seq <= this.head.seq) return;
    this.catchUpTo = Math.max(this.catchUpTo, seq);
    this.scheduleDrain();
  }

  /**
   * Resolves true once the live state has applied `seq`, reading the log for it first (a commit of another node this
   * one has yet to read); false when the log holds nothing up to `seq`. Costs nothing when applied already.
   */
  async reach(seq: number): Promise<boolean> {
    while (this.head.seq < seq) {
      const before = this.head.seq;
      this.catchUpTo = Math.max(this.catchUpTo, seq);
      const drained = new Promise<void>((resolve) => this.drained.push(resolve));
      this.scheduleDrain();
      await drained;
      if (this.head.seq === before) break;
    }
    return this.head.seq >= seq;
  }

  /**
   * Group commit: the drain starts after the requests already received have queued their commands, so
   * commands arriving together share one transaction and one fsync.
   */
  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 || this.catchUpTo > this.head.seq) {
        this.catchUpTo = 0;
        const batch = this.queue.splice(0, this.maxBatch);
        const started = performance.now();
        await this.commit(batch);
        if (batch.length > 0) this.onCommitted((performance.now() - started) / 1000);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
      for (const resolve of this.drained.splice(0)) resolve();
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    const outcomes: Outcome[] = [];
    /** Events committed by others (PostgreSQL), applied as they are read: they are on disk already. */
    const caughtUp: StoredEvent[] = [];
    let committed: { draft: State; head: Head; stored: StoredEvent[]; checkpoint: boolean } | null;
    try {
      committed = await this.store.transaction(async (tx) => {
        const keys = [...new Set(batch.map((p) => p.key))];
        const { events, known } = await tx.begin(this.head.seq, keys);
        for (const event of events) {
          apply(this.state, event);
          this.state.seq = event.seq;
          this.head = { seq: event.seq, hash: event.hash };
          caughtUp.push(event);
        }
        if (batch.length === 0) return null;
        await this.recall(tx, batch);
        // The batch is decided and applied on a draft: until the transaction commits, no read, frame or
        // other decision can see any of it, and a refused commit only has to drop the draft.
        const draft = draftOf(this.state);
        const touched = noneTouched();
        const rows: EventLogTable[] = [];
        const stored: StoredEvent[] = [];
        const records: IdempotentRecord[] = [];
        /** The report facts the events add by themselves, read from the draft just before each is applied. */
        const facts: ReportFact[] = [];
        const credentials: Credential[] = [];
        const personalKeys: PersonalKeyRow[] = [];
        const erase: string[] = [];
        let head = this.head;
        for (const pending of batch) {
          const outcome = this.decideOne(draft, pending, known, head);
          outcomes.push(outcome.outcome);
          if (!outcome.sealed) continue;
          for (const event of outcome.sealed.stored) {
            facts.push(...eventFacts(draft, event));
            apply(draft, event, touched);
          }
          head = outcome.sealed.head;
          draft.seq = head.seq;
          rows.push(...outcome.sealed.rows);
          stored.push(...outcome.sealed.stored);
          personalKeys.push(...outcome.sealed.keys);
          erase.push(...outcome.sealed.erase);
          const account = outcome.outcome.ok ? outcome.outcome.result.userId : undefined;
          if (Array.isArray(pending.passwordHash)) {
            if (outcome.outcome.ok) credentials.push(...pending.passwordHash);
          } else if (pending.passwordHash !== null && typeof account === 'string') {
            credentials.push({ userId: account, passwordHash: pending.passwordHash });
          }
          const record = {
            key: pending.key,
            userId: pending.actor.userId,
            command: fingerprint(pending.command),
            response: JSON.stringify(outcome.outcome),
          };
          records.push(record);
          known.set(pending.key, record);
        }
        const checkpoint = rows.length > 0 && draft.seq - this.checkpointSeq >= this.checkpointEvery;
        await tx.append({
          rows,
          head,
          state: draft,
          touched,
          records,
          at: this.clock(),
          checkpoint,
          // The KPI aggregates move with the events: by what the batch changed in the facts of what it touched.
          facts: batchDelta(this.state, draft, touched, facts),
          keys: personalKeys,
          erase,
        });
        await tx.saveCredentials(credentials);
        return { draft, head, stored, checkpoint };
      });
    } catch (error) {
      // Nothing of this batch is on disk, and nothing of it reached the live state: answer with the error.
      this.publish(caughtUp);
      for (const pending of batch) pending.reject(error);
      return;
    }
    const visible = caughtUp;
    if (committed) {
      const { draft, head, stored, checkpoint } = committed;
      adopt(this.state, draft);
      this.head = head;
      if (checkpoint) this.checkpointSeq = head.seq;
      forgetEnded(this.state, this.clock() - RECENT_WINDOW_MS);
      visible.push(...stored);
    }
    this.publish(visible);
    batch.forEach((pending, i) => {
      pending.resolve(outcomes[i]!);
    });
  }

  /**
   * Reads back what a command names that ended before the live state's window (the store keeps it), so it is
   * decided as before: refused because it has ended, not as unknown. Costs nothing when all is held.
   */
  private async recall(tx: StoreTx, batch: Pending[]): Promise<void> {
    const ids = { incidents: [] as string[], calls: [] as string[], assignments: [] as string[] };
    const missing = (list: string[], map: Map<string, unknown>, id: unknown) => {
      if (typeof id === 'string' && !map.has(id)) list.push(id);
    };
    for (const { command } of batch) {
      const p = command.payload as Record<string, unknown>;
      missing(ids.incidents, this.state.incidents, p.incidentId);
      missing(ids.calls, this.state.calls, p.callId);
      missing(ids.assignments, this.state.assignments, p.assignmentId);
    }
    if (ids.incidents.length + ids.calls.length + ids.assignments.length === 0) return;
    load(this.state, await tx.recall(ids));
  }

  private publish(events: StoredEvent[]): void {
    if (events.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        // A broken listener must not keep the committed commands from being answered.
        console.error('event listener failed', error);
      }
    }
  }

  /** Decides one command: a repeat answers as the first time did, a refusal writes nothing. */
  private decideOne(
    state: State,
    pending: Pending,
    known: Map<string, IdempotentRecord>,
    head: Head,
  ): { outcome: Outcome; sealed: ReturnType<typeof sealEvents> | null } {
    const prior = known.get(pending.key);
    if (prior) {
      if (prior.userId !== pending.actor.userId || prior.command !== fingerprint(pending.command)) {
        const error = conflict(
          'idempotency.reused',
          'This Idempotency-Key was already used for another command',
        );
        return { outcome: { ok: false, error }, sealed: null };
      }
      return {
        outcome: { ...(JSON.parse(prior.response) as Outcome), repeated: true } as Outcome,
        sealed: null,
      };
    }
    try {
      const decision = decide(state, pending.command, {
        now: this.clock(),
        actor: pending.actor,
        newId: this.newId,
        acd: this.acd,
        ...(pending.secretHash === null ? {} : { secretHash: pending.secretHash }),
      });
      const sealed = sealEvents(decision.events, head, (event) => subjectOf(state, event));
      return { outcome: { ok: true, seq: sealed.head.seq, result: decision.result }, sealed };
    } catch (error) {
      if (error instanceof DomainError) return { outcome: { ok: false, error }, sealed: null };
      throw error;
    }
  }
}
