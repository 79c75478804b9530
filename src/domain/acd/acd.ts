// The queue's brain, pure: who to ring (longest idle), who waits (arrival order), what happens on miss, answer, hang-up.
// Every change is a telephony event applied by the one reducer, so the log replays to the same queue and positions.
import { conflict, notFound } from '../errors.ts';
import { phoneNumberKey } from '../phone-number.ts';
import type { TelephonyEvent } from './events.ts';
import { applyTelephony } from './projection.ts';
import type { TransferTarget } from './transfer-targets.ts';
import {
  type AcdCall,
  type AcdConfig,
  type Block,
  CALL_REFUSAL_CODES,
  type CallbackEntry,
  type CallbackResult,
  DEFAULT_ACD_CONFIG,
  type Decision,
  emptyTelephony,
  type FallbackReason,
  type HangupBy,
  type Position,
  type QueueStats,
  type TelephonyCall,
  type TelephonyState,
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

export interface OfferDetails {
  blockedReason?: string | null;
  /** The call registered in Pinisi's log with this offer. */
  pinisiCallId?: string | null;
  fromTag?: string | null;
  locationError?: string | null;
  civicAddress?: string | null;
  locationRef?: string | null;
}

/** Read-only questions about a telephony projection: the queue in service order, stats, timers. */
export class AcdView {
  readonly config: AcdConfig;
  readonly #read: () => TelephonyState;

  constructor(config: Partial<AcdConfig>, read: () => TelephonyState) {
    this.config = { ...DEFAULT_ACD_CONFIG, ...config };
    this.#read = read;
  }

  get state(): TelephonyState {
    return this.#read();
  }

  position(id: string): Position | undefined {
    const p = this.state.positions.get(id);
    return p ? { ...p } : undefined;
  }

  positions(): Position[] {
    return [...this.state.positions.values()].map((p) => ({ ...p }));
  }

  call(id: string): TelephonyCall | undefined {
    const c = this.state.calls.get(id) ?? this.state.ended.get(id);
    return c ? { ...c, missedBy: [...c.missedBy] } : undefined;
  }

  /** Calls waiting for a call taker, in the order they will be offered. */
  queue(now: number): TelephonyCall[] {
    return this.waiting(now).map((c) => ({ ...c, missedBy: [...c.missedBy] }));
  }

  callbacks(): CallbackEntry[] {
    return [...this.state.callbacks];
  }

  stats(now: number): QueueStats {
    const waiting = [...this.state.calls.values()].filter(
      (c) => c.status === 'queued' || (c.status === 'ringing' && !c.fallback),
    );
    const oldest = waiting.reduce<number | null>((min, c) => Math.min(min ?? c.offeredAt, c.offeredAt), null);
    return {
      length: waiting.length,
      oldestWaitMs: oldest === null ? null : now - oldest,
      ringing: waiting.filter((c) => c.status === 'ringing').length,
      available: [...this.state.positions.values()].filter((p) => p.state === 'available').length,
    };
  }

  /** The block in force for this number at `now`, or null. A withheld number can never be blocked. */
  activeBlock(number: string | null, now: number): Block | null {
    const key = number === null ? null : phoneNumberKey(number);
    if (key === null) return null;
    const block = this.state.blocks.get(key);
    return block && block.until > now ? block : null;
  }

  blocks(now: number): Block[] {
    return [...this.state.blocks.values()].filter((b) => b.until > now);
  }

  /**
   * Why no desk can take this call, or null. A desk can answer when it is signed in and not on break (busy desks
   * count: the caller waits for them). `no_desk`: there is none. `refused`: desk phones refused the call itself
   * (its body or media) and no free desk is left that has not, or MAX_REFUSALS did: busy desks are not waited for,
   * their phones are the same. `all_failed`: every one of them failed this call, after at least two rings, so the
   * only free desk is rung a second time first.
   */
  nobodyFor(call: AcdCall): FallbackReason | null {
    const able = [...this.state.positions.values()].filter((p) => p.state !== 'on_break');
    if (able.length === 0) return 'no_desk';
    const refused = call.refusedBy ?? [];
    if (refused.length >= MAX_REFUSALS) return 'refused';
    if (refused.length > 0 && !able.some((p) => p.state === 'available' && !refused.includes(p.id)))
      return 'refused';
    if (call.missedBy.length >= 2 && able.every((p) => call.missedBy.includes(p.id))) return 'all_failed';
    return null;
  }

  /**
   * When a waiting call must go to the switch's hunt group because no desk can take it, or null: the no-desk delay
   * after the offer, and never within the re-ring gap after a desk's failed ring, since that desk's phone may be in
   * the hunt group too and would refuse the INVITE as a merged request (482).
   */
  fallbackDueAt(call: AcdCall): number | null {
    if (call.status !== 'queued' || call.fallback) return null;
    const reason = this.nobodyFor(call);
    if (reason === null) return null;
    if (reason === 'refused') return call.lastFailed?.at ?? call.offeredAt; // at once
    const gapEnds = call.lastFailed ? call.lastFailed.at + this.config.reRingGapMs : call.offeredAt;
    return Math.max(gapEnds, reason === 'no_desk' ? call.offeredAt + this.config.noDeskFallbackMs : 0);
  }

  /**
   * The next moment `tick` has something to do, or null: a wrap-up ending, a blocked caller's wait, a desk's
   * re-ring gap ending (all only when after `now`), a caller due for the hunt group (also when already due).
   */
  nextTimerAt(now: number): number | null {
    let next: number | null = null;
    const consider = (at: number) => {
      next = Math.min(next ?? at, at);
    };
    for (const p of this.state.positions.values()) {
      if (p.state === 'wrap_up' && p.wrapUpUntil !== null) consider(p.wrapUpUntil);
    }
    for (const c of this.state.calls.values()) {
      if (c.status !== 'queued') continue;
      const blockedUntil = c.offeredAt + this.config.blockedMaxWaitMs;
      if (c.blockedReason !== null && blockedUntil > now) consider(blockedUntil);
      const gapEnds = c.lastFailed ? c.lastFailed.at + this.config.reRingGapMs : null;
      if (gapEnds !== null && gapEnds > now) consider(gapEnds);
      const due = this.fallbackDueAt(c);
      if (due !== null) consider(due);
    }
    return next;
  }

  /** Queued calls in service order: normal callers by arrival, then blocked callers (until they waited too long). */
  protected waiting(now: number): TelephonyCall[] {
    const queued = [...this.state.calls.values()].filter((c) => c.status === 'queued');
    const rank = (c: AcdCall) =>
      c.blockedReason !== null && now - c.offeredAt < this.config.blockedMaxWaitMs ? 1 : 0;
    return queued.sort((a, b) => rank(a) - rank(b) || a.offeredAt - b.offeredAt);
  }
}

/**
 * The ACD over a projection it owns: each method decides, emits telephony events and applies them to its state.
 * The domain's telephony commands run it on a copy of the live projection and keep only the events.
 */
interface TransferOutcome {
  changed: boolean;
  decisions: Decision[];
}

export class Acd extends AcdView {
  readonly #state: TelephonyState;
  #events: TelephonyEvent[] = [];

  constructor(config: Partial<AcdConfig> = {}, state: TelephonyState = emptyTelephony()) {
    super(config, () => state);
    this.#state = state;
  }

  /** The events decided since the last call, in order; the list starts afresh. */
  takeEvents(): TelephonyEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #emit(event: TelephonyEvent, now: number, actor: string | null = null): void {
    applyTelephony(this.#state, { ...event, at: now, actor });
    this.#events.push(event);
  }

  // ── positions ────────────────────────────────────────────────────────────

  login(positionId: string, userId: string, extension: string, contact: string, now: number): Decision[] {
    const existing = this.#state.positions.get(positionId);
    if (existing && existing.callId !== null) {
      throw conflict('position.busy', `Position ${positionId} is busy with a call`);
    }
    this.#emit({ type: 'telephony.position_signed_in', positionId, userId, extension, contact }, now);
    return this.#dispatch(now);
  }

  /** Logs a position out; a call ringing there moves on. */
  logout(positionId: string, now: number): Decision[] {
    const position = this.#state.positions.get(positionId);
    if (!position) return [];
    if (position.state === 'on_call') throw conflict('position.busy', `Position ${positionId} is on a call`);
    this.#emit({ type: 'telephony.position_signed_out', positionId }, now);
    const call = position.callId ? this.#state.calls.get(position.callId) : undefined;
    if (call && call.status === 'ringing') {
      this.#emit({ type: 'telephony.call_queued', sipCallId: call.id }, now);
      const decisions = this.#dispatch(now);
      return decisions.some((d) => d.callId === call.id) ? decisions : [...decisions, waitFor(call.id)];
    }
    return this.#dispatch(now);
  }

  setBreak(positionId: string, reason: string, now: number): void {
    const position = this.#getPosition(positionId);
    if (position.state === 'on_call' || position.state === 'ringing') {
      throw conflict(
        'position.busy',
        `Position ${positionId} is ${position.state}; take the break after the call`,
      );
    }
    this.#emit({ type: 'telephony.position_on_break', positionId, reason }, now);
  }

  /** Back from break or wrap-up, ready for the next call. */
  setAvailable(positionId: string, now: number): Decision[] {
    const position = this.#getPosition(positionId);
    if (position.state === 'on_call' || position.state === 'ringing') {
      throw conflict('position.busy', `Position ${positionId} is ${position.state}`);
    }
    this.#emit({ type: 'telephony.position_available', positionId, freedAt: now, resetMisses: true }, now);
    return this.#dispatch(now);
  }

  // ── transfer ─────────────────────────────────────────────────────────────

  /**
   * Passes an answered call to a free desk: that desk is held for it while its phone rings (the switch rings it), and
   * the caller stays with the first desk until the new one has answered.
   */
  startTransfer(
    callId: string,
    toPositionId: string,
    now: number,
  ): { contact: string; fromPositionId: string | null } {
    const call = this.#state.calls.get(callId);
    if (call?.status !== 'answered')
      throw conflict('transfer.not_answered', 'Only a call in hand can be transferred');
    if (call.transferTo || call.transferOut)
      throw conflict('transfer.under_way', 'This call is already being transferred');
    const to = this.#state.positions.get(toPositionId);
    if (!to) throw notFound('position.not_found', `Nobody is signed in at ${toPositionId}`, 'toPositionId');
    if (to.id === call.answeredBy) throw conflict('transfer.same_desk', 'The call is already at this desk');
    if (to.state !== 'available')
      throw conflict('transfer.desk_busy', `Position ${toPositionId} is ${to.state}`);
    const fromPositionId = call.answeredBy;
    this.#emit(
      {
        type: 'telephony.transfer_started',
        sipCallId: callId,
        fromPositionId,
        toPositionId,
        contact: to.contact,
      },
      now,
    );
    return { contact: to.contact, fromPositionId };
  }

  /**
   * Passes an answered call to a configured number outside the desks: the switch dials it and the caller stays with
   * the desk until it has answered.
   */
  startOutsideTransfer(
    callId: string,
    target: TransferTarget,
    now: number,
  ): { fromPositionId: string | null } {
    const call = this.#state.calls.get(callId);
    if (call?.status !== 'answered')
      throw conflict('transfer.not_answered', 'Only a call in hand can be transferred');
    if (call.transferTo || call.transferOut)
      throw conflict('transfer.under_way', 'This call is already being transferred');
    if (call.answeredBy === null) throw conflict('transfer.not_answered', 'This call is at no desk');
    if (target.uri === null) throw conflict('transfer.target_unset', `No number is set for ${target.name}`);
    const fromPositionId = call.answeredBy;
    this.#emit(
      {
        type: 'telephony.outside_transfer_started',
        sipCallId: callId,
        fromPositionId,
        targetId: target.id,
        name: target.name,
        uri: target.uri,
      },
      now,
    );
    return { fromPositionId };
  }

  /** The switch's outcome of a transfer: the call moves to the new desk, or stays and the new desk is free again. */
  transferOutcome(callId: string, ok: boolean, code: number | null, now: number): TransferOutcome {
    const call = this.#state.calls.get(callId);
    if (call?.transferOut) return this.#outsideOutcome(call, call.transferOut, ok, code, now);
    const toPositionId = call?.transferTo;
    if (!call || !toPositionId) return { changed: false, decisions: [] };
    if (!ok) {
      this.#emit({ type: 'telephony.transfer_failed', sipCallId: callId, toPositionId, code }, now);
      return { changed: true, decisions: this.#dispatch(now) };
    }
    const to = this.#state.positions.get(toPositionId);
    const from = call.answeredBy ? this.#state.positions.get(call.answeredBy) : undefined;
    const wrapUp = from && from.callId === callId && this.config.wrapUpMs > 0;
    this.#emit(
      {
        type: 'telephony.call_transferred',
        sipCallId: callId,
        fromPositionId: call.answeredBy,
        toPositionId,
        userId: to?.userId ?? null,
        wrapUpUntil: wrapUp ? now + this.config.wrapUpMs : null,
      },
      now,
    );
    return { changed: true, decisions: this.#dispatch(now) };
  }

  #outsideOutcome(
    call: TelephonyCall,
    target: { targetId: string; name: string },
    ok: boolean,
    code: number | null,
    now: number,
  ): TransferOutcome {
    if (!ok) {
      this.#emit({ type: 'telephony.outside_transfer_failed', sipCallId: call.id, ...target, code }, now);
      return { changed: true, decisions: [] };
    }
    const from = call.answeredBy ? this.#state.positions.get(call.answeredBy) : undefined;
    const wrapUp = from && from.callId === call.id && this.config.wrapUpMs > 0;
    this.#emit(
      {
        type: 'telephony.call_transferred_out',
        sipCallId: call.id,
        fromPositionId: call.answeredBy,
        ...target,
        wrapUpUntil: wrapUp ? now + this.config.wrapUpMs : null,
      },
      now,
    );
    return { changed: true, decisions: this.#dispatch(now) };
  }

  // ── calls from the switch ────────────────────────────────────────────────

  /** A new call (INVITE). A blocked caller waits behind everyone else; see telephony/README.md. */
  offer(
    callId: string,
    number: string | null,
    now: number,
    blockedReason: string | null = null,
    details: OfferDetails = {},
  ): OfferResult {
    if (this.#state.ended.has(callId)) return { duplicate: true, decisions: [] };
    const known = this.#state.calls.get(callId);
    if (known) return { duplicate: true, decisions: [this.#currentDecision(known)] };
    this.#emit(
      {
        type: 'telephony.call_offered',
        sipCallId: callId,
        callId: details.pinisiCallId ?? null,
        number,
        fromTag: details.fromTag ?? null,
        blockedReason: details.blockedReason ?? blockedReason,
        locationError: details.locationError ?? null,
        ...(details.civicAddress ? { civicAddress: details.civicAddress } : {}),
        ...(details.locationRef ? { locationRef: details.locationRef } : {}),
      },
      now,
    );
    const decisions = this.#dispatch(now);
    if (!decisions.some((d) => d.callId === callId)) {
      this.#emit({ type: 'telephony.call_queued', sipCallId: callId }, now);
      decisions.push(waitFor(callId));
    }
    return { duplicate: false, decisions };
  }

  /** A call the switch sent to its fallback hunt group on its own: recorded, never routed. */
  offerFallback(
    callId: string,
    number: string | null,
    at: number,
    details: {
      now?: number;
      pinisiCallId?: string | null;
      fromTag?: string | null;
      offeredAt?: number;
      reason?: FallbackReason | null;
    } = {},
  ): boolean {
    const current = this.#state.calls.get(callId);
    const known = current !== undefined || this.#state.ended.has(callId);
    if (current?.fallback) return false; // Pinisi sent it there itself: already recorded
    this.#emit(
      {
        type: 'telephony.call_fallback',
        sipCallId: callId,
        callId: details.pinisiCallId ?? null,
        number,
        fromTag: details.fromTag ?? null,
        offeredAt: details.offeredAt ?? at,
        fallbackAt: at,
        reason: details.reason ?? null,
      },
      details.now ?? at,
    );
    return !known;
  }

  /**
   * The ring at the current position failed (timeout, busy, declined): the call moves on. A failure the desk did
   * not cause (see `isDeskMiss`) frees the desk without counting a miss.
   */
  ringFailed(callId: string, now: number, code: number | null = null): Decision[] {
    const call = this.#state.calls.get(callId);
    if (call?.status !== 'ringing' || call.fallback) return [];
    const positionId = call.ringingPosition;
    const before = positionId ? this.#state.positions.get(positionId) : undefined;
    const miss = isDeskMiss(code);
    this.#emit({ type: 'telephony.ring_failed', sipCallId: callId, positionId, code, miss }, now);
    const position = positionId ? this.#state.positions.get(positionId) : undefined;
    if (
      before &&
      position &&
      position.missedInARow > before.missedInARow &&
      position.missedInARow >= this.config.missesBeforeBreak
    ) {
      this.#emit(
        { type: 'telephony.position_on_break', positionId: position.id, reason: 'missed_calls' },
        now,
      );
    }
    const decisions = this.#dispatch(now);
    return decisions.some((d) => d.callId === callId) ? decisions : [...decisions, waitFor(callId)];
  }

  /** 200 OK. Retransmissions of the same 200 OK (same Call-ID) are duplicates. */
  answered(callId: string, now: number, contact: string | null = null, answeredAt = now): AnswerResult {
    const call = this.#state.calls.get(callId) ?? this.#state.ended.get(callId);
    if (!call) return { duplicate: false, positionId: null };
    if (call.status === 'answered' || call.status === 'ended' || call.status === 'abandoned') {
      return { duplicate: true, positionId: call.answeredBy };
    }
    let position = call.ringingPosition ? this.#state.positions.get(call.ringingPosition) : undefined;
    if (!position && contact !== null) position = this.#positionByContact(contact);
    this.#emit(
      {
        type: 'telephony.call_answered',
        sipCallId: callId,
        positionId: position?.id ?? null,
        userId: position?.userId ?? null,
        answeredAt,
      },
      now,
    );
    return { duplicate: false, positionId: position?.id ?? null };
  }

  /** BYE: the call ends; the position goes to wrap-up. */
  ended(callId: string, by: HangupBy, now: number, endedAt = now): EndResult {
    if (this.#state.ended.has(callId)) return { duplicate: true, decisions: [] };
    const call = this.#state.calls.get(callId);
    if (!call) return { duplicate: false, decisions: [] };
    if (call.status !== 'answered')
      return { duplicate: false, decisions: this.abandoned(callId, now, endedAt) };
    const position = call.answeredBy ? this.#state.positions.get(call.answeredBy) : undefined;
    const wrapUp = position && position.callId === callId && this.config.wrapUpMs > 0;
    this.#emit(
      {
        type: 'telephony.call_ended',
        sipCallId: callId,
        by,
        endedAt,
        wrapUpUntil: wrapUp ? endedAt + this.config.wrapUpMs : null,
      },
      now,
    );
    return { duplicate: false, decisions: this.#dispatch(now) };
  }

  /**
   * The caller hung up before anyone answered (CANCEL): the call goes on the callback list. `crossed`: also when a
   * phone's 200 OK crossed the CANCEL and the call was recorded answered a moment ago.
   */
  abandoned(callId: string, now: number, abandonedAt = now, crossed = false): Decision[] {
    const call = this.#state.calls.get(callId);
    if (!call || (call.status === 'answered' && !crossed)) return [];
    this.#emit(
      {
        type: 'telephony.call_abandoned',
        sipCallId: callId,
        abandonedAt,
        callbackLimit: this.config.callbackLimit,
      },
      now,
    );
    return this.#dispatch(now);
  }

  /** Time passes: wrap-ups end, blocked callers who waited long enough are promoted. */
  tick(now: number): Decision[] {
    for (const position of [...this.#state.positions.values()]) {
      if (position.state === 'wrap_up' && position.wrapUpUntil !== null && position.wrapUpUntil <= now) {
        this.#emit(
          {
            type: 'telephony.position_available',
            positionId: position.id,
            freedAt: position.wrapUpUntil,
            resetMisses: false,
          },
          now,
        );
      }
    }
    return this.#dispatch(now);
  }

  /** Records a call-back to an abandoned caller; a reached caller leaves the list. False: not on the list. */
  callbackAttempt(callId: string, result: CallbackResult, now: number, by: string | null = null): boolean {
    if (!this.#state.callbacks.some((c) => c.callId === callId)) return false;
    this.#emit({ type: 'telephony.callback_attempted', sipCallId: callId, result }, now, by);
    return true;
  }

  /** Removes an entry from the callback list once somebody called back. */
  callbackDone(callId: string, now = 0): boolean {
    return this.callbackAttempt(callId, 'reached', now);
  }

  // ── internals ────────────────────────────────────────────────────────────

  #getPosition(id: string): Position {
    const position = this.#state.positions.get(id);
    if (!position)
      throw notFound('position.not_found', `No call taker is logged in at position ${id}`, 'positionId');
    return position;
  }

  #positionByContact(contact: string): Position | undefined {
    const wanted = contactKey(contact);
    return [...this.#state.positions.values()].find((p) => contactKey(p.contact) === wanted);
  }

  #currentDecision(call: AcdCall): Decision {
    if (call.status === 'ringing' && call.ringingPosition) {
      const position = this.#state.positions.get(call.ringingPosition);
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

  /**
   * Gives waiting calls to available positions: the call first in line to the position idle longest (one that has
   * not failed this call yet if any; the desk that just failed it only after the re-ring gap). Then sends to the
   * hunt group every waiting call no desk can take (see `fallbackDueAt`).
   */
  #dispatch(now: number): Decision[] {
    const decisions: Decision[] = [];
    for (const call of this.waiting(now)) {
      const due = this.fallbackDueAt(call);
      if (due !== null && due <= now) {
        decisions.push(this.#fallBack(call, now));
        continue;
      }
      if (due !== null) continue; // every desk failed it: the hunt group once the gap ends, no third round
      const refused = call.refusedBy ?? [];
      const available = [...this.#state.positions.values()]
        .filter((p) => p.state === 'available' && !refused.includes(p.id) && !this.#resting(call, p.id, now))
        .sort((a, b) => a.idleSince - b.idleSince || a.id.localeCompare(b.id));
      if (available.length === 0) continue;
      const fresh = available.filter((p) => !call.missedBy.includes(p.id));
      const position = (fresh.length > 0 ? fresh : available)[0]!;
      this.#emit(
        {
          type: 'telephony.call_ringing',
          sipCallId: call.id,
          positionId: position.id,
          contact: position.contact,
        },
        now,
      );
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

  #fallBack(call: TelephonyCall, now: number): Decision {
    const reason = this.nobodyFor(call)!;
    this.#emit(
      {
        type: 'telephony.call_fallback',
        sipCallId: call.id,
        callId: call.callId,
        number: call.number,
        fromTag: call.fromTag,
        offeredAt: call.offeredAt,
        fallbackAt: now,
        reason,
      },
      now,
    );
    return { kind: 'fallback', callId: call.id, reason };
  }

  /** The desk that just failed this call, within the re-ring gap. */
  #resting(call: AcdCall, positionId: string, now: number): boolean {
    const last = call.lastFailed;
    return last !== undefined && last.positionId === positionId && now < last.at + this.config.reRingGapMs;
  }
}

/** A call the phones refuse for its own body or media goes to the hunt group after this many desks refused it. */
const MAX_REFUSALS = 3;

/**
 * Whether a failed ring counts against the desk. Not when the phone refused the request itself as a loop or merged
 * request (482), or the call's own body or media (CALL_REFUSAL_CODES): another ring or desk may take it.
 */
function isDeskMiss(code: number | null): boolean {
  return code === null || (code !== 482 && !CALL_REFUSAL_CODES.includes(code));
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
