// Every read and action route lets in exactly the roles the one table (src/domain/policy.ts) gives its permission.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { may, type Permission } from '../../src/domain/policy.ts';
import { ROLES, type Role } from '../../src/domain/types.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { expectError } from './helpers.ts';

const USER: Record<Role, string> = {
  call_taker: 'operator1',
  dispatcher: 'pengarah1',
  agency: 'opd-damkar',
  supervisor: 'koordinator',
  admin: 'admin',
  responder: 'kru-damkar-01',
};

/**
 * Each route with the permission it asks for. Allowed roles are checked with a request the route refuses for
 * its input or answers harmlessly (an unknown id, an empty body), so nothing is changed by the test.
 */
const ROUTES: [method: string, path: string, permission: Permission][] = [
  ['GET', '/api/reference', 'reference.read'],
  ['GET', '/api/geo/boundaries', 'reference.read'],
  ['GET', '/api/snapshot', 'snapshot.read'],
  ['GET', '/api/incidents/none/timeline', 'timeline.read'],
  ['GET', '/api/calls/none/history', 'caller_history.read'],
  ['GET', '/api/escalations', 'escalations.read'],
  ['GET', '/api/sessions/active', 'sessions.read'],
  ['GET', '/api/auth/failures', 'failed_logins.read'],
  ['GET', '/api/sop/current', 'sop.read'],
  ['GET', '/api/sop/versions', 'sop.read'],
  ['POST', '/api/sop/evaluate', 'sop.read'],
  ['GET', '/api/sop/draft', 'sop.edit'],
  ['PUT', '/api/sop/draft', 'sop.edit'],
  ['POST', '/api/sop/publish', 'sop.edit'],
  ['GET', '/api/telephony/status', 'telephony.read'],
  ['GET', '/api/telephony/positions', 'telephony.read'],
  ['GET', '/api/telephony/queue', 'telephony.read'],
  ['GET', '/api/telephony/calls', 'telephony.read'],
  ['GET', '/api/telephony/calls/none', 'telephony.read'],
  ['GET', '/api/telephony/history', 'telephony.read'],
  ['POST', '/api/telephony/positions/login', 'telephony.sign_in'],
  ['POST', '/api/telephony/positions/logout', 'telephony.sign_out'],
  ['POST', '/api/telephony/positions/available', 'telephony.set_available'],
  ['POST', '/api/telephony/positions/break', 'telephony.take_break'],
  ['POST', '/api/telephony/callbacks/done', 'telephony.callback'],
  ['GET', '/api/telephony/blocks', 'blocks.read'],
  ['POST', '/api/telephony/blocks', 'telephony.block'],
  ['POST', '/api/telephony/blocks/unblock', 'telephony.unblock'],
  ['GET', '/api/reports/kpi?month=2026-11', 'reports.read'],
  ['GET', '/api/reports/file?month=2026-11&format=json', 'reports.read'],
  ['GET', '/api/reports/incidents?month=2026-11', 'reports.read'],
  ['GET', '/api/reports/calls?month=2026-11', 'reports.calls'],
  ['GET', '/api/reports/audit', 'reports.audit'],
  ['GET', '/api/units/positions', 'positions.read'],
  ['GET', '/api/incidents/none/recommendation', 'recommendation.read'],
  ['POST', '/api/avl/responder', 'position.report'],
  ['GET', '/api/admin/users', 'users.read'],
  ['GET', '/api/admin/users/none/sessions', 'users.read'],
  ['GET', '/api/admin/devices', 'devices.read'],
  ['GET', '/api/admin/access-log', 'access_log.read'],
];

describe('route permissions', () => {
  let running: Running;
  const clients = {} as Record<Role, Client>;

  beforeAll(async () => {
    running = await startPinisi('sqlite');
    for (const role of ROLES) clients[role] = await Client.login(running.url, USER[role]);
  });
  afterAll(() => running.stop());

  for (const [method, path, permission] of ROUTES) {
    it(`${method} ${path} asks for ${permission}`, async () => {
      for (const role of ROLES) {
        // A body the schema refuses: an allowed role gets 400, never a change.
        const body = method === 'GET' ? undefined : { unexpected: true };
        const answer = await clients[role].request(method, path, body);
        if (may(role, permission))
          expect(answer.status, `${role}: ${JSON.stringify(answer.body)}`).not.toBe(403);
        else expect(expectError(answer, 403).code, role).toBe('role.forbidden');
      }
    });
  }

  it('lets the admin watch the room (the supervisor’s view) but not work calls, positions or blocks', async () => {
    const admin = clients.admin;
    expect((await admin.get('/api/telephony/queue')).status).toBe(200);
    expect((await admin.get('/api/telephony/blocks')).status).toBe(200);
    expect((await admin.get('/api/escalations')).status).toBe(200);
    const create = await admin.command('call.register', { channel: 'voice', number: '0811' });
    expect(expectError(create, 403).code).toBe('role.forbidden');
    const block = await admin.post('/api/telephony/blocks', { number: '0811', minutes: 5, reason: 'prank' });
    expect(expectError(block, 403).code).toBe('role.forbidden');
  });
});
