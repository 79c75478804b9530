// Real answers match src/protocol/ and lose nothing to the response schemas (which drop fields they do not name).
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerHistory } from '../../src/domain/history.ts';
import {
  ActiveSessionsBody,
  CallerHistoryBody,
  CommandAnswer,
  ConfigBody,
  ReferenceBody,
  SessionBody,
} from '../../src/protocol/bodies.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted } from './helpers.ts';

function expectBody(schema: TSchema, answer: { status: number; body: unknown }) {
  expect(answer.status, JSON.stringify(answer.body).slice(0, 300)).toBe(200);
  expect(Value.Errors(schema, answer.body)).toEqual([]);
  return answer.body;
}

describe('the protocol of the HTTP answers', () => {
  let running: Running;
  let operator: Client;
  let supervisor: Client;

  beforeAll(async () => {
    running = await startPinisi('sqlite');
    operator = await Client.login(running.url, 'operator1');
    supervisor = await Client.login(running.url, 'koordinator');
  });
  afterAll(() => running.stop());

  it('answers session, config and active sessions as declared', async () => {
    const me = expectBody(SessionBody, await operator.get('/api/me')) as SessionBody;
    expect(me.user.username).toBe('operator1');
    expect(me.commands).toContain('call.register');
    expectBody(ConfigBody, await operator.get('/api/config'));
    const sessions = expectBody(ActiveSessionsBody, await supervisor.get('/api/sessions/active'));
    expect((sessions as ActiveSessionsBody).map((s) => s.username).sort()).toEqual([
      'koordinator',
      'operator1',
    ]);
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
});
