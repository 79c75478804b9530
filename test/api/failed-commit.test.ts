// A commit the database refuses leaves nothing behind: the command gets a 500, the live state forgets it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';

describe('a commit the database refuses', () => {
  let running: Running;
  let operator: Client;
  let kecamatan: string;

  beforeAll(async () => {
    running = await startPinisi('sqlite');
    operator = await Client.login(running.url, 'operator1');
    const reference = await operator.get<{ kecamatan: { code: string }[] }>('/api/reference');
    kecamatan = reference.body.kecamatan[0]!.code;
    // A real failure inside the transaction: the database aborts any event that mentions "DISK-FAULT".
    await sql`CREATE TRIGGER refuse BEFORE INSERT ON event_log WHEN NEW.data LIKE '%DISK-FAULT%'
      BEGIN SELECT RAISE(ABORT, 'simulated disk fault'); END`.execute(running.store.db);
  });
  afterAll(() => running.stop());

  const incident = (description: string) => ({
    category: 'banjir',
    location: { kecamatan },
    description,
    priority: 3,
  });

  it('answers 500, and neither the state nor the log keeps any part of it', async () => {
    const before = await operator.get<{ seq: number; incidents: unknown[] }>('/api/snapshot');
    const refused = await operator.command<{ error: { code: string; message: string } }>(
      'incident.create',
      incident('DISK-FAULT banjir'),
    );
    expect(refused.status).toBe(500);
    expect(refused.body.error.message).toMatch(/not recorded/);

    const ok = await operator.command<{ seq: number; result: { number: string } }>(
      'incident.create',
      incident('Banjir'),
    );
    expect(ok.status).toBe(200);
    expect(ok.body.seq).toBe(before.body.seq + 1);
    const after = await operator.get<{ seq: number; incidents: { description: string; number: string }[] }>(
      '/api/snapshot',
    );
    expect(after.body.incidents.map((i) => i.description)).toEqual(['Banjir']);
    // The refused incident did not take a number either.
    expect(after.body.incidents[0]!.number).toMatch(/-000001$/);
    const check = await running.store.verifyLog();
    expect(check).toMatchObject({ ok: true, count: ok.body.seq });
  });
});
