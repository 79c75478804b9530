// Two Pinisi nodes on one PostgreSQL database: a command on one reaches consoles on the other, in one sequence.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';

describe('PostgreSQL fan-out between nodes', () => {
  const nodes: Running[] = [];
  afterAll(async () => {
    for (const node of nodes.slice(1)) await node.close();
    await nodes[0]?.stop();
  });

  it('delivers commits of node A to a console of node B and lets B decide on them', async () => {
    const database = await createTestDatabase('postgres');
    const a = await startPinisi('postgres', { database });
    nodes.push(a);
    const b = await startPinisi('postgres', { database });
    nodes.push(b);
    const operatorA = await Client.login(a.url, 'operator1');
    const dispatcherB = await Client.login(b.url, 'pengarah1');
    const snapshot = await dispatcherB.get<{ seq: number }>('/api/snapshot');
    const stream = await StreamClient.open(b.url, dispatcherB.cookie, snapshot.body.seq);

    const registered = await operatorA.command<{ seq: number; result: { callId: string } }>('call.register', {
      channel: 'voice',
      number: '081355501234',
    });
    expect(registered.status).toBe(200);
    await stream.waitForSeq(registered.body.seq);
    expect(stream.events.map((e) => e.type)).toContain('call.registered');

    // Node B knows the call now: a command on B about it is decided against the caught-up state.
    const operatorB = await Client.login(b.url, 'operator2');
    const answered = await operatorB.command<{ seq: number }>('call.answer', {
      callId: registered.body.result.callId,
    });
    expect(answered.status).toBe(200);
    expect(answered.body.seq).toBe(registered.body.seq + 1);

    // Both nodes agree on one global sequence, and A's console sees B's commit.
    const streamA = await StreamClient.open(a.url, operatorA.cookie, snapshot.body.seq);
    await streamA.waitForSeq(answered.body.seq);
    expect(streamA.events.map((e) => e.seq)).toEqual([registered.body.seq, answered.body.seq]);
    await stream.close();
    await streamA.close();
  });
});
