// The SOP's run card over the API: a house fire with people trapped needs 2 fire engines, 1 ambulance and 1 rescue
// team; per kind the available units come ranked by ETA with their reason, the units already sent are counted, and
// with PINISI_ROUTING_URL the times come from an OSRM-compatible service (a local server speaking its format).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunCard } from '../../src/domain/recommend.ts';
import { registerDevice } from '../../src/server/devices.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted } from './helpers.ts';

const SECRET = 'tracker-secret-0123456789';
/** Kajang, near the Damkar Kajang post (damkar-05 at -5.33, 120.35). */
const KAJANG = { kecamatan: '73.02.06', lat: -5.335, lon: 120.345 };

async function reportHouseFire(operator: Client, where = KAJANG): Promise<string> {
  const callId = (await accepted(operator, 'call.register', { channel: 'voice', number: '081234500777' }))
    .result.callId as string;
  await accepted(operator, 'call.answer', { callId });
  return (
    await accepted(operator, 'incident.report', {
      callId,
      category: 'kebakaran_bangunan',
      location: { ...where, address: 'Jl. Poros Kajang' },
      description: 'Rumah terbakar, dua orang terjebak',
      answers: { jenis_bangunan: 'rumah', api_menyala: true, orang_terjebak: true, jumlah_terjebak: 2 },
    })
  ).result.incidentId as string;
}

describe.each(DIALECTS)('run card on %s', (dialect) => {
  let running: Running;
  let now = Date.UTC(2026, 10, 29, 8, 0, 0);

  beforeAll(async () => {
    running = await startPinisi(dialect, { engine: { clock: () => now } });
  });
  afterAll(() => running?.stop());

  it('asks per kind for the SOP count and ranks the available units by ETA with the reason', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const dispatcher = await Client.login(running.url, 'pengarah1');
    const damkar = await Client.login(running.url, 'opd-damkar');
    const incidentId = await reportHouseFire(operator);
    // DAMKAR-02 (station in Ujung Bulu) sends a fix close to the fire; DAMKAR-03's fix is 10 minutes old.
    await registerDevice(running.engine, 'trk-02', 'damkar-02', SECRET);
    await registerDevice(running.engine, 'trk-03', 'damkar-03', SECRET);
    await fetch(`${running.url}/api/avl/osmand?id=trk-03&lat=-5.336&lon=120.346&key=${SECRET}`);
    now += 10 * 60_000;
    await fetch(`${running.url}/api/avl/osmand?id=trk-02&lat=-5.3352&lon=120.3451&key=${SECRET}`);
    now += 12_000;

    const card = (await dispatcher.get<RunCard>(`/api/incidents/${incidentId}/recommendation`)).body;
    expect(card.needs.map((n) => [n.kind, n.count, n.assigned])).toEqual([
      ['fire_engine', 2, 0],
      ['ambulance', 1, 0],
      ['rescue', 1, 0],
    ]);
    const engines = card.needs[0]!;
    expect(engines.candidates.slice(0, 2).map((c) => [c.callsign, c.from])).toEqual([
      ['DAMKAR-02', 'position'],
      ['DAMKAR-05', 'station'],
    ]);
    expect(engines.candidates[0]!.reason.id).toMatch(
      /^Pos Induk Damkar Ujung Bulu · 0,\d km · ±1 menit · posisi 12 detik lalu$/,
    );
    expect(engines.candidates[1]!.reason.id).toMatch(
      /^Pos Sektor Damkar Kajang · \d,\d km · ±\d+ menit · tanpa posisi, dihitung dari pos$/,
    );
    const stale = engines.candidates.find((c) => c.unitId === 'damkar-03')!;
    expect(stale).toMatchObject({ from: 'station', stale: true });
    expect(stale.reason.en).toMatch(/last position 10 min ago, from station$/);
    // Only kinds the SOP asks for, from the triage's agencies: ambulances of PSC 119, rescue of Damkar or Basarnas.
    expect(card.needs[1]!.candidates.every((c) => c.agencyId === 'psc119' && c.kind === 'ambulance')).toBe(
      true,
    );
    expect(new Set(card.needs[2]!.candidates.map((c) => c.agencyId))).toEqual(
      new Set(['damkar', 'basarnas']),
    );
    expect(card.needs[0]!.reasons.map((r) => r.id)).toContain(
      'Orang terjebak: dua mobil pemadam, satu ambulans, satu tim penyelamat',
    );

    // Requested and accepted, Damkar sends the first suggestion: it is counted, and leaves the candidates.
    await accepted(dispatcher, 'incident.request_agencies', {
      incidentId,
      agencies: ['damkar', 'psc119', 'basarnas'],
    });
    const forDamkar = (await damkar.get<RunCard>(`/api/incidents/${incidentId}/recommendation`)).body;
    const first = forDamkar.needs[0]!.candidates[0]!;
    expect(first).toMatchObject({ unitId: 'damkar-02', agencyId: 'damkar' });
    expect(forDamkar.needs[1]!.candidates).toEqual([]); // no ambulance of its own
    await accepted(damkar, 'assignment.acknowledge', { assignmentId: first.assignmentId });
    await accepted(damkar, 'assignment.assign_unit', {
      assignmentId: first.assignmentId,
      unitId: first.unitId,
    });
    const after = (await dispatcher.get<RunCard>(`/api/incidents/${incidentId}/recommendation`)).body;
    expect(after.needs[0]).toMatchObject({ kind: 'fire_engine', count: 2, assigned: 1 });
    expect(after.needs[0]!.candidates.map((c) => c.unitId)).not.toContain('damkar-02');
  });
});

describe('run card with an OSRM-compatible router (PINISI_ROUTING_URL)', () => {
  let running: Running;
  let osrm: Server;
  let broken = false;

  beforeAll(async () => {
    // The road from Ujung Bulu (lon ≈ 120.19) is fast, every other road slow: the opposite of the straight line.
    osrm = createServer((request, response) => {
      const match = /\/route\/v1\/driving\/([\d.-]+),([\d.-]+);/.exec(request.url ?? '');
      response.setHeader('Content-Type', 'application/json');
      if (broken || !match) {
        response.end(JSON.stringify({ code: 'NoRoute', routes: [] }));
        return;
      }
      const fromUjungBulu = Number(match[1]) < 120.21;
      const duration = fromUjungBulu ? 300 : 3000;
      response.end(
        JSON.stringify({ code: 'Ok', routes: [{ distance: duration * 10, duration }], waypoints: [] }),
      );
    });
    await new Promise<void>((resolve) => osrm.listen(0, '127.0.0.1', resolve));
    const port = (osrm.address() as AddressInfo).port;
    running = await startPinisi('sqlite', { config: { routingUrl: `http://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await running?.stop();
    osrm.closeAllConnections();
    osrm.close();
  });

  it('ranks by the road times the service gives, and by the straight line, said so, when it cannot route', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const dispatcher = await Client.login(running.url, 'pengarah1');
    const incidentId = await reportHouseFire(operator);
    const card = (
      await dispatcher.get<RunCard & { model: { router: string } }>(
        `/api/incidents/${incidentId}/recommendation`,
      )
    ).body;
    expect(card.model.router).toBe('osrm');
    const engines = card.needs[0]!.candidates;
    expect(engines.slice(0, 2).map((c) => [c.callsign, c.seconds, c.meters, c.fallback])).toEqual([
      ['DAMKAR-01', 360, 3000, false],
      ['DAMKAR-02', 360, 3000, false],
    ]);
    broken = true;
    // Another point, so the routes are not the cached ones.
    const other = await reportHouseFire(operator, { ...KAJANG, lat: -5.34 });
    const fallback = (await dispatcher.get<RunCard>(`/api/incidents/${other}/recommendation`)).body;
    expect(fallback.needs[0]!.candidates[0]).toMatchObject({ callsign: 'DAMKAR-05', fallback: true });
    expect(fallback.needs[0]!.candidates[0]!.reason.id).toMatch(/rute tidak tersedia: garis lurus$/);
  });
});
