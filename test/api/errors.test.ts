// Every error answer comes from the one catalogue: its status, a body of the declared shape, and the right words.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { expectError } from './helpers.ts';

describe('error answers', () => {
  let running: Running;
  let operator: Client;

  beforeAll(async () => {
    running = await startPinisi('sqlite');
    operator = await Client.login(running.url, 'operator1');
  });
  afterAll(() => running.stop());

  it('names what is missing: an unknown call, an unknown route, no session, the wrong role, a wrong password', async () => {
    expect(expectError(await operator.get('/api/calls/nope/history'), 404, 'id').code).toBe('call.not_found');
    expect(expectError(await operator.get('/api/incidents/nope/timeline'), 404, 'id').code).toBe(
      'incident.not_found',
    );
    expect(expectError(await operator.get('/api/nothing-here'), 404, null).code).toBe('route.not_found');
    expect(expectError(await new Client(running.url).get('/api/snapshot'), 401).code).toBe('auth.required');
    expect(expectError(await operator.get('/api/sessions/active'), 403).code).toBe('role.forbidden');
    const wrong = await new Client(running.url).post('/api/auth/login', {
      username: 'operator1',
      password: 'x',
    });
    expect(expectError(wrong, 401).code).toBe('auth.failed');
  });

  it('answers Fastify’s own refusals in the same shape', async () => {
    const huge = await operator.command('call.register', { channel: 'voice', number: 'x'.repeat(2_000_000) });
    expect(expectError(huge, 413, null).code).toBe('request.too_large');
    const missingKey = await operator.post('/api/commands/call.register', {
      channel: 'voice',
      number: '0811',
    });
    expect(expectError(missingKey, 400, 'idempotency-key').code).toBe('validation');
  });

  it('never tells a failed read that a command was not recorded', async () => {
    // A real failure under the read: the table the timeline reads from is gone.
    const created = await operator.command<{ result: { incidentId: string } }>('incident.create', {
      category: 'banjir',
      location: {
        kecamatan: (await operator.get<{ kecamatan: { code: string }[] }>('/api/reference')).body
          .kecamatan[0]!.code,
      },
      description: 'Banjir',
      priority: 3,
    });
    expect(created.status).toBe(200);
    await sql`ALTER TABLE event_log RENAME TO event_log_away`.execute(running.store.db);
    try {
      const read = await operator.get(`/api/incidents/${created.body.result.incidentId}/timeline`);
      const error = expectError(read, 500, null);
      expect(error.code).toBe('internal');
      expect(error.message).not.toMatch(/not recorded/);
    } finally {
      await sql`ALTER TABLE event_log_away RENAME TO event_log`.execute(running.store.db);
    }
  });
});
