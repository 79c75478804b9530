// The live stream over a real WebSocket: same order for everyone, exact resume, snapshot_required past the replay limit,
// agency filtering, and a stream that starts with the user's snapshot.
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/domain/events.ts';
import { accepted, forwardedIncident, headSeq, ujungBulu } from '../api/helpers.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';

const seqs = (events: StoredEvent[]) => events.map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Registers `count` calls, several at a time, and returns the seq each answer reported. */
async function registerCalls(clients: Client[], count: number): Promise<number[]> {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      accepted(clients[i % clients.length]!, 'call.register', { channel: 'voice', number: `08${1000 + i}` }),
    ),
  );
  return answers.map((a) => a.seq);
}

describe.each(DIALECTS)('live stream on %s', (dialect) => {
  let running: Running;
  const streams: StreamClient[] = [];
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
    await running.stop();
  });

  async function open(client: Client, lastSeq: number): Promise<StreamClient> {
    const stream = await StreamClient.open(running.url, client.cookie, lastSeq);
    streams.push(stream);
    return stream;
  }

  it('shows two clients the same events in the same order', async () => {
    running = await startPinisi(dialect);
    const [operator, operator2, supervisor, dispatcher] = await Promise.all([
      Client.login(running.url, 'operator1'),
      Client.login(running.url, 'operator2'),
      Client.login(running.url, 'koordinator'),
      Client.login(running.url, 'pengarah1'),
    ]);
    const head = await headSeq(dispatcher);
    const first = await open(dispatcher, head);
    const second = await open(supervisor, head);
    const answered = await registerCalls([operator, operator2, supervisor], 24);
    const last = Math.max(...answered);
    await Promise.all([first.waitForSeq(last), second.waitForSeq(last)]);
    expect(seqs(first.events)).toEqual(range(head + 1, head + 24));
    expect(first.events).toEqual(second.events);
    expect([...answered].sort((a, b) => a - b)).toEqual(range(head + 1, head + 24));
    for (const event of first.events) expect(event.type).toBe('call.registered');
    const hashes = new Set(first.events.map((e) => e.hash));
    expect(hashes.size).toBe(24);
  });

  it('gives a client that was away for N events exactly those N, then ready, then live events', async () => {
    running = await startPinisi(dialect);
    const [operator, dispatcher] = await Promise.all([
      Client.login(running.url, 'operator1'),
      Client.login(running.url, 'pengarah1'),
    ]);
    // The seed's reference event carries accounts: the dispatcher's replay from the start does not show it.
    const seeded = await headSeq(dispatcher);
    expect(seeded).toBe(1);
    await registerCalls([operator], 3);
    const away = await open(dispatcher, 0);
    expect(seqs(away.events)).toEqual([2, 3, 4]);
    expect(away.frames.at(-1)).toEqual({ type: 'ready', seq: 4 });
    await registerCalls([operator], 2);
    await away.waitForSeq(6);
    const lastSeq = away.lastSeq;
    expect(lastSeq).toBe(6);
    await away.close();

    const missed = 7;
    await registerCalls([operator], missed);
    const back = await open(dispatcher, lastSeq);
    const ready = back.frames.at(-1);
    expect(ready).toEqual({ type: 'ready', seq: lastSeq + missed });
    expect(back.frames.slice(0, -1).every((f) => f.type === 'event')).toBe(true);
    expect(seqs(back.events)).toEqual(range(lastSeq + 1, lastSeq + missed));
    const log = await running.store.eventsAfter(lastSeq, 100);
    expect(back.events).toEqual(log);

    const [live] = await registerCalls([operator], 1);
    await back.waitForSeq(live!);
    expect(seqs(back.events)).toEqual(range(lastSeq + 1, lastSeq + missed + 1));
  });

  it('resumes exactly even while commands keep arriving during the replay', async () => {
    running = await startPinisi(dialect);
    const [operator, operator2, dispatcher] = await Promise.all([
      Client.login(running.url, 'operator1'),
      Client.login(running.url, 'operator2'),
      Client.login(running.url, 'pengarah1'),
    ]);
    await registerCalls([operator, operator2], 40);
    const stream = await StreamClient.connect(running.url, dispatcher.cookie);
    streams.push(stream);
    const during = registerCalls([operator, operator2], 40);
    stream.hello(10);
    const last = Math.max(...(await during));
    await stream.waitForSeq(last);
    expect(seqs(stream.events)).toEqual(range(11, last));
    expect(stream.frames.filter((f) => f.type === 'ready')).toHaveLength(1);
  });

  it('tells a client whose gap exceeds the replay limit to reload the snapshot', async () => {
    running = await startPinisi(dialect, { replayLimit: 5 });
    const [operator, dispatcher] = await Promise.all([
      Client.login(running.url, 'operator1'),
      Client.login(running.url, 'pengarah1'),
    ]);
    // Seq 1 is the seed's reference event; the 8 calls are 2 … 9.
    await registerCalls([operator], 8);
    const tooOld = await open(dispatcher, 3);
    expect(tooOld.frames).toEqual([{ type: 'snapshot_required', seq: 9 }]);
    const ahead = await open(dispatcher, 99);
    expect(ahead.frames).toEqual([{ type: 'snapshot_required', seq: 9 }]);

    // The console reloads the snapshot and says hello again with its seq.
    const snapshot = (await dispatcher.get<{ seq: number; calls: unknown[] }>('/api/snapshot')).body;
    expect(snapshot.seq).toBe(9);
    expect(snapshot.calls).toHaveLength(8);
    tooOld.hello(snapshot.seq);
    await tooOld.until(() => tooOld.frames.some((f) => f.type === 'ready'), 'ready');
    expect(tooOld.frames.at(-1)).toEqual({ type: 'ready', seq: 9 });
    expect(tooOld.events).toEqual([]);

    const withinLimit = await open(dispatcher, 4);
    expect(seqs(withinLimit.events)).toEqual([5, 6, 7, 8, 9]);
    expect(withinLimit.frames.at(-1)).toEqual({ type: 'ready', seq: 9 });
  });

  it('starts a stream opened with ?snapshot=1 from the user’s own snapshot, without a hello, and records the read', async () => {
    running = await startPinisi(dialect);
    const [operator, dispatcher, damkar, dinsos] = await Promise.all([
      Client.login(running.url, 'operator1'),
      Client.login(running.url, 'pengarah1'),
      Client.login(running.url, 'opd-damkar'),
      Client.login(running.url, 'opd-dinsos'),
    ]);
    const fire = await forwardedIncident(operator, await ujungBulu(operator));
    await accepted(dispatcher, 'incident.request_agencies', {
      incidentId: fire.incidentId,
      agencies: ['damkar'],
    });
    const head = await headSeq(dispatcher);

    const starts = new Map<Client, StreamClient>();
    for (const client of [dispatcher, damkar, dinsos]) {
      const stream = await StreamClient.connect(running.url, client.cookie, '?snapshot=1');
      streams.push(stream);
      await stream.until(() => stream.frames.some((f) => f.type === 'ready'), 'ready');
      // The snapshot, then ready at its seq: the same snapshot /api/snapshot gives this user, no more.
      const [first, ready] = stream.frames;
      expect(first?.type === 'snapshot' && first.snapshot).toEqual((await client.get('/api/snapshot')).body);
      expect(ready).toEqual({ type: 'ready', seq: head });
      starts.set(client, stream);
    }
    const seen = (client: Client) => {
      const first = starts.get(client)!.frames[0]!;
      return first.type === 'snapshot' ? first.snapshot.incidents.map((i) => i.id) : [];
    };
    expect(seen(dispatcher)).toContain(fire.incidentId);
    expect(seen(damkar)).toEqual([fire.incidentId]);
    expect(seen(dinsos)).toEqual([]);
    expect(JSON.stringify(starts.get(dinsos)!.frames)).not.toContain(fire.callId);

    // Live events follow, filtered as ever: Dinas Sosial hears nothing of the fire.
    const marker = await accepted(damkar, 'assignment.acknowledge', {
      assignmentId: (
        await dispatcher.get<{ assignments: { id: string; agencyId: string }[] }>('/api/snapshot')
      ).body.assignments.find((a) => a.agencyId === 'damkar')!.id,
    });
    await starts.get(dispatcher)!.waitForSeq(marker.seq);
    await starts.get(damkar)!.waitForSeq(marker.seq);
    const other = await accepted(dinsos, 'unit.set_status', {
      unitId: 'dinsos-tagana-01',
      status: 'out_of_service',
    });
    await starts.get(dinsos)!.waitForSeq(other.seq);
    expect(starts.get(dinsos)!.events.map((e) => e.seq)).toEqual([other.seq]);

    // The snapshot frame is a read of personal data like /api/snapshot: three from the stream, three over HTTP.
    const supervisor = await Client.login(running.url, 'koordinator');
    const log = await supervisor.get<{ what: string; username: string }[]>('/api/admin/access-log');
    const snapshots = log.body.filter((r) => r.what === 'snapshot').map((r) => r.username);
    for (const username of ['pengarah1', 'opd-damkar', 'opd-dinsos'])
      expect(snapshots.filter((u) => u === username).length, username).toBeGreaterThanOrEqual(2);
  });

  it('never sends an agency liaison events it may not see, live or replayed', async () => {
    running = await startPinisi(dialect);
    const [operator, dispatcher, damkar, psc] = await Promise.all([
      Client.login(running.url, 'operator1'),
      Client.login(running.url, 'pengarah1'),
      Client.login(running.url, 'opd-damkar'),
      Client.login(running.url, 'opd-psc119'),
    ]);
    const where = await ujungBulu(operator);
    const all = await open(dispatcher, 0);
    const damkarLive = await open(damkar, 0);

    const fire = await forwardedIncident(operator, where);
    const medical = await forwardedIncident(operator, where, {
      category: 'gawat_darurat_medis',
      description: 'Ibu hamil pendarahan',
    });
    const [fireAssignment] = (
      await accepted(dispatcher, 'incident.request_agencies', {
        incidentId: fire.incidentId,
        agencies: ['damkar'],
      })
    ).result.assignmentIds as string[];
    const [medicalAssignment] = (
      await accepted(dispatcher, 'incident.request_agencies', {
        incidentId: medical.incidentId,
        agencies: ['psc119'],
      })
    ).result.assignmentIds as string[];
    await accepted(psc, 'assignment.acknowledge', { assignmentId: medicalAssignment });
    await accepted(psc, 'assignment.assign_unit', { assignmentId: medicalAssignment, unitId: 'psc119-02' });
    await accepted(psc, 'unit.set_status', { unitId: 'psc119-02', status: 'en_route' });
    await accepted(damkar, 'assignment.acknowledge', { assignmentId: fireAssignment });
    await accepted(damkar, 'assignment.assign_unit', { assignmentId: fireAssignment, unitId: 'damkar-03' });
    await accepted(operator, 'incident.amend', {
      incidentId: medical.incidentId,
      priority: 2,
      reason: 'Dikoreksi',
    });
    await accepted(psc, 'unit.set_status', { unitId: 'psc119-02', status: 'on_scene' });
    // The last event: one damkar may see, so that everything before it has been delivered when it arrives.
    const marker = await accepted(damkar, 'unit.set_status', { unitId: 'damkar-03', status: 'en_route' });
    await Promise.all([all.waitForSeq(marker.seq), damkarLive.waitForSeq(marker.seq)]);

    const visible = all.events.filter((e) => e.agencies.includes('damkar'));
    expect(all.events.length).toBeGreaterThan(visible.length);
    expect(damkarLive.events).toEqual(visible);
    expect(visible.map((e) => e.type)).toEqual([
      'assignment.requested',
      'assignment.acknowledged',
      'assignment.unit_assigned',
      'unit.status_changed',
    ]);
    const hidden = [medical.incidentId, medical.callId, medicalAssignment!, 'psc119-02'];
    for (const event of damkarLive.events) {
      for (const id of hidden) expect(JSON.stringify(event)).not.toContain(id);
    }

    const damkarReplayed = await open(damkar, 0);
    expect(damkarReplayed.events).toEqual(visible);
    expect(damkarReplayed.frames.at(-1)).toEqual({ type: 'ready', seq: marker.seq });
    const pscReplayed = await open(psc, 0);
    expect(pscReplayed.events.every((e) => e.agencies.includes('psc119'))).toBe(true);
    expect(pscReplayed.events.map((e) => e.seq)).not.toContain(marker.seq);
    for (const event of pscReplayed.events) expect(JSON.stringify(event)).not.toContain(fire.incidentId);
  });
});
