// Ids for new calls, incidents and assignments: UUIDv7 (RFC 9562), time-ordered so new rows append at an index's end.
import { randomFillSync } from 'node:crypto';

/** Random bytes fetched 4 KB at a time: one call into the crypto library per 512 ids instead of one per id. */
const pool = Buffer.alloc(4096);
let used = pool.length;

/** 8 fresh random bytes, as hex, with the UUID variant (10) in the first two bits. */
function randomHex(): string {
  if (used + 8 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const at = used;
  used += 8;
  pool[at] = (pool[at]! & 0x3f) | 0x80;
  return pool.toString('hex', at, at + 8);
}

/**
 * A UUIDv7 factory: 48 bits of milliseconds, then 12 bits counting ids within the same millisecond (so ids made by
 * one process always sort in the order they were made, even if the clock steps back), then 62 random bits.
 */
export function timeOrderedIds(clock: () => number = Date.now): () => string {
  /** Last (milliseconds × 4096 + counter) handed out. */
  let last = 0;
  return () => {
    last = Math.max(last + 1, Math.floor(clock()) * 4096);
    const ms = Math.floor(last / 4096);
    const counter = last % 4096;
    const r = randomHex();
    const t = ms.toString(16).padStart(12, '0');
    const c = counter.toString(16).padStart(3, '0');
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${c}-${r.slice(0, 4)}-${r.slice(4, 16)}`;
  };
}
