// PostgreSQL planner statistics, kept by Pinisi itself (after migrations, after seeding, as the log grows), never left to autovacuum.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** The tables every command reads or writes; their row counts grow with history. */
const GROWING_TABLES = ['event_log', 'idempotency', 'calls', 'incidents', 'assignments', 'units'];

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** ANALYZE on PostgreSQL (SQLite's planner does well enough on these primary keys without statistics). */
export async function analyze(db: Kysely<unknown>, tables: string[] = []): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`analyze ${sql.raw(tables.join(', '))}`.execute(db);
}

/**
 * Re-analyses the growing tables each time the log has doubled since the last time, in the background: the plans
 * follow the data as it grows from an empty database, at a cost that stays constant per event.
 */
export class GrowthAnalyzer {
  private readonly db: Kysely<unknown>;
  private readonly onError: (error: unknown) => void;
  /** The head at which to analyse next. */
  private next = 1000;
  private running = false;

  constructor(db: Kysely<unknown>, onError: (error: unknown) => void) {
    this.db = db;
    this.onError = onError;
  }

  /** Called with the head sequence number after each commit; resolves when the ANALYZE it started (if any) is done. */
  committed(seq: number): Promise<void> | null {
    if (seq < this.next || this.running) return null;
    this.next = seq * 2;
    this.running = true;
    return analyze(this.db, GROWING_TABLES)
      .catch(this.onError)
      .finally(() => {
        this.running = false;
      });
  }
}
