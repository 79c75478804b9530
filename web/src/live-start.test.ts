// @vitest-environment happy-dom
// Going live: the socket opened beside the other reads brings the snapshot and is the one the store follows (no
// hello, no second handshake), and the console shows "online" as soon as the ready frame comes, not a render later.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from './fake-socket.ts';
import { LiveStore, StartingStream, toReference } from './live.ts';

const reference = toReference({ kecamatan: [], desa: [], agencies: [], stations: [], categories: [] });
const snapshot = { seq: 12, calls: [], incidents: [], assignments: [], units: [] };

afterEach(() => {
  vi.unstubAllGlobals();
  FakeSocket.made = [];
});

describe('LiveStore.start with the socket that brought the snapshot', () => {
  it('asks the server for the snapshot as the first frame, and keeps the frames after it for the store', async () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const early = new StartingStream();
    const socket = FakeSocket.made[0]!;
    expect(socket.url).toMatch(/\/api\/stream\?snapshot=1$/);
    socket.open();
    socket.receive({ type: 'snapshot', snapshot });
    socket.receive({
      type: 'event',
      event: { seq: 13, type: 'x', at: 1, actor: null, agencies: [], hash: 'h' },
    });
    socket.receive({ type: 'ready', seq: 13 });
    expect(await early.snapshot).toEqual(snapshot);

    const store = new LiveStore(reference, await early.snapshot);
    store.start(early as unknown as StartingStream);
    // No hello (the server started the stream), no second socket, and the waiting frames were taken in order.
    expect(socket.sent).toEqual([]);
    expect(FakeSocket.made).toHaveLength(1);
    expect(store.state.seq).toBe(13);
    expect(store.connection).toBe('online');
    store.stop();
  });

  it('falls back when the socket closes before its snapshot: the promise fails, the store opens a new socket', async () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const early = new StartingStream();
    const socket = FakeSocket.made[0]!;
    socket.close();
    socket.onclose?.();
    await expect(early.snapshot).rejects.toThrow(/before its snapshot/);
    const store = new LiveStore(reference, snapshot);
    store.start(early);
    expect(FakeSocket.made).toHaveLength(2);
    expect(FakeSocket.made[1]!.url).toMatch(/\/api\/stream$/);
    FakeSocket.made[1]!.open();
    expect(FakeSocket.made[1]!.sent.map((s) => JSON.parse(s))).toEqual([{ type: 'hello', lastSeq: 12 }]);
    store.stop();
  });

  it('tells the views it is online as soon as the ready frame comes', () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    const store = new LiveStore(reference, snapshot);
    let heard = 0;
    store.subscribe(() => heard++);
    store.start();
    const socket = FakeSocket.made[0]!;
    socket.open();
    socket.receive({ type: 'ready', seq: 12 });
    expect(store.connection).toBe('online');
    expect(heard).toBe(1);
    store.stop();
    vi.useRealTimers();
  });
});
