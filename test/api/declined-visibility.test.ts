// A liaison whose agency declined an incident stops hearing of it: no later events on the stream, gone from its
// snapshot, while its own decline stays in the incident's timeline (the audit's amended-caller-name leak).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/domain/events.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';
import { accepted, forwardedIncident, snapshot, ujungBulu } from './helpers.ts';

describe('a declined agency', () => {
  let running: Running;
  beforeEach(async () => {
    running = await startPinisi('sqlite');
  });
  afterEach(async () => {
    await running.stop();
  });

  it('receives none of the incident’s later events and loses it from its snapshot, keeping its own decline', async () => {
    const { url } = running;
    const [operator, dispatcher, damkar, psc] = await Promise.all(
      ['operator1', 'pengarah1', 'opd-damkar', 'opd-psc119'].map((u) => Client.login(url, u)),
    );
    const where = await ujungBulu(operator!);
    const { incidentId } = await forwardedIncident(operator!, where);
    await accepted(dispatcher!, 'incident.request_agencies', { incidentId, agencies: ['damkar', 'psc119'] });
    const damkarStream = await StreamClient.open(url, damkar!.cookie, (await snapshot(damkar!)).seq);
    const pscStream = await StreamClient.open(url, psc!.cookie, (await snapshot(psc!)).seq);

    const job = (await snapshot(damkar!)).assignments.find((a) => a.incidentId === incidentId)!;
    const declined = await accepted(damkar!, 'assignment.decline', {
      assignmentId: job.id,
      reason: 'Bukan wewenang',
    });
    await damkarStream.waitForSeq(declined.seq);

    // The caller gives their full name after Damkar declined: only the agency still on the incident hears it.
    const amended = await accepted(operator!, 'incident.amend', {
      incidentId,
      caller: { name: 'Andi Rahmat bin Said', phone: '081234567890' },
    });
    await pscStream.waitForSeq(amended.seq);
    // A later event Damkar does see (a new incident for it): once it arrives, nothing before it can still come.
    const other = await forwardedIncident(operator!, where, { description: 'Gudang terbakar' });
    const marker = await accepted(dispatcher!, 'incident.request_agencies', {
      incidentId: other.incidentId,
      agencies: ['damkar'],
    });
    await damkarStream.waitForSeq(marker.seq);

    const about = (events: StoredEvent[]) =>
      events
        .filter((e) => JSON.stringify(e).includes(incidentId) || JSON.stringify(e).includes(job.id))
        .map((e) => e.type);
    expect(about(damkarStream.events)).toEqual(['assignment.declined']);
    expect(about(pscStream.events)).toContain('incident.amended');
    expect(JSON.stringify(damkarStream.events)).not.toContain('Andi Rahmat');

    const snap = await snapshot(damkar!);
    expect(snap.incidents.map((i) => i.id)).toEqual([other.incidentId]);
    expect(snap.assignments.every((a) => a.incidentId === other.incidentId)).toBe(true);
    expect(JSON.stringify(snap)).not.toContain('Andi Rahmat');
    expect((await snapshot(psc!)).incidents.map((i) => i.id)).toContain(incidentId);

    // Its own history of the incident keeps the decline, and nothing after it.
    const timeline = await damkar!.get<{ events: StoredEvent[] }>(`/api/incidents/${incidentId}/timeline`);
    expect(timeline.status).toBe(200);
    const types = timeline.body.events.map((e) => e.type);
    expect(types.at(-1)).toBe('assignment.declined');
    expect(types).not.toContain('incident.amended');

    // A reconnecting console catching up from before the decline gets the same: the decline, no amendment.
    const replay = await StreamClient.open(url, damkar!.cookie, declined.seq - 1);
    expect(about(replay.events)).toEqual(['assignment.declined']);
    for (const stream of [damkarStream, pscStream, replay]) stream.socket.close();
  });
});
