// The queue's brain, pure: who to ring (longest idle), who waits (arrival order), what happens on miss, answer, hang-up.
import {
  type AcdCall,
  type AcdConfig,
  type CallbackEntry,
  DEFAULT_ACD_CONFIG,
  type Decision,
  type HangupBy,
  type Position,
  type QueueStats,
} from './types.ts';

export interface OfferResult {
  /** True when the Call-ID was already known (a retransmitted INVITE): nothing changed. */
  duplicate: boolean;
  decisions: Decision[];
}

export interface AnswerResult {
  /** True for a retransmitted 200 OK or an answer to a call already answered. */
  duplicate: boolean;
  positionId: string | null;
}

export interface EndResult {
  duplicate: boolean;
  decisions: Decision[];
}

export class Acd {
  readonly config: AcdConfig;
  readonly #positions = new Map<string, Position>();
  readonly #calls = new Map<string, AcdCall>();
  readonly #callbacks: CallbackEntry[] = [];

  constructor(config: Partial<AcdConfig> = {}) {
    this.config = { ...DEFAULT_ACD_CONFIG, ...config };
  }

  // ── positions ────────────────────────────────────────────────────────────

  login(positionId: string, userId: string, extension: string, contact: string, now: number): Decision[] {
    const existing = this.#positions.get(positionId);
    if (existing && existing.callId !== null) {
      throw new Error(`Position ${positionId} is busy with a call`);
    }
    this.#positions.set(positionId, {
      id: positionId,
      userId,
      extension,
      contact,
      state: 'available',
      since: now,
      idleSince: now,
      wrapUpUntil: null,
      callId: null,
      missedInARow: 0,
      breakReason: null,
    });
    return this.#dispatch(now);
  }

  /** Logs a position out; a call ringing there moves on. */
  logout(positionId: string, now: number): Decision[] {
    const position = this.#positions.get(positionId);
    if (!position) return [];
    if (position.state === 'on_call') throw new Error(`Position ${positionId} is on a call`);
    this.#positions.delete(positionId);
    const call = position.callId ? this.#calls.get(position.callId) : undefined;
    if (call && call.status === 'ringing') {
      call.status = 'queued';
      call.ringingPosition = null;
      const decisions = this.#dispatch(now);
      return decisions.some((d) => d.callId === call.id) ? decisions : [...decisions, waitFor(call.id)];
    }
    return this.#dispatch(now);
  }

  setBreak(positionId: string, reason: string, now: number): void {
    const position = this.#getPosition(positionId);
    if (position.state === 'on_call' || position.state === 'ringing') {
      throw new Error(`Position ${positionId} is ${position.state}; take the break after the call`);
    }
    this.#setState(position, 'on_break', now);
    position.breakReason = reason;
    position.wrapUpUntil = null;
  }

  /** Back from break or wrap-up, ready for the next call. */
  setAvailable(positionId: string, now: number): Decision[] {
    const position = this.#getPosition(positionId);
    if (position.state === 'on_call' || position.state === 'ringing') {
      throw new Error(`Position ${positionId} is ${position.state}`);
    }
    if (position.state !== 'available') this.#free(position, now);
    position.missedInARow = 0;
    return this.#dispatch(now);
  }

  // ── calls from the switch ────────────────────────────────────────────────

  /** A new call (INVITE). A blocked caller waits behind everyone else; see telephony/README.md. */
  offer(
    callId: string,
    number: string | null,
    now: number,
    blockedReason: string | null = null,
  ): OfferResult {
    if (this.#ended.has(callId)) return { duplicate: true, decisions: [] };
    const known = this.#calls.get(callId);
    if (known) return { duplicate: true, decisions: [this.#currentDecision(known)] };
    const call: AcdCall = {
      id: callId,
      number,
      status: 'queued',
      blockedReason,
      fallback: false,
      offeredAt: now,
      rangAt: null,
      ringingPosition: null,
      missedBy: [],
      answeredAt: null,
      answeredBy: null,
      endedAt: null,
      endedBy: null,
    };
    this.#calls.set(callId, call);
    const decisions = this.#dispatch(now);
    if (!decisions.some((d) => d.callId === callId)) decisions.push(waitFor(callId));
    return { duplicate: false, decisions };
  }

  /** A call the switch sent to its fallback hunt group without asking: recorded, never routed. */
  offerFallback(callId: string, number: string | null, at: number): boolean {
    if (this.#calls.has(callId)) {
      const call = this.#calls.get(callId)!;
      if (call.status === 'queued' || call.status === 'ringing') {
        this.#releaseRinging(call, at);
        call.status = 'ringing';
        call.fallback = true;
      }
      return false;
    }
    this.#calls.set(callId, {
      id: callId,
      number,
      status: 'ringing',
      blockedReason: null,
      fallback: true,
      offeredAt: at,
      rangAt: at,
      ringingPosition: null,
      missedBy: [],
      answeredAt: null,
      answeredBy: null,
      endedAt: null,
      endedBy: null,
    });
    return true;
  }

  /** The ring at the current position failed (timeout, busy, declined): the call moves on. */
  ringFailed(callId: string, now: number): Decision[] {
    const call = this.#calls.get(callId);
    if (call?.status !== 'ringing' || call.fallback) return [];
    const position = call.ringingPosition ? this.#positions.get(call.ringingPosition) : undefined;
    call.status = 'queued';
    call.ringingPosition = null;
    if (position && position.callId === callId) {
      call.missedBy.push(position.id);
      position.missedInARow += 1;
      position.callId = null;
      if (position.missedInARow >= this.config.missesBeforeBreak) {
        this.#setState(position, 'on_break', now);
        position.breakReason = 'missed_calls';
      } else {
        this.#setState(position, 'available', now);
        // Back of the line: the others have been idle longer now.
        position.idleSince = now;
      }
    }
    const decisions = this.#dispatch(now);
    return decisions.some((d) => d.callId === callId) ? decisions : [...decisions, waitFor(callId)];
  }

  /** 200 OK. Retransmissions of the same 200 OK (same Call-ID) are duplicates. */
  answered(callId: string, now: number, contact: string | null = null): AnswerResult {
    const call = this.#calls.get(callId) ?? this.#ended.get(callId);
    if (!call) return { duplicate: false, positionId: null };
    if (call.status === 'answered' || call.status === 'ended' || call.status === 'abandoned') {
      return { duplicate: true, positionId: call.answeredBy };
    }
    let position = call.ringingPosition ? this.#positions.get(call.ringingPosition) : undefined;
    if (!position && contact !== null) position = this.#positionByContact(contact);
    call.status = 'answered';
    call.answeredAt = now;
    call.ringingPosition = null;
    if (position) {
      call.answeredBy = position.id;
      position.callId = callId;
      position.missedInARow = 0;
      this.#setState(position, 'on_call', now);
    }
    return { duplicate: false, positionId: call.answeredBy };
  }

  /** BYE: the call ends; the position goes to wrap-up. */
  ended(callId: string, by: HangupBy, now: number): EndResult {
    if (this.#ended.has(callId)) return { duplicate: true, decisions: [] };
    const call = this.#calls.get(callId);
    if (!call) return { duplicate: false, decisions: [] };
    if (call.status === 'ended' || call.status === 'abandoned') return { duplicate: true, decisions: [] };
    if (call.status !== 'answered') return { duplicate: false, decisions: this.abandoned(callId, now) };
    call.status = 'ended';
    call.endedAt = now;
    call.endedBy = by;
    const position = call.answeredBy ? this.#positions.get(call.answeredBy) : undefined;
    if (position && position.callId === callId) {
      position.callId = null;
      if (this.config.wrapUpMs > 0) {
        this.#setState(position, 'wrap_up', now);
        position.wrapUpUntil = now + this.config.wrapUpMs;
      } else {
        this.#free(position, now);
      }
    }
    this.#calls.delete(callId);
    this.#ended.set(callId, call);
    return { duplicate: false, decisions: this.#dispatch(now) };
  }

  /** The caller hung up before anyone answered (CANCEL): the call goes on the callback list. */
  abandoned(callId: string, now: number): Decision[] {
    const call = this.#calls.get(callId);
    if (!call || call.status === 'answered') return [];
    this.#releaseRinging(call, now);
    call.status = 'abandoned';
    call.endedAt = now;
    call.endedBy = 'caller';
    this.#callbacks.push({
      callId,
      number: call.number,
      offeredAt: call.offeredAt,
      abandonedAt: now,
      waitedMs: now - call.offeredAt,
    });
    while (this.#callbacks.length > this.config.callbackLimit) this.#callbacks.shift();
    this.#calls.delete(callId);
    this.#ended.set(callId, call);
    return this.#dispatch(now);
  }

  /** Time passes: wrap-ups end, blocked callers who waited long enough are promoted. */
  tick(now: number): Decision[] {
    for (const position of this.#positions.values()) {
      if (position.state === 'wrap_up' && position.wrapUpUntil !== null && position.wrapUpUntil <= now) {
        this.#free(position, position.wrapUpUntil);
      }
    }
    return this.#dispatch(now);
  }

  /** The next moment `tick` has something to do, or null. */
  nextTimerAt(): number | null {
    let next: number | null = null;
    for (const p of this.#positions.values()) {
      if (p.state === 'wrap_up' && p.wrapUpUntil !== null)
        next = Math.min(next ?? p.wrapUpUntil, p.wrapUpUntil);
    }
    for (const c of this.#calls.values()) {
      if (c.status === 'queued' && c.blockedReason !== null) {
        const at = c.offeredAt + this.config.blockedMaxWaitMs;
        next = Math.min(next ?? at, at);
      }
    }
    return next;
  }

  /** Removes an entry from the callback list once somebody called back. */
  callbackDone(callId: string): boolean {
    const index = this.#callbacks.findIndex((c) => c.callId === callId);
    if (index < 0) return false;
    this.#callbacks.splice(index, 1);
    return true;
  }

  // ── views ────────────────────────────────────────────────────────────────

  position(id: string): Position | undefined {
    const p = this.#positions.get(id);
    return p ? { ...p } : undefined;
  }

  positions(): Position[] {
    return [...this.#positions.values()].map((p) => ({ ...p }));
  }

  call(id: string): AcdCall | undefined {
    const c = this.#calls.get(id) ?? this.#ended.get(id);
    return c ? { ...c, missedBy: [...c.missedBy] } : undefined;
  }

  /** Calls waiting for a call taker, in the order they will be offered. */
  queue(now: number): AcdCall[] {
    return this.#waiting(now).map((c) => ({ ...c, missedBy: [...c.missedBy] }));
  }

  callbacks(): CallbackEntry[] {
    return [...this.#callbacks];
  }

  stats(now: number): QueueStats {
    const waiting = [...this.#calls.values()].filter(
      (c) => c.status === 'queued' || (c.status === 'ringing' && !c.fallback),
    );
    const oldest = waiting.reduce<number | null>((min, c) => Math.min(min ?? c.offeredAt, c.offeredAt), null);
    return {
      length: waiting.length,
      oldestWaitMs: oldest === null ? null : now - oldest,
      ringing: waiting.filter((c) => c.status === 'ringing').length,
      available: [...this.#positions.values()].filter((p) => p.state === 'available').length,
    };
  }

  // ── internals ────────────────────────────────────────────────────────────

  /** Ended and abandoned calls, kept so late retransmissions are recognised as duplicates. */
  readonly #ended = new Map<string, AcdCall>();

  /** Forgets finished calls older than `before` (their retransmissions are long over). */
  forget(before: number): void {
    for (const [id, call] of this.#ended) {
      if ((call.endedAt ?? 0) < before) this.#ended.delete(id);
    }
  }

  #getPosition(id: string): Position {
    const position = this.#positions.get(id);
    if (!position) throw new Error(`No call taker is logged in at position ${id}`);
    return position;
  }

  #positionByContact(contact: string): Position | undefined {
    const wanted = contactKey(contact);
    return [...this.#positions.values()].find((p) => contactKey(p.contact) === wanted);
  }

  #setState(position: Position, state: Position['state'], now: number): void {
    position.state = state;
    position.since = now;
    if (state !== 'on_break') position.breakReason = null;
    if (state !== 'wrap_up') position.wrapUpUntil = null;
  }

  #free(position: Position, at: number): void {
    this.#setState(position, 'available', at);
    position.idleSince = at;
    position.callId = null;
  }

  #releaseRinging(call: AcdCall, now: number): void {
    if (call.status !== 'ringing' || call.ringingPosition === null) return;
    const position = this.#positions.get(call.ringingPosition);
    if (position && position.callId === call.id) {
      // Not the call taker's fault: they keep their place in the idle order.
      position.callId = null;
      this.#setState(position, 'available', now);
    }
    call.ringingPosition = null;
  }

  #currentDecision(call: AcdCall): Decision {
    if (call.status === 'ringing' && call.ringingPosition) {
      const position = this.#positions.get(call.ringingPosition);
      if (position) {
        return {
          kind: 'ring',
          callId: call.id,
          positionId: position.id,
          contact: position.contact,
          timeoutMs: this.config.ringTimeoutMs,
        };
      }
    }
    return waitFor(call.id);
  }

  /** Queued calls in service order: normal callers by arrival, then blocked callers (until they waited too long). */
  #waiting(now: number): AcdCall[] {
    const queued = [...this.#calls.values()].filter((c) => c.status === 'queued');
    const rank = (c: AcdCall) =>
      c.blockedReason !== null && now - c.offeredAt < this.config.blockedMaxWaitMs ? 1 : 0;
    return queued.sort((a, b) => rank(a) - rank(b) || a.offeredAt - b.offeredAt);
  }

  /** Gives waiting calls to available positions: the call first in line to the position idle longest. */
  #dispatch(now: number): Decision[] {
    const decisions: Decision[] = [];
    for (const call of this.#waiting(now)) {
      const available = [...this.#positions.values()]
        .filter((p) => p.state === 'available')
        .sort((a, b) => a.idleSince - b.idleSince || a.id.localeCompare(b.id));
      if (available.length === 0) break;
      const fresh = available.filter((p) => !call.missedBy.includes(p.id));
      const position = (fresh.length > 0 ? fresh : available)[0]!;
      call.status = 'ringing';
      call.ringingPosition = position.id;
      call.rangAt = now;
      position.callId = call.id;
      this.#setState(position, 'ringing', now);
      decisions.push({
        kind: 'ring',
        callId: call.id,
        positionId: position.id,
        contact: position.contact,
        timeoutMs: this.config.ringTimeoutMs,
      });
    }
    return decisions;
  }
}

function waitFor(callId: string): Decision {
  return { kind: 'wait', callId };
}

/** user@host:port of a SIP URI, ignoring scheme, display name and parameters. */
export function contactKey(uri: string): string {
  const inner = /<([^>]*)>/.exec(uri)?.[1] ?? uri;
  return inner
    .replace(/^sips?:/i, '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}
