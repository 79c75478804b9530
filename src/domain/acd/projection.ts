// The telephony reducer: applies one telephony event to the projection (positions, queue, callbacks, locations, blocks).
import type { TelephonyEvent } from './events.ts';
import {
  type AcdCall,
  type Block,
  CALL_REFUSAL_CODES,
  CALLBACK_CLOSING,
  type CallbackEntry,
  type Desk,
  emptyTelephony,
  type Position,
  type SignedOutDesk,
  type TelephonyCall,
  type TelephonyState,
} from './types.ts';

/** Finished calls are kept this long (retransmissions, recent outcomes on the consoles). */
const ENDED_KEPT_MS = 3_600_000;

type Stamped = TelephonyEvent & { at: number; actor: string | null };

export function isTelephonyEvent(event: { type: string }): event is TelephonyEvent {
  return event.type.startsWith('telephony.');
}

function newCall(
  sipCallId: string,
  fields: Pick<TelephonyCall, 'callId' | 'number' | 'fromTag' | 'offeredAt'> & Partial<TelephonyCall>,
): TelephonyCall {
  return {
    id: sipCallId,
    status: 'queued',
    blockedReason: null,
    fallback: false,
    fallbackReason: null,
    rangAt: null,
    ringingPosition: null,
    missedBy: [],
    answeredAt: null,
    answeredBy: null,
    endedAt: null,
    endedBy: null,
    location: null,
    outsideServiceArea: null,
    locationError: null,
    answeredByUser: null,
    ...fields,
  };
}

function setPosition(t: TelephonyState, id: string, change: Partial<Position>): Position | undefined {
  const current = t.positions.get(id);
  if (!current) return undefined;
  const next = { ...current, ...change };
  if (next.state !== 'on_break') next.breakReason = change.breakReason ?? null;
  if (next.state !== 'wrap_up') next.wrapUpUntil = null;
  t.positions.set(id, next);
  return next;
}

function setCall(t: TelephonyState, id: string, change: Partial<TelephonyCall>): TelephonyCall | undefined {
  const current = t.calls.get(id);
  if (!current) return undefined;
  const next = { ...current, ...change };
  t.calls.set(id, next);
  return next;
}

/** A position free from `at`: available, first in line by how long it has been idle. */
function free(t: TelephonyState, id: string, at: number): void {
  setPosition(t, id, { state: 'available', since: at, idleSince: at, callId: null });
}

/** The desk that had the call goes to wrap-up until `wrapUpUntil`, or is free at once without one. */
function afterCall(
  t: TelephonyState,
  positionId: string | null | undefined,
  callId: string,
  at: number,
  wrapUpUntil: number | null,
): void {
  const position = positionId ? t.positions.get(positionId) : undefined;
  if (!position || position.callId !== callId) return;
  if (wrapUpUntil !== null)
    setPosition(t, position.id, { state: 'wrap_up', since: at, callId: null, wrapUpUntil });
  else free(t, position.id, at);
}

/** The ringing position of a call is released without blame: it keeps its place in the idle order. */
function releaseRinging(t: TelephonyState, call: AcdCall, at: number): void {
  if (call.status !== 'ringing' || call.ringingPosition === null) return;
  const position = t.positions.get(call.ringingPosition);
  if (position && position.callId === call.id)
    setPosition(t, position.id, { callId: null, state: 'available', since: at });
  setCall(t, call.id, { ringingPosition: null });
}

/** The desk rung for a transfer that did not happen is free again, keeping its place in the idle order. */
function releaseTransferTarget(t: TelephonyState, positionId: string, sipCallId: string, at: number): void {
  const position = t.positions.get(positionId);
  if (position && position.callId === sipCallId && position.state === 'ringing')
    setPosition(t, positionId, { state: 'available', since: at, callId: null });
}

function finish(t: TelephonyState, id: string, change: Partial<TelephonyCall>): void {
  const call = t.calls.get(id);
  if (!call) return;
  t.calls.delete(id);
  t.ended.set(id, { ...call, ...change });
}

/**
 * Drops ended calls older than an hour and expired early locations. Both maps are in the order of their times (a
 * call joins `ended` when it ends, a location is set again when it arrives again), so the walk stops at the first
 * one still kept: the cost is what is dropped, not what is kept.
 */
function forgetOld(t: TelephonyState, at: number): void {
  for (const [id, call] of t.ended) {
    if ((call.endedAt ?? 0) >= at - ENDED_KEPT_MS) break;
    t.ended.delete(id);
  }
  for (const [key, pending] of t.pendingLocations) {
    if (pending.expires > at) break;
    t.pendingLocations.delete(key);
  }
}

/** Applies one telephony event in place; entities are replaced, never changed in place. */
export function applyTelephony(t: TelephonyState, event: Stamped): void {
  const at = event.at;
  switch (event.type) {
    case 'telephony.desk_saved':
      t.desks.set(event.desk.id, event.desk);
      break;
    case 'telephony.desk_removed':
      t.desks.delete(event.positionId);
      break;
    case 'telephony.position_signed_in':
      t.signedOut.delete(event.positionId);
      t.positions.set(event.positionId, {
        id: event.positionId,
        userId: event.userId,
        extension: event.extension,
        contact: event.contact,
        state: 'available',
        since: at,
        idleSince: at,
        wrapUpUntil: null,
        callId: null,
        missedInARow: 0,
        breakReason: null,
      });
      break;
    case 'telephony.position_signed_out': {
      const position = t.positions.get(event.positionId);
      t.positions.delete(event.positionId);
      if (position) {
        const { id, userId, extension } = position;
        t.signedOut.set(id, { id, userId, extension, since: at });
      }
      break;
    }
    case 'telephony.position_on_break':
      setPosition(t, event.positionId, {
        state: 'on_break',
        since: at,
        breakReason: event.reason,
        callId: null,
      });
      break;
    case 'telephony.position_available': {
      const position = t.positions.get(event.positionId);
      if (!position) break;
      if (position.state !== 'available') free(t, position.id, event.freedAt);
      if (event.resetMisses) setPosition(t, position.id, { missedInARow: 0 });
      break;
    }
    case 'telephony.call_offered':
      forgetOld(t, at);
      if (t.calls.has(event.sipCallId)) break;
      t.calls.set(
        event.sipCallId,
        newCall(event.sipCallId, {
          callId: event.callId,
          number: event.number,
          fromTag: event.fromTag,
          offeredAt: at,
          blockedReason: event.blockedReason,
          locationError: event.locationError,
          civicAddress: event.civicAddress ?? null,
          locationRef: event.locationRef ?? null,
          locationRefState: event.locationRef ? 'fetching' : null,
        }),
      );
      break;
    case 'telephony.call_queued': {
      const call = t.calls.get(event.sipCallId);
      if (call) setCall(t, call.id, { status: 'queued', ringingPosition: null });
      break;
    }
    case 'telephony.call_ringing': {
      setCall(t, event.sipCallId, { status: 'ringing', ringingPosition: event.positionId, rangAt: at });
      setPosition(t, event.positionId, { state: 'ringing', since: at, callId: event.sipCallId });
      break;
    }
    case 'telephony.ring_failed': {
      const call = t.calls.get(event.sipCallId);
      if (!call) break;
      const position = event.positionId ? t.positions.get(event.positionId) : undefined;
      const rung = position !== undefined && position.callId === call.id;
      setCall(t, call.id, {
        status: 'queued',
        ringingPosition: null,
        missedBy: rung ? [...call.missedBy, position.id] : call.missedBy,
        ...(rung ? { lastFailed: { positionId: position.id, at } } : {}),
        ...(rung && event.code !== null && CALL_REFUSAL_CODES.includes(event.code)
          ? { refusedBy: [...(call.refusedBy ?? []), position.id] }
          : {}),
      });
      if (!rung) break;
      if (event.miss === false) {
        // Not the desk's doing: it keeps its place in the idle order and its count of misses.
        setPosition(t, position.id, { state: 'available', since: at, callId: null });
      } else {
        // Back of the line: the others have been idle longer now.
        setPosition(t, position.id, {
          state: 'available',
          since: at,
          idleSince: at,
          callId: null,
          missedInARow: position.missedInARow + 1,
        });
      }
      break;
    }
    case 'telephony.call_fallback': {
      forgetOld(t, at);
      const call = t.calls.get(event.sipCallId);
      if (call) {
        if (call.status === 'queued' || call.status === 'ringing') {
          releaseRinging(t, call, event.fallbackAt);
          setCall(t, call.id, {
            status: 'ringing',
            fallback: true,
            fallbackReason: event.reason ?? null,
            rangAt: event.fallbackAt,
            callId: call.callId ?? event.callId,
          });
        }
        break;
      }
      if (t.ended.has(event.sipCallId)) break;
      t.calls.set(
        event.sipCallId,
        newCall(event.sipCallId, {
          callId: event.callId,
          number: event.number,
          fromTag: event.fromTag,
          offeredAt: event.offeredAt,
          status: 'ringing',
          fallback: true,
          fallbackReason: event.reason ?? null,
          rangAt: event.fallbackAt,
        }),
      );
      break;
    }
    case 'telephony.call_answered': {
      const call = t.calls.get(event.sipCallId);
      if (!call) break;
      setCall(t, call.id, {
        status: 'answered',
        answeredAt: event.answeredAt,
        ringingPosition: null,
        answeredBy: event.positionId,
        answeredByUser: event.userId,
      });
      if (event.positionId) {
        setPosition(t, event.positionId, {
          state: 'on_call',
          since: at,
          callId: call.id,
          missedInARow: 0,
        });
      }
      break;
    }
    case 'telephony.call_abandoned': {
      const call = t.calls.get(event.sipCallId);
      if (!call) break;
      releaseRinging(t, call, at);
      // An answer that crossed the CANCEL: the desk is free again, without blame, and the call was not answered.
      const answering = call.answeredBy ? t.positions.get(call.answeredBy) : undefined;
      if (call.status === 'answered' && answering?.callId === call.id)
        setPosition(t, answering.id, { state: 'available', since: at, callId: null });
      finish(t, call.id, {
        status: 'abandoned',
        answeredAt: null,
        answeredBy: null,
        answeredByUser: null,
        ringingPosition: null,
        endedAt: event.abandonedAt,
        endedBy: 'caller',
      });
      t.callbacks = [
        ...t.callbacks,
        {
          callId: call.id,
          number: call.number,
          offeredAt: call.offeredAt,
          abandonedAt: event.abandonedAt,
          waitedMs: event.abandonedAt - call.offeredAt,
        },
      ].slice(-event.callbackLimit);
      break;
    }
    case 'telephony.transfer_started': {
      const call = t.calls.get(event.sipCallId);
      if (!call) break;
      setCall(t, call.id, { transferTo: event.toPositionId, transferFailed: null });
      setPosition(t, event.toPositionId, { state: 'ringing', since: at, callId: call.id });
      break;
    }
    case 'telephony.transfer_failed': {
      const call = t.calls.get(event.sipCallId);
      if (call?.transferTo === event.toPositionId)
        setCall(t, call.id, {
          transferTo: null,
          transferFailed: { positionId: event.toPositionId, code: event.code, at },
        });
      releaseTransferTarget(t, event.toPositionId, event.sipCallId, at);
      break;
    }
    case 'telephony.outside_transfer_started': {
      const call = t.calls.get(event.sipCallId);
      if (call)
        setCall(t, call.id, {
          transferOut: { targetId: event.targetId, name: event.name },
          transferFailed: null,
        });
      break;
    }
    case 'telephony.outside_transfer_failed': {
      const call = t.calls.get(event.sipCallId);
      if (call?.transferOut?.targetId === event.targetId)
        setCall(t, call.id, {
          transferOut: null,
          transferFailed: {
            positionId: null,
            targetId: event.targetId,
            name: event.name,
            code: event.code,
            at,
          },
        });
      break;
    }
    case 'telephony.call_transferred_out': {
      const call = t.calls.get(event.sipCallId);
      if (!call) break;
      setCall(t, call.id, {
        transferOut: null,
        transferredOut: { targetId: event.targetId, name: event.name },
        answeredBy: null,
        transferredFrom: [
          ...(call.transferredFrom ?? []),
          ...(event.fromPositionId ? [event.fromPositionId] : []),
        ],
      });
      afterCall(t, event.fromPositionId, call.id, at, event.wrapUpUntil);
      break;
    }
    case 'telephony.call_transferred': {
      const call = t.calls.get(event.sipCallId);
      if (!call) break;
      const to = t.positions.get(event.toPositionId);
      setCall(t, call.id, {
        transferTo: null,
        answeredBy: event.toPositionId,
        answeredByUser: event.userId,
        transferredFrom: [
          ...(call.transferredFrom ?? []),
          ...(event.fromPositionId ? [event.fromPositionId] : []),
        ],
      });
      if (to) setPosition(t, to.id, { state: 'on_call', since: at, callId: call.id, missedInARow: 0 });
      afterCall(t, event.fromPositionId, call.id, at, event.wrapUpUntil);
      break;
    }
    case 'telephony.call_ended': {
      const call = t.calls.get(event.sipCallId);
      if (!call) break;
      finish(t, call.id, {
        status: 'ended',
        endedAt: event.endedAt,
        endedBy: event.by,
        transferTo: null,
        transferOut: null,
      });
      if (call.transferTo) releaseTransferTarget(t, call.transferTo, call.id, event.endedAt);
      afterCall(t, call.answeredBy, call.id, event.endedAt, event.wrapUpUntil);
      break;
    }
    case 'telephony.callback_attempted': {
      const attempt = { at, by: event.actor, result: event.result };
      const closing = CALLBACK_CLOSING.includes(event.result);
      t.callbacks = closing
        ? t.callbacks.filter((c) => c.callId !== event.sipCallId)
        : t.callbacks.map((c) =>
            c.callId === event.sipCallId ? { ...c, attempts: [...(c.attempts ?? []), attempt] } : c,
          );
      break;
    }
    case 'telephony.location_received': {
      if (event.number !== null) t.pendingLocations.delete(event.number);
      const fields = {
        location: event.location,
        outsideServiceArea: event.outsideServiceArea,
        locationError: null,
      };
      if (event.sipCallId !== null) {
        if (!setCall(t, event.sipCallId, fields)) {
          const ended = t.ended.get(event.sipCallId);
          if (ended) t.ended.set(ended.id, { ...ended, ...fields });
        }
      } else if (event.number !== null && event.keepUntil !== null && event.location !== null) {
        t.pendingLocations.set(event.number, {
          location: event.location,
          outsideServiceArea: event.outsideServiceArea,
          expires: event.keepUntil,
        });
      }
      break;
    }
    case 'telephony.location_dereferenced': {
      const fields: Partial<TelephonyCall> = {
        locationRef: event.reference,
        locationRefState: event.ok ? 'fetched' : 'failed',
        ...(event.civicAddress !== null ? { civicAddress: event.civicAddress } : {}),
        ...(event.ok ? {} : { locationError: event.error }),
      };
      if (!setCall(t, event.sipCallId, fields)) {
        const ended = t.ended.get(event.sipCallId);
        if (ended) t.ended.set(ended.id, { ...ended, ...fields });
      }
      break;
    }
    case 'telephony.number_blocked':
      for (const [number, block] of t.blocks) if (block.until <= at) t.blocks.delete(number);
      t.blocks.set(event.number, {
        number: event.number,
        until: event.until,
        reason: event.reason,
        by: event.actor,
        at,
      });
      break;
    case 'telephony.number_unblocked':
      t.blocks.delete(event.number);
      break;
  }
}

/** The projection as a console loads it: positions, the calls of the last hour with locations, callbacks, blocks. */
export interface TelephonySnapshot {
  positions: Position[];
  calls: TelephonyCall[];
  callbacks: CallbackEntry[];
  blocks: Block[];
  /** Absent from servers that did not keep signed-out desks. */
  signedOut?: SignedOutDesk[];
  /** The desks the admin set up (absent from older servers). */
  desks?: Desk[];
}

export function telephonySnapshot(t: TelephonyState): TelephonySnapshot {
  return {
    positions: [...t.positions.values()],
    calls: [...t.ended.values(), ...t.calls.values()],
    callbacks: [...t.callbacks],
    blocks: [...t.blocks.values()],
    signedOut: [...t.signedOut.values()],
    desks: [...t.desks.values()],
  };
}

/** A console's projection from its snapshot; the stream's telephony events move it on with `apply`. */
export function telephonyFrom(snapshot: TelephonySnapshot): TelephonyState {
  const t = emptyTelephony();
  for (const p of snapshot.positions) t.positions.set(p.id, p);
  for (const c of snapshot.calls)
    (c.status === 'ended' || c.status === 'abandoned' ? t.ended : t.calls).set(c.id, c);
  t.callbacks = [...snapshot.callbacks];
  for (const b of snapshot.blocks) t.blocks.set(b.number, b);
  for (const d of snapshot.signedOut ?? []) t.signedOut.set(d.id, d);
  for (const d of snapshot.desks ?? []) t.desks.set(d.id, d);
  return t;
}
