// The live stream: every committed event a user may see, in sequence order, with resume from the last seen seq.
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { StoredEvent } from '../domain/events.ts';
import { seesPositionOf, type UnitPosition } from '../domain/positions.ts';
import { RECENT_WINDOW_MS } from '../domain/state.ts';
import type { Actor } from '../domain/types.ts';
import { seesEvent, snapshotFor } from '../domain/visibility.ts';
import { encodeFrame } from '../protocol/frames.ts';
import type { EventStore } from '../store/event-store.ts';
import type { RecordRead } from './access-log.ts';
import { actorOf, SESSION_COOKIE } from './auth.ts';
import type { Engine } from './engine.ts';

const PING_MS = 10_000;
/** A console this far behind on its socket is disconnected; it resumes from its last seq on reconnect. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const REPLAY_PAGE = 1000;

interface Client {
  socket: WebSocket;
  actor: Actor;
  /** The session token the socket was opened with; its logout closes the socket. */
  token: string;
  /** Highest seq sent to this client; -1 until it said hello. */
  sentSeq: number;
  /** Live events that arrived while the client was catching up from the log. */
  backlog: StoredEvent[] | null;
  alive: boolean;
}

export class Hub {
  private readonly clients = new Set<Client>();
  private readonly engine: Engine;
  private readonly store: EventStore;
  private readonly replayLimit: number;
  private readonly timer: NodeJS.Timeout;
  private readonly sessionAlive: (token: string) => Promise<boolean>;

  /** `sessionAlive` says whether a socket's session is still valid (and marks it in use); checked every ping. */
  constructor(
    engine: Engine,
    store: EventStore,
    replayLimit: number,
    sessionAlive: (token: string) => Promise<boolean> = async () => true,
  ) {
    this.engine = engine;
    this.store = store;
    this.replayLimit = replayLimit;
    this.sessionAlive = sessionAlive;
    engine.subscribe((events) => this.publish(events));
    this.timer = setInterval(() => this.ping(), PING_MS);
    this.timer.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.timer);
    for (const client of this.clients) client.socket.close(1001, 'server stopping');
  }

  /** Takes a console's socket; `fromSnapshot` starts it at once with the snapshot frame instead of waiting for hello. */
  attach(socket: WebSocket, actor: Actor, token: string, fromSnapshot = false): void {
    const client: Client = { socket, actor, token, sentSeq: -1, backlog: null, alive: true };
    this.clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    socket.on('message', (raw) => {
      let message: { type?: unknown; lastSeq?: unknown };
      try {
        message = JSON.parse(String(raw));
      } catch {
        return this.send(client, encodeFrame({ type: 'error', message: 'Messages must be JSON' }));
      }
      if (message.type === 'hello' && Number.isInteger(message.lastSeq) && (message.lastSeq as number) >= 0) {
        void this.hello(client, message.lastSeq as number);
      } else {
        this.send(
          client,
          encodeFrame({ type: 'error', message: 'Expected {"type":"hello","lastSeq":<integer ≥ 0>}' }),
        );
      }
    });
    if (fromSnapshot) this.startFromSnapshot(client);
  }

  /** Closes every socket opened with this session token: a logout takes effect on the stream at once. */
  closeSession(token: string): void {
    for (const client of this.clients) {
      if (client.token === token) {
        this.clients.delete(client);
        client.socket.close(4401, 'logged out');
      }
    }
  }

  /** Closes every socket of this user: the account was disabled, reset or its sessions revoked. */
  closeUser(userId: string): void {
    for (const client of this.clients) {
      if (client.actor.userId === userId) {
        this.clients.delete(client);
        client.socket.close(4401, 'session revoked');
      }
    }
  }

  /**
   * Sends the user's snapshot as the socket's first frame and follows on from its seq (then `ready`): a console that
   * starts opens its socket beside its other requests and needs neither /api/snapshot nor a hello round trip.
   */
  private startFromSnapshot(client: Client): void {
    const snapshot = snapshotFor(this.engine.state, client.actor, {
      since: this.engine.now() - RECENT_WINDOW_MS,
    });
    this.send(client, encodeFrame({ type: 'snapshot', snapshot }));
    void this.hello(client, snapshot.seq);
  }

  /**
   * Replays what the client missed from the log, then switches it to live events. The replay stops at the seq this
   * node's state has applied (`head`): the log may hold more (another node's commit this node has yet to read, or
   * its own commit a moment before it is adopted), and those reach the socket from the engine once applied, through
   * the backlog, so a read after any event on this node's stream includes that event.
   */
  private async hello(client: Client, lastSeq: number): Promise<void> {
    // A console that comes from a node further on (several nodes) waits for this one to apply what it has seen.
    if (lastSeq > this.engine.seq) await this.engine.reach(lastSeq);
    const head = this.engine.seq;
    if (lastSeq > head || head - lastSeq > this.replayLimit) {
      this.send(client, encodeFrame({ type: 'snapshot_required', seq: head }));
      return;
    }
    client.backlog = [];
    client.sentSeq = lastSeq;
    try {
      while (client.sentSeq < head) {
        const page = await this.store.eventsAfter(client.sentSeq, REPLAY_PAGE, head);
        if (page.length === 0) break;
        for (const event of page) this.deliver(client, event, null);
      }
    } catch {
      client.socket.close(1011, 'replay failed');
      return;
    }
    const backlog = client.backlog;
    client.backlog = null;
    for (const event of backlog) this.deliver(client, event, null);
    this.send(client, encodeFrame({ type: 'ready', seq: Math.max(client.sentSeq, head) }));
  }

  /** Positions that changed: each console gets the units it may follow (positions.ts), in one frame. */
  sendPositions(positions: UnitPosition[]): void {
    const units = this.engine.state.units;
    for (const client of this.clients) {
      if (client.sentSeq < 0) continue;
      const shown = positions.filter((p) => {
        const unit = units.get(p.unitId);
        return unit !== undefined && seesPositionOf(client.actor, unit);
      });
      if (shown.length > 0) this.send(client, encodeFrame({ type: 'positions', positions: shown }));
    }
  }

  private publish(events: StoredEvent[]): void {
    for (const event of events) {
      let frame: string | null = null;
      for (const client of this.clients) {
        if (client.sentSeq < 0) continue;
        if (client.backlog) {
          client.backlog.push(event);
          continue;
        }
        frame ??= encodeFrame({ type: 'event', event });
        this.deliver(client, event, frame);
      }
    }
  }

  private deliver(client: Client, event: StoredEvent, frame: string | null): void {
    if (event.seq <= client.sentSeq) return;
    client.sentSeq = event.seq;
    if (!seesEvent(client.actor, event, this.engine.state)) return;
    this.send(client, frame ?? encodeFrame({ type: 'event', event }));
  }

  private send(client: Client, frame: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      client.socket.close(4008, 'too far behind; resume from your last seq');
      return;
    }
    client.socket.send(frame);
  }

  /** Closes the sockets whose session expired or was revoked; the others keep their session in use. */
  async checkSessions(): Promise<void> {
    const tokens = new Set([...this.clients].map((c) => c.token));
    for (const token of tokens) {
      // A database that cannot be asked right now ends no stream.
      if (await this.sessionAlive(token).catch(() => true)) continue;
      for (const client of this.clients) {
        if (client.token === token) client.socket.close(4401, 'session expired');
      }
    }
  }

  private ping(): void {
    void this.checkSessions();
    for (const client of this.clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}

export function registerStreamRoute(
  app: FastifyInstance,
  hub: Hub,
  /** Records a read of personal data (the snapshot frame, like /api/snapshot) in the access log. */
  recordRead: RecordRead,
): void {
  app.get('/api/stream', { websocket: true }, (socket, request) => {
    if (!request.user || request.user.mustChangePassword) {
      socket.close(4401, request.user ? 'choose a new password first' : 'not logged in');
      return;
    }
    const fromSnapshot = (request.query as { snapshot?: unknown }).snapshot === '1';
    hub.attach(socket, actorOf(request.user), request.cookies[SESSION_COOKIE]!, fromSnapshot);
    if (fromSnapshot) recordRead(request, 'snapshot');
  });
}
