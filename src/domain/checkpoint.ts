// The parts of the live state that have no state table (telephony projection, incident count), as one JSON document:
// the store keeps one now and then, so start-up replays only the events after it instead of all history.
import type { TelephonyState } from './acd/types.ts';
import type { State } from './state.ts';

/** The live state's log-only parts as of `seq`. */
export interface Checkpoint {
  seq: number;
  incidentsCreated: number;
  telephony: {
    positions: [string, unknown][];
    calls: [string, unknown][];
    ended: [string, unknown][];
    callbacks: unknown[];
    blocks: [string, unknown][];
    pendingLocations: [string, unknown][];
    /** Absent from checkpoints written before signed-out desks were kept. */
    signedOut?: [string, unknown][];
    /** Absent from checkpoints written before desks were set up by the admin. */
    desks?: [string, unknown][];
  };
}

export function checkpointOf(state: State): Checkpoint {
  const t = state.telephony;
  return {
    seq: state.seq,
    incidentsCreated: state.incidentsCreated,
    telephony: {
      positions: [...t.positions],
      calls: [...t.calls],
      ended: [...t.ended],
      callbacks: [...t.callbacks],
      blocks: [...t.blocks],
      pendingLocations: [...t.pendingLocations],
      signedOut: [...t.signedOut],
      desks: [...t.desks],
    },
  };
}

/** Puts a checkpoint's parts into a state; the events after `checkpoint.seq` are then applied as usual. */
export function restoreCheckpoint(state: State, checkpoint: Checkpoint): void {
  const t = checkpoint.telephony;
  state.incidentsCreated = checkpoint.incidentsCreated;
  state.telephony = {
    positions: new Map(t.positions),
    calls: new Map(t.calls),
    ended: new Map(t.ended),
    callbacks: [...t.callbacks],
    blocks: new Map(t.blocks),
    pendingLocations: new Map(t.pendingLocations),
    signedOut: new Map(t.signedOut ?? []),
    desks: new Map(t.desks ?? []),
  } as TelephonyState;
}
