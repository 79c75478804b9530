// The nouns of the call queue (ACD): positions, calls waiting or ringing, decisions for the switch, the callback list.
import { OverlayMap } from '../overlay-map.ts';
import { defaultTransferTargets, type TransferTarget } from './transfer-targets.ts';

const POSITION_STATES = ['available', 'ringing', 'on_call', 'wrap_up', 'on_break'] as const;
type PositionState = (typeof POSITION_STATES)[number];

export interface AcdConfig {
  /** After-call work: how long a position stays in wrap-up after a call ends (0 = straight back to available). */
  wrapUpMs: number;
  /** How long a call taker's phone rings before the call moves on to the next call taker. */
  ringTimeoutMs: number;
  /** Missed rings in a row after which a position is put on break, so an empty desk stops being rung. */
  missesBeforeBreak: number;
  /** A blocked caller waits behind everyone else, but never longer than this before being treated like anyone. */
  blockedMaxWaitMs: number;
  /** A caller no desk can answer (none signed in, all on break) goes to the switch's hunt group after this long. */
  noDeskFallbackMs: number;
  /** The longest a caller waits in the queue before the switch rings its hunt group anyway (told to Kamailio). */
  queueMaxWaitMs: number;
  /**
   * A desk that just missed a call is rung again for that call only after this gap: its phone ends the earlier
   * INVITE transaction first (RFC 3261 timer I, T4 = 5 s), else it rejects the new one as a merged request (482).
   */
  reRingGapMs: number;
  /** How many abandoned calls the callback list keeps (oldest dropped first). */
  callbackLimit: number;
  /** Where a call may be passed outside the desks (agencies, neighbouring regencies' 112, the supervisor). */
  transferTargets: readonly TransferTarget[];
}

export const DEFAULT_ACD_CONFIG: AcdConfig = {
  wrapUpMs: 10_000,
  ringTimeoutMs: 15_000,
  missesBeforeBreak: 2,
  blockedMaxWaitMs: 60_000,
  noDeskFallbackMs: 10_000,
  queueMaxWaitMs: 300_000,
  reRingGapMs: 6_000,
  callbackLimit: 500,
  transferTargets: defaultTransferTargets(null),
};

/** A desk where a call taker is logged in, reachable at a SIP contact. */
export interface Position {
  id: string;
  /** The user logged in at this position. */
  userId: string;
  extension: string;
  /** SIP URI the switch rings, e.g. sip:1001@192.0.2.10:5060. */
  contact: string;
  state: PositionState;
  /** When the position entered its current state. */
  since: number;
  /** When the call taker last became free; the longest idle is rung first. */
  idleSince: number;
  wrapUpUntil: number | null;
  callId: string | null;
  missedInARow: number;
  breakReason: string | null;
}

type AcdCallStatus = 'queued' | 'ringing' | 'answered' | 'ended' | 'abandoned';

/**
 * Why a call rang the switch's hunt group. Pinisi decides `no_desk` (no signed-in desk off break), `all_failed`
 * (every such desk missed this call) and `refused` (the desk phones refused the call itself, see
 * CALL_REFUSAL_CODES); Kamailio reports the others: Pinisi down, silent, gone while the caller waited, or the queue's
 * maximum wait reached.
 */
export const FALLBACK_REASONS = [
  'no_desk',
  'all_failed',
  'refused',
  'queue_timeout',
  'pinisi_down',
  'pinisi_silent',
  'pinisi_gone',
] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/**
 * A desk phone's final answer that refuses the call's own body or media (a malformed request, a body or media it
 * cannot take: text or video only, SRTP, a mangled SDP), not the call taker's doing: no miss, and the call goes to
 * the hunt group once the free desks have refused it.
 */
export const CALL_REFUSAL_CODES: readonly number[] = [400, 415, 488, 500, 606];
export type HangupBy = 'caller' | 'call_taker' | 'unknown';

/** A call as the queue sees it, keyed by its SIP Call-ID. */
export interface AcdCall {
  id: string;
  /** Caller number; null when withheld or absent. */
  number: string | null;
  status: AcdCallStatus;
  /** Why this caller waits behind others, when the number is blocked. */
  blockedReason: string | null;
  /** Rang the switch's fixed hunt group instead of a desk chosen by the queue. */
  fallback: boolean;
  /** Why it went to the hunt group; null when it did not, or when the switch did not say. */
  fallbackReason: FallbackReason | null;
  offeredAt: number;
  /** When the current or last ring started. */
  rangAt: number | null;
  ringingPosition: string | null;
  /** Positions rung for this call and missed, in order. */
  missedBy: string[];
  /** Positions whose phone refused this call itself (CALL_REFUSAL_CODES): not rung for it again. */
  refusedBy?: string[];
  /** The position whose ring for this call failed last, and when: it is rung again only after the re-ring gap. */
  lastFailed?: { positionId: string; at: number };
  answeredAt: number | null;
  answeredBy: string | null;
  endedAt: number | null;
  endedBy: HangupBy | null;
  /** A transfer under way: the desk whose phone rings for this answered call (absent when none). */
  transferTo?: string | null;
  /** Desks the call was passed on from, in order (absent when never transferred). */
  transferredFrom?: string[];
  /** A transfer outside the desks under way: the configured target being dialled (absent when none). */
  transferOut?: { targetId: string; name: string } | null;
  /** The outside target the caller was passed to; the call is no desk's any more (absent when never). */
  transferredOut?: { targetId: string; name: string } | null;
  /**
   * The last transfer that did not happen: the desk (or outside target, by id and name) that did not take the call,
   * the switch's code, when.
   */
  transferFailed?: {
    positionId: string | null;
    targetId?: string;
    name?: string;
    code: number | null;
    at: number;
  } | null;
}

/** What the switch must do with a call. */
export type Decision =
  | { kind: 'ring'; callId: string; positionId: string; contact: string; timeoutMs: number }
  | { kind: 'wait'; callId: string }
  /** Nobody can answer: the switch rings its hunt group now. */
  | { kind: 'fallback'; callId: string; reason: FallbackReason };

export const CALLBACK_RESULTS = ['reached', 'no_answer', 'busy', 'wrong_number'] as const;
export type CallbackResult = (typeof CALLBACK_RESULTS)[number];

/** Results after which a caller leaves the callback list. */
export const CALLBACK_CLOSING: readonly CallbackResult[] = ['reached', 'wrong_number'];

interface CallbackAttempt {
  at: number;
  by: string | null;
  result: CallbackResult;
}

export interface CallbackEntry {
  /** The SIP Call-ID of the abandoned call. */
  callId: string;
  number: string | null;
  offeredAt: number;
  abandonedAt: number;
  waitedMs: number;
  /** Call-backs tried so far that did not close the entry (absent until the first). */
  attempts?: CallbackAttempt[];
}

export interface QueueStats {
  length: number;
  oldestWaitMs: number | null;
  ringing: number;
  available: number;
}

/** Where a caller location came from. */
type CallerLocationSource = 'pidf-lo' | 'aml-http' | 'aml-sms';

/** A caller's position as delivered by the network or the handset (WGS 84 degrees). */
export interface CallerLocation {
  lat: number;
  lon: number;
  /** Horizontal uncertainty radius in metres, null when the sender gave none. */
  accuracyM: number | null;
  /** Confidence as a fraction 0..1 (68 % becomes 0.68), null when the sender gave none. */
  confidence: number | null;
  source: CallerLocationSource;
  /** Positioning method as the sender named it (e.g. "gps", "wifi", "Manual", "802.11"). */
  method: string | null;
  /** When the position was determined, epoch milliseconds, null when unknown. */
  time: number | null;
}

/** A number blocked for a while (repeat prank caller): queued behind everyone else, never rejected. */
export interface Block {
  number: string;
  until: number;
  reason: string;
  by: string | null;
  at: number;
}

/** A call as the centre sees it from the switch: the queue's view plus the caller's location and Pinisi's call. */
export interface TelephonyCall extends AcdCall {
  /** The call in Pinisi's log (`call.registered`), null for calls recorded before it existed. */
  callId: string | null;
  /** The caller's SIP From tag, to tell who hung up. */
  fromTag: string | null;
  location: CallerLocation | null;
  /** True when the location lies outside the service area: the call may belong to a neighbouring kabupaten. */
  outsideServiceArea: boolean | null;
  locationError: string | null;
  /** The call taker (user id) at the position that answered. */
  answeredByUser: string | null;
  /** The caller's civic address as text (PIDF-LO civicAddress), by value or fetched by reference. */
  civicAddress?: string | null;
  /** The location reference (Geolocation URI, HELD) the INVITE gave instead of a location. */
  locationRef?: string | null;
  /** Fetching it: under way, done, or failed ("lokasi berupa rujukan, tidak dapat diambil"). */
  locationRefState?: LocationRefState | null;
}

type LocationRefState = 'fetching' | 'fetched' | 'failed';

/** A location that arrived before its call (AML), kept a while for the caller's number. */
interface PendingLocation {
  location: CallerLocation;
  outsideServiceArea: boolean;
  expires: number;
}

/** The telephony projection: everything the ACD decides on, rebuilt from the log's telephony events. */
export interface TelephonyState {
  positions: Map<string, Position>;
  /** Calls not finished yet (queued, ringing, answered). */
  calls: Map<string, TelephonyCall>;
  /** Finished calls of the last hour: late retransmissions are recognised, consoles see recent outcomes. */
  ended: Map<string, TelephonyCall>;
  callbacks: CallbackEntry[];
  /** Blocks by normalised number (expired ones are dropped when the next block is recorded). */
  blocks: Map<string, Block>;
  /** By normalised number. */
  pendingLocations: Map<string, PendingLocation>;
  /** Desks whose call taker signed out (by position id): the supervisor still sees them, as signed out. */
  signedOut: Map<string, SignedOutDesk>;
  /** The desks the admin set up, by position id; when there are any, call takers sign in at these only. */
  desks: Map<string, Desk>;
}

/** A desk the admin set up: its name and the desk phone that rings there (extension and SIP address). */
export interface Desk {
  id: string;
  name: string;
  extension: string;
  contact: string;
}

/** A desk nobody is signed in at any more: who was, and since when. */
export interface SignedOutDesk {
  id: string;
  userId: string;
  extension: string;
  since: number;
}

export function emptyTelephony(): TelephonyState {
  return {
    positions: new Map(),
    calls: new Map(),
    ended: new Map(),
    callbacks: [],
    blocks: new Map(),
    pendingLocations: new Map(),
    signedOut: new Map(),
    desks: new Map(),
  };
}

/**
 * A copy the deciders may work on, made in constant time: each map is an overlay recording its own changes over the
 * projection's (entities are replaced, never changed in place), and `callbacks` is only ever replaced whole.
 */
export function copyTelephony(t: TelephonyState): TelephonyState {
  return {
    positions: new OverlayMap(t.positions),
    calls: new OverlayMap(t.calls),
    ended: new OverlayMap(t.ended),
    callbacks: t.callbacks,
    blocks: new OverlayMap(t.blocks),
    pendingLocations: new OverlayMap(t.pendingLocations),
    signedOut: new OverlayMap(t.signedOut),
    desks: new OverlayMap(t.desks),
  };
}
