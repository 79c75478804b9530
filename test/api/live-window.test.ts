// The live state holds open work and a recent window: older history stays readable and commands about it are refused as before.
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/domain/events.ts';
import type { CallerHistory } from '../../src/domain/history.ts';
import { RECENT_WINDOW_MS } from '../../src/domain/state.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted, expectError, forwardedIncident, ujungBulu } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 28, 2, 0, 0);
const PRANKSTER = '081355500011';

describe.each(DIALECTS)('the live window on %s', (dialect) => {
  let running: Running;
  let now = T0;
  const clock = () => now;
  afterEach(async () => {
    await running.stop();
  });

  it('forgets what ended a day ago, reads it from the store, refuses commands about it as ended, and starts without it', async () => {
    now = T0;
    running = await startPinisi(dialect, { engine: { clock } });
    let operator = await Client.login(running.url, 'operator1');
    let dispatcher = await Client.login(running.url, 'pengarah1');
    let damkar = await Client.login(running.url, 'opd-damkar');
    const where = await ujungBulu(operator);
    const { incidentId, callId } = await forwardedIncident(operator, where);
    const requested = await accepted(dispatcher, 'incident.request_agencies', {
      incidentId,
      agencies: ['damkar'],
    });
    const assignmentId = (requested.result.assignmentIds as string[])[0]!;
    await accepted(operator, 'call.end', { callId });
    await accepted(dispatcher, 'incident.cancel', { incidentId, reason: 'Laporan ganda' });
    const prank = (await accepted(operator, 'call.register', { channel: 'voice', number: PRANKSTER })).result
      .callId as string;
    await accepted(operator, 'call.answer', { callId: prank });
    await accepted(operator, 'call.classify', { callId: prank, callType: 'prank' });
    await accepted(operator, 'call.end', { callId: prank });
    const open = (await forwardedIncident(operator, where)).incidentId;

    // A day and an hour later the next commit leaves the old work behind; the open incident stays.
    now = T0 + RECENT_WINDOW_MS + 3_600_000;
    // (Sessions do not last a day: everyone logs in again.)
    operator = await Client.login(running.url, 'operator1');
    dispatcher = await Client.login(running.url, 'pengarah1');
    damkar = await Client.login(running.url, 'opd-damkar');
    const again = (
      await accepted(operator, 'call.register', { channel: 'voice', number: `+62 ${PRANKSTER.slice(1)}` })
    ).result.callId as string;
    const { state } = running.engine;
    expect([state.incidents.has(incidentId), state.assignments.has(assignmentId)]).toEqual([false, false]);
    expect([state.calls.has(callId), state.calls.has(prank)]).toEqual([false, false]);
    expect(state.incidents.has(open)).toBe(true);

    // The caller's history still warns of the prank, read from the store by the number's key.
    const history = await operator.get<CallerHistory>(`/api/calls/${again}/history`);
    expect(history.status).toBe(200);
    expect(history.body).toMatchObject({ counts: { prank: 1 }, junkWarning: true });
    expect(history.body.calls.map((c) => c.id)).toEqual([prank]);

    // The timeline of the old incident is read from the store, for the centre and for the agency that had it.
    for (const client of [dispatcher, damkar]) {
      const timeline = await client.get<{ incident: { id: string }; events: StoredEvent[] }>(
        `/api/incidents/${incidentId}/timeline`,
      );
      expect(timeline.status).toBe(200);
      expect(timeline.body.events.at(-1)?.type).toBe('incident.ended');
    }
    const police = await Client.login(running.url, 'opd-polres');
    expect((await police.get(`/api/incidents/${incidentId}/timeline`)).status).toBe(404);

    // Commands about it are refused because it ended, as while it was held; unknown ids are still unknown.
    expect(
      expectError(await dispatcher.command('incident.cancel', { incidentId, reason: 'Lagi' }), 409).code,
    ).toBe('incident.ended');
    expect(expectError(await damkar.command('assignment.acknowledge', { assignmentId }), 409).code).toBe(
      'assignment.not_requested',
    );
    expect(expectError(await operator.command('call.end', { callId: prank }), 409).code).toBe('call.ended');
    expect(
      expectError(
        await dispatcher.command('incident.cancel', { incidentId: 'no-such', reason: 'Uji coba' }),
        404,
      ).code,
    ).toBe('incident.not_found');

    // A restart loads only the open work and the recent window; numbering goes on from all incidents ever made.
    const database = running.database;
    await running.close();
    running = await startPinisi(dialect, { database, engine: { clock } });
    const reloaded = running.engine.state;
    expect([...reloaded.incidents.keys()]).toEqual([open]);
    expect(reloaded.calls.has(prank)).toBe(false);
    expect(reloaded.calls.has(again)).toBe(true);
    const operator2 = await Client.login(running.url, 'operator1');
    const created = await accepted(operator2, 'incident.create', {
      category: 'kebakaran_bangunan',
      location: { kecamatan: where.kecamatan, desa: where.desa, address: 'Jl. Lanto', landmark: null },
      description: 'Gudang terbakar',
      priority: 2,
    });
    expect(created.result.number).toBe('2026-000003');
    const dispatcher2 = await Client.login(running.url, 'pengarah1');
    expect((await dispatcher2.get(`/api/incidents/${incidentId}/timeline`)).status).toBe(200);
  });
});
