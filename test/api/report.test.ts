// The call taker's report as one command over HTTP: all or nothing, triage in the log, the SOP as the one reference.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SopDocument } from '../../src/domain/sop/document.ts';
import type { Category, PublishedSop } from '../../src/domain/types.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted, expectError, headSeq, snapshot, ujungBulu } from './helpers.ts';

describe.each(DIALECTS)('incident.report on %s', (dialect) => {
  let running: Running;
  beforeEach(async () => {
    running = await startPinisi(dialect);
  });
  afterEach(async () => {
    await running.stop();
  });

  it('offers exactly the categories, priorities and agencies of the SOP in force', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const reference = await operator.get<{ categories: Category[] }>('/api/reference');
    const sop = (await operator.get<PublishedSop>('/api/sop/current')).body;
    const offered = (doc: SopDocument) =>
      doc.categories.map((c) => [c.code, c.defaultPriority, c.defaultAgencies]).sort();
    expect(reference.body.categories.map((c) => [c.code, c.defaultPriority, c.agencies]).sort()).toEqual(
      offered(sop.doc),
    );
    expect(reference.body.categories.find((c) => c.code === 'kebakaran_bangunan')?.defaultPriority).toBe(2);
    // The SOP's instructions for the caller reach the consoles with the categories.
    expect(
      reference.body.categories.find((c) => c.code === 'kebakaran_bangunan')?.instructions?.[0]?.id,
    ).toMatch(/jangan masuk kembali/);
  });

  it('creates, triages and forwards at once, or writes nothing; the call stays on the line', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const where = await ujungBulu(operator);
    const callId = (await accepted(operator, 'call.register', { channel: 'voice', number: '081234500001' }))
      .result.callId as string;
    await accepted(operator, 'call.answer', { callId });
    const payload = {
      callId,
      category: 'kebakaran_bangunan',
      location: { kecamatan: where.kecamatan, desa: where.desa },
      description: 'Pasar terbakar',
      answers: { jenis_bangunan: 'pasar', api_menyala: true, orang_terjebak: false },
    };

    const before = await headSeq(operator);
    const bad = await operator.command('incident.report', { ...payload, answers: { orang_terjebak: 'ya' } });
    expect(expectError(bad, 400, 'answers.orang_terjebak').code).toBe('triage.answer_invalid');
    const unknown = await operator.command('incident.report', { ...payload, category: 'tidak_ada' });
    expect(expectError(unknown, 400, 'category').code).toBe('category.unknown');
    // Required whatever the console checked: a place (desa or map point) and a description.
    const nowhere = await operator.command('incident.report', {
      ...payload,
      location: { kecamatan: where.kecamatan },
    });
    expect(expectError(nowhere, 400, 'location.desa').code).toBe('report.place');
    const blank = await operator.command('incident.report', { ...payload, description: ' ' });
    expect(expectError(blank, 400, 'description').code).toBe('report.description');
    const afterRefusals = await snapshot(operator);
    expect(afterRefusals.seq).toBe(before);
    expect(afterRefusals.incidents).toEqual([]);
    expect(afterRefusals.calls.find((c) => c.id === callId)?.incidentId).toBeNull();

    const key = 'report-once-0001';
    const reported = await operator.command<{
      seq: number;
      result: { incidentId: string; priority: number };
    }>('incident.report', payload, key);
    expect(reported.status).toBe(200);
    expect(reported.body.seq).toBe(before + 3);
    expect(reported.body.result.priority).toBe(1);
    const again = await operator.command('incident.report', payload, key);
    expect(again.body).toEqual(reported.body);

    const after = await snapshot(operator);
    expect(after.incidents).toHaveLength(1);
    const incident = after.incidents[0]!;
    expect(incident).toMatchObject({ status: 'waiting_dispatch', priority: 1, callIds: [callId] });
    expect(incident.triage).toMatchObject({ sopVersion: 1, priorityRuleId: 'merambat_p1' });
    expect(incident.triage?.priorityReason.en).toMatch(/market/);
    expect(after.calls.find((c) => c.id === callId)?.status).toBe('answered');
    await accepted(operator, 'call.end', { callId });
  });
});
