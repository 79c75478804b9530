// SQLite out of space (its page limit reached, SQLITE_FULL as on a full disk): commands answer 503 saying the disk is
// full and nothing was recorded, reads from memory go on, and once there is room commands are recorded again.
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { expectError } from './helpers.ts';

describe('SQLite disk full', () => {
  let running: Running;
  beforeEach(async () => {
    running = await startPinisi('sqlite');
  });
  afterEach(async () => {
    await running.stop();
  });

  it('answers 503 storage.full, writes nothing, and recovers when there is room', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const pages = await sql<{ page_count: number }>`PRAGMA page_count`.execute(running.store.db);
    await sql.raw(`PRAGMA max_page_count = ${pages.rows[0]!.page_count}`).execute(running.store.db);
    const seq = running.engine.seq;
    let answer = await operator.command('call.register', { channel: 'voice', number: '081234567890' });
    for (let i = 0; i < 200 && answer.status === 200; i++)
      answer = await operator.command('call.register', { channel: 'voice', number: '081234567890' });
    const error = expectError(answer, 503);
    expect(error.code).toBe('storage.full');
    expect(error.message).toMatch(/disk .* is full; nothing was recorded/);
    const after = running.engine.seq;
    expect(after).toBeGreaterThanOrEqual(seq);
    expect((await operator.get<{ seq: number }>('/api/snapshot')).body.seq).toBe(after);

    await sql.raw('PRAGMA max_page_count = 1073741823').execute(running.store.db);
    expect((await operator.command('call.register', { channel: 'voice' })).status).toBe(200);
  });
});
