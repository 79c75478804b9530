// Desks as the admin sets them up, through the log, on real SQLite and PostgreSQL: a call taker signs in at a desk
// by its name only and its own phone rings; the desks outlive a restart; a bad body is a 400 that writes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { accepted, expectError, headSeq } from './helpers.ts';

interface Snapshot {
  telephony: {
    desks?: { id: string; extension: string }[];
    positions: { id: string; contact: string }[];
  } | null;
}

const desk = { positionId: 'meja-1', name: 'Meja 1', extension: '1001', contact: 'sip:1001@10.0.0.5' };

describe.each(['sqlite', 'postgres'] as const)('desks on %s', (dialect) => {
  let running: Running | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  it('rings the desk’s own phone for the call taker who signs in there, also after a restart', async () => {
    running = await startPinisi(dialect);
    const admin = await Client.login(running.url, 'admin');
    await accepted(admin, 'desk.save', desk);
    await accepted(admin, 'desk.save', {
      ...desk,
      positionId: 'meja-2',
      extension: '1002',
      contact: 'sip:1002@h',
    });

    // A bad body is refused by its schema and writes nothing.
    const before = await headSeq(admin);
    expectError(await admin.command('desk.save', { positionId: 'meja-3', name: 'Meja 3' }), 400);
    expectError(await admin.command('desk.save', { ...desk, contact: 'http://evil' }), 400);
    expect(await headSeq(admin)).toBe(before);
    const operator = await Client.login(running.url, 'operator1');
    expectError(await operator.command('desk.remove', { positionId: 'meja-2' }), 403);

    await running.close();
    running = await startPinisi(dialect, { database: running.database });
    const taker = await Client.login(running.url, 'operator1');
    const signedIn = await taker.post('/api/telephony/positions/login', { positionId: 'meja-1' });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    const refused = await taker.post('/api/telephony/positions/login', {
      positionId: 'meja-9',
      extension: '1009',
      contact: 'sip:1009@h',
    });
    expectError(refused, 400, 'positionId');
    const snapshot = (await taker.get<Snapshot>('/api/snapshot')).body;
    expect(snapshot.telephony?.desks?.map((d) => d.id).sort()).toEqual(['meja-1', 'meja-2']);
    expect(snapshot.telephony?.positions).toEqual([
      expect.objectContaining({ id: 'meja-1', contact: 'sip:1001@10.0.0.5' }),
    ]);
  });
});
