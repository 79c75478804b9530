// Sessions over HTTP: the cookie's flags, only the token's hash stored, logout at once, lockout after failures, argon2id.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { Client, DEMO_PASSWORD, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';
import { accepted, expectError } from './helpers.ts';

async function login(url: string, username: string, password: string) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return {
    status: response.status,
    setCookie: response.headers.get('set-cookie'),
    body: await response.json(),
  };
}

describe.each(DIALECTS)('sessions on %s', (dialect) => {
  let running: Running;
  beforeEach(async () => {
    running = await startPinisi(dialect);
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

  it('records failed logins and locks the username after five, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const wrong = await login(running.url, 'pengarah1', `salah-${i}`);
      expect(wrong.status).toBe(401);
      expect(wrong.setCookie).toBeNull();
    }
    const attempts = await running.store.db
      .selectFrom('login_attempts')
      .selectAll()
      .where('username', '=', 'pengarah1')
      .execute();
    expect(attempts).toHaveLength(5);
    expect(attempts.every((a) => Number(a.ok) === 0)).toBe(true);

    const locked = await login(running.url, 'pengarah1', DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.setCookie).toBeNull();
    expect(locked.body.error.message).toMatch(/failed logins/);
    const sessions = await running.store.db.selectFrom('sessions').selectAll().execute();
    expect(sessions).toHaveLength(0);

    // Another user is not affected, and a good login is recorded as such.
    const fine = await login(running.url, 'operator2', DEMO_PASSWORD);
    expect(fine.status).toBe(200);
    const ok = await running.store.db
      .selectFrom('login_attempts')
      .selectAll()
      .where('username', '=', 'operator2')
      .execute();
    expect(ok.map((a) => Number(a.ok))).toEqual([1]);
  });

  it('locks unknown usernames too, without telling them apart', async () => {
    const unknown = await login(running.url, 'nobody', DEMO_PASSWORD);
    const wrong = await login(running.url, 'operator1', 'salah');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    for (let i = 0; i < 4; i++) await login(running.url, 'nobody', 'x');
    expect((await login(running.url, 'nobody', 'x')).status).toBe(429);
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
