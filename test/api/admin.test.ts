// Administration as commands through the one log: accounts (create, role and agency, disable, reset, unlock, revoke)
// and reference data (agencies, stations, units), on real SQLite and PostgreSQL. A refused command writes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';
import { accepted, expectError, headSeq } from './helpers.ts';

interface AccountRow {
  account: { id: string; username: string; role: string; agencyId: string | null; active: boolean };
  failedLogins: { ip: string; failures: number }[];
}

const NEW_PASSWORD = 'kapal pinisi berlayar';

describe.each(['sqlite', 'postgres'] as const)('administration on %s', (dialect) => {
  let running: Running | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  async function start(): Promise<{ url: string; admin: Client }> {
    // Every reading of the clock is later than the one before: a login never shares a millisecond with a revocation.
    let clock = Date.UTC(2026, 10, 29, 7, 0);
    running = await startPinisi(dialect, { engine: { clock: () => ++clock } });
    return { url: running.url, admin: await Client.login(running.url, 'admin') };
  }

  async function createUser(admin: Client, payload: Record<string, unknown>) {
    const { result } = await accepted(admin, 'user.create', payload);
    return { userId: result.userId as string, password: result.temporaryPassword as string };
  }

  it('creates an account with a temporary password shown once, to be changed at first login', async () => {
    const { url, admin } = await start();
    const payload = { username: 'operator3', displayName: 'Nur Aisyah', role: 'call_taker' };
    const first = await admin.command('user.create', payload, 'create-operator3');
    expect(first.status).toBe(200);
    const password = (first.body.result as { temporaryPassword: string }).temporaryPassword;
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    // The same request again writes nothing and cannot show (or set) another password.
    const seq = await headSeq(admin);
    const again = await admin.command('user.create', payload, 'create-operator3');
    expect(again.status).toBe(200);
    expect((again.body.result as { temporaryPassword: unknown }).temporaryPassword).toBeNull();
    expect(await headSeq(admin)).toBe(seq);

    const user = await Client.login(url, 'operator3', password);
    expect(
      (await user.get<{ user: { mustChangePassword: boolean } }>('/api/me')).body.user.mustChangePassword,
    ).toBe(true);
    expectError(await user.command('call.register', { channel: 'voice' }), 403);
    expectError(await user.get('/api/snapshot'), 403);
    const change = (body: unknown) =>
      user.post('/api/auth/password', body, { 'idempotency-key': `pw-${Math.random()}` });
    expectError(
      await change({ currentPassword: 'wrong-password', newPassword: NEW_PASSWORD }),
      400,
      'currentPassword',
    );
    expectError(await change({ currentPassword: password, newPassword: 'pendek' }), 400, 'newPassword');
    expectError(
      await change({ currentPassword: password, newPassword: 'operator3-baru' }),
      400,
      'newPassword',
    );
    expect((await change({ currentPassword: password, newPassword: NEW_PASSWORD })).status).toBe(200);
    await accepted(user, 'call.register', { channel: 'voice' });
    expect((await Client.login(url, 'operator3', NEW_PASSWORD)).cookie).not.toBe('');
    await expect(Client.login(url, 'operator3', password)).rejects.toThrow(/login operator3 failed/);
  });

  it('refuses what is wrong and writes nothing: another role, a taken username, an agency user without agency', async () => {
    const { url, admin } = await start();
    const supervisor = await Client.login(url, 'koordinator');
    const seq = await headSeq(admin);
    const make = (payload: Record<string, unknown>) =>
      admin.command('user.create', {
        displayName: 'Baru',
        role: 'call_taker',
        username: 'baru1',
        ...payload,
      });
    expectError(
      await supervisor.command('user.create', { username: 'baru1', displayName: 'X', role: 'admin' }),
      403,
    );
    expectError(await make({ username: 'operator1' }), 409);
    expectError(await make({ role: 'agency' }), 400, 'agencyId');
    expectError(await make({ role: 'agency', agencyId: 'tidak-ada' }), 400, 'agencyId');
    expectError(await make({ agencyId: 'damkar' }), 400, 'agencyId');
    expectError(await make({ username: 'Bad Name' }), 400, 'username');
    expectError(await make({ displayName: ' ' }), 400, 'displayName');
    const self = (await admin.get<{ user: { id: string } }>('/api/me')).body.user.id;
    expectError(await admin.command('user.disable', { userId: self }), 409);
    expectError(await admin.command('user.update', { userId: self, role: 'call_taker' }), 409);
    expectError(await admin.command('user.update', { userId: 'nobody' }), 404);
    expectError(await admin.command('agency.create', { id: 'damkar', code: 'DMK', name: 'Dup' }), 409);
    expect(await headSeq(admin)).toBe(seq);
    expect(await headSeq(supervisor)).toBe(seq);
  });

  it('changes role and agency; the account works under its new role at its next login', async () => {
    const { url, admin } = await start();
    const { userId, password } = await createUser(admin, {
      username: 'liaison2',
      displayName: 'Petugas BPBD',
      role: 'agency',
      agencyId: 'bpbd',
    });
    await accepted(admin, 'user.update', { userId, agencyId: 'damkar' });
    await accepted(admin, 'user.update', { userId, role: 'dispatcher' });
    const users = (await admin.get<AccountRow[]>('/api/admin/users')).body;
    const row = users.find((u) => u.account.id === userId)!;
    expect(row.account).toMatchObject({ role: 'dispatcher', agencyId: null, active: true });
    const user = await Client.login(url, 'liaison2', password);
    expect((await user.get<{ user: { role: string } }>('/api/me')).body.user.role).toBe('dispatcher');
  });

  it('revoking sessions ends them at once and closes their streams; disable refuses logins until enabled', async () => {
    const { url, admin } = await start();
    const operator = await Client.login(url, 'operator1');
    const stream = await StreamClient.open(url, operator.cookie, await headSeq(operator));
    const operatorId = (await operator.get<{ user: { id: string } }>('/api/me')).body.user.id;
    const sessions = await admin.get<{ active: boolean }[]>(`/api/admin/users/${operatorId}/sessions`);
    expect(sessions.body.filter((s) => s.active)).toHaveLength(1);

    await accepted(admin, 'user.revoke_sessions', { userId: operatorId });
    await stream.until(() => stream.closed !== null);
    expect(stream.closed?.code).toBe(4401);
    expectError(await operator.get('/api/me'), 401);
    const listed = await admin.get<{ active: boolean }[]>(`/api/admin/users/${operatorId}/sessions`);
    expect(listed.body.filter((s) => s.active)).toHaveLength(0);

    const again = await Client.login(url, 'operator1');
    await accepted(admin, 'user.disable', { userId: operatorId });
    expectError(await again.get('/api/me'), 401);
    await expect(Client.login(url, 'operator1')).rejects.toThrow(/failed/);
    await accepted(admin, 'user.enable', { userId: operatorId });
    expect((await (await Client.login(url, 'operator1')).get('/api/me')).status).toBe(200);
  });

  it('unlocks a username that failed logins keep waiting, and resets a forgotten password', async () => {
    const { url, admin } = await start();
    const attacker = new Client(url);
    for (let i = 0; i < 6; i++)
      await attacker.post('/api/auth/login', { username: 'pengarah1', password: 'salah' });
    expectError(
      await attacker.post('/api/auth/login', { username: 'pengarah1', password: 'pinisi112' }),
      429,
    );
    const users = (await admin.get<AccountRow[]>('/api/admin/users')).body;
    const row = users.find((u) => u.account.username === 'pengarah1')!;
    // Three free failures are recorded; the tries the throttle refused never reached the password check.
    expect(row.failedLogins[0]!.failures).toBeGreaterThanOrEqual(3);

    await accepted(admin, 'user.unlock', { userId: row.account.id });
    const unlocked = await attacker.post('/api/auth/login', { username: 'pengarah1', password: 'pinisi112' });
    expect(unlocked.status).toBe(200);
    expect(
      (await admin.get<AccountRow[]>('/api/admin/users')).body.find((u) => u.account.id === row.account.id)!
        .failedLogins,
    ).toEqual([]);

    const { result } = await accepted(admin, 'user.reset_password', { userId: row.account.id });
    expectError(await attacker.get('/api/me'), 401);
    await expect(Client.login(url, 'pengarah1')).rejects.toThrow(/failed/);
    const back = await Client.login(url, 'pengarah1', result.temporaryPassword as string);
    expect(
      (await back.get<{ user: { mustChangePassword: boolean } }>('/api/me')).body.user.mustChangePassword,
    ).toBe(true);
  });

  it('creates and edits agencies, stations and units; they survive a restart and the state matches the log', async () => {
    const { admin } = await start();
    await accepted(admin, 'agency.create', { id: 'tagana', code: 'TAGANA', name: 'Taruna Siaga Bencana' });
    await accepted(admin, 'agency.update', { agencyId: 'tagana', name: 'Tagana Bulukumba' });
    const ref = (await admin.get<{ kecamatan: { code: string }[] }>('/api/reference')).body;
    const kecamatan = ref.kecamatan[0]!.code;
    const { result: station } = await accepted(admin, 'station.create', {
      agencyId: 'tagana',
      name: 'Posko Tagana',
      kecamatan,
      lat: -5.55,
      lon: 120.19,
    });
    await accepted(admin, 'station.update', { stationId: station.stationId, name: 'Posko Utama Tagana' });
    const { result: unit } = await accepted(admin, 'unit.create', {
      agencyId: 'tagana',
      stationId: station.stationId,
      callsign: 'TAGANA-1',
      kind: 'rescue',
    });
    await accepted(admin, 'unit.update', { unitId: unit.unitId, kind: 'perahu karet' });
    expectError(
      await admin.command('unit.create', { agencyId: 'tagana', callsign: 'TAGANA-1', kind: 'x' }),
      409,
    );
    await accepted(admin, 'user.create', {
      username: 'kru-tagana',
      displayName: 'Kru Tagana 1',
      role: 'responder',
      unitId: unit.unitId,
    });

    const database = running!.database;
    await running!.close();
    running = await startPinisi(dialect, { database });
    const after = await Client.login(running.url, 'admin');
    const reference = (
      await after.get<{ agencies: { id: string; name: string }[]; stations: { id: string; name: string }[] }>(
        '/api/reference',
      )
    ).body;
    expect(reference.agencies.find((a) => a.id === 'tagana')?.name).toBe('Tagana Bulukumba');
    expect(reference.stations.find((s) => s.id === station.stationId)?.name).toBe('Posko Utama Tagana');
    const units = (
      await after.get<{ units: { id: string; kind: string; callsign: string }[] }>('/api/snapshot')
    ).body.units;
    expect(units.find((u) => u.id === unit.unitId)).toMatchObject({
      callsign: 'TAGANA-1',
      kind: 'perahu karet',
    });
    expect(
      (await after.get<AccountRow[]>('/api/admin/users')).body.some(
        (u) => u.account.username === 'kru-tagana',
      ),
    ).toBe(true);
  });

  it('shows account events to the admin and the supervisor only', async () => {
    const { url, admin } = await start();
    const seq = await headSeq(admin);
    const operator = await Client.login(url, 'operator1');
    const supervisor = await Client.login(url, 'koordinator');
    const opStream = await StreamClient.open(url, operator.cookie, seq);
    const svStream = await StreamClient.open(url, supervisor.cookie, seq);
    await createUser(admin, { username: 'operator9', displayName: 'Operator Sembilan', role: 'call_taker' });
    await accepted(admin, 'agency.create', { id: 'pmi', code: 'PMI', name: 'Palang Merah Indonesia' });
    await svStream.until(() => svStream.events.some((e) => e.type === 'agency.created'));
    await opStream.until(() => opStream.events.some((e) => e.type === 'agency.created'));
    expect(svStream.events.map((e) => e.type)).toContain('user.created');
    expect(opStream.events.map((e) => e.type)).not.toContain('user.created');
    expect(JSON.stringify(svStream.events)).not.toMatch(/password_hash|argon2/);
  });

  it('registers a tracker through the log: its secret shown once, its reports accepted until it is revoked, on every restart', async () => {
    const { url, admin } = await start();
    const operator = await Client.login(url, 'operator1');
    const supervisor = await Client.login(url, 'koordinator');
    const seq = await headSeq(admin);
    const adminStream = await StreamClient.open(url, admin.cookie, seq);
    const svStream = await StreamClient.open(url, supervisor.cookie, seq);
    expectError(await operator.command('device.register', { deviceId: 'trk-1', unitId: 'damkar-01' }), 403);
    expectError(await admin.command('device.register', { deviceId: 'trk-1', unitId: 'nope' }), 400, 'unitId');
    expectError(await admin.command('device.register', { deviceId: 'trk 1', unitId: 'damkar-01' }), 400);
    expect(await headSeq(admin)).toBe(seq);
    const payload = { deviceId: 'trk-1', unitId: 'damkar-01' };
    const first = await admin.command('device.register', payload, 'register-trk-1');
    expect(first.status).toBe(200);
    const secret = (first.body.result as { secret: string }).secret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // Sent again: nothing written, no secret shown (the first one is not kept anywhere).
    const again = await admin.command('device.register', payload, 'register-trk-1');
    expect((again.body.result as { secret: unknown }).secret).toBeNull();
    const report = (key: string) => fetch(`${url}/api/avl/osmand?id=trk-1&lat=-5.55&lon=120.19&key=${key}`);
    expect((await report(secret)).status).toBe(200);
    expect((await report('wrong-secret-0000000000')).status).toBe(401);
    const listed = (await admin.get<{ id: string; unitId: string; active: boolean }[]>('/api/admin/devices'))
      .body;
    expect(listed).toEqual([expect.objectContaining({ id: 'trk-1', unitId: 'damkar-01', active: true })]);
    expect(JSON.stringify(listed)).not.toContain('secretHash');
    expectError(await supervisor.get('/api/admin/devices'), 403);
    await adminStream.until(() => adminStream.events.some((e) => e.type === 'device.registered'));
    // The log holds the digest of the secret, never the secret; only the admin's console receives the event.
    expect(JSON.stringify(adminStream.events)).not.toContain(secret);
    await accepted(admin, 'agency.update', { agencyId: 'pln', name: 'PLN ULP Bulukumba (uji)' });
    await svStream.until(() => svStream.events.some((e) => e.type === 'agency.updated'));
    expect(svStream.events.map((e) => e.type)).not.toContain('device.registered');

    const database = running!.database;
    await running!.close();
    running = await startPinisi(dialect, { database });
    const after = await Client.login(running.url, 'admin');
    const again2 = (key: string) =>
      fetch(`${running!.url}/api/avl/osmand?id=trk-1&lat=-5.56&lon=120.19&key=${key}`);
    expect((await again2(secret)).status).toBe(200);
    await accepted(after, 'device.revoke', { deviceId: 'trk-1' });
    expect((await again2(secret)).status).toBe(401);
    expectError(await after.command('device.revoke', { deviceId: 'trk-1' }), 409);
  });
});
