// SOP over HTTP: draft, validation faults as a 400 with paths, publishing versions as events, triage in the log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/domain/events.ts';
import { bulukumbaSop } from '../../src/domain/sop/bulukumba-sop.ts';
import type { SopDocument } from '../../src/domain/sop/document.ts';
import type { Incident } from '../../src/domain/types.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted, expectError, forwardedIncident, snapshot, ujungBulu } from './helpers.ts';

interface Fault {
  path: string;
  code: string;
  message: string;
}

const T0 = Date.UTC(2026, 10, 28, 3, 0, 0);

describe.each(DIALECTS)('SOP administration on %s', (dialect) => {
  let running: Running;
  let now = T0;
  beforeEach(async () => {
    now = T0;
    running = await startPinisi(dialect, { engine: { clock: () => now } });
  });
  afterEach(async () => {
    await running.stop();
  });

  it('edits a draft, refuses a broken one with every fault path, publishes versions and pins incidents', async () => {
    const { url } = running;
    const [admin, operator, dispatcher] = await Promise.all(
      ['admin', 'operator1', 'pengarah1'].map((u) => Client.login(url, u)),
    );
    const where = await ujungBulu(operator!);

    // Version 1 is the default Bulukumba SOP.
    const versions = await admin!.get<{ versions: { version: number }[] }>('/api/sop/versions');
    expect(versions.body.versions.map((v) => v.version)).toEqual([1]);
    const current = await operator!.get<{ version: number; doc: SopDocument }>('/api/sop/current');
    expect(current.body.version).toBe(1);
    expect(current.body.doc).toEqual(bulukumbaSop);

    // Only the admin edits the SOP.
    expect((await operator!.request('PUT', '/api/sop/draft', { doc: bulukumbaSop })).status).toBe(403);
    expect((await dispatcher!.post('/api/sop/publish', {})).status).toBe(403);

    // Incident A is created under version 1.
    const a = await forwardedIncident(operator!, where);
    now += 60_000;

    // A broken draft is saved (work in progress) but refused by validate and publish, with each fault's path.
    const broken = structuredClone(bulukumbaSop);
    broken.categories[0]!.defaultAgencies.push('pemadam_swasta');
    broken.categories[3]!.questions[1]!.when = { q: 'bbm_tumpah', eq: true };
    broken.timers.p1.ackSeconds = 0;
    const saved = await admin!.request<{ faults: Fault[] }>('PUT', '/api/sop/draft', { doc: broken });
    expect(saved.status).toBe(200);
    const expectedFaults = [
      { path: 'timers.p1.ackSeconds', code: 'timer.not_positive' },
      { path: 'categories[0].defaultAgencies[1]', code: 'agency.unknown' },
      { path: 'categories[3].questions[1].when.q', code: 'condition.forward_reference' },
    ];
    expect(saved.body.faults.map(({ path, code }) => ({ path, code }))).toEqual(expectedFaults);
    for (const attempt of [
      await admin!.post<{ error: { code: string; field: string }; faults: Fault[] }>('/api/sop/validate', {}),
      await admin!.post<{ error: { code: string; field: string }; faults: Fault[] }>('/api/sop/publish', {}),
    ]) {
      expect(attempt.status).toBe(400);
      expect(attempt.body.error.code).toBe('sop.invalid');
      expect(attempt.body.error.field).toBe('timers.p1.ackSeconds');
      expect(attempt.body.faults.map(({ path, code }) => ({ path, code }))).toEqual(expectedFaults);
    }
    const notADocument = await admin!.post<{ faults: Fault[] }>('/api/sop/validate', { doc: { title: 1 } });
    expect(notADocument.status).toBe(400);
    expect(notADocument.body.faults.map((f) => f.path).sort()).toEqual(['categories', 'timers', 'title']);
    expect((await admin!.get<{ versions: unknown[] }>('/api/sop/versions')).body.versions).toHaveLength(1);

    // The fixed draft: building fires now start at P1 and also bring BPBD.
    const next = structuredClone(bulukumbaSop);
    next.title = 'Revisi 1: kebakaran bangunan P1 dengan BPBD';
    const fire = next.categories.find((c) => c.code === 'kebakaran_bangunan')!;
    fire.defaultPriority = 1;
    fire.defaultAgencies.push('bpbd');
    // … and a category the first version did not have.
    next.categories.push({
      ...structuredClone(fire),
      code: 'kebakaran_kapal',
      nameId: 'Kebakaran kapal',
      nameEn: 'Ship fire',
    });
    expect((await admin!.request('PUT', '/api/sop/draft', { doc: next })).status).toBe(200);
    const draft = await admin!.get<{ doc: SopDocument; basedOn: number; faults: Fault[] }>('/api/sop/draft');
    expect(draft.body).toMatchObject({ basedOn: 1, faults: [] });
    expect(draft.body.doc.title).toBe(next.title);
    expect((await admin!.post('/api/sop/validate', {})).body).toEqual({ faults: [] });
    const published = await admin!.post<{ version: number; publishedAt: number }>('/api/sop/publish', {});
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ version: 2, publishedAt: now });
    // The new category is offered to the incident form at once and accepted by the domain.
    const reference = await dispatcher!.get<{
      categories: { code: string; agencies: string[] }[];
      kecamatan: { code: string }[];
    }>('/api/reference');
    expect(reference.body.categories.find((c) => c.code === 'kebakaran_kapal')?.agencies).toContain('bpbd');
    const shipFire = await dispatcher!.command('incident.create', {
      category: 'kebakaran_kapal',
      location: { kecamatan: reference.body.kecamatan[0]!.code },
      description: 'Kapal terbakar di pelabuhan',
      priority: 1,
    });
    expect(shipFire.status).toBe(200);
    now += 60_000;

    // Incident B is reported under version 2, with the caller's answers: one command, one decision.
    const callId = (await accepted(operator!, 'call.register', { channel: 'voice', number: '081234567891' }))
      .result.callId as string;
    await accepted(operator!, 'call.answer', { callId });
    const reportedB = await accepted(operator!, 'incident.report', {
      callId,
      category: 'kebakaran_bangunan',
      location: { kecamatan: where.kecamatan, desa: where.desa },
      description: 'Rumah terbakar, dua orang terjebak',
      answers: { jenis_bangunan: 'rumah', api_menyala: true, orang_terjebak: true, jumlah_terjebak: 2 },
    });
    const b = reportedB.result.incidentId as string;
    const list = await dispatcher!.get<{ versions: { version: number; title: string }[] }>(
      '/api/sop/versions',
    );
    expect(list.body.versions.map((v) => [v.version, v.title])).toEqual([
      [1, bulukumbaSop.title],
      [2, next.title],
    ]);

    // The triage is in B's timeline and its state: the answers, the priority and every agency with its reasons.
    const timeline = await dispatcher!.get<{ incident: Incident; events: StoredEvent[] }>(
      `/api/incidents/${b}/timeline`,
    );
    expect(timeline.body.events.map((e) => e.type)).toEqual([
      'call.registered',
      'call.answered',
      'incident.created',
      'incident.triaged',
      'incident.forwarded',
    ]);
    const triage = timeline.body.incident.triage!;
    expect(timeline.body.events[3]).toMatchObject({ type: 'incident.triaged', triage });
    expect(triage).toMatchObject({ sopVersion: 2, priority: 1, priorityRuleId: 'terjebak_p1' });
    expect(timeline.body.incident).toMatchObject({ priority: 1, status: 'waiting_dispatch' });
    expect(triage.answers.map((x) => [x.questionId, x.value])).toEqual([
      ['jenis_bangunan', 'rumah'],
      ['api_menyala', true],
      ['orang_terjebak', true],
      ['jumlah_terjebak', 2],
    ]);
    expect(triage.answers[0]?.label).toEqual({ id: 'Rumah tinggal', en: 'House' });
    const basarnas = triage.agencies.find((x) => x.agencyId === 'basarnas');
    expect(basarnas?.ruleIds).toEqual(['terjebak_evakuasi']);
    expect(basarnas?.reasons[0]?.id).toMatch(/terjebak/i);
    expect(triage.agencies.find((x) => x.agencyId === 'psc119')?.reasons[0]?.en).toMatch(/trapped/);
    expect(triage.agencies.slice(0, 2).map((x) => x.agencyId)).toEqual(['damkar', 'bpbd']);

    // Incident A (created under version 1, without triage) is untouched by the publication.
    const incidents = (await snapshot(dispatcher!)).incidents;
    expect(incidents.find((i) => i.id === a.incidentId)).toMatchObject({ priority: 1, triage: null });

    // The side table's routes are gone: triage is recorded by the report command only.
    expect(
      (await operator!.request('PUT', `/api/incidents/${a.incidentId}/triage`, { answers: {} })).status,
    ).toBe(404);
    expect((await dispatcher!.get(`/api/incidents/${a.incidentId}/sop`)).status).toBe(404);

    // The dispatcher follows the suggestion (no note needed); agencies see the triage only once requested.
    const damkar = await Client.login(url, 'opd-damkar');
    const polres = await Client.login(url, 'opd-polres');
    expect((await damkar.get(`/api/incidents/${b}/timeline`)).status).toBe(404);
    const suggested = triage.agencies.map((x) => x.agencyId).filter((id) => id !== 'basarnas');
    const refused = await dispatcher!.command('incident.request_agencies', {
      incidentId: b,
      agencies: suggested,
    });
    expect(expectError(refused, 400, 'note').code).toBe('note.override_required');
    await accepted(dispatcher!, 'incident.request_agencies', {
      incidentId: b,
      agencies: suggested,
      note: 'Tidak perlu evakuasi Basarnas',
    });
    const seenByDamkar = await damkar.get<{ incident: Incident; events: StoredEvent[] }>(
      `/api/incidents/${b}/timeline`,
    );
    expect(seenByDamkar.body.incident.triage).toEqual(triage);
    expect((await snapshot(damkar)).incidents.find((i) => i.id === b)?.triage).toEqual(triage);
    expect((await polres.get(`/api/incidents/${b}/timeline`)).status).toBe(404);
    expect((await snapshot(polres)).incidents.some((i) => i.id === b)).toBe(false);

    // Versions compare by readable path.
    const compared = await dispatcher!.get<{ changes: { path: string; kind: string }[] }>(
      '/api/sop/compare?from=1&to=2',
    );
    expect(compared.body.changes).toEqual([
      expect.objectContaining({ path: 'title', kind: 'changed' }),
      expect.objectContaining({ path: 'categories[kebakaran_bangunan].defaultPriority', kind: 'changed' }),
      expect.objectContaining({ path: 'categories[kebakaran_bangunan].defaultAgencies[1]', kind: 'added' }),
      expect.objectContaining({ path: 'categories[kebakaran_kapal]', kind: 'added' }),
    ]);
    expect((await dispatcher!.get('/api/sop/compare?from=1&to=9')).status).toBe(404);
    expect(
      (await dispatcher!.get<{ changes: unknown[] }>('/api/sop/compare?from=2&to=draft')).body.changes,
    ).toEqual([]);

    // The console can evaluate answers against any version.
    const evaluated = await operator!.post<{ version: number; agencies: { agencyId: string }[] }>(
      '/api/sop/evaluate',
      { category: 'kecelakaan_lalu_lintas', answers: { jenis: 'tunggal', korban_luka: true } },
    );
    expect(evaluated.body.version).toBe(2);
    expect(evaluated.body.agencies.map((x) => x.agencyId)).toEqual(['dishub', 'psc119', 'polres']);
    const unknown = await operator!.post<{ error: { code: string } }>('/api/sop/evaluate', {
      category: 'tidak_ada',
      answers: {},
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('sop.category_unknown');
  });
});
