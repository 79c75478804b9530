// The telephony commands decided against the live projection: the ACD runs on a copy, its events are the outcome.
import type { CommandPayload } from '../commands.ts';
import type { Context, Emit } from '../decide.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import type { EventBody } from '../events.ts';
import { phoneNumberKey } from '../phone-number.ts';
import { may } from '../policy.ts';
import type { State } from '../state.ts';
import type { Call } from '../types.ts';
import { Acd, AcdView } from './acd.ts';
import type { TELEPHONY_COMMAND_SCHEMAS } from './commands.ts';
import { deskPhone, removeDesk, saveDesk } from './desks.ts';
import type { TelephonyEvent } from './events.ts';
import {
  type CallerLocation,
  copyTelephony,
  DEFAULT_ACD_CONFIG,
  type Decision,
  type HangupBy,
  type TelephonyCall,
} from './types.ts';

/** How long a location that arrived before its call is kept for it. */
const PENDING_LOCATION_MS = 300_000;

type TelephonyHandler<T extends keyof TelephonyPayloads> = (
  state: State,
  payload: TelephonyPayloads[T],
  ctx: Context,
  emit: Emit,
) => Record<string, unknown>;

type TelephonyPayloads = { [T in keyof typeof TELEPHONY_COMMAND_SCHEMAS]: CommandPayload<T> };

/** Runs the ACD on a copy of the projection and emits what it decided; telephony is never an agency's business. */
function run<T>(state: State, ctx: Context, emit: Emit, act: (acd: Acd) => T): T {
  const acd = new Acd(ctx.acd ?? {}, copyTelephony(state.telephony));
  const value = act(acd);
  for (const event of acd.takeEvents()) emit(event, []);
  return value;
}

const telephonyEvent = (emit: Emit, event: TelephonyEvent, actor?: string) => emit(event, [], actor);

/** Registers a new call that rings now: the one way a call comes into the state, by phone or by hand. */
export function registerCall(
  ctx: Context,
  emit: Emit,
  number: string | null,
  channel: Call['channel'] = 'voice',
): string {
  const call: Call = {
    id: ctx.newId(),
    channel,
    number,
    status: 'ringing',
    type: null,
    incidentId: null,
    registeredAt: ctx.now,
    answeredAt: null,
    answeredBy: null,
    classifiedAt: null,
    endedAt: null,
    endedBy: null,
  };
  emit({ type: 'call.registered', call });
  return call.id;
}

function locationEvent(
  emit: Emit,
  sipCallId: string | null,
  number: string | null,
  location: CallerLocation,
  outsideServiceArea: boolean,
  keepUntil: number | null = null,
): void {
  telephonyEvent(emit, {
    type: 'telephony.location_received',
    sipCallId,
    number,
    location,
    outsideServiceArea,
    keepUntil,
  });
}

/** A location given with the call, else one that arrived for its number a moment before (AML). */
function attachLocation(
  state: State,
  ctx: Context,
  emit: Emit,
  sipCallId: string,
  number: string | null,
  given: { location: CallerLocation | null; outsideServiceArea: boolean | null },
): void {
  if (given.location !== null) {
    locationEvent(emit, sipCallId, null, given.location, given.outsideServiceArea ?? false);
    return;
  }
  const key = number === null ? null : phoneNumberKey(number);
  if (key === null) return;
  const pending = state.telephony.pendingLocations.get(key);
  if (pending && pending.expires > ctx.now)
    locationEvent(emit, sipCallId, key, pending.location, pending.outsideServiceArea);
}

/** Ends the call in Pinisi's log with who hung up; a call taker who hung up is the one who ended it. */
function endPinisiCall(state: State, emit: Emit, call: TelephonyCall | undefined, by: HangupBy): void {
  const pinisi = call?.callId ? state.calls.get(call.callId) : undefined;
  if (!pinisi || pinisi.status === 'ended') return;
  const actor = by === 'call_taker' ? (call?.answeredByUser ?? undefined) : undefined;
  emit({ type: 'call.ended', callId: pinisi.id, by }, [], actor);
}

function hangupBy(fromTag: string | null, call: TelephonyCall): HangupBy {
  return fromTag === null ? 'unknown' : fromTag === call.fromTag ? 'caller' : 'call_taker';
}

/** The call in hand a transfer is asked for: its call taker's, or any for a supervisor. */
function transferable(state: State, ctx: Context, sipCallId: string): TelephonyCall {
  const call = state.telephony.calls.get(sipCallId);
  if (!call) throw notFound('call.not_found', 'No such call', 'sipCallId');
  if (
    call.status === 'answered' &&
    call.answeredByUser !== ctx.actor.userId &&
    !may(ctx.actor.role, 'position.others')
  )
    throw forbidden('transfer.not_yours', 'Another call taker has this call');
  return call;
}

/** Starts a transfer to a desk, with its start in the call's timeline. */
function deskTransfer(state: State, ctx: Context, emit: Emit, call: TelephonyCall, toPositionId: string) {
  const started = run(state, ctx, emit, (acd) => acd.startTransfer(call.id, toPositionId, ctx.now));
  callTimeline(state, emit, call, {
    type: 'call.transfer_started',
    toPositionId,
    targetId: null,
    target: deskName(state, toPositionId),
  });
  return { sipCallId: call.id, toPositionId, ...started };
}

/** A free desk (not the call's own) where a supervisor is signed in, the longest idle first. */
function supervisorDesk(state: State, call: TelephonyCall): string | null {
  const free = [...state.telephony.positions.values()]
    .filter(
      (p) =>
        p.state === 'available' &&
        p.id !== call.answeredBy &&
        state.users.get(p.userId)?.role === 'supervisor',
    )
    .sort((a, b) => a.idleSince - b.idleSince);
  return free[0]?.id ?? null;
}

function deskName(state: State, positionId: string): string {
  return state.telephony.desks.get(positionId)?.name ?? positionId;
}

type TransferTimelineEvent = Extract<
  EventBody,
  { type: 'call.transfer_started' | 'call.transfer_failed' | 'call.transferred_out' }
>;

/** A transfer's step in the timeline of the call in Pinisi's log (also of a call already classified and ended). */
function callTimeline(
  state: State,
  emit: Emit,
  call: TelephonyCall,
  event: DistributiveOmit<TransferTimelineEvent, 'callId'>,
): void {
  const pinisi = call.callId ? state.calls.get(call.callId) : undefined;
  if (pinisi) emit({ ...event, callId: pinisi.id } as TransferTimelineEvent, []);
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A call taker acts on their own position; a supervisor on any. */
function ownPosition(state: State, ctx: Context, positionId: string): void {
  const position = state.telephony.positions.get(positionId);
  if (!position) throw notFound('position.not_found', `Nobody is logged in at ${positionId}`, 'positionId');
  if (position.userId !== ctx.actor.userId && !may(ctx.actor.role, 'position.others')) {
    throw forbidden('position.not_yours', 'This is another call taker’s position');
  }
}

function blockKey(number: string): string {
  const key = phoneNumberKey(number);
  if (key === null) throw invalid('block.invalid', 'Only a number can be blocked', 'number');
  return key;
}

export const TELEPHONY_HANDLERS: { [T in keyof TelephonyPayloads]: TelephonyHandler<T> } = {
  'telephony.offer': (state, p, ctx, emit) => {
    const t = state.telephony;
    const known = t.calls.get(p.sipCallId) ?? t.ended.get(p.sipCallId);
    if (known) {
      const decisions = run(state, ctx, emit, (acd) => acd.offer(p.sipCallId, p.number, ctx.now).decisions);
      return { duplicate: true, callId: known.callId, decisions };
    }
    const callId = registerCall(ctx, emit, p.number);
    const block = new AcdView(ctx.acd ?? {}, () => t).activeBlock(p.number, ctx.now);
    const decisions = run(state, ctx, emit, (acd) =>
      acd.offer(p.sipCallId, p.number, ctx.now, block?.reason ?? null, {
        pinisiCallId: callId,
        fromTag: p.fromTag,
        locationError: p.location === null ? p.locationError : null,
        civicAddress: p.civicAddress ?? null,
        locationRef: p.location === null ? (p.locationRef ?? null) : null,
      }),
    ).decisions;
    attachLocation(state, ctx, emit, p.sipCallId, p.number, p);
    return { duplicate: false, callId, decisions };
  },

  'telephony.dereferenced': (state, p, _ctx, emit) => {
    const t = state.telephony;
    if (!t.calls.has(p.sipCallId) && !t.ended.has(p.sipCallId))
      throw notFound('call.not_found', 'No such call', 'sipCallId');
    const ok = p.location !== null || p.civicAddress !== null;
    telephonyEvent(emit, {
      type: 'telephony.location_dereferenced',
      sipCallId: p.sipCallId,
      reference: p.reference,
      ok,
      civicAddress: p.civicAddress,
      error: ok ? null : (p.error ?? 'no location'),
    });
    if (p.location !== null)
      locationEvent(emit, p.sipCallId, null, p.location, p.outsideServiceArea ?? false);
    return { ok };
  },

  'telephony.ring_failed': (state, p, ctx, emit) => ({
    decisions: run(state, ctx, emit, (acd) => acd.ringFailed(p.sipCallId, ctx.now, p.code)),
  }),

  'telephony.answer': (state, p, ctx, emit) => {
    const result = run(state, ctx, emit, (acd) => acd.answered(p.sipCallId, ctx.now, p.contact));
    if (result.duplicate) return { duplicate: true, positionId: result.positionId };
    const position = result.positionId ? state.telephony.positions.get(result.positionId) : undefined;
    const call = state.telephony.calls.get(p.sipCallId);
    const pinisi = call?.callId ? state.calls.get(call.callId) : undefined;
    if (position && pinisi?.status === 'ringing')
      emit({ type: 'call.answered', callId: pinisi.id }, [], position.userId);
    return { duplicate: false, positionId: result.positionId, userId: position?.userId ?? null };
  },

  'telephony.hang_up': (state, p, ctx, emit) => {
    const call = state.telephony.calls.get(p.sipCallId);
    if (!call) return { duplicate: true, decisions: [] as Decision[], fallback: false };
    // A CANCEL after a 200 OK: the answer crossed the caller's hang-up, nobody talked to the caller.
    const talked = call.status === 'answered' && p.cancelled !== true;
    const by: HangupBy = talked ? hangupBy(p.fromTag, call) : 'caller';
    const decisions = run(state, ctx, emit, (acd) =>
      talked
        ? acd.ended(p.sipCallId, by, ctx.now).decisions
        : acd.abandoned(p.sipCallId, ctx.now, ctx.now, true),
    );
    endPinisiCall(state, emit, call, by);
    return { duplicate: false, decisions, fallback: call.fallback };
  },

  'telephony.fallback': (state, p, ctx, emit) => {
    const t = state.telephony;
    const known = t.calls.get(p.sipCallId) ?? t.ended.get(p.sipCallId);
    if (known && known.status !== 'queued' && known.status !== 'ringing') {
      return {
        known: true,
        finished: known.status === 'ended' || known.status === 'abandoned',
        decisions: [],
      };
    }
    const offeredAt = p.offeredAt ?? ctx.now;
    const callId = known?.callId ?? registerCall(ctx, emit, p.number);
    const decisions: Decision[] = [];
    let finished = false;
    let hungUp: HangupBy = 'caller';
    run(state, ctx, emit, (acd) => {
      acd.offerFallback(p.sipCallId, p.number, p.fallbackAt ?? offeredAt, {
        now: ctx.now,
        pinisiCallId: callId,
        fromTag: p.fromTag,
        offeredAt,
        reason: p.reason ?? null,
      });
      // A caller who cancelled never heard an answer, even when a hunt phone's 200 crossed the CANCEL.
      const cancelled = p.abandonedAt !== null;
      if (p.answeredAt !== null && !cancelled) acd.answered(p.sipCallId, ctx.now, p.contact, p.answeredAt);
      const endedAt = cancelled ? p.abandonedAt : p.endedAt;
      if (endedAt !== null) {
        finished = true;
        const answered = acd.call(p.sipCallId)?.status === 'answered';
        if (answered) hungUp = p.endedFromTag === p.fromTag ? 'caller' : 'call_taker';
        decisions.push(
          ...(answered
            ? acd.ended(p.sipCallId, hungUp, ctx.now, endedAt).decisions
            : acd.abandoned(p.sipCallId, ctx.now, endedAt)),
        );
      }
    });
    if (!known) attachLocation(state, ctx, emit, p.sipCallId, p.number, p);
    if (finished) {
      const pinisi = state.calls.get(callId);
      if (pinisi?.status !== 'ended') emit({ type: 'call.ended', callId, by: hungUp });
    }
    return { known: known !== undefined, finished, callId, decisions };
  },

  'telephony.reconcile': (state, p, ctx, emit) => {
    const call = state.telephony.calls.get(p.sipCallId);
    if (!call) return { finished: true, decisions: [] as Decision[] };
    const answered = call.status === 'answered' || p.answeredAt !== null;
    const endedAt = p.known ? p.endedAt : answered ? ctx.now : null;
    const by: HangupBy = p.known ? hangupBy(p.endedFromTag, call) : 'unknown';
    const decisions = run(state, ctx, emit, (acd) => {
      if (call.status !== 'answered' && p.answeredAt !== null)
        acd.answered(p.sipCallId, ctx.now, p.contact, p.answeredAt);
      if (endedAt === null) return [];
      return answered ? acd.ended(p.sipCallId, by, ctx.now, endedAt).decisions : [];
    });
    const pinisi = call.callId ? state.calls.get(call.callId) : undefined;
    const position = call.ringingPosition ? state.telephony.positions.get(call.ringingPosition) : undefined;
    if (call.status !== 'answered' && p.answeredAt !== null && position && pinisi?.status === 'ringing')
      emit({ type: 'call.answered', callId: pinisi.id }, [], position.userId);
    if (endedAt !== null && answered)
      endPinisiCall(
        state,
        emit,
        { ...call, answeredByUser: call.answeredByUser ?? position?.userId ?? null },
        by,
      );
    return { finished: endedAt !== null && answered, decisions };
  },

  'telephony.tick': (state, _p, ctx, emit) => ({
    decisions: run(state, ctx, emit, (acd) => acd.tick(ctx.now)),
  }),

  'telephony.locate': (state, p, ctx, emit) => {
    const key = phoneNumberKey(p.number);
    if (key === null) throw invalid('validation', 'The location names no caller number', 'number');
    const live = [...state.telephony.calls.values()]
      .filter((c) => c.number !== null && phoneNumberKey(c.number) === key)
      .sort((a, b) => b.offeredAt - a.offeredAt)[0];
    if (live) {
      locationEvent(emit, live.id, null, p.location, p.outsideServiceArea);
      return { sipCallId: live.id, callId: live.callId, kept: false };
    }
    locationEvent(emit, null, key, p.location, p.outsideServiceArea, ctx.now + PENDING_LOCATION_MS);
    return { sipCallId: null, callId: null, kept: true };
  },

  'telephony.sign_in': (state, p, ctx, emit) => {
    const current = state.telephony.positions.get(p.positionId);
    if (current && current.userId !== ctx.actor.userId && !may(ctx.actor.role, 'position.others')) {
      throw conflict('position.taken', `${p.positionId} is taken by another call taker`);
    }
    const { extension, contact } = deskPhone(state, p);
    return {
      decisions: run(state, ctx, emit, (acd) =>
        acd.login(p.positionId, ctx.actor.userId, extension, contact, ctx.now),
      ),
    };
  },

  'desk.save': (state, p, _ctx, emit) =>
    saveDesk(state, { id: p.positionId, name: p.name, extension: p.extension, contact: p.contact }, emit),

  'desk.remove': (state, p, _ctx, emit) => removeDesk(state, p.positionId, emit),

  'telephony.sign_out': (state, p, ctx, emit) => {
    ownPosition(state, ctx, p.positionId);
    return { decisions: run(state, ctx, emit, (acd) => acd.logout(p.positionId, ctx.now)) };
  },

  'telephony.take_break': (state, p, ctx, emit) => {
    ownPosition(state, ctx, p.positionId);
    run(state, ctx, emit, (acd) => acd.setBreak(p.positionId, p.reason, ctx.now));
    return { decisions: [] };
  },

  'telephony.set_available': (state, p, ctx, emit) => {
    ownPosition(state, ctx, p.positionId);
    return { decisions: run(state, ctx, emit, (acd) => acd.setAvailable(p.positionId, ctx.now)) };
  },

  'telephony.callback': (state, p, ctx, emit) => {
    const attempted = run(state, ctx, emit, (acd) => acd.callbackAttempt(p.sipCallId, p.result, ctx.now));
    if (!attempted) throw notFound('callback.not_found', 'No such call on the callback list', 'sipCallId');
    return {};
  },

  'telephony.transfer': (state, p, ctx, emit) => {
    const call = transferable(state, ctx, p.sipCallId);
    return { transfer: deskTransfer(state, ctx, emit, call, p.toPositionId) };
  },

  'telephony.transfer_out': (state, p, ctx, emit) => {
    const call = transferable(state, ctx, p.sipCallId);
    const targets = ctx.acd?.transferTargets ?? DEFAULT_ACD_CONFIG.transferTargets;
    const target = targets.find((t) => t.id === p.targetId);
    if (!target) throw notFound('transfer.unknown_target', `No transfer target ${p.targetId}`, 'targetId');
    if (target.kind === 'supervisor') {
      // A supervisor signed in at a free desk takes it there; otherwise the supervisor's own phone, if one is set.
      const desk = supervisorDesk(state, call);
      if (desk) return { transfer: deskTransfer(state, ctx, emit, call, desk) };
      if (target.uri === null)
        throw conflict(
          'transfer.no_supervisor',
          'No supervisor is free at a desk and no supervisor phone is set',
        );
    }
    const started = run(state, ctx, emit, (acd) => acd.startOutsideTransfer(call.id, target, ctx.now));
    callTimeline(state, emit, call, {
      type: 'call.transfer_started',
      toPositionId: null,
      targetId: target.id,
      target: target.name,
    });
    return {
      transfer: { sipCallId: call.id, targetId: target.id, name: target.name, uri: target.uri, ...started },
    };
  },

  'telephony.transfer_result': (state, p, ctx, emit) => {
    const call = state.telephony.calls.get(p.sipCallId);
    const outcome = run(state, ctx, emit, (acd) => acd.transferOutcome(p.sipCallId, p.ok, p.code, ctx.now));
    if (!outcome.changed || !call) return { ...outcome };
    const pinisi = call.callId ? state.calls.get(call.callId) : undefined;
    const out = call.transferOut;
    const toPositionId = call.transferTo ?? null;
    const where = out
      ? { toPositionId: null, targetId: out.targetId, target: out.name }
      : { toPositionId, targetId: null, target: deskName(state, toPositionId ?? '') };
    if (!p.ok) {
      callTimeline(state, emit, call, { type: 'call.transfer_failed', ...where, code: p.code });
    } else if (out) {
      callTimeline(state, emit, call, {
        type: 'call.transferred_out',
        from: call.answeredByUser,
        toPositionId: null,
        targetId: out.targetId,
        target: out.name,
      });
      // The centre's part of the call is over: it is the outside number's now.
      if (pinisi && pinisi.status !== 'ended') emit({ type: 'call.ended', callId: pinisi.id }, []);
    } else if (pinisi && pinisi.status !== 'ended' && toPositionId) {
      const to = state.telephony.positions.get(toPositionId);
      emit(
        {
          type: 'call.transferred',
          callId: pinisi.id,
          from: call.answeredByUser,
          to: to?.userId ?? null,
          toPositionId,
        },
        [],
      );
    }
    return { ...outcome };
  },

  'telephony.block': (_state, p, ctx, emit) => {
    if (p.reason.trim().length < 3) throw invalid('block.invalid', 'A block needs a reason', 'reason');
    const number = blockKey(p.number);
    const until = ctx.now + p.minutes * 60_000;
    telephonyEvent(emit, { type: 'telephony.number_blocked', number, until, reason: p.reason });
    return { block: { number, until, reason: p.reason, by: ctx.actor.userId, at: ctx.now } };
  },

  'telephony.unblock': (state, p, ctx, emit) => {
    const number = blockKey(p.number);
    const block = state.telephony.blocks.get(number);
    if (!block || block.until <= ctx.now)
      throw notFound('block.not_found', 'This number is not blocked', 'number');
    telephonyEvent(emit, { type: 'telephony.number_unblocked', number, reason: p.reason });
    return {};
  },
};
