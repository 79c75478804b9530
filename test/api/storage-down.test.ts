// PostgreSQL away: commands answer 503 saying the database cannot be reached (nothing recorded), while reads served
// from memory, with sessions verified from the cache, keep working; when it is back, commands work again.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { expectError } from './helpers.ts';

const ADMIN_URL = process.env.PINISI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql);
  await client.end();
}

describe('PostgreSQL unreachable', () => {
  let running: Running;
  let name: string;
  beforeEach(async () => {
    running = await startPinisi('postgres');
    name = new URL(running.database.databaseUrl!).pathname.slice(1);
  });
  afterEach(async () => {
    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await running.stop();
  });

  it('answers commands 503 with a message that says so, and keeps serving reads from memory', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const before = (await operator.get<{ seq: number }>('/api/snapshot')).body.seq;

    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);

    const refused = await operator.command('call.register', { channel: 'voice' });
    const error = expectError(refused, 503);
    expect(error.code).toBe('storage.unavailable');
    expect(error.message).toMatch(/cannot be reached/);
    const snapshot = await operator.get<{ seq: number }>('/api/snapshot');
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.seq).toBe(before);
    expect((await operator.get('/api/me')).status).toBe(200);

    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await expect
      .poll(async () => (await operator.command('call.register', { channel: 'voice' })).status, {
        timeout: 15_000,
      })
      .toBe(200);
  });
});
