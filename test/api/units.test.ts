// Units over the API on SQLite and PostgreSQL: OsmAnd positions from a real HTTP client (authenticated per device,
// broken ones refused), streamed to the dispatcher and the unit's agency only, one row per unit however many pings,
// kept across a restart; the run card ranks the closest available unit and explains stale positions; the responder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitPosition } from '../../src/domain/positions.ts';
import type { RunCard } from '../../src/domain/recommend.ts';
import { registerDevice } from '../../src/server/devices.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';
import { accepted, expectError, headSeq, snapshot } from './helpers.ts';

const SECRET = 'tracker-secret-0123456789';
/** Kajang, near the Damkar Kajang post (damkar-05 at -5.33, 120.35). */
const KAJANG = { kecamatan: '73.02.06', lat: -5.335, lon: 120.345 };

const positionsIn = (stream: StreamClient): UnitPosition[] =>
  stream.frames.flatMap((f) => (f.type === 'positions' ? f.positions : []));

describe.each(DIALECTS)('units on %s', (dialect) => {
  let running: Running;
  let now = Date.UTC(2026, 10, 29, 8, 0, 0);
  let dispatcher: Client;
  let damkar: Client;
  let psc: Client;
  let operator: Client;

  const logIn = async () => {
    dispatcher = await Client.login(running.url, 'pengarah1');
    damkar = await Client.login(running.url, 'opd-damkar');
    psc = await Client.login(running.url, 'opd-psc119');
    operator = await Client.login(running.url, 'operator1');
  };

  beforeAll(async () => {
    running = await startPinisi(dialect, { engine: { clock: () => now } });
    await logIn();
    await registerDevice(running.engine, 'trk-damkar-01', 'damkar-01', SECRET);
  });
  afterAll(() => running?.stop());

  it('takes OsmAnd reports from a real HTTP client, GET, form POST and JSON, and streams them to whom they concern', async () => {
    const streams = await Promise.all(
      [dispatcher, damkar, psc, operator].map(async (c) =>
        StreamClient.open(running.url, c.cookie, await headSeq(c)),
      ),
    );
    const [toDispatcher, toDamkar, toPsc, toOperator] = streams as [
      StreamClient,
      StreamClient,
      StreamClient,
      StreamClient,
    ];
    const get = await fetch(
      `${running.url}/api/avl/osmand?id=trk-damkar-01&lat=-5.40&lon=120.30&timestamp=${Math.floor(now / 1000) - 5}&speed=20&bearing=90&accuracy=8&key=${SECRET}`,
    );
    expect(get.status).toBe(200);
    await toDispatcher.until(() => positionsIn(toDispatcher).length > 0, 'a positions frame');
    expect(positionsIn(toDispatcher)[0]).toMatchObject({
      unitId: 'damkar-01',
      lat: -5.4,
      lon: 120.3,
      speedKmh: 37,
      bearing: 90,
      accuracy: 8,
      source: 'device',
    });
    await toDamkar.until(() => positionsIn(toDamkar).length > 0, 'a positions frame for damkar');

    // Form body, secret by HTTP Basic auth.
    const form = await fetch(`${running.url}/api/avl/osmand`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`trk-damkar-01:${SECRET}`).toString('base64')}`,
      },
      body: `id=trk-damkar-01&lat=-5.39&lon=120.31&timestamp=${Math.floor(now / 1000) - 4}`,
    });
    expect(form.status).toBe(200);
    // Traccar Client 9's JSON body, secret in the URL's query as its server URL carries it.
    const json = await fetch(`${running.url}/api/avl/osmand?key=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        device_id: 'trk-damkar-01',
        location: {
          timestamp: new Date(now - 3000).toISOString(),
          coords: { latitude: -5.38, longitude: 120.32, speed: 10, heading: -1, accuracy: 4 },
        },
      }),
    });
    expect(json.status).toBe(200);
    await toDispatcher.until(() => positionsIn(toDispatcher).some((p) => p.lat === -5.38), 'the JSON fix');
    expect(positionsIn(toDispatcher).at(-1)).toMatchObject({ speedKmh: 36, bearing: null });

    // Nobody else: the other agency and the call taker got no position at all.
    await running.positions.flush();
    expect(positionsIn(toPsc)).toEqual([]);
    expect(positionsIn(toOperator)).toEqual([]);
    expect((await psc.get<UnitPosition[]>('/api/units/positions')).body).toEqual([]);
    expectError(await operator.get('/api/units/positions'), 403);
    const seen = (await damkar.get<UnitPosition[]>('/api/units/positions')).body;
    expect(seen.map((p) => [p.unitId, p.lat])).toEqual([['damkar-01', -5.38]]);
    // Positions are not events: the log did not move.
    expect(toDispatcher.events).toEqual([]);
    for (const s of streams) await s.close();
  });

  it('refuses broken and unauthenticated reports, recording nothing', async () => {
    const send = (query: string) => fetch(`${running.url}/api/avl/osmand?${query}`);
    expectError(await answer(send(`id=trk-damkar-01&lat=-5.3&lon=120.3&key=wrong-secret`)), 401);
    expectError(await answer(send(`id=trk-damkar-01&lat=-5.3&lon=120.3`)), 401);
    expectError(await answer(send(`id=nobody&lat=-5.3&lon=120.3&key=${SECRET}`)), 401);
    expectError(await answer(send(`id=trk-damkar-01&lat=north&lon=120.3&key=${SECRET}`)), 400);
    expectError(await answer(send(`id=trk-damkar-01&lat=0&lon=0&key=${SECRET}`)), 400);
    expectError(await answer(send(`id=trk-damkar-01&lat=-5.3&lon=120.3&timestamp=soon&key=${SECRET}`)), 400);
    const malformedJson = await fetch(`${running.url}/api/avl/osmand?key=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"device_id": "trk-damkar-01", "location": ',
    });
    expect(malformedJson.status).toBe(400);
    // An older fix (a tracker's buffer) is accepted but does not replace the latest.
    expect(
      (
        await send(
          `id=trk-damkar-01&lat=-5.1&lon=120.1&timestamp=${Math.floor(now / 1000) - 3600}&key=${SECRET}`,
        )
      ).status,
    ).toBe(200);
    expect(running.positions.get('damkar-01')).toMatchObject({ lat: -5.38 });
  });

  it('keeps one row per unit however many pings, and the latest across a restart', async () => {
    for (let i = 0; i < 50; i++) {
      now += 1000;
      const r = await fetch(
        `${running.url}/api/avl/osmand?id=trk-damkar-01&lat=${-5.3 - i / 1000}&lon=120.35&timestamp=${Math.floor(now / 1000)}&key=${SECRET}`,
      );
      expect(r.status).toBe(200);
    }
    await running.positions.flush();
    const rows = await running.store.db.selectFrom('unit_positions').selectAll().execute();
    expect(rows.map((r) => r.unit_id)).toEqual(['damkar-01']);
    expect(Number(rows[0]!.lat)).toBeCloseTo(-5.349);
    await running.close();
    running = await startPinisi(dialect, { database: running.database, engine: { clock: () => now } });
    await logIn();
    expect(running.positions.get('damkar-01')).toMatchObject({ lat: -5.349, lon: 120.35, source: 'device' });
    // The device is still known after the restart.
    const r = await fetch(
      `${running.url}/api/avl/osmand?id=trk-damkar-01&lat=-5.34&lon=120.35&key=${SECRET}`,
    );
    expect(r.status).toBe(200);
  });

  it('recommends the closest available unit of the requested agency, by ETA, and explains stale positions', async () => {
    const incidentId = (
      await accepted(dispatcher, 'incident.create', {
        category: 'kebakaran_bangunan',
        location: {
          kecamatan: KAJANG.kecamatan,
          lat: KAJANG.lat,
          lon: KAJANG.lon,
          address: 'Jl. Poros Kajang',
        },
        description: 'Rumah terbakar',
        priority: 1,
      })
    ).result.incidentId as string;
    await accepted(dispatcher, 'incident.forward', { incidentId });
    await accepted(dispatcher, 'incident.request_agencies', {
      incidentId,
      agencies: ['damkar'],
      note: 'uji',
    });
    // damkar-01 (a fresh fix 30 m away) beats damkar-05 at its Kajang post; a psc119 unit is never offered.
    await registerDevice(running.engine, 'trk-damkar-02', 'damkar-02', SECRET);
    await fetch(`${running.url}/api/avl/osmand?id=trk-damkar-01&lat=-5.3352&lon=120.3451&key=${SECRET}`);
    await fetch(`${running.url}/api/avl/osmand?id=trk-damkar-02&lat=-5.336&lon=120.346&key=${SECRET}`);
    now += 10 * 60_000;
    // damkar-02's fix is now 10 minutes old: counted from its station in Ujung Bulu, far away, and said so.
    await fetch(`${running.url}/api/avl/osmand?id=trk-damkar-01&lat=-5.3352&lon=120.3451&key=${SECRET}`);
    const card = (await dispatcher.get<RunCard>(`/api/incidents/${incidentId}/recommendation?limit=20`)).body;
    expect(card.pointFrom).toBe('incident');
    expect(card.agencies.map((a) => a.agencyId)).toEqual(['damkar']);
    const candidates = card.agencies[0]!.candidates;
    expect(candidates.slice(0, 2).map((c) => [c.unitId, c.from])).toEqual([
      ['damkar-01', 'position'],
      ['damkar-05', 'station'],
    ]);
    expect(candidates[0]!.positionAgeMs).toBe(0);
    expect(candidates[0]!.meters).toBeLessThan(2000);
    const stale = candidates.find((c) => c.unitId === 'damkar-02')!;
    expect(stale).toMatchObject({ from: 'station', stale: true, positionAgeMs: 10 * 60_000 });
    expect(candidates.every((c) => c.seconds >= candidates[0]!.seconds)).toBe(true);
    // The liaison gets the same card; another agency and the call taker get none.
    const forDamkar = await damkar.get<RunCard>(`/api/incidents/${incidentId}/recommendation`);
    expect(forDamkar.body.agencies[0]!.candidates[0]!.unitId).toBe('damkar-01');
    expectError(await psc.get(`/api/incidents/${incidentId}/recommendation`), 404);
    expectError(await operator.get(`/api/incidents/${incidentId}/recommendation`), 403);
    // Once busy, the unit leaves the card.
    const assignmentId = card.agencies[0]!.assignmentId!;
    await accepted(damkar, 'assignment.acknowledge', { assignmentId });
    await accepted(damkar, 'assignment.assign_unit', { assignmentId, unitId: 'damkar-01' });
    const after = (await dispatcher.get<RunCard>(`/api/incidents/${incidentId}/recommendation`)).body;
    expect(after.agencies[0]!.candidates[0]!.unitId).toBe('damkar-05');
  });

  it('gives a crew its own unit and assignment only, and lets it set its status and send its position', async () => {
    const crew = await Client.login(running.url, 'kru-damkar-01');
    const mine = await snapshot(crew);
    expect(mine.units.map((u) => u.id)).toEqual(['damkar-01']);
    expect(mine.incidents).toHaveLength(1);
    expect(mine.assignments).toHaveLength(1);
    expect(mine.calls).toEqual([]);
    const incidentId = mine.incidents[0]!.id;
    const stream = await StreamClient.open(running.url, crew.cookie, mine.seq);
    const toDispatcher = await StreamClient.open(running.url, dispatcher.cookie, mine.seq);
    // Its own unit: en route, on scene; another unit's status is not its business.
    await accepted(crew, 'unit.set_status', { unitId: 'damkar-01', status: 'en_route' });
    await accepted(crew, 'unit.set_status', { unitId: 'damkar-01', status: 'on_scene' });
    expectError(
      await crew.command('unit.set_status', { unitId: 'damkar-05', status: 'out_of_service' }),
      400,
    );
    expectError(
      await crew.command('assignment.complete', {
        assignmentId: mine.assignments[0]!.id,
        outcome: { dead: 0, injured: 0, report: 'x' },
      }),
      403,
    );
    await stream.until(
      () => stream.events.filter((e) => e.type === 'unit.status_changed').length === 2,
      'two status events',
    );
    // Another incident's events never reach the crew.
    const other = (
      await accepted(dispatcher, 'incident.create', {
        category: 'kebakaran_bangunan',
        location: { kecamatan: KAJANG.kecamatan },
        description: 'Lain',
        priority: 2,
      })
    ).result.incidentId as string;
    await accepted(dispatcher, 'incident.forward', { incidentId: other });
    const otherSeq = (
      await accepted(dispatcher, 'incident.request_agencies', {
        incidentId: other,
        agencies: ['damkar'],
        note: 'uji',
      })
    ).seq;
    await toDispatcher.waitForSeq(otherSeq);
    expect(stream.events.filter((e) => 'incidentId' in e && e.incidentId === other)).toEqual([]);
    expect(stream.events.filter((e) => e.type === 'assignment.requested')).toEqual([]);
    expectError(await crew.get(`/api/incidents/${other}/timeline`), 404);
    expect((await crew.get(`/api/incidents/${incidentId}/timeline`)).status).toBe(200);
    // Its browser's position reaches the dispatcher.
    const sent = await crew.post('/api/avl/responder', { lat: -5.3351, lon: 120.3449, accuracy: 15 });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await toDispatcher.until(
      () => positionsIn(toDispatcher).some((p) => p.source === 'responder'),
      'the crew position',
    );
    expect(positionsIn(toDispatcher).find((p) => p.source === 'responder')).toMatchObject({
      unitId: 'damkar-01',
      lat: -5.3351,
    });
    expectError(await dispatcher.post('/api/avl/responder', { lat: -5.3, lon: 120.3 }), 403);
    // Done, returning: the unit leaves the incident, and with it the crew's view of it.
    await accepted(crew, 'unit.set_status', { unitId: 'damkar-01', status: 'returning' });
    expect((await snapshot(crew)).incidents).toEqual([]);
    await accepted(crew, 'unit.set_status', { unitId: 'damkar-01', status: 'available' });
    await stream.close();
    await toDispatcher.close();
  });
});

async function answer(response: Promise<Response>) {
  const r = await response;
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}
