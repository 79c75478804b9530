// @vitest-environment happy-dom
// Going live: the socket opened while the state loaded is the one the store says hello on (no second handshake),
// and the console shows "online" as soon as the ready frame comes, not a render tick later.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveStore, openStream, toReference } from './live.ts';

class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static made: FakeSocket[] = [];
  readonly OPEN = 1;
  readyState = FakeSocket.CONNECTING;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.made.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = FakeSocket.CLOSED;
  }
  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const reference = toReference({ kecamatan: [], desa: [], agencies: [], stations: [], categories: [] });
const snapshot = { seq: 12, calls: [], incidents: [], assignments: [], units: [] };

afterEach(() => {
  vi.unstubAllGlobals();
  FakeSocket.made = [];
});

describe('LiveStore.start with a socket opened early', () => {
  it('says hello on a socket that opened while the snapshot loaded, without opening another', () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const early = openStream() as unknown as FakeSocket;
    expect(early.url).toMatch(/\/api\/stream$/);
    early.open(); // the handshake finished before the snapshot arrived
    const store = new LiveStore(reference, snapshot);
    store.start(early as unknown as WebSocket);
    expect(FakeSocket.made).toHaveLength(1);
    expect(early.sent.map((s) => JSON.parse(s))).toEqual([{ type: 'hello', lastSeq: 12 }]);
    store.stop();
  });

  it('says hello once a socket still connecting opens', () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const early = openStream() as unknown as FakeSocket;
    const store = new LiveStore(reference, snapshot);
    store.start(early as unknown as WebSocket);
    expect(early.sent).toEqual([]);
    early.open();
    expect(early.sent.map((s) => JSON.parse(s))).toEqual([{ type: 'hello', lastSeq: 12 }]);
    expect(FakeSocket.made).toHaveLength(1);
    store.stop();
  });

  it('opens a new socket when the early one closed meanwhile', () => {
    vi.stubGlobal('WebSocket', FakeSocket);
    const early = openStream() as unknown as FakeSocket;
    early.close();
    const store = new LiveStore(reference, snapshot);
    store.start(early as unknown as WebSocket);
    expect(FakeSocket.made).toHaveLength(2);
    FakeSocket.made[1]!.open();
    expect(FakeSocket.made[1]!.sent).toHaveLength(1);
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
