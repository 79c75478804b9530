// A commit the database refuses leaves nothing behind: the command gets a 500, and no read, stream frame,
// later decision or incident number ever sees its events, nor the events of a commit still in flight.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/domain/visibility.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';

/** A real failure inside the transaction: the database aborts any event that mentions "DISK-FAULT". */
async function refuseDiskFaults(running: Running): Promise<void> {
  const db = running.store.db;
  if (running.database.dialect === 'sqlite') {
    await sql`CREATE TRIGGER refuse BEFORE INSERT ON event_log WHEN NEW.data LIKE '%DISK-FAULT%'
      BEGIN SELECT RAISE(ABORT, 'simulated disk fault'); END`.execute(db);
    return;
  }
  await sql`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.data LIKE '%DISK-FAULT%' THEN RAISE EXCEPTION 'simulated disk fault'; END IF;
        RETURN NEW;
      END $$`.execute(db);
  await sql`CREATE TRIGGER refuse BEFORE INSERT ON event_log FOR EACH ROW EXECUTE FUNCTION refuse()`.execute(
    db,
  );
}

describe.each(DIALECTS)('a commit the database refuses, on %s', (dialect) => {
  let running: Running;
  let operator: Client;
  let kecamatan: string;
  /** Every id the engine handed out, so the test knows the id the refused incident would have had. */
  const ids: string[] = [];

  beforeAll(async () => {
    running = await startPinisi(dialect, {
      engine: {
        newId: () => {
          ids.push(crypto.randomUUID());
          return ids.at(-1)!;
        },
      },
    });
    operator = await Client.login(running.url, 'operator1');
    const reference = await operator.get<{ kecamatan: { code: string }[] }>('/api/reference');
    kecamatan = reference.body.kecamatan[0]!.code;
    await refuseDiskFaults(running);
  });
  afterAll(() => running.stop());

  const incident = (description: string) => ({
    category: 'banjir',
    location: { kecamatan },
    description,
    priority: 3,
  });

  it('answers 500, and no read, frame, later command or number sees any part of it', async () => {
    const before = (await operator.get<Snapshot>('/api/snapshot')).body;
    const stream = await StreamClient.open(running.url, operator.cookie, before.seq);
    try {
      const refused = await operator.command<{ error: { code: string; message: string } }>(
        'incident.create',
        incident('DISK-FAULT banjir'),
      );
      expect(refused.status).toBe(500);
      expect(refused.body.error).toMatchObject({
        code: 'command.not_recorded',
        message: expect.stringMatching(/not recorded/),
      });
      const refusedId = ids.at(-1)!;

      // Before any other command runs, every read answers as if the command had never been sent.
      const after = (await operator.get<Snapshot>('/api/snapshot')).body;
      expect(after).toEqual(before);
      expect((await operator.get(`/api/incidents/${refusedId}/timeline`)).status).toBe(404);
      expect((await operator.get(`/api/incidents/${refusedId}/sop`)).status).toBe(404);
      const triage = await operator.request('PUT', `/api/incidents/${refusedId}/triage`, { answers: {} });
      expect(triage.status).toBe(404);
      const amend = await operator.command('incident.amend', {
        incidentId: refusedId,
        priority: 1,
        reason: 'Dikoreksi',
      });
      expect(amend.status).toBe(404);

      const ok = await operator.command<{ seq: number; result: { number: string } }>(
        'incident.create',
        incident('Banjir'),
      );
      expect(ok.status).toBe(200);
      expect(ok.body.seq).toBe(before.seq + 1);
      // The refused incident did not take a number either.
      expect(ok.body.result.number).toMatch(/-000001$/);
      const final = (await operator.get<Snapshot>('/api/snapshot')).body;
      expect(final.incidents.map((i) => [i.description, i.number])).toEqual([
        ['Banjir', ok.body.result.number],
      ]);
      // The stream carried the accepted event only.
      await stream.waitForSeq(ok.body.seq);
      expect(stream.events.map((e) => [e.seq, e.type])).toEqual([[ok.body.seq, 'incident.created']]);
      const check = await running.store.verifyLog();
      expect(check).toMatchObject({ ok: true, count: ok.body.seq });
    } finally {
      await stream.close();
    }
  });

  it('refuses a whole batch together and leaves the commands after it unharmed', async () => {
    const before = (await operator.get<Snapshot>('/api/snapshot')).body;
    const answers = await Promise.all(
      ['Tanah longsor', 'DISK-FAULT longsor', 'Pohon tumbang'].map((description) =>
        operator.command<{ result: { incidentId: string } }>('incident.create', incident(description)),
      ),
    );
    const accepted = answers.filter((a) => a.status === 200);
    expect(answers[1]!.status).toBe(500);
    expect(answers.filter((a) => a.status !== 200).every((a) => a.status === 500)).toBe(true);
    // Whatever shared the refused transaction is gone with it; what committed on its own is there, numbered
    // without gaps after the incidents that came before.
    const after = (await operator.get<Snapshot>('/api/snapshot')).body;
    expect(after.seq).toBe(before.seq + accepted.length);
    expect(after.incidents.map((i) => i.id).sort()).toEqual(
      [...before.incidents.map((i) => i.id), ...accepted.map((a) => a.body.result.incidentId)].sort(),
    );
    const numbers = after.incidents.map((i) => Number(i.number.slice(-6))).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(await running.store.verifyLog()).toMatchObject({ ok: true, count: after.seq });
  });
});

describe('a commit still in flight, on postgres', () => {
  let running: Running;
  let operator: Client;
  let blocker: pg.Client;

  beforeAll(async () => {
    running = await startPinisi('postgres');
    operator = await Client.login(running.url, 'operator1');
    blocker = new pg.Client({ connectionString: running.database.databaseUrl! });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker.end();
    await running.stop();
  });

  /** Resolves once some backend of this database waits for a lock, as the engine's transaction will. */
  async function untilSomeoneWaitsForALock(): Promise<void> {
    for (;;) {
      const waiting = await blocker.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting.rows[0].n > 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('is not visible to reads until it has committed', async () => {
    const { body: reference } = await operator.get<{ kecamatan: { code: string }[] }>('/api/reference');
    const before = (await operator.get<Snapshot>('/api/snapshot')).body;
    // Another connection holds the incidents table: the engine's transaction stops after deciding, before commit.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE incidents IN EXCLUSIVE MODE');
    const pending = operator.command<{ seq: number; result: { incidentId: string } }>('incident.create', {
      category: 'banjir',
      location: { kecamatan: reference.kecamatan[0]!.code },
      description: 'Banjir di pasar',
      priority: 2,
    });
    await untilSomeoneWaitsForALock();
    const during = (await operator.get<Snapshot>('/api/snapshot')).body;
    expect(during).toEqual(before);
    await blocker.query('ROLLBACK');
    const answer = await pending;
    expect(answer.status).toBe(200);
    const after = (await operator.get<Snapshot>('/api/snapshot')).body;
    expect(after.seq).toBe(answer.body.seq);
    expect(after.incidents.map((i) => i.id)).toEqual([answer.body.result.incidentId]);
  });
});
