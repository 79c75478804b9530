// Escalations over HTTP: an agency does not acknowledge a P1 incident in time, across server restarts.
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/domain/events.ts';
import { bulukumbaSop } from '../../src/domain/sop/bulukumba-sop.ts';
import { EscalationWorker } from '../../src/server/escalation-worker.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';
import { accepted, forwardedIncident, headSeq, snapshot, ujungBulu } from './helpers.ts';

type Raised = Extract<StoredEvent, { type: 'escalation.raised' }>;

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const S = 1000;
const P1 = bulukumbaSop.timers.p1;

describe.each(DIALECTS)('escalations on %s', (dialect) => {
  let running: Running;
  let now = T0;
  const clock = () => now;
  const restart = async () => {
    const database = running.database;
    await running.close();
    running = await startPinisi(dialect, { database, engine: { clock } });
  };
  afterEach(async () => {
    await running.stop();
  });

  it('raises ack_overdue when a P1 request is not acknowledged in time, once per interval, across restarts', async () => {
    now = T0;
    running = await startPinisi(dialect, { engine: { clock } });
    const operator = await Client.login(running.url, 'operator1');
    const dispatcher = await Client.login(running.url, 'pengarah1');
    const { incidentId } = await forwardedIncident(operator, await ujungBulu(operator));
    now = T0 + 10 * S;
    const requested = await accepted(dispatcher, 'incident.request_agencies', {
      incidentId,
      agencies: ['damkar'],
    });
    const [assignmentId] = requested.result.assignmentIds as string[];
    const deadline = T0 + 10 * S + P1.ackSeconds * S;

    const escalations = async (client: Client) => {
      const answer = await client.get<{ events: StoredEvent[] }>(`/api/incidents/${incidentId}/timeline`);
      expect(answer.status).toBe(200);
      return answer.body.events.filter((e): e is Raised => e.type === 'escalation.raised');
    };

    // Halfway through the wait nothing is raised; then the server restarts.
    now = deadline - 30 * S;
    await running.escalations.tick();
    expect(await escalations(dispatcher)).toEqual([]);
    await restart();

    const [pengarah, koordinator, damkar] = await Promise.all(
      ['pengarah1', 'koordinator', 'opd-damkar'].map((u) => Client.login(running.url, u)),
    );
    const seq = await headSeq(pengarah!);
    const streams = await Promise.all(
      [pengarah!, koordinator!, damkar!].map((c) => StreamClient.open(running.url, c.cookie, seq)),
    );
    now = deadline - 1;
    await running.escalations.tick();
    expect(await escalations(pengarah!)).toEqual([]);

    // The deadline passes: the escalation appears for the dispatcher and the supervisor, live and in the timeline.
    now = deadline;
    await Promise.all([running.escalations.tick(), running.escalations.tick()]);
    const first = await escalations(pengarah!);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      kind: 'ack_overdue',
      incidentId,
      assignmentId,
      agencyId: 'damkar',
      dueAt: deadline,
      occurrence: 1,
      at: deadline,
      actor: 'system:escalation',
    });
    for (const stream of streams.slice(0, 2)) {
      await stream.until(() => stream.events.some((e) => e.type === 'escalation.raised'), 'the escalation');
    }
    // The agency's liaison is not the audience of the centre's escalation.
    expect(streams[2]!.events.some((e) => e.type === 'escalation.raised')).toBe(false);
    expect(await escalations(damkar!)).toEqual([]);
    await Promise.all(streams.map((s) => s.close()));

    // Asked again at once, and after another restart within the interval: nothing more.
    await running.escalations.tick();
    await restart();
    now = deadline + (P1.repeatSeconds - 1) * S;
    await running.escalations.tick();
    const dispatcher2 = await Client.login(running.url, 'pengarah1');
    expect(await escalations(dispatcher2)).toHaveLength(1);

    // One interval after it was raised, it repeats: once, even with a second worker (another node) racing.
    now = deadline + P1.repeatSeconds * S;
    const other = new EscalationWorker(running.engine, running.store, running.sop, { pollMs: 0 });
    await Promise.all([running.escalations.tick(), other.tick(), running.escalations.tick(), other.tick()]);
    await other.stop();
    const standing = async () =>
      (await dispatcher2.get<{ escalations: { kind: string; occurrences: number }[] }>('/api/escalations'))
        .body.escalations;
    expect(await standing()).toEqual([
      expect.objectContaining({
        kind: 'ack_overdue',
        occurrences: 2,
        incidentId,
        assignmentId,
        agencyId: 'damkar',
      }),
    ]);
    const repeated = await escalations(dispatcher2);
    expect(repeated.map((e) => [e.kind, e.occurrence, e.at])).toEqual([
      ['ack_overdue', 1, deadline],
      ['ack_overdue', 2, deadline + P1.repeatSeconds * S],
    ]);

    // The agency acknowledges: ack escalations stop; the unit timer still runs and fires in its turn.
    const liaison = await Client.login(running.url, 'opd-damkar');
    await accepted(liaison, 'assignment.acknowledge', { assignmentId });
    const enRouteDeadline = T0 + 10 * S + P1.enRouteSeconds * S;
    now = enRouteDeadline - 1;
    await running.escalations.tick();
    expect(await escalations(dispatcher2)).toHaveLength(2);
    now = enRouteDeadline + 5 * S;
    await running.escalations.tick();
    const later = await escalations(dispatcher2);
    expect(later.map((e) => [e.kind, e.dueAt])).toEqual([
      ['ack_overdue', deadline],
      ['ack_overdue', deadline + P1.repeatSeconds * S],
      ['en_route_overdue', enRouteDeadline],
    ]);

    expect((await standing()).map((e) => e.kind)).toEqual(['en_route_overdue']);

    // A unit on its way ends that one too; nobody but the worker may raise escalations.
    const unit = (await snapshot(liaison)).units.find((u) => u.status === 'available')!;
    await accepted(liaison, 'assignment.assign_unit', { assignmentId, unitId: unit.id });
    await accepted(liaison, 'unit.set_status', { unitId: unit.id, status: 'en_route' });
    now = enRouteDeadline + 10 * P1.repeatSeconds * S;
    await running.escalations.tick();
    expect((await escalations(dispatcher2)).filter((e) => e.kind === 'en_route_overdue')).toHaveLength(1);
    expect(await standing()).toEqual([]);
    expect((await liaison.get('/api/escalations')).status).toBe(403);
    const forged = await dispatcher2.command('escalation.raise', {
      assignmentId,
      kind: 'ack_overdue',
      dueAt: now,
      occurrence: 9,
    });
    expect(forged.status).toBe(403);
  });

  it('stops a tick in flight: once stop() has resolved the worker reads nothing more', async () => {
    now = T0;
    running = await startPinisi(dialect, { engine: { clock } });
    const operator = await Client.login(running.url, 'operator1');
    const dispatcher = await Client.login(running.url, 'pengarah1');
    const where = await ujungBulu(operator);
    for (let i = 0; i < 3; i++) {
      const { incidentId } = await forwardedIncident(operator, where);
      await accepted(dispatcher, 'incident.request_agencies', { incidentId, agencies: ['damkar'] });
    }
    const worker = new EscalationWorker(running.engine, running.store, running.sop, { pollMs: 0 });
    const tick = worker.tick();
    await worker.stop();
    const reads: string[] = [];
    const timeline = running.store.timeline.bind(running.store);
    running.store.timeline = (incident) => {
      reads.push(incident.id);
      return timeline(incident);
    };
    await tick;
    expect(reads).toEqual([]);
  });

  it('reads again only the incidents that changed, and wakes by itself when the next deadline comes', async () => {
    // A clock that runs at real speed from T0, so the worker's own timer can be seen to fire.
    let offset = T0 - performance.now();
    running = await startPinisi(dialect, { engine: { clock: () => Math.round(offset + performance.now()) } });
    const operator = await Client.login(running.url, 'operator1');
    const dispatcher = await Client.login(running.url, 'pengarah1');
    const where = await ujungBulu(operator);
    const incidents: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { incidentId } = await forwardedIncident(operator, where);
      await accepted(dispatcher, 'incident.request_agencies', { incidentId, agencies: ['damkar'] });
      incidents.push(incidentId);
    }
    // The app's worker would wake by itself on this real-time clock: this part ticks its own, and only by hand.
    // Stopping waits for a tick of its own already running (on a slow machine its timer fires meanwhile).
    await running.escalations.stop();
    const manual = new EscalationWorker(running.engine, running.store, running.sop, { pollMs: 0 });
    const reads: string[] = [];
    const timeline = running.store.timeline.bind(running.store);
    running.store.timeline = (incident) => {
      reads.push(incident.id);
      return timeline(incident);
    };
    await manual.tick();
    expect(reads.sort()).toEqual([...incidents].sort());
    reads.length = 0;
    // Nor does it walk the live state: counted on every way of iterating its maps.
    let scans = 0;
    const { calls, incidents: open, assignments } = running.engine.state;
    for (const map of [calls, open, assignments] as Map<string, unknown>[]) {
      for (const name of ['values', 'keys', 'entries', 'forEach', Symbol.iterator] as const) {
        const original = map[name].bind(map) as (...args: unknown[]) => unknown;
        Object.defineProperty(map, name, {
          value: (...args: unknown[]) => {
            scans++;
            return original(...args);
          },
        });
      }
    }
    await manual.tick();
    await manual.tick();
    expect(reads).toEqual([]);
    expect(scans).toBe(0);
    await accepted(operator, 'incident.amend', { incidentId: incidents[1], description: 'Api menjalar' });
    await manual.tick();
    expect(reads).toEqual([incidents[1]]);

    // Shortly before the acknowledgement deadline a worker with its own timer starts; nobody ticks it.
    offset += P1.ackSeconds * S - 300;
    const raised: Raised[] = [];
    const all = new Promise<void>((resolve) => {
      const unsubscribe = running.engine.subscribe((events) => {
        for (const e of events) if (e.type === 'escalation.raised') raised.push(e);
        if (raised.length === incidents.length) {
          unsubscribe();
          resolve();
        }
      });
    });
    const own = new EscalationWorker(running.engine, running.store, running.sop, { pollMs: 20 });
    await all;
    await own.stop();
    await manual.stop();
    expect(raised.map((e) => e.incidentId).sort()).toEqual([...incidents].sort());
    for (const e of raised) {
      expect(e).toMatchObject({ kind: 'ack_overdue', occurrence: 1 });
      expect(e.at).toBeGreaterThanOrEqual(e.dueAt);
    }
  });
});
