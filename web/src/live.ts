// The console's live state: snapshot + event stream over WebSocket, the shared reducer, reconnection and what was missed.
import { createContext, useContext, useSyncExternalStore } from 'react';
import { telephonyFrom } from '../../src/domain/acd/projection.ts';
import type { StoredEvent } from '../../src/domain/events.ts';
import { isNewer, type UnitPosition } from '../../src/domain/positions.ts';
import { apply, emptyState, load, noneTouched, type State } from '../../src/domain/state.ts';
import type { Reference } from '../../src/domain/types.ts';
import type { EscalationsBody, ReferenceBody, SnapshotBody } from '../../src/protocol/bodies.ts';
import type { HelloFrame, ServerFrame } from '../../src/protocol/frames.ts';
import { ApiError, getJson } from './api.ts';
import { asEscalation, type EscalationFact } from './describe.ts';

export function toReference(wire: ReferenceBody): Reference {
  const byKey = <T>(items: T[] | undefined, key: (item: T) => string) =>
    new Map((items ?? []).map((item) => [key(item), item]));
  return {
    kecamatan: byKey(wire.kecamatan, (k) => k.code),
    desa: byKey(wire.desa, (d) => d.code),
    agencies: byKey(wire.agencies, (a) => a.id),
    stations: byKey(wire.stations, (s) => s.id),
    categories: byKey(wire.categories, (c) => c.code),
    // The SOP documents stay on the server; a `sop.published` event brings a new one and its categories.
    sops: new Map(),
  };
}

function stateFrom(ref: Reference, snapshot: SnapshotBody): State {
  const state = emptyState(ref);
  state.seq = snapshot.seq;
  load(state, snapshot);
  if (snapshot.telephony) state.telephony = telephonyFrom(snapshot.telephony);
  return state;
}

export type Connection = 'connecting' | 'online' | 'offline';

export interface Recovery {
  /** replayed: missed events came over the stream; reloaded: the gap was too old, the snapshot was reloaded. */
  kind: 'replayed' | 'reloaded';
  count: number;
}

const hello = (lastSeq: number): string => JSON.stringify({ type: 'hello', lastSeq } satisfies HelloFrame);

const MAX_BACKOFF_MS = 8000;
const NOTIFY_MS = 40;

/** Opens the stream's socket; `withSnapshot`: the server starts it at once with the user's snapshot (no hello). */
function openStream(withSnapshot = false): WebSocket {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return new WebSocket(`${scheme}://${location.host}/api/stream${withSnapshot ? '?snapshot=1' : ''}`);
}

/**
 * A console's first socket, opened beside its other requests with `?snapshot=1`: the server's first frame is the
 * snapshot (no /api/snapshot request, no hello round trip), and the frames after it wait here until the store takes
 * the socket (`LiveStore.start`).
 */
export class StartingStream {
  readonly socket: WebSocket;
  /** The snapshot frame; rejected when the socket closes before it (the console then asks /api/snapshot). */
  readonly snapshot: Promise<SnapshotBody>;
  /** Frames after the snapshot, until the store takes them. */
  readonly after: ServerFrame[] = [];

  constructor() {
    this.socket = openStream(true);
    this.snapshot = new Promise((resolve, reject) => {
      this.socket.onmessage = (message) => {
        let frame: ServerFrame;
        try {
          frame = JSON.parse(String(message.data)) as ServerFrame;
        } catch {
          return;
        }
        if (frame.type === 'snapshot') resolve(frame.snapshot);
        else this.after.push(frame);
      };
      this.socket.onclose = () => reject(new Error('stream closed before its snapshot'));
    });
    // Unheard if nobody waits any more (the console stopped); the store handles a later close itself.
    this.snapshot.catch(() => undefined);
  }

  close(): void {
    this.socket.close();
  }
}

export function backoffDelay(attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt);
}

export class LiveStore {
  state: State;
  connection: Connection = 'connecting';
  offlineSince: number | null = null;
  recovery: Recovery | null = null;
  /** Entity id → client time of its last change, to flash what just moved. */
  readonly changed = new Map<string, number>();
  /** Entities changed while this console was disconnected, marked until the user dismisses them. */
  readonly missed = new Set<string>();
  /** Latest position per unit (telemetry outside the log): `/api/units/positions` on (re)connect, then `positions` frames. */
  readonly positions = new Map<string, UnitPosition>();
  /** Whether this console follows positions (its role may read them): loads them when the stream is ready. */
  followsPositions = false;
  /** Latest SOP escalation per assignment, from `escalation.raised` events seen on the stream. */
  readonly escalations = new Map<string, EscalationFact>();
  version = 0;
  onUnauthorized: () => void = () => {};

  private readonly listeners = new Set<() => void>();
  private ws: WebSocket | null = null;
  private attempt = 0;
  private recovering = false;
  private replayed = 0;
  private stopped = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private notifyTimer: ReturnType<typeof setTimeout> | null = null;
  /** Events that arrive while a snapshot loads, applied again on top of it when they are newer than it. */
  private duringReload: StoredEvent[] | null = null;

  constructor(ref: Reference, snapshot: SnapshotBody) {
    this.state = stateFrom(ref, snapshot);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /**
   * Tells the views that the state moved, at most once per NOTIFY_MS: a console catching up on thousands of
   * missed events renders a few times, not once per event.
   */
  private notify(now = false): void {
    this.version++;
    if (now) {
      // The connection's state is news on its own (the console goes live): shown at once, with anything pending.
      if (this.notifyTimer) clearTimeout(this.notifyTimer);
      this.notifyTimer = null;
      for (const listener of this.listeners) listener();
      return;
    }
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      for (const listener of this.listeners) listener();
    }, NOTIFY_MS);
  }

  /**
   * Follows the stream; `early` is the socket that brought this store's snapshot, already following on from it: its
   * waiting frames are taken in order and no hello is said on it.
   */
  start(early?: StartingStream): void {
    window.addEventListener('offline', this.handleOffline);
    window.addEventListener('online', this.handleOnline);
    if (early && early.socket.readyState === WebSocket.OPEN) {
      this.follow(early.socket, true);
      for (const frame of early.after.splice(0)) void this.receive(early.socket, frame);
    } else {
      early?.close();
      this.connect();
    }
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('offline', this.handleOffline);
    window.removeEventListener('online', this.handleOnline);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.notifyTimer) clearTimeout(this.notifyTimer);
    this.ws?.close();
    this.ws = null;
  }

  /** The escalations still standing when the console loads (/api/escalations); the stream brings later ones. */
  showStanding(standing: EscalationsBody['escalations']): void {
    for (const e of standing) {
      const { assignmentId, agencyId, kind, occurrences: occurrence, at } = e;
      this.escalations.set(assignmentId, { assignmentId, agencyId, kind, occurrence, at });
    }
  }

  dismissRecovery(): void {
    this.recovery = null;
    this.missed.clear();
    this.notify();
  }

  private connect(): void {
    if (this.stopped || this.ws) return;
    this.follow(openStream());
  }

  /** Says hello on the socket once it is open (unless the server started it already) and takes its frames. */
  private follow(ws: WebSocket, started = false): void {
    this.ws = ws;
    const greet = () => {
      this.replayed = 0;
      ws.send(hello(this.state.seq));
    };
    if (started) this.replayed = 0;
    else if (ws.readyState === WebSocket.OPEN) greet();
    else ws.onopen = greet;
    ws.onmessage = (message) => {
      let data: ServerFrame;
      try {
        data = JSON.parse(String(message.data)) as ServerFrame;
      } catch {
        return;
      }
      void this.receive(ws, data);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.lost();
    };
  }

  private async receive(ws: WebSocket, data: ServerFrame): Promise<void> {
    switch (data.type) {
      case 'event':
        this.applyEvent(data.event);
        break;
      case 'ready':
        this.attempt = 0;
        if (this.recovering) {
          this.recovery = { kind: 'replayed', count: this.replayed };
          this.recovering = false;
        }
        this.connection = 'online';
        this.offlineSince = null;
        this.notify(true);
        // Frames are not replayed: what moved while away comes from the current positions.
        if (this.followsPositions) void this.loadPositions();
        break;
      case 'positions':
        this.takePositions(data.positions);
        break;
      case 'snapshot_required':
        await this.reloadSnapshot();
        if (ws.readyState === WebSocket.OPEN) ws.send(hello(this.state.seq));
        break;
      case 'error':
        console.warn('stream:', data.message);
        break;
    }
  }

  /** Keeps the newest fix of each unit; an older one (a late frame or load) never replaces a newer. */
  takePositions(positions: readonly UnitPosition[]): void {
    let moved = false;
    for (const p of positions) {
      if (!isNewer(p, this.positions.get(p.unitId))) continue;
      this.positions.set(p.unitId, p);
      moved = true;
    }
    if (moved) this.notify();
  }

  private async loadPositions(): Promise<void> {
    try {
      this.takePositions(await getJson<UnitPosition[]>('/api/units/positions'));
    } catch {
      // the next ready frame tries again
    }
  }

  applyEvent(event: StoredEvent): void {
    if (event.seq <= this.state.seq) return;
    this.duringReload?.push(event);
    // A unit of ours sent on an assignment this console has never seen (a crew's page): the snapshot holds it.
    const unseen =
      event.type === 'assignment.unit_assigned' && !this.state.assignments.has(event.assignmentId);
    const touched = apply(this.state, event, noneTouched());
    const escalation = asEscalation(event);
    if (escalation) {
      this.escalations.set(escalation.assignmentId, escalation);
      touched.assignments.add(escalation.assignmentId);
    }
    this.state.seq = event.seq;
    const now = Date.now();
    const ids = [...touched.calls, ...touched.incidents, ...touched.assignments, ...touched.units];
    for (const id of ids) {
      this.changed.set(id, now);
      if (this.recovering) this.missed.add(id);
    }
    // An assignment or unit change also marks its incident, so lists of incidents can show it moved.
    for (const id of [...touched.assignments, ...touched.units]) {
      const incidentId = this.state.assignments.get(id)?.incidentId ?? this.state.units.get(id)?.incidentId;
      if (incidentId) {
        this.changed.set(incidentId, now);
        if (this.recovering) this.missed.add(incidentId);
      }
    }
    if (this.recovering) this.replayed++;
    this.notify();
    if (unseen && !this.duringReload) void this.reloadSnapshot().catch(() => this.lost());
  }

  /**
   * Loads the snapshot again: after a gap the server no longer replays (a recovery, which the banner reports with
   * what changed), or because an event named something this console has never seen (a crew sent on a new task),
   * which is no disconnection and reports nothing.
   */
  private async reloadSnapshot(): Promise<void> {
    const recovery = this.recovering;
    this.duringReload = [];
    let snapshot: SnapshotBody;
    try {
      snapshot = await getJson<SnapshotBody>('/api/snapshot');
    } catch (error) {
      this.duringReload = null;
      throw error;
    }
    const arrived = this.duringReload;
    this.duringReload = null;
    const before = this.state;
    const next = stateFrom(before.ref, snapshot);
    for (const event of arrived) {
      if (event.seq <= next.seq) continue;
      apply(next, event, noneTouched());
      next.seq = event.seq;
    }
    let count = 0;
    const now = Date.now();
    const diff = <T extends { id: string; updatedAt?: number; status: string }>(
      a: Map<string, T>,
      b: Map<string, T>,
    ) => {
      for (const [id, item] of b) {
        const old = a.get(id);
        if (!old || old.status !== item.status || old.updatedAt !== item.updatedAt) {
          count++;
          this.changed.set(id, now);
          if (recovery) this.missed.add(id);
        }
      }
    };
    diff(before.incidents, next.incidents);
    diff(before.assignments, next.assignments);
    diff(before.calls, next.calls);
    this.state = next;
    if (recovery) {
      this.recovery = { kind: 'reloaded', count };
      this.recovering = false;
    }
    this.notify();
  }

  private lost(): void {
    if (this.stopped) return;
    if (this.connection !== 'offline') {
      this.connection = 'offline';
      this.offlineSince ??= Date.now();
      this.recovery = null;
      this.notify();
    }
    this.recovering = true;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.stopped) return;
    const delay = backoffDelay(this.attempt++);
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = null;
      if (!navigator.onLine) return; // the 'online' event reconnects
      try {
        await getJson('/api/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          this.stop();
          this.onUnauthorized();
          return;
        }
        this.scheduleReconnect();
        return;
      }
      this.connect();
    }, delay);
  }

  private readonly handleOffline = () => {
    const ws = this.ws;
    this.ws = null;
    ws?.close();
    this.lost();
  };

  private readonly handleOnline = () => {
    this.attempt = 0;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.scheduleReconnect();
  };
}

export const LiveContext = createContext<LiveStore | null>(null);

/** The live store; the component re-renders on every applied event. */
export function useLive(): LiveStore {
  const store = useContext(LiveContext);
  if (!store) throw new Error('useLive outside LiveContext');
  useSyncExternalStore(store.subscribe, store.getVersion);
  return store;
}
