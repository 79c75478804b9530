// Closed incidents of any age are found again through the store's indexes: by number, by phone number, by place;
// an agency finds only its own work (also what ended with the incident), never what it declined or was withdrawn from.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { RECENT_WINDOW_MS } from '../../src/domain/state.ts';
import type { Incident } from '../../src/domain/types.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted, expectError, forwardedIncident, ujungBulu } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 27, 2, 0, 0);
type Found = { kind: string; incidents: Incident[] };

describe.each(DIALECTS)('incident history on %s', (dialect) => {
  let running: Running;
  let now = T0;
  afterEach(async () => {
    await running.stop();
  });

  it('finds incidents closed days ago by number, phone number and place; an agency only its own', async () => {
    now = T0;
    running = await startPinisi(dialect, { engine: { clock: () => now } });
    let operator = await Client.login(running.url, 'operator1');
    let dispatcher = await Client.login(running.url, 'pengarah1');
    const where = await ujungBulu(operator);
    const first = await forwardedIncident(operator, where);
    const [damkarOn, psc] = (
      await accepted(dispatcher, 'incident.request_agencies', {
        incidentId: first.incidentId,
        agencies: ['damkar', 'psc119'],
      })
    ).result.assignmentIds as string[];
    await accepted(dispatcher, 'assignment.withdraw', { assignmentId: psc!, reason: 'Tidak ada korban' });
    await accepted(dispatcher, 'assignment.acknowledge', {
      assignmentId: damkarOn!,
      via: { channel: 'radio', contact: 'Pak Rudi' },
    });
    await accepted(dispatcher, 'incident.cancel', {
      incidentId: first.incidentId,
      reason: 'Api sudah padam',
    });
    const second = await forwardedIncident(operator, where, { category: 'pohon_tumbang' });
    await accepted(dispatcher, 'incident.cancel', { incidentId: second.incidentId, reason: 'Laporan ganda' });

    // Two days later: the live state has let both go; the store still has them.
    now = T0 + 2 * RECENT_WINDOW_MS;
    operator = await Client.login(running.url, 'operator1');
    dispatcher = await Client.login(running.url, 'pengarah1');
    await forwardedIncident(operator, where, { category: 'banjir' });
    expect(running.engine.state.incidents.has(first.incidentId)).toBe(false);
    const number = (await running.store.recall({ incidents: [first.incidentId], calls: [], assignments: [] }))
      .incidents[0]!.number;

    const search = async (client: Client, q: string) => {
      const answer = await client.get<Found>(`/api/incidents/search?q=${encodeURIComponent(q)}`);
      expect(answer.status).toBe(200);
      return answer.body;
    };
    const numbers = (found: Found) => found.incidents.map((i) => i.number);
    const byNumber = await search(dispatcher, number);
    expect(byNumber.kind).toBe('number');
    expect(numbers(byNumber)).toEqual([number]);
    // "2026-1" is the same number as "2026-000001".
    expect(numbers(await search(dispatcher, number.replace(/-0+/, '-')))).toEqual([number]);
    const byPhone = await search(dispatcher, '+62 812-3456-7890');
    expect(byPhone.kind).toBe('phone');
    expect(byPhone.incidents).toHaveLength(3);
    const byPlace = await search(dispatcher, 'ujung bul');
    expect(byPlace.kind).toBe('place');
    expect(byPlace.incidents.map((i) => i.category)).toEqual([
      'banjir',
      'pohon_tumbang',
      'kebakaran_bangunan',
    ]);
    expect((await search(dispatcher, 'Tempat yang tidak ada')).incidents).toEqual([]);
    // Filters narrow any search: a category, a kecamatan or desa, a period of creation.
    const filtered = async (client: Client, query: string) =>
      (await client.get<Found>(`/api/incidents/search?${query}`)).body.incidents.map((i) => i.category);
    expect(await filtered(dispatcher, 'category=pohon_tumbang')).toEqual(['pohon_tumbang']);
    expect(await filtered(dispatcher, `q=ujung&category=banjir`)).toEqual(['banjir']);
    // Created at the same moment: compared as a set.
    expect(
      (await filtered(dispatcher, `kecamatan=${where.kecamatan}&to=${T0 + RECENT_WINDOW_MS}`)).sort(),
    ).toEqual(['kebakaran_bangunan', 'pohon_tumbang']);
    expect(await filtered(dispatcher, `desa=${where.desa}&from=${T0 + RECENT_WINDOW_MS}`)).toEqual([
      'banjir',
    ]);
    expectError(await dispatcher.get('/api/incidents/search?from=yesterday'), 400);

    // Damkar finds the fire it worked on; PSC 119, withdrawn from it, finds nothing; the timeline names who accepted.
    const damkar = await Client.login(running.url, 'opd-damkar');
    const pscLiaison = await Client.login(running.url, 'opd-psc119');
    expect(numbers(await search(damkar, ''))).toEqual([number]);
    expect(numbers(await search(damkar, 'ujung bulu'))).toEqual([number]);
    expect(await filtered(damkar, 'category=banjir')).toEqual([]);
    expect(await filtered(damkar, `category=kebakaran_bangunan&kecamatan=${where.kecamatan}`)).toEqual([
      'kebakaran_bangunan',
    ]);
    expect((await search(pscLiaison, '')).incidents).toEqual([]);
    const timeline = await dispatcher.get<{ events: { type: string; via?: unknown }[] }>(
      `/api/incidents/${first.incidentId}/timeline`,
    );
    expect(timeline.body.events.find((e) => e.type === 'assignment.acknowledged')?.via).toEqual({
      channel: 'radio',
      contact: 'Pak Rudi',
    });
    expect(timeline.body.events.map((e) => e.type)).toContain('assignment.withdrawn');
    expectError(await dispatcher.get('/api/incidents/search?limit=0'), 400);
    expect(
      (await dispatcher.get<Found>(`/api/incidents/search?q=${number}&limit=1`)).body.incidents,
    ).toHaveLength(1);
  });

  it('reads through an index, never the whole table', async () => {
    running = await startPinisi(dialect, {});
    const db = running.store.db;
    const queries = {
      number: sql`select doc from incidents where number = ${'2026-000001'} limit 30`,
      phone: sql`select doc from incidents where caller_key = ${'0812'} order by created_at desc limit 30`,
      place: sql`select doc from incidents where kecamatan = ${'73.02.02'} order by created_at desc limit 30`,
      agency: sql`select doc from assignments where agency_id = ${'damkar'} order by seq desc limit 300`,
    };
    await db.connection().execute(async (connection) => {
      // A small table tempts PostgreSQL into a scan; the question is whether an index can serve the query.
      if (dialect !== 'sqlite') await sql`set enable_seqscan = off`.execute(connection);
      for (const [name, query] of Object.entries(queries)) {
        const explained = dialect === 'sqlite' ? sql`explain query plan ${query}` : sql`explain ${query}`;
        const plan = JSON.stringify((await explained.execute(connection)).rows);
        expect(plan, `${name}: ${plan}`).toMatch(/index/i);
        expect(plan, `${name}: ${plan}`).not.toMatch(/SCAN (incidents|assignments)"|Seq Scan/);
      }
    });
  });
});
