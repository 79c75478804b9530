// The nouns of the call queue (ACD): positions, calls waiting or ringing, decisions for the switch, the callback list.

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
  /** How many abandoned calls the callback list keeps (oldest dropped first). */
  callbackLimit: number;
}

export const DEFAULT_ACD_CONFIG: AcdConfig = {
  wrapUpMs: 10_000,
  ringTimeoutMs: 15_000,
  missesBeforeBreak: 2,
  blockedMaxWaitMs: 60_000,
  callbackLimit: 500,
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
export type HangupBy = 'caller' | 'call_taker' | 'unknown';

/** A call as the queue sees it, keyed by its SIP Call-ID. */
export interface AcdCall {
  id: string;
  /** Caller number; null when withheld or absent. */
  number: string | null;
  status: AcdCallStatus;
  /** Why this caller waits behind others, when the number is blocked. */
  blockedReason: string | null;
  /** Rang a fixed hunt group because the brain was silent: the queue did not route it. */
  fallback: boolean;
  offeredAt: number;
  /** When the current or last ring started. */
  rangAt: number | null;
  ringingPosition: string | null;
  /** Positions rung for this call and missed, in order. */
  missedBy: string[];
  answeredAt: number | null;
  answeredBy: string | null;
  endedAt: number | null;
  endedBy: HangupBy | null;
}

/** What the switch must do with a call. */
export type Decision =
  | { kind: 'ring'; callId: string; positionId: string; contact: string; timeoutMs: number }
  | { kind: 'wait'; callId: string };

export interface CallbackEntry {
  callId: string;
  number: string | null;
  offeredAt: number;
  abandonedAt: number;
  waitedMs: number;
}

export interface QueueStats {
  length: number;
  oldestWaitMs: number | null;
  ringing: number;
  available: number;
}
