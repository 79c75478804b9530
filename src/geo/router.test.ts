// The routers: the straight-line model's figures, and the OSRM-compatible router against a local HTTP server that
// speaks OSRM's /route/v1/driving answer, falling back to the straight line (and saying so) when it cannot route.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osrmRouter, STRAIGHT_LINE_MODEL, straightLineRouter } from './router.ts';

const UJUNG_BULU = { lat: -5.556, lon: 120.196 };
const KAJANG = { lat: -5.335, lon: 120.345 };

describe('routers', () => {
  let server: Server;
  let url = '';
  const asked: string[] = [];
  let mode: 'ok' | 'no_route' | 'error' | 'slow' = 'ok';

  beforeAll(async () => {
    server = createServer((request, response) => {
      asked.push(request.url ?? '');
      if (mode === 'slow') return; // never answers
      if (mode === 'error') {
        response.writeHead(500).end('boom');
        return;
      }
      response.setHeader('Content-Type', 'application/json');
      response.end(
        JSON.stringify(
          mode === 'no_route'
            ? { code: 'NoRoute', message: 'Impossible route between points', routes: [] }
            : {
                code: 'Ok',
                routes: [{ distance: 38_500.2, duration: 2_700.4, weight: 2_700.4, legs: [] }],
                waypoints: [],
              },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('estimates the straight line × the detour factor at the model speed, plus the turnout', () => {
    const trip = straightLineRouter()(UJUNG_BULU, KAJANG);
    // About 29 km as the crow flies between Ujung Bulu and Kajang.
    expect(trip.meters / STRAIGHT_LINE_MODEL.detour).toBeGreaterThan(28_000);
    expect(trip.meters / STRAIGHT_LINE_MODEL.detour).toBeLessThan(31_000);
    expect(trip.seconds).toBeCloseTo(
      STRAIGHT_LINE_MODEL.turnoutSeconds + (trip.meters / 1000 / STRAIGHT_LINE_MODEL.kmh) * 3600,
    );
  });

  it('asks the OSRM service for the road (lon,lat order) and adds the turnout', async () => {
    mode = 'ok';
    const router = osrmRouter({ url: `${url}/`, turnoutSeconds: 60 });
    const trip = await router(UJUNG_BULU, KAJANG);
    expect(trip).toEqual({ meters: 38_500.2, seconds: 2_760.4 });
    expect(asked.at(-1)).toMatch(
      /^\/route\/v1\/driving\/120\.1960,-5\.5560;120\.3450,-5\.3350\?overview=false/,
    );
    // The same trip within the cache's time is not asked again.
    const count = asked.length;
    await router(UJUNG_BULU, KAJANG);
    expect(asked.length).toBe(count);
  });

  it('falls back to the straight line, marked, when the service finds no route, fails or does not answer', async () => {
    const straight = straightLineRouter()(UJUNG_BULU, KAJANG);
    for (const m of ['no_route', 'error', 'slow'] as const) {
      mode = m;
      const router = osrmRouter({ url, timeoutMs: 300 });
      expect(await router(UJUNG_BULU, KAJANG), m).toEqual({ ...straight, fallback: true });
    }
    // Nobody listening at all.
    const closed = osrmRouter({ url: 'http://127.0.0.1:9', timeoutMs: 300 });
    expect(await closed(UJUNG_BULU, KAJANG)).toEqual({ ...straight, fallback: true });
    // A failure is not cached: once the service is back, the road is used.
    mode = 'error';
    const router = osrmRouter({ url });
    expect((await router(UJUNG_BULU, KAJANG)).fallback).toBe(true);
    mode = 'ok';
    expect(await router(UJUNG_BULU, KAJANG)).toMatchObject({ meters: 38_500.2 });
  });
});
