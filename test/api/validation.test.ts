// Refused input over HTTP: 400 naming the field, 409 for impossible moves, 403 for the wrong role, 401 without login — nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted, expectError, forwardedIncident, headSeq, ujungBulu } from './helpers.ts';

describe.each(DIALECTS)('command validation on %s', (dialect) => {
  let running: Running;
  let operator: Client;
  let dispatcher: Client;
  let damkar: Client;
  let where: { kecamatan: string; desa: string };
  let otherDesa: string;

  beforeAll(async () => {
    running = await startPinisi(dialect);
    [operator, dispatcher, damkar] = await Promise.all([
      Client.login(running.url, 'operator1'),
      Client.login(running.url, 'pengarah1'),
      Client.login(running.url, 'opd-damkar'),
    ]);
    where = await ujungBulu(operator);
    const ref = (await operator.get<{ desa: { code: string; kecamatan: string }[] }>('/api/reference')).body;
    otherDesa = ref.desa.find((d) => d.kecamatan !== where.kecamatan)!.code;
  });
  afterAll(async () => {
    await running.stop();
  });

  /** Sends a command that must be refused with this status (and field), and checks the log did not move. */
  async function refused(
    client: Client,
    type: string,
    payload: unknown,
    status: number,
    field?: string | null,
    key?: string,
  ) {
    const before = await headSeq(dispatcher);
    const error = expectError(await client.command(type, payload, key), status, field);
    expect(await headSeq(dispatcher)).toBe(before);
    return error;
  }

  const incident = (over: Record<string, unknown> = {}, location: Record<string, unknown> = {}) => ({
    category: 'kebakaran_bangunan',
    location: { kecamatan: where.kecamatan, desa: where.desa, ...location },
    description: 'Rumah terbakar',
    priority: 1,
    ...over,
  });

  it('accepts the well-formed incident the refusals below vary', async () => {
    const before = await headSeq(dispatcher);
    const created = await accepted(operator, 'incident.create', incident({}, { lat: -5.55, lon: 120.19 }));
    expect(created.seq).toBe(before + 1);
    expect(await headSeq(dispatcher)).toBe(before + 1);
  });

  it('refuses wrong types with the field named', async () => {
    await refused(operator, 'call.register', { channel: 5 }, 400, 'channel');
    await refused(operator, 'call.register', { channel: 'pigeon' }, 400, 'channel');
    await refused(operator, 'call.register', { channel: 'voice', number: 81234 }, 400, 'number');
    await refused(operator, 'incident.create', incident({ priority: '1' }), 400, 'priority');
    await refused(operator, 'incident.create', incident({ priority: 5 }), 400, 'priority');
    await refused(operator, 'incident.create', incident({ location: 'Ujung Bulu' }), 400, 'location');
    await refused(operator, 'incident.create', incident({}, { lat: '-5.5', lon: 120 }), 400, 'location.lat');
    await refused(operator, 'call.answer', { callId: ['a'] }, 400, 'callId');
  });

  it('refuses missing and unknown fields with the field named', async () => {
    const { description: _, ...noDescription } = incident();
    await refused(operator, 'incident.create', noDescription, 400, 'description');
    await refused(operator, 'call.answer', {}, 400, 'callId');
    const error = await refused(
      operator,
      'call.register',
      { channel: 'voice', colour: 'red' },
      400,
      'colour',
    );
    expect(error.message).toMatch(/colour/);
    await refused(operator, 'incident.create', incident({}, { floor: 2 }), 400, 'location.floor');
    await refused(
      operator,
      'incident.create',
      incident({ caller: { name: 'A', age: 3 } }),
      400,
      'caller.age',
    );
  });

  it('refuses oversize strings with the field named', async () => {
    await refused(
      operator,
      'incident.create',
      incident({ description: 'x'.repeat(4001) }),
      400,
      'description',
    );
    await refused(
      operator,
      'incident.create',
      incident({}, { address: 'x'.repeat(301) }),
      400,
      'location.address',
    );
    await refused(
      operator,
      'incident.create',
      incident({ caller: { name: 'x'.repeat(121) } }),
      400,
      'caller.name',
    );
    await refused(operator, 'call.answer', { callId: 'c'.repeat(65) }, 400, 'callId');
  });

  it('refuses coordinates outside the globe with the field named', async () => {
    await refused(operator, 'incident.create', incident({}, { lat: 91, lon: 120 }), 400, 'location.lat');
    await refused(operator, 'incident.create', incident({}, { lat: -91, lon: 120 }), 400, 'location.lat');
    await refused(operator, 'incident.create', incident({}, { lat: -5.5, lon: -181 }), 400, 'location.lon');
    await refused(operator, 'incident.create', incident({}, { lat: -5.5, lon: 181 }), 400, 'location.lon');
    await refused(operator, 'incident.create', incident({}, { lat: -5.5 }), 400, 'location.lon');
  });

  it('refuses unknown kecamatan, desa, category, agency and unit ids with the field named', async () => {
    await refused(
      operator,
      'incident.create',
      incident({}, { kecamatan: '73.99.99' }),
      400,
      'location.kecamatan',
    );
    await refused(operator, 'incident.create', incident({}, { desa: '73.02.01.9999' }), 400, 'location.desa');
    const misplaced = await refused(operator, 'incident.create', incident({}, { desa: otherDesa }), 400);
    expect(misplaced.field).toBe('location.desa');
    await refused(operator, 'incident.create', incident({ category: 'kebakaran_rumah' }), 400, 'category');

    const { incidentId } = await forwardedIncident(operator, where);
    await refused(
      dispatcher,
      'incident.request_agencies',
      { incidentId, agencies: ['sar-laut'] },
      400,
      'agencies.0',
    );
    await refused(
      dispatcher,
      'incident.request_agencies',
      { incidentId, agencies: ['damkar', 'pemadam'] },
      400,
      'agencies.1',
    );
    const assignmentId = (
      await accepted(dispatcher, 'incident.request_agencies', { incidentId, agencies: ['damkar'] })
    ).result.assignmentIds as string[];
    await accepted(damkar, 'assignment.acknowledge', { assignmentId: assignmentId[0] });
    await refused(
      damkar,
      'assignment.assign_unit',
      { assignmentId: assignmentId[0], unitId: 'damkar-99' },
      400,
      'unitId',
    );
    await refused(
      damkar,
      'assignment.assign_unit',
      { assignmentId: assignmentId[0], unitId: 'psc119-01' },
      400,
      'unitId',
    );
    await refused(damkar, 'unit.set_status', { unitId: 'no-such-unit', status: 'en_route' }, 400, 'unitId');
    await refused(damkar, 'unit.set_status', { unitId: 'damkar-01', status: 'flying' }, 400, 'status');
  });

  it('requires a well-formed Idempotency-Key', async () => {
    const before = await headSeq(dispatcher);
    const missing = await operator.post('/api/commands/call.register', { channel: 'voice' });
    const error = expectError(missing, 400);
    expect(error.message).toMatch(/idempotency-key/i);
    expectError(await operator.command('call.register', { channel: 'voice' }, 'short'), 400);
    expectError(await operator.command('call.register', { channel: 'voice' }, 'has spaces in it'), 400);
    expect(await headSeq(dispatcher)).toBe(before);
  });

  it('answers 404 for an incident, call or assignment that does not exist', async () => {
    await refused(operator, 'incident.forward', { incidentId: 'no-such-incident' }, 404, 'incidentId');
    await refused(operator, 'call.answer', { callId: 'no-such-call' }, 404, 'callId');
    await refused(
      damkar,
      'assignment.acknowledge',
      { assignmentId: 'no-such-assignment' },
      404,
      'assignmentId',
    );
  });

  it('answers 409 with a message for impossible transitions', async () => {
    const callId = (await accepted(operator, 'call.register', { channel: 'sms', number: null })).result
      .callId as string;
    expect((await refused(operator, 'call.classify', { callId, callType: 'prank' }, 409)).message).toMatch(
      /answer/i,
    );
    await accepted(operator, 'call.answer', { callId });
    expect((await refused(operator, 'call.answer', { callId }, 409)).message).toMatch(/answered/);

    const { incidentId } = await forwardedIncident(operator, where);
    expect((await refused(operator, 'incident.forward', { incidentId }, 409)).message).toMatch(/forwarded/);
    expect((await refused(dispatcher, 'incident.close', { incidentId }, 409)).message).toMatch(/dispatched/);
    const [assignmentId] = (
      await accepted(dispatcher, 'incident.request_agencies', { incidentId, agencies: ['damkar'] })
    ).result.assignmentIds as string[];
    expect(
      (await refused(dispatcher, 'incident.request_agencies', { incidentId, agencies: ['damkar'] }, 409))
        .message,
    ).toMatch(/DAMKAR/);
    const outcome = { dead: 0, injured: 0, report: 'Selesai' };
    expect((await refused(damkar, 'assignment.complete', { assignmentId, outcome }, 409)).message).toMatch(
      /acknowledged/,
    );
    await accepted(damkar, 'assignment.acknowledge', { assignmentId });
    expect((await refused(damkar, 'assignment.acknowledge', { assignmentId }, 409)).message).toMatch(
      /acknowledged/,
    );
    expect(
      (await refused(damkar, 'unit.set_status', { unitId: 'damkar-02', status: 'on_scene' }, 409)).message,
    ).toMatch(/available to on_scene/);
    await accepted(damkar, 'assignment.assign_unit', { assignmentId, unitId: 'damkar-02' });
    expect(
      (await refused(damkar, 'assignment.assign_unit', { assignmentId, unitId: 'damkar-02' }, 409)).message,
    ).toMatch(/not available/);
    expect(
      (await refused(damkar, 'unit.set_status', { unitId: 'damkar-02', status: 'at_hospital' }, 409)).message,
    ).toMatch(/dispatched to at_hospital/);
    expect((await refused(dispatcher, 'incident.close', { incidentId }, 409)).message).toMatch(/DAMKAR/);
    await accepted(dispatcher, 'incident.cancel', { incidentId, reason: 'Laporan ganda' });
    expect(
      (await refused(dispatcher, 'incident.cancel', { incidentId, reason: 'Lagi' }, 409)).message,
    ).toMatch(/cancelled/);
  });

  it('answers 403 to a role that may not issue the command', async () => {
    const admin = await Client.login(running.url, 'admin');
    expect(
      (await refused(operator, 'incident.request_agencies', { incidentId: 'x', agencies: ['damkar'] }, 403))
        .message,
    ).toMatch(/call_taker/);
    await refused(damkar, 'call.register', { channel: 'voice' }, 403);
    await refused(admin, 'call.register', { channel: 'voice' }, 403);
    await refused(damkar, 'incident.close', { incidentId: 'x' }, 403);

    const { incidentId } = await forwardedIncident(operator, where);
    await accepted(dispatcher, 'incident.request_agencies', { incidentId, agencies: ['psc119'] });
    const error = await refused(
      dispatcher,
      'incident.close',
      { incidentId, force: true, reason: 'Sudah selesai' },
      403,
    );
    expect(error.message).toMatch(/supervisor/);
    const supervisor = await Client.login(running.url, 'koordinator');
    await accepted(supervisor, 'incident.close', { incidentId, force: true, reason: 'Sudah selesai' });
  });

  it('answers 401 without login and writes nothing', async () => {
    const stranger = new Client(running.url);
    await refused(stranger, 'call.register', { channel: 'voice' }, 401);
    expectError(await stranger.get('/api/snapshot'), 401);
    expectError(await stranger.get('/api/me'), 401);
    expectError(await stranger.get('/api/reference'), 401);
    const forged = new Client(running.url);
    forged.cookie = 'pinisi_session=forged-token-value';
    await refused(forged, 'call.register', { channel: 'voice' }, 401);
  });
});
