// Idempotency-Key over HTTP: a repeat answers as the first time and writes nothing; a reused key for something else is 409.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted, expectError, headSeq } from './helpers.ts';

async function eventCount(running: Running): Promise<number> {
  const row = await running.store.db
    .selectFrom('event_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(DIALECTS)('idempotency on %s', (dialect) => {
  let running: Running;
  let operator: Client;
  beforeEach(async () => {
    running = await startPinisi(dialect);
    operator = await Client.login(running.url, 'operator1');
  });
  afterEach(async () => {
    await running.stop();
  });

  it('answers a repeated key exactly as the first time and writes one event', async () => {
    const before = await headSeq(operator);
    const count = await eventCount(running);
    const first = await operator.command(
      'call.register',
      { channel: 'voice', number: '0811111' },
      'key-repeat-1',
    );
    const second = await operator.command(
      'call.register',
      { channel: 'voice', number: '0811111' },
      'key-repeat-1',
    );
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    expect(first.body.seq).toBe(before + 1);
    expect(await headSeq(operator)).toBe(before + 1);
    expect(await eventCount(running)).toBe(count + 1);
    const calls = (await operator.get<{ calls: { number: string }[] }>('/api/snapshot')).body.calls;
    expect(calls.filter((c) => c.number === '0811111')).toHaveLength(1);
  });

  it('keeps answering a repeat the same way after later commands and after a restart', async () => {
    const first = await operator.command(
      'call.register',
      { channel: 'sms', number: '0822222' },
      'key-restart-1',
    );
    expect(first.status).toBe(200);
    const callId = (first.body.result as { callId: string }).callId;
    await accepted(operator, 'call.answer', { callId });
    expect(
      await operator.command('call.register', { channel: 'sms', number: '0822222' }, 'key-restart-1'),
    ).toEqual(first);
    await running.close();
    running = await startPinisi(dialect, { database: running.database });
    const again = await Client.login(running.url, 'operator1');
    const head = await headSeq(again);
    expect(
      await again.command('call.register', { channel: 'sms', number: '0822222' }, 'key-restart-1'),
    ).toEqual(first);
    expect(await headSeq(again)).toBe(head);
  });

  it('refuses the same key for another command with 409 and writes nothing', async () => {
    const first = await operator.command('call.register', { channel: 'voice' }, 'key-reused-1');
    expect(first.status).toBe(200);
    const callId = (first.body.result as { callId: string }).callId;
    const before = await headSeq(operator);
    const error = expectError(await operator.command('call.answer', { callId }, 'key-reused-1'), 409);
    expect(error.message).toMatch(/Idempotency-Key/);
    expect(await headSeq(operator)).toBe(before);
    const call = (
      await operator.get<{ calls: { id: string; status: string }[] }>('/api/snapshot')
    ).body.calls.find((c) => c.id === callId);
    expect(call?.status).toBe('ringing');
  });

  it('refuses the same key for the same command with another payload with 409', async () => {
    const first = await operator.command(
      'call.register',
      { channel: 'voice', number: '0833333' },
      'key-payload-1',
    );
    expect(first.status).toBe(200);
    const before = await headSeq(operator);
    const error = expectError(
      await operator.command('call.register', { channel: 'voice', number: '0844444' }, 'key-payload-1'),
      409,
    );
    expect(error.message).toMatch(/Idempotency-Key/);
    expect(await headSeq(operator)).toBe(before);
    // The same payload with its fields in another order is the same command.
    expect(
      await operator.command('call.register', { number: '0833333', channel: 'voice' }, 'key-payload-1'),
    ).toEqual(first);
  });

  it('keeps keys apart per user', async () => {
    const other = await Client.login(running.url, 'operator2');
    const before = await headSeq(operator);
    const mine = await operator.command('call.register', { channel: 'voice' }, 'key-shared-1');
    const theirs = await other.command('call.register', { channel: 'voice' }, 'key-shared-1');
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(theirs.body.result).not.toEqual(mine.body.result);
    expect(await headSeq(operator)).toBe(before + 2);
  });

  it('writes once when the same key arrives concurrently', async () => {
    const count = await eventCount(running);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        operator.command('call.register', { channel: 'radio', number: '0855555' }, 'key-concurrent-1'),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer).toEqual(answers[0]);
    }
    expect(await eventCount(running)).toBe(count + 1);
    // Two fresh operators racing with their own key each, twice over: one event per key.
    const [a, b] = await Promise.all([
      Client.login(running.url, 'operator2'),
      Client.login(running.url, 'koordinator'),
    ]);
    const racing = await Promise.all([
      a.command('call.register', { channel: 'voice' }, 'key-concurrent-2'),
      b.command('call.register', { channel: 'voice' }, 'key-concurrent-2'),
      a.command('call.register', { channel: 'voice' }, 'key-concurrent-2'),
      b.command('call.register', { channel: 'voice' }, 'key-concurrent-2'),
    ]);
    expect(racing[2]).toEqual(racing[0]);
    expect(racing[3]).toEqual(racing[1]);
    expect(await eventCount(running)).toBe(count + 3);
  });
});
