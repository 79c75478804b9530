// The telephony facts in the log: positions, calls through the queue, callbacks, caller locations and number blocks.
import type { CallbackResult, CallerLocation, Desk, FallbackReason, HangupBy } from './types.ts';

export type TelephonyEvent =
  /** The admin set up a desk or changed it (its name, or the phone that rings there). */
  | { type: 'telephony.desk_saved'; desk: Desk }
  | { type: 'telephony.desk_removed'; positionId: string }
  | {
      type: 'telephony.position_signed_in';
      positionId: string;
      userId: string;
      extension: string;
      contact: string;
    }
  | { type: 'telephony.position_signed_out'; positionId: string }
  | { type: 'telephony.position_on_break'; positionId: string; reason: string }
  /** Back from break, wrap-up or a missed ring; `freedAt` is when the position became free. */
  | { type: 'telephony.position_available'; positionId: string; freedAt: number; resetMisses: boolean }
  | {
      type: 'telephony.call_offered';
      sipCallId: string;
      /** The call in Pinisi's log registered with it. */
      callId: string | null;
      number: string | null;
      fromTag: string | null;
      blockedReason: string | null;
      locationError: string | null;
      /** The civic address the INVITE's PIDF-LO carried, as text (absent in older events). */
      civicAddress?: string | null;
      /** The location reference given instead of a location; the intake fetches it (absent in older events). */
      locationRef?: string | null;
    }
  /** The caller waits (ringback) until a position is free. */
  | { type: 'telephony.call_queued'; sipCallId: string }
  | { type: 'telephony.call_ringing'; sipCallId: string; positionId: string; contact: string }
  /** `miss`: the desk did not answer (counts towards its break); false when the failure was not the desk's doing. */
  | {
      type: 'telephony.ring_failed';
      sipCallId: string;
      positionId: string | null;
      code: number | null;
      miss?: boolean;
    }
  /** The call rings the switch's hunt group (see FallbackReason); times are the switch's when it reported it. */
  | {
      type: 'telephony.call_fallback';
      sipCallId: string;
      callId: string | null;
      number: string | null;
      fromTag: string | null;
      offeredAt: number;
      fallbackAt: number;
      /** Absent in events recorded before reasons were kept. */
      reason?: FallbackReason | null;
    }
  | {
      type: 'telephony.call_answered';
      sipCallId: string;
      positionId: string | null;
      userId: string | null;
      answeredAt: number;
    }
  /** The caller hung up before anyone answered: the call goes on the callback list. */
  | { type: 'telephony.call_abandoned'; sipCallId: string; abandonedAt: number; callbackLimit: number }
  | {
      type: 'telephony.call_ended';
      sipCallId: string;
      by: HangupBy;
      endedAt: number;
      /** When the answering position's wrap-up ends; null: straight back to available. */
      wrapUpUntil: number | null;
    }
  | { type: 'telephony.callback_attempted'; sipCallId: string; result: CallbackResult }
  /** A call taker passes an answered call to another desk: its phone rings, the caller stays with the first desk. */
  | {
      type: 'telephony.transfer_started';
      sipCallId: string;
      fromPositionId: string | null;
      toPositionId: string;
      contact: string;
    }
  /** The desk the call was passed to did not take it (no answer, busy, refused; `code` as the switch saw it). */
  | { type: 'telephony.transfer_failed'; sipCallId: string; toPositionId: string; code: number | null }
  /** The caller now talks to the desk the call was passed to; the first desk goes to wrap-up (or is free). */
  | {
      type: 'telephony.call_transferred';
      sipCallId: string;
      fromPositionId: string | null;
      toPositionId: string;
      userId: string | null;
      wrapUpUntil: number | null;
    }
  /** A call taker passes an answered call to a configured outside number: the switch dials it, the caller stays. */
  | {
      type: 'telephony.outside_transfer_started';
      sipCallId: string;
      fromPositionId: string | null;
      targetId: string;
      name: string;
      uri: string;
    }
  /** The outside number did not take the call (`code` as the switch saw it): the caller stays with the desk. */
  | {
      type: 'telephony.outside_transfer_failed';
      sipCallId: string;
      targetId: string;
      name: string;
      code: number | null;
    }
  /** The caller now talks to the outside number; the desk goes to wrap-up (or is free) and the call is no desk's. */
  | {
      type: 'telephony.call_transferred_out';
      sipCallId: string;
      fromPositionId: string | null;
      targetId: string;
      name: string;
      wrapUpUntil: number | null;
    }
  /** A caller location (PIDF-LO, AML); a later one for the same call is an update. Without a call it waits a while. */
  | {
      type: 'telephony.location_received';
      sipCallId: string | null;
      /** Normalised caller number, for a location kept until its call arrives (or taken over by it). */
      number: string | null;
      /** Null once erased (retention of junk calls, see personal-fields.ts). */
      location: CallerLocation | null;
      outsideServiceArea: boolean;
      keepUntil: number | null;
    }
  /** The location reference of a call was fetched, or could not be (then `error` says why). */
  | {
      type: 'telephony.location_dereferenced';
      sipCallId: string;
      reference: string;
      ok: boolean;
      civicAddress: string | null;
      error: string | null;
    }
  | { type: 'telephony.number_blocked'; number: string; until: number; reason: string }
  | { type: 'telephony.number_unblocked'; number: string; reason: string };
