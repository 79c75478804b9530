// A WebSocket test client for /api/stream: says hello, collects frames, waits for events or for `ready`.
import { Value } from 'typebox/value';
import WebSocket from 'ws';
import type { StoredEvent } from '../../src/domain/events.ts';
import { type HelloFrame, ServerFrame } from '../../src/protocol/frames.ts';

type Frame = ServerFrame;

const WAIT_MS = 10_000;

export class StreamClient {
  readonly socket: WebSocket;
  readonly frames: Frame[] = [];
  /** A frame that does not match src/protocol/frames.ts: every wait then fails with it. */
  invalidFrame: string | null = null;
  closed: { code: number; reason: string } | null = null;
  private readonly waiters = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (raw) => {
      const frame: unknown = JSON.parse(String(raw));
      if (Value.Check(ServerFrame, frame)) this.frames.push(frame);
      else
        this.invalidFrame ??= `${String(raw).slice(0, 300)}: ${JSON.stringify(Value.Errors(ServerFrame, frame)[0])}`;
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
  }

  /** Opens the stream with the session cookie (`name=value`) of a logged-in client; `query` e.g. `?snapshot=1`. */
  static connect(url: string, cookie: string, query = ''): Promise<StreamClient> {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/api/stream${query}`, { headers: { cookie } });
    const client = new StreamClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  /** Connects and says hello; resolves with the client once `ready` (or `snapshot_required`) arrives. */
  static async open(url: string, cookie: string, lastSeq: number): Promise<StreamClient> {
    const client = await StreamClient.connect(url, cookie);
    client.hello(lastSeq);
    await client.until(() => client.frames.some((f) => f.type === 'ready' || f.type === 'snapshot_required'));
    return client;
  }

  hello(lastSeq: number): void {
    const hello: HelloFrame = { type: 'hello', lastSeq };
    this.socket.send(JSON.stringify(hello));
  }

  get events(): StoredEvent[] {
    return this.frames.flatMap((f) => (f.type === 'event' ? [f.event] : []));
  }

  /** Highest seq of an event received so far, or the `ready` seq when later. */
  get lastSeq(): number {
    let seq = 0;
    for (const f of this.frames) {
      if (f.type === 'event') seq = Math.max(seq, f.event.seq);
      if (f.type === 'ready') seq = Math.max(seq, f.seq);
    }
    return seq;
  }

  /** Resolves when the condition holds; rejects after a generous timeout with what was received. */
  until(condition: () => boolean, what = 'condition'): Promise<void> {
    if (this.invalidFrame)
      return Promise.reject(new Error(`Frame not in the protocol: ${this.invalidFrame}`));
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.invalidFrame) {
          clearTimeout(timer);
          this.waiters.delete(check);
          reject(new Error(`Frame not in the protocol: ${this.invalidFrame}`));
        } else if (condition()) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Timed out waiting for ${what}; got ${JSON.stringify(this.frames.map(brief))}`));
      }, WAIT_MS);
      this.waiters.add(check);
    });
  }

  waitForEvents(count: number): Promise<void> {
    return this.until(() => this.events.length >= count, `${count} events`);
  }

  /** Waits until an event with at least this seq arrived. */
  waitForSeq(seq: number): Promise<void> {
    return this.until(() => this.events.some((e) => e.seq >= seq), `event seq ${seq}`);
  }

  waitForClose(): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closed !== null, 'close').then(() => this.closed!);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.socket.close();
    return this.waitForClose().then(() => undefined);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function brief(frame: Frame): string {
  return frame.type === 'event' ? `${frame.event.seq}:${frame.event.type}` : frame.type;
}
