// `pinisi backup` under load and `pinisi restore` into a fresh place: the restored log is the original's up to the
// backup's moment, event for event, its chain verifies, and the state tables match it (SQLite and PostgreSQL).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.ts';
import { accepted } from '../api/helpers.ts';
import { pinisiArgs } from '../support/cli.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';

const cli = (database: TestDatabase, ...args: string[]) =>
  promisify(execFile)(process.execPath, pinisiArgs(...args), {
    env: { ...process.env, PINISI_DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl ?? '' },
  });

async function eventRows(database: TestDatabase) {
  const db = openDb(database);
  try {
    return await db.kysely.selectFrom('event_log').select(['seq', 'hash', 'data']).orderBy('seq').execute();
  } finally {
    await db.close();
  }
}

describe.each(DIALECTS)('backup and restore on %s', (dialect) => {
  let running: Running | null = null;
  let restored: TestDatabase | null = null;
  afterEach(async () => {
    await running?.stop();
    await restored?.drop();
    running = null;
    restored = null;
  });

  // Four runs of the command line, each a process of its own: far beyond the default timeout on a busy machine.
  it('backs up while commands are committed, and restores an identical, verified log and state', {
    timeout: 400_000,
  }, async () => {
    running = await startPinisi(dialect);
    const operators = await Promise.all(['operator1', 'operator2'].map((u) => Client.login(running!.url, u)));
    let loading = true;
    let committed = 0;
    const load = operators.map(async (operator) => {
      while (loading) {
        const { result } = await accepted(operator, 'call.register', {
          channel: 'voice',
          number: '081234567890',
        });
        await accepted(operator, 'call.answer', { callId: result.callId });
        committed += 2;
      }
    });
    // The backup starts once the load runs, and the load goes on until the backup is done.
    while (committed < 20) await new Promise((resolve) => setImmediate(resolve));
    const file = join(
      running.database.dataDir,
      '..',
      `pinisi-backup-${process.pid}-${Date.now()}.${dialect}`,
    );
    const backedUp = await cli(running.database, 'backup', file);
    expect(backedUp.stdout).toContain('Backup written');
    const during = committed;
    while (committed < during + 10) await new Promise((resolve) => setImmediate(resolve));
    loading = false;
    await Promise.all(load);

    restored = await createTestDatabase(dialect);
    expect((await cli(restored, 'restore', file)).stdout).toContain('Restored');
    const check = await cli(restored, 'verify-log', '--state');
    expect(check.stdout).toMatch(/Event log intact: \d+ events/);
    expect(check.stdout).toMatch(/State tables match the log/);

    const original = await eventRows(running.database);
    const copy = await eventRows(restored);
    // A moment of the log: more than the start, less than the end, and the same events up to it.
    expect(copy.length).toBeGreaterThan(20);
    expect(copy.length).toBeLessThan(original.length);
    expect(copy).toEqual(original.slice(0, copy.length));

    // A restored database serves: the demo users log in and see the calls of the copy.
    await running.close();
    const from = running.database;
    running = await startPinisi(dialect, { database: restored });
    restored = from;
    const operator = await Client.login(running.url, 'operator1');
    expect((await operator.get<{ seq: number }>('/api/snapshot')).body.seq).toBe(copy.at(-1)!.seq);
    // Restoring over a database that exists is refused.
    await expect(cli(running.database, 'restore', file)).rejects.toThrow();
  });
});
