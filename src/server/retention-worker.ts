// Erases the caller numbers and locations of junk calls once kept for the retention period: a bounded batch per tick, read through an index.
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../domain/types.ts';
import { eraseUnlinkedKeys } from '../store/personal-keys.ts';
import type { DatabaseSchema } from '../store/schema.ts';
import type { Engine } from './engine.ts';

const RETENTION_ACTOR: Actor = { userId: 'system:retention', role: 'system', agencyId: null };
const DAY_MS = 86_400_000;

export interface RetentionOptions {
  /** How long a junk call's number and location stay identifiable (PINISI_JUNK_RETENTION_DAYS). */
  retentionDays: number;
  /** Time between two ticks; 0 leaves ticking to the caller (tests, a read-only node). */
  everyMs?: number;
  /** Calls (and early locations) erased at most per tick. */
  batch?: number;
  onError?: (error: unknown) => void;
}

/** What one tick erased: junk calls, and locations that came before a call and were never tied to one. */
export interface RetentionTick {
  calls: number;
  early: number;
}

/**
 * Each tick takes the oldest junk calls past the retention period that are not erased yet, through the partial
 * index `calls_retention` (erased calls drop out of it), and erases each with a command of its own: the event
 * is logged and the call's keys deleted in the same transaction. The idempotency key is the call's, so two
 * PostgreSQL nodes erasing at once log it once.
 */
export class RetentionWorker {
  private readonly engine: Engine;
  private readonly db: Kysely<DatabaseSchema>;
  private readonly options: Required<Omit<RetentionOptions, 'onError'>> & Pick<RetentionOptions, 'onError'>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(engine: Engine, db: Kysely<DatabaseSchema>, options: RetentionOptions) {
    this.engine = engine;
    this.db = db;
    this.options = { everyMs: 60_000, batch: 100, ...options };
    if (this.options.everyMs > 0) {
      this.timer = setInterval(() => {
        this.running = this.tick().catch((error: unknown) => this.options.onError?.(error));
      }, this.options.everyMs);
      this.timer.unref();
    }
  }

  /** Erases what is due at `now` (the engine's clock unless given), a batch at most of each kind. */
  async tick(now = this.engine.now()): Promise<RetentionTick> {
    const { retentionDays, batch } = this.options;
    const before = now - retentionDays * DAY_MS;
    // The literal condition is the partial index's own: the planner may use it only for a query that implies it.
    const due = await this.db
      .selectFrom('calls')
      .select('id')
      .where(sql<boolean>`type in ('misdirected', 'ghost', 'prank') and erased_at is null`)
      .where('registered_at', '<', before)
      .orderBy('registered_at')
      .limit(batch)
      .execute();
    const outcomes = await Promise.all(
      due.map(({ id }) =>
        this.engine.execute(
          'call.erase_personal_data',
          { callId: id, retentionDays },
          RETENTION_ACTOR,
          `retention:${id}`,
        ),
      ),
    );
    const refused = outcomes.find((o) => !o.ok);
    if (refused && !refused.ok) this.options.onError?.(refused.error);
    const early = await eraseUnlinkedKeys(this.db, before, batch);
    return { calls: outcomes.filter((o) => o.ok).length, early };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running.catch(() => {});
  }
}
