// Two Pinisi nodes on one PostgreSQL database: an SOP published on node A is in force on node B at once, no restart.
import { afterAll, describe, expect, it } from 'vitest';
import { bulukumbaSop } from '../../src/domain/sop/bulukumba-sop.ts';
import type { Category, Incident } from '../../src/domain/types.ts';
import { accepted, ujungBulu } from '../api/helpers.ts';
import { createTestDatabase } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';

describe('SOP publishing between PostgreSQL nodes', () => {
  const nodes: Running[] = [];
  afterAll(async () => {
    for (const node of nodes.slice(1)) await node.close();
    await nodes[0]?.stop();
  });

  it('puts a version published on node A in force on node B: reference, stream, triage and evaluation', async () => {
    const database = await createTestDatabase('postgres');
    const a = await startPinisi('postgres', { database });
    nodes.push(a);
    const b = await startPinisi('postgres', { database });
    nodes.push(b);
    const adminA = await Client.login(a.url, 'admin');
    const operatorB = await Client.login(b.url, 'operator1');
    const where = await ujungBulu(operatorB);
    const seq = (await operatorB.get<{ seq: number }>('/api/snapshot')).body.seq;
    const stream = await StreamClient.open(b.url, operatorB.cookie, seq);

    // Building fires become P1 with BPBD, and ship fires are a new category.
    const next = structuredClone(bulukumbaSop);
    next.title = 'Revisi: kebakaran kapal';
    const fire = next.categories.find((c) => c.code === 'kebakaran_bangunan')!;
    fire.defaultPriority = 1;
    fire.defaultAgencies.push('bpbd');
    next.categories.push({
      ...structuredClone(fire),
      code: 'kebakaran_kapal',
      nameId: 'Kebakaran kapal',
      nameEn: 'Ship fire',
    });
    expect((await adminA.request('PUT', '/api/sop/draft', { doc: next })).status).toBe(200);
    const published = await adminA.post<{ version: number }>('/api/sop/publish', {});
    expect(published.status).toBe(200);
    expect(published.body.version).toBe(2);

    // B's console receives the publication on its stream …
    await stream.until(() => stream.events.some((e) => e.type === 'sop.published'));
    // … and B itself applied it: its reference, its evaluation and its decisions follow version 2.
    const reference = await operatorB.get<{ categories: Category[] }>('/api/reference');
    expect(reference.body.categories.find((c) => c.code === 'kebakaran_kapal')?.nameEn).toBe('Ship fire');
    expect(reference.body.categories.find((c) => c.code === 'kebakaran_bangunan')).toMatchObject({
      defaultPriority: 1,
      agencies: ['damkar', 'bpbd'],
    });
    const evaluated = await operatorB.post<{ version: number; priority: number }>('/api/sop/evaluate', {
      category: 'kebakaran_kapal',
      answers: {},
    });
    expect(evaluated.body).toMatchObject({ version: 2, priority: 1 });
    expect((await operatorB.get<{ version: number }>('/api/sop/current')).body.version).toBe(2);
    const reported = await accepted(operatorB, 'incident.report', {
      category: 'kebakaran_kapal',
      location: { kecamatan: where.kecamatan, desa: where.desa },
      description: 'Kapal terbakar di pelabuhan',
      answers: {},
    });
    const timeline = await operatorB.get<{ incident: Incident }>(
      `/api/incidents/${String(reported.result.incidentId)}/timeline`,
    );
    expect(timeline.body.incident.triage).toMatchObject({ sopVersion: 2, priority: 1 });
    expect(timeline.body.incident.triage?.agencies.map((x) => x.agencyId)).toEqual(['damkar', 'bpbd']);
    await stream.close();
  });
});
