// Inputs the audit's fuzzing answered with 500: each now gets a 400 naming what is wrong, on both databases.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { expectError } from './helpers.ts';

describe.each(DIALECTS)('fuzzed inputs on %s', (dialect) => {
  let running: Running;
  beforeEach(async () => {
    running = await startPinisi(dialect);
  });
  afterEach(async () => {
    await running.stop();
  });

  it('refuses a deeply nested SOP draft as too deep, and keeps the draft it had', async () => {
    const admin = await Client.login(running.url, 'admin');
    const before = await admin.get('/api/sop/draft');
    // Written out as text: JSON.stringify itself cannot go this deep.
    const depth = 20_000;
    const response = await fetch(`${running.url}/api/sop/draft`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: admin.cookie },
      body: `{"doc":${'{"any":['.repeat(depth)}"api"${']}'.repeat(depth)}}`,
    });
    const answer = { status: response.status, body: (await response.json()) as Record<string, unknown> };
    expect(expectError(answer, 400).code).toBe('request.too_deep');
    expect(await admin.get('/api/sop/draft')).toEqual(before);
  });

  it('refuses an SOP version number past the integer range as invalid input', async () => {
    const operator = await Client.login(running.url, 'operator1');
    const answer = await operator.post('/api/sop/evaluate', {
      category: 'kebakaran_bangunan',
      answers: {},
      version: 2 ** 40,
    });
    expect(expectError(answer, 400, 'version').code).toBe('validation');
  });

  it('refuses a username with a NUL byte as invalid input', async () => {
    const answer = await new Client(running.url).post('/api/auth/login', {
      username: 'admin\u0000',
      password: 'x',
    });
    expect(expectError(answer, 400, 'username').code).toBe('validation');
  });
});
