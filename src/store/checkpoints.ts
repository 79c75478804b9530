// The checkpoint of the live state's log-only parts (checkpoint.ts): its table, and writing and reading it.
import type { Kysely, Migration } from 'kysely';
import { type Checkpoint, checkpointOf } from '../domain/checkpoint.ts';
import type { State } from '../domain/state.ts';
import type { DatabaseSchema } from './schema.ts';

/** Events between two checkpoints at most (plus one batch): what start-up replays at worst. */
export const CHECKPOINT_EVERY = 5000;
/** The row of the live state's checkpoint. */
export const CHECKPOINT_NAME = 'live';

export const checkpointsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('checkpoints')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .execute();
  },
};

/** Records the state as of its seq, unless a later checkpoint is there already (another node's). */
export async function saveCheckpoint(db: Kysely<DatabaseSchema>, state: State): Promise<void> {
  const row = { name: CHECKPOINT_NAME, seq: state.seq, doc: JSON.stringify(checkpointOf(state)) };
  await db
    .insertInto('checkpoints')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), doc: eb.ref('excluded.doc') }))
        .where('checkpoints.seq', '<', row.seq),
    )
    .execute();
}

export async function readCheckpoint(db: Kysely<DatabaseSchema>): Promise<Checkpoint | null> {
  const row = await db
    .selectFrom('checkpoints')
    .select('doc')
    .where('name', '=', CHECKPOINT_NAME)
    .executeTakeFirst();
  return row ? (JSON.parse(row.doc) as Checkpoint) : null;
}
