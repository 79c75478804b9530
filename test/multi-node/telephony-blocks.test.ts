// Two Pinisi nodes on one PostgreSQL database: a number blocked on node A holds on node B at once, without restart,
// because a block is a telephony event in the one log and every node applies it to its queue's projection.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';

describe('telephony across PostgreSQL nodes', () => {
  const nodes: Running[] = [];
  afterAll(async () => {
    for (const node of nodes.slice(1)) await node.close();
    await nodes[0]?.stop();
  });

  it('a number blocked on node A is blocked on node B, and B queues its caller behind the others', async () => {
    const database = await createTestDatabase('postgres');
    const a = await startPinisi('postgres', { database });
    nodes.push(a);
    const b = await startPinisi('postgres', { database });
    nodes.push(b);
    const supervisorA = await Client.login(a.url, 'koordinator');
    const supervisorB = await Client.login(b.url, 'koordinator');
    const start = await supervisorB.get<{ seq: number }>('/api/snapshot');
    const stream = await StreamClient.open(b.url, supervisorB.cookie, start.body.seq);

    const blocked = await supervisorA.command<{ seq: number }>('telephony.block', {
      number: '+62 813-4211-2001',
      minutes: 60,
      reason: 'five prank calls today',
    });
    expect(blocked.status, JSON.stringify(blocked.body)).toBe(200);
    await stream.waitForSeq(blocked.body.seq);
    expect(stream.events.map((e) => e.type)).toContain('telephony.number_blocked');

    const onB = await supervisorB.get<{ active: Array<{ number: string; reason: string }> }>(
      '/api/telephony/blocks',
    );
    expect(onB.body.active).toMatchObject([{ number: '081342112001', reason: 'five prank calls today' }]);

    // The switch's offer decided on node B: the caller is marked blocked there, as on A.
    const system = { userId: 'system:telephony', role: 'system' as const, agencyId: null };
    const offer = (sipCallId: string, number: string) =>
      b.engine.execute(
        'telephony.offer',
        { sipCallId, number, fromTag: 't', location: null, outsideServiceArea: null, locationError: null },
        system,
        `test:${sipCallId}`,
      );
    expect((await offer('sip-blocked', '6281342112001')).ok).toBe(true);
    expect((await offer('sip-normal', '081200000001')).ok).toBe(true);
    expect(b.engine.state.telephony.calls.get('sip-blocked')?.blockedReason).toBe('five prank calls today');
    const queue = await supervisorB.get<{ waiting: Array<{ number: string }> }>('/api/telephony/queue');
    expect(queue.body.waiting.map((w) => w.number)).toEqual(['081200000001', '6281342112001']);

    // Unblocked on B: A sees it lifted once it has caught up from the log.
    const unblocked = await supervisorB.command<{ seq: number }>('telephony.unblock', {
      number: '081342112001',
      reason: 'mother called: it was her child',
    });
    expect(unblocked.status).toBe(200);
    const streamA = await StreamClient.open(a.url, supervisorA.cookie, blocked.body.seq);
    await streamA.waitForSeq(unblocked.body.seq);
    // A node's stream sends an event only once its state includes it: a read on A right after A's stream has it.
    const onA = await supervisorA.get<{ active: unknown[] }>('/api/telephony/blocks');
    expect(onA.body.active).toEqual([]);
    await stream.close();
    await streamA.close();
  });
});
