// The telephony brain: turns Kamailio call events into queue decisions for the switch and commands for Pinisi.
import { performance } from 'node:perf_hooks';
import { Acd } from '../../domain/acd/acd.ts';
import { type Block, BlockList } from '../../domain/acd/blocklist.ts';
import type {
  AcdConfig,
  CallbackEntry,
  Decision,
  HangupBy,
  Position,
  QueueStats,
} from '../../domain/acd/types.ts';
import type { CommandType } from '../../domain/commands.ts';
import { phoneNumberKey } from '../../domain/phone-number.ts';
import { isInsideServiceArea, type ServiceArea } from '../location/service-area.ts';
import { locationFromSip } from '../location/sip-geolocation.ts';
import type { CallerLocation } from '../location/types.ts';
import { type KamailioEvent, parseKamailioEvent, type Suspension } from './kamailio-events.ts';

/** How Pinisi's command path is reached; the brain acts as the `system` actor unless `onBehalfOf` names a user. */
export interface CommandSink {
  execute(
    type: CommandType,
    payload: Record<string, unknown>,
    idempotencyKey: string,
    onBehalfOf?: string | null,
  ): Promise<{ result: Record<string, unknown> }>;
}

type LiveCallState = 'queued' | 'ringing' | 'answered' | 'ended' | 'abandoned';

/** A call as the consoles see it from the telephony side: number, location and its times. */
export interface LiveCall {
  sipCallId: string;
  /** The id of the call in Pinisi's log, once registered. */
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
  answeredBy: string | null;
  endedAt: number | null;
  endedBy: HangupBy | null;
}

export interface BrainOptions {
  acd?: Partial<AcdConfig>;
  now?: () => number;
  commands?: CommandSink;
  /** Where a location that arrived before its call (AML) is kept, and for how long. */
  pendingLocationMs?: number;
  /** Blocked numbers, e.g. rebuilt from the block journal at start. */
  blocks?: BlockList;
  /** The centre's service area (default Kabupaten Bulukumba). */
  serviceArea?: ServiceArea;
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) => void;
  /** Called whenever a live call changes (for the realtime stream). */
  onCall?: (call: LiveCall) => void;
}

interface Track {
  live: LiveCall;
  fromTag: string | null;
  /** The suspended transaction waiting for our answer, if any. */
  suspension: Suspension | null;
  /** A decision made while no suspension was held; delivered on the next one. */
  pending: Decision | null;
  /** The suspension is a caller held in the queue (Kamailio's "waiting"): keep it until someone is free. */
  holding: boolean;
  receivedAt: number | null;
  /** Serialises the commands of one call: register before answer before end. */
  chain: Promise<void>;
}

interface PendingLocation {
  location: CallerLocation;
  expires: number;
}

export class TelephonyBrain {
  readonly acd: Acd;
  readonly blocks: BlockList;
  /** Routing latency (event received → decision sent), ms, for the benchmark. */
  readonly decisionLatenciesMs: number[] = [];
  readonly #options: BrainOptions;
  readonly #now: () => number;
  readonly #tracks = new Map<string, Track>();
  readonly #pendingLocations = new Map<string, PendingLocation>();
  #send: (message: Record<string, unknown>) => boolean = () => false;
  #tickTimer: NodeJS.Timeout | null = null;

  constructor(options: BrainOptions = {}) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.acd = new Acd(options.acd);
    this.blocks = options.blocks ?? new BlockList();
  }

  /** Connects the brain to the switch: `send` writes one JSON message to Kamailio. */
  attach(send: (message: Record<string, unknown>) => boolean): void {
    this.#send = send;
  }

  /** To call on (re)connection: Kamailio replays the calls it sent to the hunt group meanwhile. */
  connected(): void {
    this.#send({ action: 'replay' });
  }

  stop(): void {
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
  }

  // ── positions, blocks, views (used by the HTTP routes) ───────────────────

  login(positionId: string, userId: string, extension: string, contact: string): void {
    this.#apply(this.acd.login(positionId, userId, extension, contact, this.#now()));
  }

  logout(positionId: string): void {
    this.#apply(this.acd.logout(positionId, this.#now()));
  }

  setBreak(positionId: string, reason: string): void {
    this.acd.setBreak(positionId, reason, this.#now());
  }

  setAvailable(positionId: string): void {
    this.#apply(this.acd.setAvailable(positionId, this.#now()));
  }

  block(number: string, durationMs: number, reason: string, by: string): Block {
    return this.blocks.block(number, durationMs, reason, by, this.#now());
  }

  unblock(number: string, reason: string, by: string): boolean {
    return this.blocks.unblock(number, reason, by, this.#now());
  }

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
    return [...this.#tracks.values()].map((t) => ({ ...t.live }));
  }

  liveCall(sipCallId: string): LiveCall | undefined {
    const track = this.#tracks.get(sipCallId);
    return track ? { ...track.live } : undefined;
  }

  /** Waits until every command issued so far has been executed (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#tracks.values()].map((t) => t.chain));
  }

  /** A location that arrived on its own (AML): attached to the live call of that number, or kept a while. */
  offerLocation(number: string, location: CallerLocation): LiveCall | null {
    const key = phoneNumberKey(number);
    if (key === null) return null;
    const now = this.#now();
    const live = [...this.#tracks.values()]
      .filter((t) => t.live.number !== null && phoneNumberKey(t.live.number) === key)
      .filter((t) => t.live.state !== 'ended' && t.live.state !== 'abandoned')
      .sort((a, b) => b.live.offeredAt - a.live.offeredAt)[0];
    if (live) {
      this.#setLocation(live, location);
      this.#changed(live);
      return { ...live.live };
    }
    this.#pendingLocations.set(key, {
      location,
      expires: now + (this.#options.pendingLocationMs ?? 300_000),
    });
    return null;
  }

  // ── events from Kamailio ─────────────────────────────────────────────────

  handle(raw: Record<string, unknown>): void {
    const receivedAt = performance.now();
    const event = parseKamailioEvent(raw);
    if (!event) {
      this.#log('warn', 'Ignored an unreadable event from Kamailio', { raw });
      return;
    }
    try {
      this.#handle(event, receivedAt);
    } catch (error) {
      this.#log('error', 'Telephony event failed', { error: String(error), callId: event.callId });
    }
    this.#scheduleTick();
  }

  #handle(event: KamailioEvent, receivedAt: number): void {
    const now = this.#now();
    switch (event.type) {
      case 'offer': {
        const track = this.#track(event.callId, event.number, event.fromTag, now);
        track.suspension = event.suspension;
        track.holding = false;
        track.receivedAt = receivedAt;
        const location = locationFromSip({
          geolocationHeader: event.geolocation,
          contentType: event.contentType,
          body: event.body,
        });
        if (location.ok) this.#setLocation(track, location.location);
        else if (event.geolocation !== null) track.live.locationError = location.error;
        this.#takePendingLocation(track, now);
        const block = this.blocks.active(event.number, now);
        track.live.blockedReason = block?.reason ?? null;
        const offer = this.acd.offer(event.callId, event.number, now, block?.reason ?? null);
        if (!offer.duplicate) this.#register(track);
        this.#apply(offer.decisions);
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
        const track = this.#tracks.get(event.callId);
        if (!track) return;
        track.suspension = event.suspension;
        track.holding = false;
        track.pending = null;
        track.receivedAt = receivedAt;
        const decisions = this.acd.ringFailed(event.callId, now);
        if (!decisions.some((d) => d.callId === event.callId))
          decisions.push({ kind: 'wait', callId: event.callId });
        this.#apply(decisions);
        break;
      }
      case 'answered': {
        const track = this.#tracks.get(event.callId);
        if (!track) return;
        const result = this.acd.answered(event.callId, now, event.contact);
        if (result.duplicate) return;
        const position = result.positionId ? this.acd.position(result.positionId) : undefined;
        track.live.state = 'answered';
        track.live.answeredAt = now;
        track.live.positionId = result.positionId;
        track.live.answeredBy = position?.userId ?? null;
        this.#changed(track);
        if (position) this.#command(track, 'call.answer', 'answer', position.userId);
        break;
      }
      case 'ended':
      case 'abandoned': {
        const track = this.#tracks.get(event.callId);
        if (!track) return;
        const wasAnswered = track.live.state === 'answered';
        const by: HangupBy =
          event.fromTag === null ? 'unknown' : event.fromTag === track.fromTag ? 'caller' : 'call_taker';
        const decisions =
          event.type === 'ended' && wasAnswered
            ? this.acd.ended(event.callId, by, now).decisions
            : this.acd.abandoned(event.callId, now);
        if (track.live.state === 'ended' || track.live.state === 'abandoned') return;
        track.live.state = wasAnswered ? 'ended' : 'abandoned';
        track.live.endedAt = now;
        track.live.endedBy = wasAnswered ? by : 'caller';
        this.#changed(track);
        this.#command(track, 'call.end', 'end', null);
        if (track.live.fallback) this.#send({ action: 'forget', callId: track.live.sipCallId });
        this.#apply(decisions);
        break;
      }
      case 'fallback':
        this.#fallback(event, now);
        break;
    }
  }

  /** A call Kamailio rang on its fixed hunt group: record it, with whatever happened to it meanwhile. */
  #fallback(event: Extract<KamailioEvent, { type: 'fallback' }>, now: number): void {
    const known = this.#tracks.get(event.callId);
    const offeredAt = event.at ?? now;
    const track = known ?? this.#track(event.callId, event.number, event.fromTag, offeredAt);
    track.pending = null;
    track.suspension = null;
    track.holding = false;
    track.live.fallback = true;
    if (!known) {
      const location = locationFromSip({
        geolocationHeader: event.geolocation,
        contentType: event.contentType,
        body: event.body,
      });
      if (location.ok) this.#setLocation(track, location.location);
      this.#takePendingLocation(track, now);
    }
    const wasKnownToAcd = this.acd.call(event.callId) !== undefined;
    this.acd.offerFallback(event.callId, event.number, event.fallbackAt ?? offeredAt);
    if (track.live.state === 'queued') track.live.state = 'ringing';
    if (!known || !track.live.callId) this.#register(track);
    this.#log('warn', 'A call rang the fallback hunt group', {
      callId: event.callId,
      replayed: event.replayed,
    });
    if (event.answeredAt !== null && track.live.state === 'ringing') {
      this.acd.answered(event.callId, event.answeredAt, event.contact);
      track.live.state = 'answered';
      track.live.answeredAt = event.answeredAt;
    }
    const endedAt = event.endedAt ?? event.abandonedAt;
    if (endedAt !== null && track.live.state !== 'ended' && track.live.state !== 'abandoned') {
      const answered = track.live.state === 'answered';
      if (answered) {
        const by: HangupBy = event.endedFromTag === track.fromTag ? 'caller' : 'call_taker';
        this.#apply(this.acd.ended(event.callId, by, endedAt).decisions);
        track.live.endedBy = by;
      } else {
        this.#apply(this.acd.abandoned(event.callId, endedAt));
        track.live.endedBy = 'caller';
      }
      track.live.state = answered ? 'ended' : 'abandoned';
      track.live.endedAt = endedAt;
      this.#command(track, 'call.end', 'end', null);
      this.#send({ action: 'forget', callId: event.callId });
    }
    if (!wasKnownToAcd || known) this.#changed(track);
  }

  // ── decisions to the switch ──────────────────────────────────────────────

  #apply(decisions: Decision[]): void {
    for (const decision of decisions) {
      const track = this.#tracks.get(decision.callId);
      if (track) this.#deliver(track, decision);
    }
  }

  #deliver(track: Track, decision: Decision): void {
    const now = this.#now();
    if (decision.kind === 'ring') {
      track.live.state = 'ringing';
      track.live.positionId = decision.positionId;
      track.live.rangAt = now;
      this.#changed(track);
    } else {
      track.live.state = 'queued';
      track.live.positionId = null;
    }
    if (!track.suspension) {
      if (decision.kind === 'ring') track.pending = decision;
      return;
    }
    if (decision.kind === 'wait' && track.holding) return; // already held in the queue
    const { tindex, tlabel } = track.suspension;
    track.suspension = null;
    track.holding = false;
    const message =
      decision.kind === 'ring'
        ? { tindex, tlabel, action: 'ring', target: decision.contact, ringMs: decision.timeoutMs }
        : { tindex, tlabel, action: 'wait' };
    if (!this.#send(message))
      this.#log('warn', 'Kamailio is not connected', { callId: track.live.sipCallId });
    if (track.receivedAt !== null) {
      this.decisionLatenciesMs.push(performance.now() - track.receivedAt);
      track.receivedAt = null;
    }
  }

  #scheduleTick(): void {
    if (this.#tickTimer) clearTimeout(this.#tickTimer);
    this.#tickTimer = null;
    const at = this.acd.nextTimerAt();
    if (at === null) return;
    this.#tickTimer = setTimeout(
      () => {
        this.#tickTimer = null;
        this.#apply(this.acd.tick(this.#now()));
        this.#scheduleTick();
      },
      Math.max(0, at - this.#now()),
    );
  }

  // ── commands to Pinisi ───────────────────────────────────────────────────

  #track(sipCallId: string, number: string | null, fromTag: string | null, now: number): Track {
    const existing = this.#tracks.get(sipCallId);
    if (existing) return existing;
    const track: Track = {
      live: {
        sipCallId,
        callId: null,
        number,
        state: 'queued',
        fallback: false,
        blockedReason: null,
        location: null,
        outsideServiceArea: null,
        locationError: null,
        positionId: null,
        offeredAt: now,
        rangAt: null,
        answeredAt: null,
        answeredBy: null,
        endedAt: null,
        endedBy: null,
      },
      fromTag,
      suspension: null,
      pending: null,
      holding: false,
      receivedAt: null,
      chain: Promise.resolve(),
    };
    this.#tracks.set(sipCallId, track);
    this.#forgetOld(now);
    return track;
  }

  #register(track: Track): void {
    const commands = this.#options.commands;
    if (!commands) return;
    track.chain = track.chain.then(async () => {
      try {
        const { result } = await commands.execute(
          'call.register',
          { channel: 'voice', number: track.live.number },
          `sip:${track.live.sipCallId}:register`,
        );
        if (typeof result.callId === 'string') {
          track.live.callId = result.callId;
          this.#changed(track);
        }
      } catch (error) {
        this.#log('error', 'call.register failed', { error: String(error), sipCallId: track.live.sipCallId });
      }
    });
  }

  #command(track: Track, type: CommandType, step: string, onBehalfOf: string | null): void {
    const commands = this.#options.commands;
    if (!commands) return;
    track.chain = track.chain.then(async () => {
      if (!track.live.callId) return;
      try {
        await commands.execute(
          type,
          { callId: track.live.callId },
          `sip:${track.live.sipCallId}:${step}`,
          onBehalfOf,
        );
      } catch (error) {
        // A conflict means the console got there first (e.g. the call taker ended the call on screen).
        const benign = (error as { kind?: unknown }).kind === 'conflict';
        this.#log(benign ? 'info' : 'error', `${type} not applied`, {
          error: String(error),
          sipCallId: track.live.sipCallId,
        });
      }
    });
  }

  #takePendingLocation(track: Track, now: number): void {
    const key = track.live.number === null ? null : phoneNumberKey(track.live.number);
    if (key === null) return;
    const pending = this.#pendingLocations.get(key);
    if (!pending) return;
    this.#pendingLocations.delete(key);
    if (pending.expires > now && track.live.location === null) this.#setLocation(track, pending.location);
  }

  #setLocation(track: Track, location: CallerLocation): void {
    track.live.location = location;
    track.live.locationError = null;
    track.live.outsideServiceArea = !isInsideServiceArea(
      location.lat,
      location.lon,
      this.#options.serviceArea,
    );
  }

  /** Drops finished calls after an hour so memory stays bounded. */
  #forgetOld(now: number): void {
    for (const [id, track] of this.#tracks) {
      if (track.live.endedAt !== null && track.live.endedAt < now - 3_600_000) this.#tracks.delete(id);
    }
    for (const [key, pending] of this.#pendingLocations) {
      if (pending.expires <= now) this.#pendingLocations.delete(key);
    }
    this.acd.forget(now - 3_600_000);
  }

  #changed(track: Track): void {
    this.#options.onCall?.({ ...track.live });
  }

  #log(level: 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void {
    this.#options.log?.(level, message, data);
  }
}
