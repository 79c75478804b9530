// Two nodes on one PostgreSQL database: a node's stream sends an event only once that node's own state includes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';

describe('stream order across PostgreSQL nodes', () => {
  let a: Running;
  let b: Running;
  let supervisorA: Client;
  let supervisorB: Client;
  beforeAll(async () => {
    const database = await createTestDatabase('postgres');
    a = await startPinisi('postgres', { database });
    b = await startPinisi('postgres', { database });
    supervisorA = await Client.login(a.url, 'koordinator');
    supervisorB = await Client.login(b.url, 'koordinator');
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.stop();
  });

  /** Node A's follower is held back: what B commits is in the log, and A's state has not applied it. */
  const holdA = (): { announced: number[]; release: () => void } => {
    const announced: number[] = [];
    a.engine.catchUp = (seq = Number.MAX_SAFE_INTEGER) => {
      announced.push(seq);
    };
    return { announced, release: () => delete (a.engine as { catchUp?: unknown }).catchUp };
  };
  const blocksOnA = async () =>
    (await supervisorA.get<{ active: Array<{ number: string }> }>('/api/telephony/blocks')).body.active
      .map((block) => block.number)
      .sort();
  const block = (client: Client, number: string) =>
    client.command<{ seq: number }>('telephony.block', { number, minutes: 60, reason: 'prank calls' });

  it("a socket catching up on node A gets no event A's state has yet to apply, then gets it once A has", async () => {
    const start = (await supervisorA.get<{ seq: number }>('/api/snapshot')).body.seq;
    const onA = await block(supervisorA, '081342112001');
    expect(onA.status, JSON.stringify(onA.body)).toBe(200);
    await expect.poll(() => b.engine.seq).toBe(onA.body.seq);

    const held = holdA();
    const onB = await block(supervisorB, '081342112002');
    expect(onB.status, JSON.stringify(onB.body)).toBe(200);
    await expect.poll(() => held.announced.some((seq) => seq >= onB.body.seq)).toBe(true);
    expect(a.engine.state.seq).toBe(onA.body.seq);

    // A console (re)connects to A from before A's own commit: it catches up to what A has applied, no further.
    const stream = await StreamClient.open(a.url, supervisorA.cookie, start);
    expect(stream.events.map((e) => e.seq)).toEqual([onA.body.seq]);
    expect(stream.frames.find((f) => f.type === 'ready')).toEqual({ type: 'ready', seq: onA.body.seq });
    expect(await blocksOnA()).toEqual(['081342112001']);

    // A follows the log again: B's event reaches the socket from A's apply, and a read right after it includes it.
    held.release();
    a.engine.catchUp(onB.body.seq);
    await stream.waitForSeq(onB.body.seq);
    expect(stream.events.map((e) => e.seq)).toEqual([onA.body.seq, onB.body.seq]);
    expect(await blocksOnA()).toEqual(['081342112001', '081342112002']);
    await stream.close();
  });

  it('a console that saw an event on node B resumes on node A once A has applied it, without a snapshot', async () => {
    const held = holdA();
    try {
      const onB = await block(supervisorB, '081342112003');
      expect(onB.status, JSON.stringify(onB.body)).toBe(200);
      await expect.poll(() => held.announced.some((seq) => seq >= onB.body.seq)).toBe(true);
      expect(a.engine.seq).toBeLessThan(onB.body.seq);

      const stream = await StreamClient.open(a.url, supervisorA.cookie, onB.body.seq);
      expect(stream.frames).toEqual([{ type: 'ready', seq: onB.body.seq }]);
      expect(await blocksOnA()).toContain('081342112003');
      await stream.close();
    } finally {
      held.release();
    }
  });
});
