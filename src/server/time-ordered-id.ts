// Ids for new calls, incidents and assignments: UUIDv7 (RFC 9562), time-ordered so new rows append at an index's end.
import { randomBytes } from 'node:crypto';

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
    const random = randomBytes(8);
    random[0] = (random[0]! & 0x3f) | 0x80;
    const r = random.toString('hex');
    const t = ms.toString(16).padStart(12, '0');
    const c = counter.toString(16).padStart(3, '0');
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${c}-${r.slice(0, 4)}-${r.slice(4, 16)}`;
  };
}
