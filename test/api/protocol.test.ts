// Real answers match src/protocol/ and lose nothing to the response schemas (which drop fields they do not name).
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telephonySnapshot } from '../../src/domain/acd/projection.ts';
import { callerHistory } from '../../src/domain/history.ts';
import { sopInForce } from '../../src/domain/sop/reference.ts';
import { assignmentsOf } from '../../src/domain/state.ts';
import type { Actor } from '../../src/domain/types.ts';
import {
  ActiveSessionsBody,
  CallerHistoryBody,
  CommandAnswer,
  ConfigBody,
  EscalationsBody,
  FailedLoginsBody,
  OkBody,
  ReferenceBody,
  SessionBody,
  SnapshotBody,
  TimelineBody,
} from '../../src/protocol/bodies.ts';
import {
  EvaluationBody,
  PublishedSopBody,
  SopCompareBody,
  SopDraftBody,
  SopFaultsBody,
  SopVersionInfoBody,
  SopVersionsBody,
} from '../../src/protocol/sop-bodies.ts';
import {
  ActiveBlocksBody,
  BlockedBody,
  BlocksBody,
  CallbackListBody,
  CallHistoryBody,
  LiveCallBody,
  LiveCallsBody,
  PositionsBody,
  QueueBody,
  TelephonyStatusBody,
} from '../../src/protocol/telephony-bodies.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted, expectError, ujungBulu } from './helpers.ts';

const SWITCH: Actor = { userId: 'system:telephony', role: 'system', agencyId: null };

function expectBody(schema: TSchema, answer: { status: number; body: unknown }) {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
  expect(Value.Errors(schema, answer.body)).toEqual([]);
  return answer.body;
}

describe('the protocol of the HTTP answers', () => {
  let running: Running;
  let operator: Client;
  let supervisor: Client;
  let admin: Client;
  let dispatcher: Client;
  let agency: Client;

  beforeAll(async () => {
    running = await startPinisi('sqlite');
    operator = await Client.login(running.url, 'operator1');
    supervisor = await Client.login(running.url, 'koordinator');
    admin = await Client.login(running.url, 'admin');
    dispatcher = await Client.login(running.url, 'pengarah1');
    agency = await Client.login(running.url, 'opd-damkar');
  });

  /** The switch reports a call (as the telephony brain does for Kamailio). */
  async function fromSwitch(type: 'telephony.offer' | 'telephony.hang_up', payload: Record<string, unknown>) {
    const outcome = await running.engine.execute(
      type,
      payload as never,
      SWITCH,
      `${type}:${payload.sipCallId}`,
    );
    expect(outcome.ok).toBe(true);
  }
  afterAll(() => running.stop());

  it('answers session, config and active sessions as declared', async () => {
    const me = expectBody(SessionBody, await operator.get('/api/me')) as SessionBody;
    expect(me.user.username).toBe('operator1');
    expect(me.commands).toContain('call.register');
    expectBody(ConfigBody, await operator.get('/api/config'));
    const sessions = expectBody(ActiveSessionsBody, await supervisor.get('/api/sessions/active'));
    expect((sessions as ActiveSessionsBody).map((s) => s.username)).toEqual(
      expect.arrayContaining(['koordinator', 'operator1']),
    );
  });

  it('answers the whole reference data', async () => {
    const body = expectBody(ReferenceBody, await operator.get('/api/reference'));
    const ref = running.engine.state.ref;
    expect(body).toEqual({
      kecamatan: [...ref.kecamatan.values()],
      desa: [...ref.desa.values()],
      agencies: [...ref.agencies.values()],
      stations: [...ref.stations.values()],
      categories: [...ref.categories.values()],
    });
  });

  it('answers commands and caller history as declared, with every field of the history', async () => {
    const registered = await accepted(operator, 'call.register', {
      channel: 'voice',
      number: '081342112001',
    });
    expect(Value.Errors(CommandAnswer, registered)).toEqual([]);
    const callId = registered.result.callId as string;
    await accepted(operator, 'call.answer', { callId });
    await accepted(operator, 'call.classify', { callId, callType: 'prank' });
    await accepted(operator, 'call.end', { callId });
    const again = (await accepted(operator, 'call.register', { channel: 'voice', number: '+6281342112001' }))
      .result.callId as string;
    const history = expectBody(CallerHistoryBody, await operator.get(`/api/calls/${again}/history`));
    expect(history).toEqual(callerHistory(running.engine.state, '+6281342112001', again));
    expect((history as CallerHistoryBody).junkWarning).toBe(true);
  });

  it('answers the telephony reads and actions as declared', async () => {
    const signedIn = expectBody(
      PositionsBody,
      await operator.post('/api/telephony/positions/login', {
        positionId: 'meja-1',
        extension: '1001',
        contact: 'sip:1001@127.0.0.1:5071',
      }),
    );
    expect(signedIn).toMatchObject({ positions: [{ id: 'meja-1', state: 'available' }] });
    const location = {
      lat: -5.5588,
      lon: 120.1955,
      accuracyM: 35,
      confidence: 0.68,
      source: 'pidf-lo',
      method: 'gps',
      time: running.engine.now(),
    };
    const offer = { fromTag: 'tag-a', location, outsideServiceArea: false, locationError: null };
    await fromSwitch('telephony.offer', { sipCallId: 'sip-a', number: '081234500011', ...offer });
    await fromSwitch('telephony.offer', { sipCallId: 'sip-b', number: '081234500012', ...offer });
    await fromSwitch('telephony.hang_up', { sipCallId: 'sip-b', fromTag: 'tag-a' });

    expectBody(TelephonyStatusBody, await supervisor.get('/api/telephony/status'));
    expectBody(PositionsBody, await supervisor.get('/api/telephony/positions'));
    const queue = expectBody(QueueBody, await supervisor.get('/api/telephony/queue')) as {
      callbacks: unknown[];
    };
    expect(queue.callbacks).toHaveLength(1);
    const calls = expectBody(LiveCallsBody, await operator.get('/api/telephony/calls')) as {
      calls: { sipCallId: string; location: unknown }[];
    };
    expect(calls.calls.find((c) => c.sipCallId === 'sip-a')?.location).toEqual(location);
    expectBody(LiveCallBody, await operator.get('/api/telephony/calls/sip-a'));
    const history = expectBody(CallHistoryBody, await supervisor.get('/api/telephony/history')) as {
      calls: unknown[];
    };
    expect(history.calls).toHaveLength(1);
    expectBody(
      BlockedBody,
      await supervisor.post('/api/telephony/blocks', {
        number: '081234500013',
        minutes: 60,
        reason: 'prank',
      }),
    );
    expectBody(
      ActiveBlocksBody,
      await supervisor.post('/api/telephony/blocks/unblock', { number: '081234500013', reason: 'mistake' }),
    );
    const blocks = expectBody(BlocksBody, await supervisor.get('/api/telephony/blocks')) as {
      records: unknown[];
    };
    expect(blocks.records).toHaveLength(2);
    expectBody(
      CallbackListBody,
      await operator.post('/api/telephony/callbacks/done', { sipCallId: 'sip-b' }),
    );
    expectBody(
      PositionsBody,
      await operator.post('/api/telephony/positions/logout', { positionId: 'meja-1' }),
    );
  });

  it('answers the snapshot and the timeline with every field: triage, telephony, events', async () => {
    const where = await ujungBulu(operator);
    const callId = (await accepted(operator, 'call.register', { channel: 'voice', number: '081234500021' }))
      .result.callId as string;
    await accepted(operator, 'call.answer', { callId });
    const reported = await accepted(operator, 'incident.report', {
      callId,
      category: 'kebakaran_bangunan',
      location: { kecamatan: where.kecamatan, desa: where.desa },
      description: 'Pasar terbakar',
      answers: { jenis_bangunan: 'pasar', api_menyala: true, orang_terjebak: false },
    });
    const incidentId = reported.result.incidentId as string;
    const state = running.engine.state;

    const snapshot = expectBody(SnapshotBody, await dispatcher.get('/api/snapshot')) as SnapshotBody;
    expect(snapshot.seq).toBe(state.seq);
    expect(snapshot.incidents).toEqual([...state.incidents.values()]);
    expect(snapshot.incidents[0]?.triage?.answers.length).toBeGreaterThan(0);
    expect(snapshot.calls).toEqual([...state.calls.values()]);
    expect(snapshot.assignments).toEqual([...state.assignments.values()]);
    expect(snapshot.units).toEqual([...state.units.values()]);
    expect(snapshot.telephony).toEqual(JSON.parse(JSON.stringify(telephonySnapshot(state.telephony))));
    expect(snapshot.telephony?.calls.length).toBeGreaterThan(0);

    const forAgency = expectBody(SnapshotBody, await agency.get('/api/snapshot')) as SnapshotBody;
    expect(forAgency.telephony).toBeNull();
    expect(forAgency.calls).toEqual([]);

    const timeline = expectBody(TimelineBody, await dispatcher.get(`/api/incidents/${incidentId}/timeline`));
    const stored = await running.store.timeline(state.incidents.get(incidentId)!);
    expect(timeline).toEqual({
      incident: state.incidents.get(incidentId),
      events: stored,
      assignments: assignmentsOf(state, incidentId),
    });
    expect((timeline as TimelineBody).events.map((e) => e.type)).toContain('incident.triaged');
    expectBody(EscalationsBody, await dispatcher.get('/api/escalations'));
  });

  it('answers the SOP reads, the draft, validation, evaluation and publishing as declared', async () => {
    const current = expectBody(PublishedSopBody, await operator.get('/api/sop/current')) as {
      title: string;
      doc: unknown;
    };
    expect(current).toEqual(sopInForce(running.engine.state.ref));
    expectBody(SopVersionsBody, await operator.get('/api/sop/versions'));
    expect(expectBody(PublishedSopBody, await operator.get('/api/sop/versions/1'))).toEqual(current);
    const evaluation = expectBody(
      EvaluationBody,
      await operator.post('/api/sop/evaluate', {
        category: 'kebakaran_bangunan',
        answers: { orang_terjebak: true },
        lang: 'en',
      }),
    ) as EvaluationBody;
    expect(evaluation.visibleQuestions.length).toBeGreaterThan(1);
    expect(evaluation.visibleQuestions[0]).toHaveProperty('textEn');
    const draft = expectBody(SopDraftBody, await admin.get('/api/sop/draft')) as SopDraftBody;
    expect(draft.doc).toEqual(current.doc);
    const doc = structuredClone(draft.doc) as { title: string; doc: unknown };
    doc.title = `${doc.title} (revisi)`;
    expectBody(SopDraftBody, await admin.request('PUT', '/api/sop/draft', { doc }));
    expectBody(SopFaultsBody, await admin.post('/api/sop/validate', {}));
    const compared = expectBody(
      SopCompareBody,
      await admin.get('/api/sop/compare?from=current&to=draft'),
    ) as {
      changes: unknown[];
    };
    expect(compared.changes).toEqual([
      { path: 'title', kind: 'changed', before: current.title, after: doc.title },
    ]);
    expectBody(SopVersionInfoBody, await admin.post('/api/sop/publish', {}));
  });

  it('answers sign-in failures and signing out as declared', async () => {
    expect(
      (await Client.login(running.url, 'operator2', 'salah-sandi').catch(() => null)) ?? null,
    ).toBeNull();
    expectBody(FailedLoginsBody, await supervisor.get('/api/auth/failures'));
    const leaving = await Client.login(running.url, 'operator2');
    expectBody(OkBody, await leaving.post('/api/auth/logout', {}));
  });

  it('answers every refusal and failure with the error body, and /docs declares both', async () => {
    expectError(await new Client(running.url).get('/api/snapshot'), 401);
    expectError(await operator.get('/api/no-such-thing'), 404);
    expectError(await operator.get('/api/incidents/nope/timeline'), 404, 'id');
    expectError(await operator.get('/api/telephony/blocks'), 403);
    expectError(await operator.command('call.register', { channel: 'pigeon' }), 400, 'channel');
    const invalid = expectError(await admin.post('/api/sop/validate', { doc: { title: 1 } }), 400);
    expect(invalid.code).toBe('sop.invalid');

    const openapi = (
      await operator.get<{ paths: Record<string, Record<string, { responses: object }>> }>('/docs/json')
    ).body;
    for (const [path, method] of [
      ['/api/snapshot', 'get'],
      ['/api/incidents/{id}/timeline', 'get'],
      ['/api/sop/current', 'get'],
      ['/api/sop/evaluate', 'post'],
      ['/api/telephony/queue', 'get'],
      ['/api/telephony/calls', 'get'],
      ['/api/escalations', 'get'],
    ] as const) {
      const responses = openapi.paths[path]?.[method]?.responses as Record<string, unknown> | undefined;
      expect(Object.keys(responses ?? {}).sort(), `${method} ${path}`).toEqual(['200', '4XX', '5XX']);
    }
  });
});
