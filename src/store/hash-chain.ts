// The event log's hash chain: each event's hash covers the previous hash, its sequence number and its exact text.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(prevHash: string, seq: number, data: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${data}`).digest('hex');
}

export interface ChainLink {
  seq: number;
  data: string;
  hash: string;
}

export type ChainCheck =
  | { ok: true; count: number; seq: number; head: string }
  | { ok: false; seq: number; reason: string };

/** Recomputes the chain over links in order and names the first broken one. */
export function verifyChain(links: Iterable<ChainLink>, start = { seq: 0, hash: GENESIS_HASH }): ChainCheck {
  let prev = start.hash;
  let expectedSeq = start.seq + 1;
  let count = 0;
  for (const link of links) {
    if (link.seq !== expectedSeq) return { ok: false, seq: link.seq, reason: `expected seq ${expectedSeq}` };
    if (chainHash(prev, link.seq, link.data) !== link.hash) {
      return { ok: false, seq: link.seq, reason: 'hash does not match the event and the link before it' };
    }
    prev = link.hash;
    expectedSeq++;
    count++;
  }
  return { ok: true, count, seq: expectedSeq - 1, head: prev };
}

/**
 * Compares where the log ends with the head record written in the same transaction as the last events: a log
 * cut short, or ending in a rewritten event, no longer matches it.
 */
export function checkHead(
  last: { seq: number; hash: string },
  head: { seq: number; hash: string },
): ChainCheck {
  if (last.seq < head.seq) {
    return {
      ok: false,
      seq: last.seq + 1,
      reason: `missing: the log ends at seq ${last.seq} but its head record names seq ${head.seq}`,
    };
  }
  if (last.seq > head.seq) {
    return {
      ok: false,
      seq: head.seq + 1,
      reason: `not covered by the head record, which ends at seq ${head.seq}`,
    };
  }
  if (last.hash !== head.hash) {
    return { ok: false, seq: last.seq, reason: 'hash does not match the head record' };
  }
  return { ok: true, count: 0, seq: last.seq, head: last.hash };
}
