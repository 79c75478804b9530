// Sessions over HTTP: the cookie's flags, only the token's hash stored, logout at once, login throttled per username and
// address (nobody locks another user out), the same work for unknown users and wrong passwords, argon2id.
import { request as httpRequest } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { Client, DEMO_PASSWORD, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';
import { accepted, expectError } from './helpers.ts';

interface LoginAnswer {
  status: number;
  setCookie: string | null;
  retryAfter: string | null;
  body: { error: { code: string; message: string; field: string | null } } & Record<string, unknown>;
}

/** Logs in over real HTTP from a given loopback source address (127.0.0.1 unless told: another PC of the room). */
function login(url: string, username: string, password: string, from = '127.0.0.1'): Promise<LoginAnswer> {
  return postLogin(url, { username, password }, from);
}

/** POST /api/auth/login with any body, from a given loopback source address. */
function postLogin(url: string, fields: Record<string, unknown>, from: string): Promise<LoginAnswer> {
  const body = JSON.stringify(fields);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}/api/auth/login`,
      {
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            setCookie: response.headers['set-cookie']?.[0] ?? null,
            retryAfter: (response.headers['retry-after'] as string | undefined) ?? null,
            body: JSON.parse(text),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe.each(DIALECTS)('sessions on %s', (dialect) => {
  let running: Running;
  let clock = Date.UTC(2026, 10, 29, 8, 0);
  beforeEach(async () => {
    running = await startPinisi(dialect, { engine: { clock: () => clock } });
  });
  afterEach(async () => {
    await running.stop();
  });

  it('sets an HttpOnly SameSite=Strict session cookie and stores only the hash of its token', async () => {
    const answer = await login(running.url, 'opd-damkar', DEMO_PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.body.user).toMatchObject({ username: 'opd-damkar', role: 'agency', agencyId: 'damkar' });
    expect(answer.body.commands).toContain('assignment.acknowledge');
    expect(answer.body.commands).not.toContain('call.register');
    const parts = answer.setCookie!.split(';').map((p) => p.trim());
    const [name, token] = parts[0]!.split('=') as [string, string];
    expect(name).toBe('pinisi_session');
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(parts.map((p) => p.toLowerCase())).toContain('httponly');
    expect(parts.map((p) => p.toLowerCase())).toContain('samesite=strict');

    const rows = await running.store.db.selectFrom('sessions').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toBe(token);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(decodeURIComponent(token));

    const me = await fetch(`${running.url}/api/me`, { headers: { cookie: parts[0]! } });
    expect(me.status).toBe(200);
    expect((await me.json()).user.username).toBe('opd-damkar');
  });

  it('revokes a session at once on logout, over HTTP and on the stream', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const other = await Client.login(running.url, 'operator1');
    const cookie = operator.cookie;
    const stream = await StreamClient.open(running.url, cookie, 0);
    expect(stream.frames.at(-1)?.type).toBe('ready');

    const out = await operator.post('/api/auth/logout', {});
    expect(out.status).toBe(200);
    const stale = new Client(running.url);
    stale.cookie = cookie;
    expectError(await stale.get('/api/me'), 401);
    expectError(await stale.command('call.register', { channel: 'voice' }), 401);
    const closed = await stream.waitForClose();
    expect(closed.code).not.toBe(1000);

    const refused = await StreamClient.connect(running.url, cookie);
    refused.hello(0);
    expect((await refused.waitForClose()).code).toBe(4401);
    expect(refused.events).toEqual([]);

    // The same user's other session lives on.
    expect((await other.get('/api/me')).status).toBe(200);
    await accepted(other, 'call.register', { channel: 'voice' });
  });

  it('throttles wrong passwords per username and address with growing delays; the right password from another PC gets in', async () => {
    const attacker = '127.0.0.2';
    for (let i = 0; i < 3; i++) {
      const wrong = await login(running.url, 'pengarah1', `salah-${i}`, attacker);
      expect(wrong.status).toBe(401);
      expect(wrong.setCookie).toBeNull();
    }
    const throttled = await login(running.url, 'pengarah1', 'salah-3', attacker);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('auth.throttled');
    expect(throttled.retryAfter).toBe('1');
    // Even the right password waits at that address: the throttle answers before the password is looked at.
    expect((await login(running.url, 'pengarah1', DEMO_PASSWORD, attacker)).status).toBe(429);

    // The dispatcher at their own PC is not locked out by someone else's failures.
    const dispatcher = await login(running.url, 'pengarah1', DEMO_PASSWORD, '127.0.0.1');
    expect(dispatcher.status).toBe(200);
    expect(dispatcher.setCookie).not.toBeNull();

    // The delay grows: one second after the third failure, two after the fourth.
    clock += 1000;
    expect((await login(running.url, 'pengarah1', 'salah-4', attacker)).status).toBe(401);
    const longer = await login(running.url, 'pengarah1', 'salah-5', attacker);
    expect(longer.status).toBe(429);
    expect(longer.retryAfter).toBe('2');
    clock += 2000;
    expect((await login(running.url, 'pengarah1', 'salah-6', attacker)).status).toBe(401);
    expect((await login(running.url, 'pengarah1', 'salah-7', attacker)).retryAfter).toBe('4');

    // A successful login from that address wipes its slate.
    clock += 4000;
    expect((await login(running.url, 'pengarah1', DEMO_PASSWORD, attacker)).status).toBe(200);
    expect((await login(running.url, 'pengarah1', 'salah-8', attacker)).status).toBe(401);

    const attempts = await running.store.db
      .selectFrom('login_attempts')
      .selectAll()
      .where('username', '=', 'pengarah1')
      .execute();
    // Throttled tries are refused before the password is checked and are not recorded as attempts.
    expect(attempts.filter((a) => Number(a.ok) === 0)).toHaveLength(6);
    expect(
      attempts
        .filter((a) => Number(a.ok) === 1)
        .map((a) => a.ip)
        .sort(),
    ).toEqual(['127.0.0.1', attacker]);
  });

  it('lets 25 users behind one address sign in within a minute; one username from there is still limited', async () => {
    // A room behind one NAT at shift change. Before: 20 sign-in requests a minute per address, the 21st refused.
    const admin = await Client.login(running.url, 'admin');
    const room = Array.from({ length: 25 }, (_, i) => `meja${String(i + 1).padStart(2, '0')}`);
    const passwords = new Map<string, string>();
    for (const username of room) {
      const { result } = await accepted(admin, 'user.create', {
        username,
        displayName: `Operator ${username}`,
        role: 'call_taker',
      });
      passwords.set(username, result.temporaryPassword as string);
    }
    const nat = '127.0.0.5';
    // One typing mistake first, then everyone at once.
    expect((await login(running.url, 'meja01', 'salah', nat)).status).toBe(401);
    const answers = await Promise.all(room.map((u) => login(running.url, u, passwords.get(u)!, nat)));
    expect(answers.map((a) => a.status)).toEqual(room.map(() => 200));

    // Guessing one username from one address: past the growing delays (the clock moves on), the 21st request in
    // a minute is refused before its password is looked at.
    const guesser = '127.0.0.6';
    for (let i = 0; i < 20; i++) {
      clock += 6 * 60_000;
      expect((await login(running.url, 'pengarah1', `tebakan-${i}`, guesser)).status).toBe(401);
    }
    clock += 6 * 60_000;
    const refused = await login(running.url, 'pengarah1', DEMO_PASSWORD, guesser);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // …while another username from that address, and the same one from the dispatcher's PC, still sign in.
    expect((await login(running.url, 'operator2', DEMO_PASSWORD, guesser)).status).toBe(200);
    expect((await login(running.url, 'pengarah1', DEMO_PASSWORD, '127.0.0.7')).status).toBe(200);
  });

  it('still bounds the sign-in requests of one address over all usernames (100 a minute)', async () => {
    const sprayer = '127.0.0.8';
    // Counted before the body is read: refused bodies count too, and cost no password hash.
    for (let i = 0; i < 100; i++) {
      expect((await postLogin(running.url, { username: `u${i}` }, sprayer)).status).toBe(400);
    }
    const refused = await login(running.url, 'operator1', DEMO_PASSWORD, sprayer);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect((await login(running.url, 'operator1', DEMO_PASSWORD, '127.0.0.9')).status).toBe(200);
  });

  it('shows the supervisor the bursts of failed logins, by username and address', async () => {
    for (let i = 0; i < 3; i++) await login(running.url, 'operator2', `salah-${i}`, '127.0.0.3');
    await login(running.url, 'tidak-ada', 'x', '127.0.0.4');
    const supervisor = await Client.login(running.url, 'koordinator');
    const answer = await supervisor.get<{ failures: Array<Record<string, unknown>> }>('/api/auth/failures');
    expect(answer.status).toBe(200);
    expect(answer.body.failures).toEqual([
      expect.objectContaining({ username: 'operator2', ip: '127.0.0.3', failures: 3 }),
      expect.objectContaining({ username: 'tidak-ada', ip: '127.0.0.4', failures: 1 }),
    ]);
    const operator = await Client.login(running.url, 'operator1');
    expectError(await operator.get('/api/auth/failures'), 403);
  });

  it('throttles unknown usernames the same way, with the same answers as known ones', async () => {
    const unknown = await login(running.url, 'nobody', DEMO_PASSWORD);
    const wrong = await login(running.url, 'operator1', 'salah');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    for (let i = 0; i < 2; i++) await login(running.url, 'nobody', 'x');
    const throttled = await login(running.url, 'nobody', 'x');
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('auth.throttled');
  });

  it('spends the same argon2 work on an unknown user as on a wrong password (measured, loosely bounded)', async () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 7; i++) {
      let t = performance.now();
      await running.users.checkLogin(`nobody-${i}`, 'salah', '127.0.0.9', clock);
      unknown.push(performance.now() - t);
      t = performance.now();
      await running.users.checkLogin('operator1', `salah-${i}`, '127.0.0.9', clock);
      wrong.push(performance.now() - t);
    }
    console.info(
      `login: unknown user median ${median(unknown).toFixed(1)} ms, wrong password ${median(wrong).toFixed(1)} ms`,
    );
    // Before: 37 ms against 127 ms (no argon2 run for an unknown user). Now both run one verification.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  it('refuses a username with a NUL byte as invalid input, not a server error', async () => {
    const answer = await login(running.url, 'operator1\u0000', DEMO_PASSWORD);
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe('username');
  });

  it('stores passwords as argon2id hashes', async () => {
    const users = await running.store.db.selectFrom('users').select(['username', 'password_hash']).execute();
    expect(users.length).toBeGreaterThanOrEqual(5 + 11);
    for (const user of users) {
      expect(user.password_hash.startsWith('$argon2id$'), user.username).toBe(true);
      expect(user.password_hash).not.toContain(DEMO_PASSWORD);
    }
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(users.length);
  });
});
