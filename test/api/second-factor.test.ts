// Two-factor sign-in on both databases: the roles that require it set it up before anything else, sign-in then asks
// for a code (each code and recovery code works once, the code step is throttled like the password), and the admin's
// reset is a logged command that ends the user's sessions. The secret never enters the log.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_KEY_FILE } from '../../src/server/secret-key.ts';
import { totpCode } from '../../src/server/totp.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, DEMO_PASSWORD, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted, expectError, userId } from './helpers.ts';

interface Setup {
  secret: string;
  uri: string;
  qrSvg: string;
}

interface Enrolled {
  recoveryCodes: string[];
  user: { secondFactor?: boolean; mustEnrolSecondFactor?: boolean };
}

describe.each(DIALECTS)('two-factor sign-in on %s', (dialect) => {
  let running: Running;
  let clock = Date.UTC(2026, 10, 29, 8, 0, 5);
  beforeEach(async () => {
    clock = Date.UTC(2026, 10, 29, 8, 0, 5);
    running = await startPinisi(dialect, {
      engine: { clock: () => clock },
      config: { secondFactorRoles: ['admin', 'supervisor'] },
    });
  });
  afterEach(async () => {
    await running.stop();
  });

  /** Signs in with the password only and sets up the app with a first code; returns the secret and recovery codes. */
  async function enrol(username: string): Promise<{ client: Client; secret: string; codes: string[] }> {
    const client = await Client.login(running.url, username);
    const setup = await client.post<Setup>('/api/auth/second-factor/setup', {});
    expect(setup.status).toBe(200);
    const confirmed = await client.post<Enrolled>(
      '/api/auth/second-factor/confirm',
      { code: totpCode(setup.body.secret, clock) },
      { 'idempotency-key': `enrol-${username}` },
    );
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    return { client, secret: setup.body.secret, codes: confirmed.body.recoveryCodes };
  }

  /** The password step of a sign-in that must then give a code. */
  async function passwordStep(username: string): Promise<Client> {
    const client = new Client(running.url);
    const answer = await client.post('/api/auth/login', { username, password: DEMO_PASSWORD });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ secondFactor: 'totp' });
    expect(client.cookie).toBe('');
    expectError(await client.get('/api/me'), 401);
    return client;
  }

  it('makes a supervisor set up an authenticator app before anything else, confirmed by a first code', async () => {
    const supervisor = await Client.login(running.url, 'koordinator');
    const me = await supervisor.get<Enrolled>('/api/me');
    expect(me.body.user).toMatchObject({ secondFactor: false, mustEnrolSecondFactor: true });
    expect(expectError(await supervisor.get('/api/snapshot'), 403).code).toBe('auth.second_factor_required');

    const setup = await supervisor.post<Setup>('/api/auth/second-factor/setup', {});
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.uri).toContain(`secret=${setup.body.secret}`);
    expect(setup.body.qrSvg).toMatch(/^<svg/);
    const wrong = await supervisor.post(
      '/api/auth/second-factor/confirm',
      { code: totpCode(setup.body.secret, clock - 5 * 60_000) },
      { 'idempotency-key': 'enrol-wrong' },
    );
    expect(expectError(wrong, 400, 'code').code).toBe('auth.code_failed');
    const confirmed = await supervisor.post<Enrolled>(
      '/api/auth/second-factor/confirm',
      { code: totpCode(setup.body.secret, clock) },
      { 'idempotency-key': 'enrol-right' },
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.user).toMatchObject({ secondFactor: true, mustEnrolSecondFactor: false });
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect((await supervisor.get('/api/snapshot')).status).toBe(200);

    // The log says that it happened, never the secret; the recovery codes are stored as hashes only.
    const log = await running.store.db.selectFrom('event_log').select(['type', 'data']).execute();
    expect(log.filter((e) => e.type === 'user.second_factor_enrolled')).toHaveLength(1);
    const everything = JSON.stringify(log);
    expect(everything).not.toContain(setup.body.secret);
    const stored = JSON.stringify(await running.store.db.selectFrom('recovery_codes').selectAll().execute());
    for (const code of confirmed.body.recoveryCodes) expect(stored).not.toContain(code);
    // Once on, it cannot be set up again over itself.
    expectError(await supervisor.post('/api/auth/second-factor/setup', {}), 409);
  });

  it('keeps the secret encrypted at rest; an older plain secret is sealed at the next start', async () => {
    const { secret } = await enrol('koordinator');
    const id = await userId(await Client.login(running.url, 'admin'));
    const factors = () => running.store.db.selectFrom('second_factors').selectAll().execute();
    const [row] = await factors();
    expect(row!.secret).toMatch(/^v1\./);
    expect(JSON.stringify(await factors())).not.toContain(secret);
    const key = statSync(join(running.database.dataDir, DEMO_KEY_FILE));
    expect(key.mode & 0o077).toBe(0);
    // As an older database stored it: the start seals it, and sign-in with a code still works.
    await running.store.db.updateTable('second_factors').set({ secret }).where('user_id', '!=', id).execute();
    await running.close();
    running = await startPinisi(dialect, {
      database: running.database,
      engine: { clock: () => clock },
      config: { secondFactorRoles: ['admin', 'supervisor'] },
    });
    expect((await factors())[0]!.secret).toMatch(/^v1\./);
    clock += 30_000;
    const client = await passwordStep('koordinator');
    expect((await client.post('/api/auth/second-factor', { code: totpCode(secret, clock) })).status).toBe(
      200,
    );
  });

  it('asks for the code after the password; a code works once, the next step’s code signs in', async () => {
    const { secret } = await enrol('koordinator');
    const client = await passwordStep('koordinator');
    // The code that confirmed the setup was used already.
    expect(
      expectError(
        await client.post('/api/auth/second-factor', { code: totpCode(secret, clock) }),
        400,
        'code',
      ).code,
    ).toBe('auth.code_failed');
    clock += 30_000;
    const signedIn = await client.post<Enrolled>('/api/auth/second-factor', {
      code: totpCode(secret, clock),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ secondFactor: true });
    expect((await client.get('/api/snapshot')).status).toBe(200);
    // The sign-in step is over: the same step cannot open a second session.
    const again = new Client(running.url);
    expectError(await again.post('/api/auth/second-factor', { code: totpCode(secret, clock + 30_000) }), 401);
  });

  it('takes a recovery code once, in any case and with spaces', async () => {
    const { codes } = await enrol('koordinator');
    const first = await passwordStep('koordinator');
    const typed = ` ${codes[3]!.toUpperCase().replace('-', ' ')} `;
    expect((await first.post('/api/auth/second-factor', { code: typed })).status).toBe(200);
    const second = await passwordStep('koordinator');
    expect(expectError(await second.post('/api/auth/second-factor', { code: codes[3]! }), 400).code).toBe(
      'auth.code_failed',
    );
    expect((await second.post('/api/auth/second-factor', { code: codes[4]! })).status).toBe(200);
  });

  it('tells how many recovery codes are left and makes a new set with a code from the app', async () => {
    const { client, secret, codes } = await enrol('koordinator');
    const left = () => client.get<{ left: number }>('/api/auth/second-factor/recovery-codes');
    expect((await left()).body).toEqual({ left: 10 });
    const signIn = await passwordStep('koordinator');
    expect((await signIn.post('/api/auth/second-factor', { code: codes[0]! })).status).toBe(200);
    expect((await left()).body).toEqual({ left: 9 });

    const renew = (code: string) =>
      client.post<{ recoveryCodes: string[] }>('/api/auth/second-factor/recovery-codes', { code });
    expect(expectError(await renew('123456'), 400, 'code').code).toBe('auth.code_failed');
    clock += 30_000;
    const renewed = await renew(totpCode(secret, clock));
    expect(renewed.status).toBe(200);
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect(renewed.body.recoveryCodes).not.toContain(codes[1]);
    expect((await left()).body).toEqual({ left: 10 });
    // The old codes are gone, a new one signs in; the app code used for the renewal does not work again.
    const old = await passwordStep('koordinator');
    expectError(await old.post('/api/auth/second-factor', { code: codes[1]! }), 400);
    expect((await old.post('/api/auth/second-factor', { code: renewed.body.recoveryCodes[0]! })).status).toBe(
      200,
    );
    expectError(await renew(totpCode(secret, clock)), 400);
    const operator = await Client.login(running.url, 'operator1');
    expectError(await operator.get('/api/auth/second-factor/recovery-codes'), 409);
  });

  it('throttles wrong codes per username and address, and a right password does not clear them', async () => {
    const { secret } = await enrol('koordinator');
    clock += 30_000;
    const client = await passwordStep('koordinator');
    for (let i = 0; i < 3; i++) {
      clock += 1;
      expectError(await client.post('/api/auth/second-factor', { code: '000000' }), 400);
    }
    // The right code is kept waiting now (a second after the third failure), and so is the password step.
    clock += 1;
    const early = await client.post('/api/auth/second-factor', { code: totpCode(secret, clock) });
    expect(expectError(early, 429).code).toBe('auth.throttled');
    const login = await new Client(running.url).post('/api/auth/login', {
      username: 'koordinator',
      password: DEMO_PASSWORD,
    });
    expect(expectError(login, 429).code).toBe('auth.throttled');
  });

  it('ends a sign-in step after five wrong codes', async () => {
    const { secret } = await enrol('koordinator');
    const client = await passwordStep('koordinator');
    for (let i = 0; i < 5; i++) {
      clock += 60_000; // past each delay of the throttle
      expectError(await client.post('/api/auth/second-factor', { code: '000000' }), 400);
    }
    clock += 10 * 60_000;
    const late = await client.post('/api/auth/second-factor', { code: totpCode(secret, clock) });
    expect(expectError(late, 401).code).toBe('auth.challenge_expired');
  });

  it('lets the admin reset a second factor: a logged command, the sessions end, the user sets it up again', async () => {
    const admin = (await enrol('admin')).client;
    const { client: supervisor } = await enrol('koordinator');
    const supervisorId = await userId(supervisor);
    const before = await running.store.db
      .selectFrom('second_factors')
      .select('user_id')
      .where('user_id', '=', supervisorId)
      .execute();
    expect(before).toHaveLength(1);
    // Only the admin may, and only an account that has one.
    expectError(await supervisor.command('user.reset_second_factor', { userId: supervisorId }), 403);
    await accepted(admin, 'user.reset_second_factor', { userId: supervisorId });
    expectError(await admin.command('user.reset_second_factor', { userId: supervisorId }), 409);
    expectError(await supervisor.get('/api/me'), 401);

    const log = await running.store.db
      .selectFrom('event_log')
      .select(['type', 'actor'])
      .where('type', '=', 'user.second_factor_reset')
      .execute();
    expect(log).toHaveLength(1);
    expect(log[0]!.actor).toBe(await userId(admin));
    await expect
      .poll(
        async () =>
          (
            await running.store.db
              .selectFrom('second_factors')
              .select('user_id')
              .where('user_id', '=', supervisorId)
              .execute()
          ).length,
      )
      .toBe(0);

    // The password alone signs in again, to a session that must set up a new app first.
    clock += 1000;
    const again = await Client.login(running.url, 'koordinator');
    const me = await again.get<Enrolled>('/api/me');
    expect(me.body.user).toMatchObject({ secondFactor: false, mustEnrolSecondFactor: true });
  });

  it('leaves other roles free to sign in without one, and to set one up by choice', async () => {
    const operator = await Client.login(running.url, 'operator1');
    expect((await operator.get<Enrolled>('/api/me')).body.user).toMatchObject({
      secondFactor: false,
      mustEnrolSecondFactor: false,
    });
    expect((await operator.get('/api/snapshot')).status).toBe(200);
    const { secret } = await enrol('operator1');
    clock += 30_000;
    const client = await passwordStep('operator1');
    expect((await client.post('/api/auth/second-factor', { code: totpCode(secret, clock) })).status).toBe(
      200,
    );
  });
});
