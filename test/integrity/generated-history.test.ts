// The scale bench's generated history records its head as a verified link: the first start checks nothing again,
// and the whole chain (as `verify-log` checks it) holds up to that link.
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../../src/store/db.ts';
import { verifyLogFrom, verifyLogSinceLastStart } from '../../src/store/log-head.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { generateHistory } from '../support/history.ts';

describe('a generated history', () => {
  let database: TestDatabase;
  let db: Db;
  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it('starts without re-verifying the chain it generated', async () => {
    database = await createTestDatabase('sqlite', { migrated: true });
    db = openDb(database);
    const written = await generateHistory(db, { calls: 40, incidents: 8, open: 3 });
    const whole = await verifyLogFrom(db.kysely);
    expect(whole.ok).toBe(true);
    if (!whole.ok) return;
    expect(whole.count).toBeGreaterThanOrEqual(written);
    const atStart = await verifyLogSinceLastStart(db.kysely, true);
    expect(atStart).toEqual({ ok: true, count: 0, seq: whole.seq, head: whole.head });
  });
});
