// Two nodes on one PostgreSQL database: a node's stream sends an event only once that node's own state includes it.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';

describe('stream order across PostgreSQL nodes', () => {
  const nodes: Running[] = [];
  afterAll(async () => {
    for (const node of nodes.slice(1)) await node.close();
    await nodes[0]?.stop();
  });

  it("a socket catching up on node A gets no event A's state has yet to apply, then gets it once A has", async () => {
    const database = await createTestDatabase('postgres');
    const a = await startPinisi('postgres', { database });
    nodes.push(a);
    const b = await startPinisi('postgres', { database });
    nodes.push(b);
    const supervisorA = await Client.login(a.url, 'koordinator');
    const supervisorB = await Client.login(b.url, 'koordinator');
    const blocks = async () =>
      (await supervisorA.get<{ active: Array<{ number: string }> }>('/api/telephony/blocks')).body.active.map(
        (block) => block.number,
      );
    const start = (await supervisorA.get<{ seq: number }>('/api/snapshot')).body.seq;
    const onA = await supervisorA.command<{ seq: number }>('telephony.block', {
      number: '081342112001',
      minutes: 60,
      reason: 'prank calls',
    });
    expect(onA.status, JSON.stringify(onA.body)).toBe(200);
    await expect.poll(() => b.engine.seq).toBe(onA.body.seq);

    // Node A's follower is held back: B's commit is in the log, and A's state has not applied it.
    const announced: number[] = [];
    a.engine.catchUp = (seq = Number.MAX_SAFE_INTEGER) => {
      announced.push(seq);
    };
    const onB = await supervisorB.command<{ seq: number }>('telephony.block', {
      number: '081342112002',
      minutes: 60,
      reason: 'prank calls',
    });
    expect(onB.status, JSON.stringify(onB.body)).toBe(200);
    await expect.poll(() => announced.some((seq) => seq >= onB.body.seq)).toBe(true);
    expect(a.engine.state.seq).toBe(onA.body.seq);

    // A console (re)connects to A from before A's own commit: it catches up to what A has applied, no further.
    const stream = await StreamClient.open(a.url, supervisorA.cookie, start);
    expect(stream.events.map((e) => e.seq)).toEqual([onA.body.seq]);
    const ready = stream.frames.find((f) => f.type === 'ready');
    expect(ready).toEqual({ type: 'ready', seq: onA.body.seq });
    expect(await blocks()).toEqual(['081342112001']);

    // A follows the log again: B's event reaches the socket from A's apply, and a read right after it includes it.
    delete (a.engine as { catchUp?: unknown }).catchUp;
    a.engine.catchUp(onB.body.seq);
    await stream.waitForSeq(onB.body.seq);
    expect(stream.events.map((e) => e.seq)).toEqual([onA.body.seq, onB.body.seq]);
    expect((await blocks()).sort()).toEqual(['081342112001', '081342112002']);
    await stream.close();
  });
});
