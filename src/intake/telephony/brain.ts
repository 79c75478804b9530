// The telephony brain: turns Kamailio call events into telephony commands through Pinisi's one engine, and tells the
// switch what the committed events decided (ring a position, hold the caller). It keeps only the switch's open
// transactions in memory; positions, queue, calls, callbacks, locations and blocks are the log's projection.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AcdView } from '../../domain/acd/acd.ts';
import type {
  AcdConfig,
  CallbackEntry,
  Decision,
  HangupBy,
  Position,
  QueueStats,
  TelephonyCall,
} from '../../domain/acd/types.ts';
import type { CommandPayload, CommandType } from '../../domain/commands.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { State } from '../../domain/state.ts';
import type { Actor } from '../../domain/types.ts';
import { DEFAULT_LOCATION_FETCH_TIMEOUT_MS, dereferenceLocation } from '../location/dereference.ts';
import { isInsideServiceArea, type ServiceArea } from '../location/service-area.ts';
import { locationFromSip } from '../location/sip-geolocation.ts';
import type { CallerLocation } from '../location/types.ts';
import { type KamailioEvent, parseKamailioEvent, type Suspension } from './kamailio-events.ts';

/** Pinisi's command path as the brain sees it: commands in, the live state and its committed events out. */
export interface CommandSink {
  /** Runs a command as `actor` (the telephony system actor when null); rejects with the domain's refusal. */
  execute<T extends CommandType>(
    type: T,
    payload: CommandPayload<T>,
    idempotencyKey: string,
    actor?: Actor | null,
  ): Promise<{ result: Record<string, unknown> }>;
  /** The live state commands are decided on; `state.telephony` is the projection the queue decides on. */
  readonly state: State;
  readonly acd: AcdConfig;
  /** Called with every batch of committed events (from this node or another), in sequence order. */
  subscribe(listener: (events: readonly DomainEvent[]) => void): () => void;
}

type LiveCallState = TelephonyCall['status'];

/** A call as the consoles see it from the telephony side: number, location and its times. */
export interface LiveCall {
  sipCallId: string;
  /** The id of the call in Pinisi's log. */
  callId: string | null;
  number: string | null;
  state: LiveCallState;
  fallback: boolean;
  blockedReason: string | null;
  location: CallerLocation | null;
  /** True when the location lies outside the service area: the call may belong to a neighbouring kabupaten. */
  outsideServiceArea: boolean | null;
  locationError: string | null;
  positionId: string | null;
  offeredAt: number;
  rangAt: number | null;
  answeredAt: number | null;
  /** The call taker (user id) who answered. */
  answeredBy: string | null;
  endedAt: number | null;
  endedBy: HangupBy | null;
  /** The desk the call is being transferred to, while its phone rings. */
  transferTo: string | null;
  /** The desks the call was transferred from, in order. */
  transferredFrom: string[];
  /** The outside number being dialled for a transfer, then the one the caller was passed to (by target id). */
  transferOut: string | null;
  transferredOut: string | null;
}

export function liveCallOf(call: TelephonyCall): LiveCall {
  return {
    sipCallId: call.id,
    callId: call.callId,
    number: call.number,
    state: call.status,
    fallback: call.fallback,
    blockedReason: call.blockedReason,
    location: call.location,
    outsideServiceArea: call.outsideServiceArea,
    locationError: call.locationError,
    positionId: call.ringingPosition ?? call.answeredBy,
    offeredAt: call.offeredAt,
    rangAt: call.rangAt,
    answeredAt: call.answeredAt,
    answeredBy: call.answeredByUser,
    endedAt: call.endedAt,
    endedBy: call.endedBy,
    transferTo: call.transferTo ?? null,
    transferredFrom: call.transferredFrom ?? [],
    transferOut: call.transferOut?.targetId ?? null,
    transferredOut: call.transferredOut?.targetId ?? null,
  };
}

export interface BrainOptions {
  commands: CommandSink;
  now?: () => number;
  /** The centre's service area (default Kabupaten Bulukumba). */
  serviceArea?: ServiceArea;
  /** How long fetching a location given by reference (HELD) may take (PINISI_LOCATION_FETCH_TIMEOUT_MS). */
  locationFetchTimeoutMs?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
}

/** The switch's side of one call: the transaction Kamailio holds suspended for our answer. */
interface Track {
  suspension: Suspension | null;
  /** A ring or hunt group decided while no suspension was held; delivered on the next one. */
  pending: Decision | null;
  /** The suspension is a caller held in the queue (Kamailio's "waiting"): keep it until someone is free. */
  holding: boolean;
  receivedAt: number | null;
}

export class TelephonyBrain {
  /** Read-only view of the projection the queue decides on. */
  readonly acd: AcdView;
  /** Routing latency (event received → decision sent), ms, for the benchmark. */
  readonly decisionLatenciesMs: number[] = [];
  readonly #options: BrainOptions;
  readonly #commands: CommandSink;
  readonly #now: () => number;
  readonly #tracks = new Map<string, Track>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #forgotten = new Set<string>();
  /** Calls named by the switch's replay since the last (re)connection; null outside a replay. */
  #replayed: Set<string> | null = null;
  #connectedAt = 0;
  readonly #unsubscribe: () => void;
  #send: (message: Record<string, unknown>) => boolean = () => false;
  #tickTimer: NodeJS.Timeout | null = null;
  #tickAt: number | null = null;
  #stopped = false;

  constructor(options: BrainOptions) {
    this.#options = options;
    this.#commands = options.commands;
    this.#now = options.now ?? Date.now;
    this.acd = new AcdView(options.commands.acd, () => options.commands.state.telephony);
    this.#unsubscribe = options.commands.subscribe((events) => this.#committed(events));
    this.#scheduleTick();
  }

  /** Connects the brain to the switch: `send` writes one JSON message to Kamailio. */
  attach(send: (message: Record<string, unknown>) => boolean): void {
    this.#send = send;
  }

  /** To call on (re)connection: Kamailio replays the calls it sent to the hunt group meanwhile. */
  connected(): void {
    this.#replayed = new Set();
    this.#connectedAt = this.#now();
    this.#send({ action: 'replay' });
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
  }

  // ── positions and blocks for a user (tests, tools); consoles send the same commands over HTTP ──

  login(positionId: string, userId: string, extension: string, contact: string): Promise<unknown> {
    return this.#run('telephony.sign_in', { positionId, extension, contact }, taker(userId));
  }

  logout(positionId: string, userId: string): Promise<unknown> {
    return this.#run('telephony.sign_out', { positionId }, taker(userId));
  }

  /** A call taker passes the call in hand to a configured outside target (or the supervisor). */
  transferOut(sipCallId: string, targetId: string, userId: string): Promise<unknown> {
    return this.#run('telephony.transfer_out', { sipCallId, targetId }, taker(userId));
  }

  /** A call taker (or, with `role` supervisor, anyone) passes the call in hand to another desk. */
  transfer(
    sipCallId: string,
    toPositionId: string,
    userId: string,
    role: Actor['role'] = 'call_taker',
  ): Promise<unknown> {
    return this.#run('telephony.transfer', { sipCallId, toPositionId }, { userId, role, agencyId: null });
  }

  block(number: string, durationMs: number, reason: string, by: string): Promise<unknown> {
    const minutes = Math.max(1, Math.round(durationMs / 60_000));
    return this.#run(
      'telephony.block',
      { number, minutes, reason },
      { userId: by, role: 'supervisor', agencyId: null },
    );
  }

  // ── views of the projection ──────────────────────────────────────────────

  positions(): Position[] {
    return this.acd.positions();
  }

  stats(): QueueStats {
    return this.acd.stats(this.#now());
  }

  callbacks(): CallbackEntry[] {
    return this.acd.callbacks();
  }

  liveCalls(): LiveCall[] {
    const t = this.#commands.state.telephony;
    return [...t.ended.values(), ...t.calls.values()]
      .sort((a, b) => a.offeredAt - b.offeredAt)
      .map(liveCallOf);
  }

  liveCall(sipCallId: string): LiveCall | undefined {
    const call = this.acd.call(sipCallId);
    return call ? liveCallOf(call) : undefined;
  }

  /** Waits until every event handed to the brain so far has been decided and answered. */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** A location that arrived on its own (AML): attached to the live call of that number, or kept a while. */
  async offerLocation(number: string, location: CallerLocation): Promise<LiveCall | null> {
    const { result } = await this.#commands.execute(
      'telephony.locate',
      { number, location, outsideServiceArea: this.#outside(location) },
      `aml:${randomUUID()}`,
    );
    return typeof result.sipCallId === 'string' ? (this.liveCall(result.sipCallId) ?? null) : null;
  }

  // ── events from Kamailio ─────────────────────────────────────────────────

  /** Handles one event from the switch; resolves once it is recorded and the switch has its answer. */
  handle(raw: Record<string, unknown>): Promise<void> {
    const receivedAt = performance.now();
    const event = parseKamailioEvent(raw);
    if (!event) {
      this.#log('warn', 'Ignored an unreadable event from Kamailio', { raw });
      return Promise.resolve();
    }
    if (event.callId !== null && (event.type === 'journal' || event.type === 'fallback'))
      this.#replayed?.add(event.callId);
    const work = this.#handle(event, receivedAt).catch((error) => {
      this.#log('error', 'Telephony event failed', { error: String(error), callId: event.callId });
    });
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
    return work;
  }

  async #handle(event: KamailioEvent, receivedAt: number): Promise<void> {
    switch (event.type) {
      case 'offer': {
        const track = this.#track(event.callId);
        track.suspension = event.suspension;
        track.holding = false;
        track.receivedAt = receivedAt;
        const location = locationFromSip({
          geolocationHeader: event.geolocation,
          contentType: event.contentType,
          body: event.body,
        });
        const { result } = await this.#system('telephony.offer', {
          sipCallId: event.callId,
          number: event.number,
          fromTag: event.fromTag,
          location: location.ok ? location.location : null,
          outsideServiceArea: location.ok ? this.#outside(location.location) : null,
          locationError: !location.ok && event.geolocation !== null ? location.error : null,
          civicAddress: location.civic ?? null,
          locationRef: location.ok ? null : (location.reference ?? null),
        });
        this.#answer(track, event.callId, event.suspension, result);
        if (!location.ok && location.reference && result.duplicate === false)
          this.#dereference(event.callId, location.reference);
        break;
      }
      case 'waiting': {
        const track = this.#tracks.get(event.callId);
        if (!track) return;
        track.suspension = event.suspension;
        track.holding = true;
        if (track.pending) {
          const decision = track.pending;
          track.pending = null;
          this.#deliver(track, decision);
        }
        break;
      }
      case 'ring_failed': {
        const track = this.#track(event.callId);
        track.suspension = event.suspension;
        track.holding = false;
        track.pending = null;
        track.receivedAt = receivedAt;
        const { result } = await this.#system('telephony.ring_failed', {
          sipCallId: event.callId,
          code: event.code,
        });
        this.#answer(track, event.callId, event.suspension, result);
        break;
      }
      case 'answered':
        await this.#system('telephony.answer', { sipCallId: event.callId, contact: event.contact });
        break;
      case 'transferred':
      case 'transfer_failed':
        await this.#system('telephony.transfer_result', {
          sipCallId: event.callId,
          ok: event.type === 'transferred',
          code: event.type === 'transferred' ? 200 : event.code,
        });
        break;
      case 'ended':
      case 'abandoned': {
        await this.#system('telephony.hang_up', {
          sipCallId: event.callId,
          fromTag: event.fromTag,
          ...(event.type === 'abandoned' ? { cancelled: true } : {}),
        });
        this.#tracks.delete(event.callId);
        this.#forget(event.callId);
        break;
      }
      case 'fallback':
        await this.#fallback(event);
        break;
      case 'journal':
        await this.#journal(event);
        break;
      case 'replay_done':
        await this.#replayDone();
        break;
    }
  }

  /** An answered call in the switch's journal: what Pinisi missed of it (its answer, its end) is recorded. */
  async #journal(event: Extract<KamailioEvent, { type: 'journal' }>): Promise<void> {
    const call = this.#commands.state.telephony.calls.get(event.callId);
    if (!call || call.fallback) {
      if (!call) this.#forget(event.callId);
      return; // finished already, or the fallback replay's business
    }
    if (call.status === 'answered' && event.endedAt === null) return; // still on the line
    const { result } = await this.#system('telephony.reconcile', {
      sipCallId: event.callId,
      known: true,
      answeredAt: call.status === 'answered' ? null : event.answeredAt,
      contact: event.contact,
      endedAt: event.endedAt,
      endedFromTag: event.endedFromTag,
    });
    if (result.finished === true) {
      this.#tracks.delete(event.callId);
      this.#forget(event.callId);
    }
  }

  /**
   * The replay is complete: a call Pinisi holds as answered since before this connection that the switch has no
   * record of (its journal expired, or Kamailio restarted) cannot be on the line any more: it is closed, by unknown.
   */
  async #replayDone(): Promise<void> {
    const replayed = this.#replayed;
    this.#replayed = null;
    if (replayed === null) return;
    const stale = [...this.#commands.state.telephony.calls.values()].filter(
      (c) => c.status === 'answered' && !replayed.has(c.id) && (c.answeredAt ?? 0) < this.#connectedAt,
    );
    for (const call of stale) {
      await this.#system('telephony.reconcile', {
        sipCallId: call.id,
        known: false,
        answeredAt: null,
        contact: null,
        endedAt: null,
        endedFromTag: null,
      });
    }
  }

  /** A call Kamailio rang on its fixed hunt group: record it, with whatever happened to it meanwhile. */
  async #fallback(event: Extract<KamailioEvent, { type: 'fallback' }>): Promise<void> {
    const track = this.#tracks.get(event.callId);
    if (track) {
      track.pending = null;
      track.suspension = null;
      track.holding = false;
    }
    const location = locationFromSip({
      geolocationHeader: event.geolocation,
      contentType: event.contentType,
      body: event.body,
    });
    this.#log('warn', 'A call rang the fallback hunt group', {
      callId: event.callId,
      replayed: event.replayed,
    });
    const { result } = await this.#system('telephony.fallback', {
      sipCallId: event.callId,
      number: event.number,
      fromTag: event.fromTag,
      location: location.ok ? location.location : null,
      outsideServiceArea: location.ok ? this.#outside(location.location) : null,
      offeredAt: event.at,
      fallbackAt: event.fallbackAt,
      answeredAt: event.answeredAt,
      contact: event.contact,
      endedAt: event.endedAt,
      endedFromTag: event.endedFromTag,
      abandonedAt: event.abandonedAt,
      reason: event.reason,
    });
    if (result.finished === true) {
      this.#tracks.delete(event.callId);
      this.#forget(event.callId);
    }
  }

  /** Fetches a call's location reference beside the routing (never delaying it) and records the outcome. */
  #dereference(sipCallId: string, reference: string): void {
    const work = dereferenceLocation(reference, {
      timeoutMs: this.#options.locationFetchTimeoutMs ?? DEFAULT_LOCATION_FETCH_TIMEOUT_MS,
    })
      .then((found) =>
        this.#system('telephony.dereferenced', {
          sipCallId,
          reference,
          location: found.ok ? found.location : null,
          outsideServiceArea: found.ok ? this.#outside(found.location) : null,
          civicAddress: found.civic ?? null,
          error: found.ok ? null : found.error,
        }),
      )
      .catch((error) => this.#log('warn', 'Recording a fetched location failed', { error: String(error) }));
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  // ── decisions to the switch ──────────────────────────────────────────────

  /** Lets Kamailio drop a fallback call it keeps for replay: once per call in this process (again after a restart). */
  #forget(sipCallId: string): void {
    if (this.#forgotten.has(sipCallId)) return;
    if (this.#forgotten.size > 10_000) this.#forgotten.clear();
    this.#forgotten.add(sipCallId);
    this.#send({ action: 'forget', callId: sipCallId });
  }

  /** After an offer or a failed ring: if no committed ring took the suspension, the command's answer does. */
  #answer(track: Track, callId: string, suspension: Suspension, result: Record<string, unknown>): void {
    if (track.suspension !== suspension) return;
    const decisions = (result.decisions ?? []) as Decision[];
    this.#deliver(track, decisions.find((d) => d.callId === callId) ?? { kind: 'wait', callId });
  }

  /** Committed events from any node: a ring or hunt group decided for a call this switch holds is sent to it. */
  #committed(events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (event.type === 'telephony.transfer_started') this.#transfer(event.sipCallId, event.contact);
      if (event.type === 'telephony.outside_transfer_started') this.#transfer(event.sipCallId, event.uri);
      const decision = decisionOf(event, this.#commands.acd.ringTimeoutMs);
      const track = decision ? this.#tracks.get(decision.callId) : undefined;
      if (decision && track) this.#deliver(track, decision);
    }
    this.#scheduleTick();
  }

  /**
   * A transfer was decided: the switch rings the new desk and moves the caller once it answers. Without a switch, or
   * when the switch never reports (it went away), the transfer fails and the desk held for it is freed.
   */
  #transfer(sipCallId: string, contact: string): void {
    const ringMs = this.#commands.acd.ringTimeoutMs;
    const fail = (code: number | null) =>
      this.#system('telephony.transfer_result', { sipCallId, ok: false, code }).catch((error) =>
        this.#log('warn', 'Recording a failed transfer failed', { error: String(error) }),
      );
    if (!this.#send({ action: 'transfer', callId: sipCallId, target: contact, ringMs })) {
      this.#log('warn', 'Kamailio is not connected: the transfer fails', { callId: sipCallId });
      const work = fail(null);
      this.#inFlight.add(work);
      void work.finally(() => this.#inFlight.delete(work));
      return;
    }
    const guard = setTimeout(() => {
      const call = this.#commands.state.telephony.calls.get(sipCallId);
      if (!this.#stopped && (call?.transferTo || call?.transferOut)) void fail(408);
    }, ringMs + TRANSFER_GUARD_MS);
    guard.unref();
  }

  #deliver(track: Track, decision: Decision): void {
    if (!track.suspension) {
      if (decision.kind !== 'wait') track.pending = decision;
      return;
    }
    if (decision.kind === 'wait' && track.holding) return; // already held in the queue
    const { tindex, tlabel } = track.suspension;
    track.suspension = null;
    track.holding = false;
    if (!this.#send({ tindex, tlabel, ...this.#instruction(decision) }))
      this.#log('warn', 'Kamailio is not connected', { callId: decision.callId });
    if (track.receivedAt !== null) {
      this.decisionLatenciesMs.push(performance.now() - track.receivedAt);
      track.receivedAt = null;
    }
  }

  /** What Kamailio is told to do with a suspended call (see telephony/kamailio.cfg). */
  #instruction(decision: Decision): Record<string, unknown> {
    switch (decision.kind) {
      case 'ring':
        return { action: 'ring', target: decision.contact, ringMs: decision.timeoutMs };
      case 'fallback':
        return { action: 'fallback', reason: decision.reason };
      case 'wait':
        return { action: 'wait', maxWaitMs: this.#commands.acd.queueMaxWaitMs };
    }
  }

  /** Wrap-ups ending and blocked callers' waits are moments the queue must look again: a tick command then. */
  #scheduleTick(): void {
    if (this.#stopped) return;
    const at = this.acd.nextTimerAt(this.#now());
    if (at === this.#tickAt) return;
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
    this.#tickTimer = null;
    this.#tickAt = at;
    if (at === null) return;
    this.#tickTimer = setTimeout(
      () => {
        this.#tickTimer = null;
        this.#tickAt = null;
        void this.#system('telephony.tick', {})
          .catch((error) => this.#log('error', 'telephony.tick failed', { error: String(error) }))
          .finally(() => this.#scheduleTick());
      },
      Math.max(0, at - this.#now()),
    );
    this.#tickTimer.unref();
  }

  // ── commands to Pinisi ───────────────────────────────────────────────────

  #track(sipCallId: string): Track {
    let track = this.#tracks.get(sipCallId);
    if (!track) {
      track = { suspension: null, pending: null, holding: false, receivedAt: null };
      this.#tracks.set(sipCallId, track);
    }
    return track;
  }

  #system<T extends CommandType>(type: T, payload: CommandPayload<T>) {
    return this.#commands.execute(type, payload, `sip:${randomUUID()}`, null);
  }

  #run<T extends CommandType>(type: T, payload: CommandPayload<T>, actor: Actor) {
    const work = this.#commands.execute(type, payload, `brain:${randomUUID()}`, actor);
    this.#inFlight.add(work);
    void work.catch(() => undefined).finally(() => this.#inFlight.delete(work));
    return work;
  }

  #outside(location: CallerLocation): boolean {
    return !isInsideServiceArea(location.lat, location.lon, this.#options.serviceArea);
  }

  #log(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void {
    this.#options.log?.(level, message, data);
  }
}

/** How long past the ring time a transfer may take (the caller's re-INVITE) before it is given up as failed. */
const TRANSFER_GUARD_MS = 40_000;

/** The switch's part of a committed event: a desk to ring, or the hunt group Pinisi chose for a call. */
function decisionOf(event: DomainEvent, ringTimeoutMs: number): Decision | null {
  if (event.type === 'telephony.call_ringing') {
    const { sipCallId: callId, positionId, contact } = event;
    return { kind: 'ring', callId, positionId, contact, timeoutMs: ringTimeoutMs };
  }
  if (
    event.type === 'telephony.call_fallback' &&
    (event.reason === 'no_desk' || event.reason === 'all_failed' || event.reason === 'refused')
  )
    return { kind: 'fallback', callId: event.sipCallId, reason: event.reason };
  return null;
}

function taker(userId: string): Actor {
  return { userId, role: 'call_taker', agencyId: null };
}
