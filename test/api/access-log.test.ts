// The access log of personal data (UU PDP 27/2022) on both databases: a caller's history, an incident's journal and
// a history search are recorded with who read them, when and from where; refused reads are not; the supervisor and
// the admin review it, nobody else; the hash-chained event log does not grow from reads.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { expectError, forwardedIncident, headSeq, ujungBulu, userId } from './helpers.ts';

interface Read {
  id: string;
  at: number;
  userId: string;
  username: string;
  role: string;
  what: string;
  subject: string | null;
  ip: string;
}

describe.each(DIALECTS)('access log of personal data on %s', (dialect) => {
  let running: Running;
  beforeEach(async () => {
    running = await startPinisi(dialect);
  });
  afterEach(async () => {
    await running.stop();
  });

  it('records who read a caller’s history, an incident’s journal and a search; the supervisor reviews it', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const supervisor = await Client.login(running.url, 'koordinator');
    const { callId, incidentId } = await forwardedIncident(operator, await ujungBulu(operator));
    const seq = await headSeq(supervisor);

    expect((await operator.get(`/api/calls/${callId}/history`)).status).toBe(200);
    expect((await operator.get(`/api/incidents/${incidentId}/timeline`)).status).toBe(200);
    expect((await operator.get('/api/incidents/search?q=Andi')).status).toBe(200);
    // A refused read gave nothing away and is not recorded.
    expectError(await operator.get('/api/calls/no-such-call/history'), 404);

    const log = await supervisor.get<Read[]>(`/api/admin/access-log?userId=${await userId(operator)}`);
    expect(log.status).toBe(200);
    const reads = log.body.filter((r) => r.what !== 'snapshot');
    expect(reads.map((r) => [r.what, r.subject])).toEqual([
      ['history_search', 'q=Andi'],
      ['timeline', incidentId],
      ['caller_history', callId],
    ]);
    for (const read of reads) {
      expect(read).toMatchObject({ username: 'operator1', role: 'call_taker', ip: '127.0.0.1' });
      expect(read.at).toBeGreaterThan(0);
    }
    // Reads are not events: the hash-chained log did not grow.
    expect(await headSeq(supervisor)).toBe(seq);

    const admin = await Client.login(running.url, 'admin');
    expect((await admin.get('/api/admin/access-log')).status).toBe(200);
    expect(expectError(await operator.get('/api/admin/access-log'), 403).code).toBe('role.forbidden');
    const dispatcher = await Client.login(running.url, 'pengarah1');
    expectError(await dispatcher.get('/api/admin/access-log'), 403);
  });

  it('pages newest first by time and id: every read once, however many share a millisecond', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const supervisor = await Client.login(running.url, 'koordinator');
    const { callId } = await forwardedIncident(operator, await ujungBulu(operator));
    await Promise.all(Array.from({ length: 7 }, () => operator.get(`/api/calls/${callId}/history`)));
    const all = (await supervisor.get<Read[]>('/api/admin/access-log?limit=500')).body;
    expect(all.filter((r) => r.what === 'caller_history')).toHaveLength(7);
    const paged: Read[] = [];
    let before = '';
    for (;;) {
      const page = await supervisor.get<Read[]>(`/api/admin/access-log?limit=2${before}`);
      expect(page.status).toBe(200);
      expect(page.body.length).toBeLessThanOrEqual(2);
      paged.push(...page.body);
      if (page.body.length < 2) break;
      const last = page.body.at(-1)!;
      before = `&before=${last.at}:${last.id}`;
    }
    // The supervisor's own reads of the log are not personal data reads: both lists are the same rows.
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(new Set(paged.map((r) => r.id)).size).toBe(paged.length);
    expectError(await supervisor.get('/api/admin/access-log?limit=501'), 400);
  });
});
