// The crew's outbox sends in the order things were made, each once, keeps what got no answer with its key, drops
// (and reports) what the server refused, and keeps only the newest waiting position.
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { memoryStorage, Outbox, type OutboxItem } from './outbox.ts';

const status = (key: string, s: 'en_route' | 'on_scene' | 'transporting'): OutboxItem => ({
  kind: 'status',
  key,
  payload: { unitId: 'damkar-01', status: s },
});
const position = (key: string, at: number): OutboxItem => ({
  kind: 'position',
  key,
  body: { lat: -5.3, lon: 120.3, accuracy: 5, speedKmh: null, bearing: null, at },
});

/** A server that records what it received, answering with the failure set for the moment (null: accepted). */
function fakeServer() {
  const received: string[] = [];
  const server = {
    received,
    failure: null as ApiError | null,
    refuse: new Set<string>(),
    send: async (item: OutboxItem) => {
      if (server.failure) throw server.failure;
      if (server.refuse.has(item.key)) throw new ApiError(409, 'unit.transition', 'cannot');
      received.push(item.key);
    },
  };
  return server;
}

const offline = new ApiError(0, 'network', 'network error');

describe('crew outbox', () => {
  it('keeps what was made without a connection and sends it in order, once, when the connection returns', async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    const outbox = new Outbox(storage, 'kru-1', server.send);
    server.failure = offline;
    await outbox.add(status('k1', 'en_route'));
    await outbox.add(status('k2', 'on_scene'));
    expect(outbox.entries.map((e) => e.item.key)).toEqual(['k1', 'k2']);
    expect(outbox.stalled).toBe(true);
    expect(server.received).toEqual([]);

    // A reload: a new outbox over the same storage still holds both.
    const again = new Outbox(storage, 'kru-1', server.send);
    await again.refresh();
    expect(again.entries.map((e) => e.item.key)).toEqual(['k1', 'k2']);

    server.failure = null;
    await Promise.all([again.flush(), again.flush(), outbox.flush()]);
    expect(server.received).toEqual(['k1', 'k2']);
    expect(again.entries).toEqual([]);
    expect(await storage.list()).toEqual([]);
  });

  it('stops at the first entry without an answer so that later ones never overtake it', async () => {
    const storage = memoryStorage();
    const seen: string[] = [];
    let calls = 0;
    const outbox = new Outbox(storage, 'kru-1', async (item) => {
      calls += 1;
      seen.push(item.key);
      // The server is restarting on the first try of the second entry.
      if (item.key === 'k2' && calls === 2) throw new ApiError(503, 'storage.unavailable', 'later');
    });
    await storage.add({ userId: 'kru-1', madeAt: 1, item: status('k1', 'en_route') });
    await storage.add({ userId: 'kru-1', madeAt: 2, item: status('k2', 'on_scene') });
    await storage.add({ userId: 'kru-1', madeAt: 3, item: status('k3', 'transporting') });
    await outbox.flush();
    expect(seen).toEqual(['k1', 'k2']);
    expect(outbox.entries.map((e) => e.item.key)).toEqual(['k2', 'k3']);
    await outbox.flush();
    expect(seen).toEqual(['k1', 'k2', 'k2', 'k3']);
    expect(outbox.entries).toEqual([]);
  });

  it('drops a refused command, says why, and goes on with the next', async () => {
    const server = fakeServer();
    server.refuse.add('k1');
    const outbox = new Outbox(memoryStorage(), 'kru-1', server.send);
    server.failure = offline;
    await outbox.add(status('k1', 'on_scene'));
    await outbox.add(status('k2', 'en_route'));
    server.failure = null;
    await outbox.flush();
    expect(server.received).toEqual(['k2']);
    expect(outbox.refusals.map((r) => [r.item.key, r.error.code])).toEqual([['k1', 'unit.transition']]);
    expect(outbox.entries).toEqual([]);
  });

  it('keeps only the newest waiting position, behind the status changes made before it', async () => {
    const server = fakeServer();
    const outbox = new Outbox(memoryStorage(), 'kru-1', server.send);
    server.failure = offline;
    await outbox.add(position('p1', 1000));
    await outbox.add(status('k1', 'en_route'));
    await outbox.add(position('p2', 2000));
    await outbox.add(position('p3', 3000));
    expect(outbox.entries.map((e) => e.item.key)).toEqual(['k1', 'p3']);
    server.failure = null;
    await outbox.flush();
    expect(server.received).toEqual(['k1', 'p3']);
  });

  it("sends only the signed-in user's entries", async () => {
    const server = fakeServer();
    const storage = memoryStorage();
    await storage.add({ userId: 'kru-2', madeAt: 1, item: status('other', 'en_route') });
    const outbox = new Outbox(storage, 'kru-1', server.send);
    await outbox.add(status('mine', 'en_route'));
    expect(server.received).toEqual(['mine']);
    expect((await storage.list()).map((e) => e.item.key)).toEqual(['other']);
  });
});
