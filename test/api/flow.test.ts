// The whole 112 flow over HTTP: a house fire in Ujung Bulu from call to close, unseen by Dinas Sosial.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/domain/events.ts';
import type { UnitStatus } from '../../src/domain/types.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';
import { accepted, forwardedIncident, snapshot, ujungBulu, userId } from './helpers.ts';

interface Step {
  type: string;
  actor: string;
}

/** An agency liaison's part: acknowledge, send an available unit through the given statuses, report done. */
async function agencyWorks(
  liaison: Client,
  agencyId: string,
  incidentId: string,
  statuses: UnitStatus[],
): Promise<{ assignmentId: string; unitId: string; steps: string[] }> {
  const before = await snapshot(liaison);
  const assignment = before.assignments.find((a) => a.incidentId === incidentId);
  expect(assignment?.agencyId).toBe(agencyId);
  expect(before.incidents.map((i) => i.id)).toContain(incidentId);
  const assignmentId = assignment!.id;
  await accepted(liaison, 'assignment.acknowledge', { assignmentId });
  const unit = before.units.find((u) => u.status === 'available');
  expect(before.units.every((u) => u.agencyId === agencyId)).toBe(true);
  expect(unit).toBeDefined();
  const unitId = unit!.id;
  await accepted(liaison, 'assignment.assign_unit', { assignmentId, unitId });
  const steps = ['assignment.acknowledged', 'assignment.unit_assigned'];
  for (const status of statuses) {
    await accepted(liaison, 'unit.set_status', { unitId, status });
    steps.push('unit.status_changed');
  }
  const during = await snapshot(liaison);
  expect(during.units.find((u) => u.id === unitId)?.status).toBe('available');
  await accepted(liaison, 'assignment.complete', {
    assignmentId,
    outcome: { dead: 0, injured: 2, report: `${agencyId}: api dipadamkan, dua korban dievakuasi` },
  });
  steps.push('assignment.completed');
  return { assignmentId, unitId, steps };
}

describe.each(DIALECTS)('the whole flow on %s', (dialect) => {
  let running: Running;
  beforeEach(async () => {
    running = await startPinisi(dialect);
  });
  afterEach(async () => {
    await running.stop();
  });

  it('carries a house fire from the call to the close while Dinas Sosial sees nothing of it', async () => {
    const { url } = running;
    const [operator, dispatcher, damkar, psc, dinsos] = await Promise.all(
      ['operator1', 'pengarah1', 'opd-damkar', 'opd-psc119', 'opd-dinsos'].map((u) => Client.login(url, u)),
    );
    const ids = {
      operator: await userId(operator!),
      dispatcher: await userId(dispatcher!),
      damkar: await userId(damkar!),
      psc: await userId(psc!),
    };
    const dinsosStream = await StreamClient.open(url, dinsos!.cookie, (await snapshot(dinsos!)).seq);
    const where = await ujungBulu(operator!);

    const { callId, incidentId } = await forwardedIncident(operator!, where);
    const requested = await accepted(dispatcher!, 'incident.request_agencies', {
      incidentId,
      agencies: ['damkar', 'psc119'],
      note: 'Orang terjebak, P1',
    });
    const assignmentIds = requested.result.assignmentIds as string[];
    expect(assignmentIds).toHaveLength(2);

    const fire = await agencyWorks(damkar!, 'damkar', incidentId, ['en_route', 'on_scene', 'available']);
    const medic = await agencyWorks(psc!, 'psc119', incidentId, [
      'en_route',
      'on_scene',
      'transporting',
      'at_hospital',
      'available',
    ]);
    expect([fire.assignmentId, medic.assignmentId].sort()).toEqual([...assignmentIds].sort());
    await accepted(dispatcher!, 'incident.close', { incidentId });

    // The timeline: every step, stamped with time and actor, in order.
    const timeline = await dispatcher!.get<{ incident: { status: string }; events: StoredEvent[] }>(
      `/api/incidents/${incidentId}/timeline`,
    );
    expect(timeline.status).toBe(200);
    expect(timeline.body.incident.status).toBe('closed');
    const expected: Step[] = [
      { type: 'call.registered', actor: ids.operator },
      { type: 'call.answered', actor: ids.operator },
      { type: 'call.classified', actor: ids.operator },
      { type: 'incident.created', actor: ids.operator },
      { type: 'incident.forwarded', actor: ids.operator },
      { type: 'assignment.requested', actor: ids.dispatcher },
      { type: 'assignment.requested', actor: ids.dispatcher },
      ...fire.steps.map((type) => ({ type, actor: ids.damkar })),
      ...medic.steps.map((type) => ({ type, actor: ids.psc })),
      { type: 'incident.ended', actor: ids.dispatcher },
    ];
    const events = timeline.body.events;
    expect(events.map((e) => ({ type: e.type, actor: e.actor }))).toEqual(expected);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.seq).toBeGreaterThan(events[i - 1]!.seq);
      expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at);
    }
    for (const event of events) expect(Number.isInteger(event.at) && event.at > 0).toBe(true);
    const unitSteps = events
      .filter((e) => e.type === 'unit.status_changed')
      .map((e) => (e as Extract<StoredEvent, { type: 'unit.status_changed' }>).status);
    expect(unitSteps).toEqual([
      'en_route',
      'on_scene',
      'available',
      'en_route',
      'on_scene',
      'transporting',
      'at_hospital',
      'available',
    ]);
    const created = events.find((e) => e.type === 'incident.created') as Extract<
      StoredEvent,
      { type: 'incident.created' }
    >;
    expect(created.incident).toMatchObject({
      category: 'kebakaran_bangunan',
      priority: 1,
      callIds: [callId],
      location: { kecamatan: where.kecamatan, desa: where.desa },
    });
    expect(created.incident.description).toMatch(/terjebak/);
    const completed = events.filter((e) => e.type === 'assignment.completed');
    expect(completed.map((e) => (e as { outcome: { injured: number } }).outcome.injured)).toEqual([2, 2]);

    // Dinas Sosial: nothing over HTTP.
    const dinsosView = await snapshot(dinsos!);
    expect(dinsosView.incidents).toEqual([]);
    expect(dinsosView.assignments).toEqual([]);
    expect(dinsosView.calls).toEqual([]);
    expect(dinsosView.units.length).toBeGreaterThan(0);
    expect(dinsosView.units.every((u) => u.agencyId === 'dinsos')).toBe(true);
    const hidden = await dinsos!.get(`/api/incidents/${incidentId}/timeline`);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('terjebak');

    // …nor on the stream, which does carry an incident Dinas Sosial is requested on later.
    const later = await forwardedIncident(operator!, where, {
      category: 'lainnya',
      description: 'Keluarga korban kebakaran membutuhkan tempat tinggal sementara',
    });
    await accepted(dispatcher!, 'incident.request_agencies', {
      incidentId: later.incidentId,
      agencies: ['dinsos'],
    });
    await dinsosStream.until(
      () => dinsosStream.events.some((e) => e.type === 'assignment.requested'),
      'the dinsos assignment',
    );
    const secret = [incidentId, callId, ...assignmentIds, fire.unitId, medic.unitId];
    for (const event of dinsosStream.events) {
      expect(event.agencies).toContain('dinsos');
      for (const id of secret) expect(JSON.stringify(event)).not.toContain(id);
    }
    const first = dinsosStream.events[0] as Extract<StoredEvent, { type: 'assignment.requested' }>;
    expect(first.type).toBe('assignment.requested');
    expect(first.incident.id).toBe(later.incidentId);
    await dinsosStream.close();
  });
});
