// The head record (seq and hash of the last event, moved in the same transaction as the events) and the checks of
// the hash chain against it: the full one of `verify-log`, and the one at start-up from the last verified link.
import { type Kysely, type Migration, sql } from 'kysely';
import { type ChainCheck, checkHead, GENESIS_HASH, verifyChain } from './hash-chain.ts';
import type { DatabaseSchema } from './schema.ts';

interface Link {
  seq: number;
  hash: string;
}

const GENESIS: Link = { seq: 0, hash: GENESIS_HASH };
/** The `meta` key under which start-up records the last link it verified. */
const VERIFIED_KEY = 'chain.verified';

export const logHeadMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('log_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await sql`INSERT INTO log_head (id, seq, hash)
      SELECT 1, seq, hash FROM event_log WHERE seq = (SELECT MAX(seq) FROM event_log)
      UNION ALL SELECT 1, 0, ${GENESIS_HASH} WHERE NOT EXISTS (SELECT 1 FROM event_log)`.execute(db);
  },
};

/**
 * Recomputes the chain from a link known to be good to the end of the log, and checks that end against the head
 * record. Reads one consistent snapshot, so commits landing meanwhile do not look like damage.
 */
export async function verifyLogFrom(
  db: Kysely<DatabaseSchema>,
  start: Link = GENESIS,
  pageSize = 5000,
): Promise<ChainCheck> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const head = await trx
        .selectFrom('log_head')
        .select(['seq', 'hash'])
        .where('id', '=', 1)
        .executeTakeFirst();
      if (!head) return { ok: false, seq: 0, reason: 'the head record (table log_head) is missing' };
      if (start.seq > 0) {
        const row = await trx
          .selectFrom('event_log')
          .select('hash')
          .where('seq', '=', start.seq)
          .executeTakeFirst();
        if (row?.hash !== start.hash) {
          const what = row ? 'changed' : 'deleted';
          return { ok: false, seq: start.seq, reason: `${what} since it was last verified` };
        }
      }
      let last = start;
      let count = 0;
      for (;;) {
        const rows = await trx
          .selectFrom('event_log')
          .select(['seq', 'data', 'hash'])
          .where('seq', '>', last.seq)
          .orderBy('seq')
          .limit(pageSize)
          .execute();
        if (rows.length === 0) break;
        const links = rows.map((r) => ({ seq: Number(r.seq), data: r.data, hash: r.hash }));
        const check = verifyChain(links, last);
        if (!check.ok) return check;
        count += check.count;
        last = { seq: check.seq, hash: check.head };
      }
      const end = checkHead(last, { seq: Number(head.seq), hash: head.hash });
      return end.ok ? { ok: true, count, seq: last.seq, head: last.hash } : end;
    });
}

async function lastVerified(db: Kysely<DatabaseSchema>): Promise<Link> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', VERIFIED_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as Link) : GENESIS;
}

/** Records a link of the chain known to be good: the next start-up check begins there. */
export async function recordVerified(db: Kysely<DatabaseSchema>, link: Link): Promise<void> {
  const value = JSON.stringify({ seq: link.seq, hash: link.hash } satisfies Link);
  await db
    .insertInto('meta')
    .values({ key: VERIFIED_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/**
 * The start-up check: the chain from the last link verified at an earlier start to the head record (the full
 * check is `pinisi verify-log`). When `record` is set, a good chain becomes the next start's starting point.
 */
export async function verifyLogSinceLastStart(
  db: Kysely<DatabaseSchema>,
  record: boolean,
): Promise<ChainCheck> {
  const check = await verifyLogFrom(db, await lastVerified(db));
  if (check.ok && record) await recordVerified(db, { seq: check.seq, hash: check.head });
  return check;
}
