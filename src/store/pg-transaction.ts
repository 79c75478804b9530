// A PostgreSQL transaction on one pooled connection, in as few round trips as it can: BEGIN travels with the first
// statement, the batch's writes travel with COMMIT (simple-protocol multi-statement queries, values as literals).
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { pgDriver } from './pg-driver.ts';
import type { DatabaseSchema } from './schema.ts';

/** A value as an SQL literal: numbers as digits, strings quoted by pg's escapeLiteral, null as NULL. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return pgDriver().escapeLiteral(value);
  throw new Error(`No SQL literal for ${typeof value}`);
}

/** Kysely over one connection, made once per pooled client (pg reuses them). */
const kyselyOf = new WeakMap<pg.PoolClient, Kysely<DatabaseSchema>>();

export class PgTransaction {
  private readonly client: pg.PoolClient;
  /** Whether BEGIN was sent. */
  private begun = false;
  /** A statement held back to travel with COMMIT (see `defer`). */
  private deferred: string | null = null;
  /** Kysely over this connection: its first query sends BEGIN (and any held statement) first. */
  readonly kysely: Kysely<DatabaseSchema>;

  private constructor(client: pg.PoolClient) {
    this.client = client;
    let kysely = kyselyOf.get(client);
    if (!kysely) {
      const self = { current: this };
      /** The last query sent: Kysely may send several at once (Promise.all), pg wants one at a time. */
      let previous: Promise<unknown> = Promise.resolve();
      const connection = {
        query: (text: string, values: unknown[]) => {
          const next = previous.then(async () => {
            // A held statement goes first, so statements run in the order they were written.
            await self.current.flush();
            await self.current.ensureBegun();
            return client.query(text, values);
          });
          previous = next.catch(() => {});
          return next;
        },
        release: () => {},
      };
      kysely = new Kysely<DatabaseSchema>({
        dialect: new PostgresDialect({
          pool: { connect: async () => connection, end: async () => {} } as unknown as pg.Pool,
        }),
      });
      kyselyOf.set(client, kysely);
      currentOf.set(client, self);
    }
    currentOf.get(client)!.current = this;
    this.kysely = kysely;
  }

  static async open(pool: pg.Pool): Promise<PgTransaction> {
    return new PgTransaction(await pool.connect());
  }

  private async ensureBegun(): Promise<void> {
    if (this.begun) return;
    this.begun = true;
    await this.client.query('begin');
  }

  /**
   * Runs statements written with literals only (no parameters), after BEGIN in the same round trip when the
   * transaction has not begun; returns each statement's rows, BEGIN's left out.
   */
  async run(statements: string[]): Promise<Record<string, unknown>[][]> {
    await this.flush();
    const texts = this.begun ? statements : ['begin', ...statements];
    this.begun = true;
    const results = await this.client.query(texts.join(';\n'));
    const list = (Array.isArray(results) ? results : [results]) as pg.QueryResult[];
    return list.slice(texts.length - statements.length).map((r) => r.rows);
  }

  /** Holds a statement (literals only) back, to be sent with COMMIT or before the next query. */
  defer(statement: string): void {
    if (this.deferred !== null) throw new Error('A deferred statement is pending already');
    this.deferred = statement;
  }

  /** Sends the held statement now (a query that must follow it is about to run). */
  async flush(): Promise<void> {
    const statement = this.deferred;
    if (statement === null) return;
    this.deferred = null;
    await this.ensureBegun();
    await this.client.query(statement);
  }

  /** Commits, with the held statement in the same round trip; a transaction an error left aborted throws. */
  async commit(): Promise<void> {
    if (!this.begun && this.deferred === null) return;
    const texts = [
      ...(this.begun ? [] : ['begin']),
      ...(this.deferred === null ? [] : [this.deferred]),
      'commit',
    ];
    this.begun = true;
    this.deferred = null;
    const results = await this.client.query(texts.join(';\n'));
    const last = (Array.isArray(results) ? results.at(-1) : results) as pg.QueryResult;
    // PostgreSQL answers COMMIT with ROLLBACK when an earlier error left the transaction aborted.
    if (last.command === 'ROLLBACK') throw new Error('The transaction was aborted by an earlier error');
  }

  /** Gives the connection back: rolled back first when `error` is set; a connection that cannot roll back is dropped. */
  async release(error?: unknown): Promise<void> {
    if (error === undefined || !this.begun) {
      this.client.release();
      return;
    }
    try {
      await this.client.query('rollback');
      this.client.release();
    } catch (failed) {
      this.client.release(failed instanceof Error ? failed : true);
    }
  }
}

const currentOf = new WeakMap<pg.PoolClient, { current: PgTransaction }>();
