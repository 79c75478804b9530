// Numbers a supervisor has blocked for a while (repeat prank callers), with every block and unblock recorded.
import { phoneNumberKey } from '../phone-number.ts';

export interface Block {
  number: string;
  until: number;
  reason: string;
  by: string;
  at: number;
}

export type BlockRecord =
  | { action: 'block'; number: string; until: number; reason: string; by: string; at: number }
  | { action: 'unblock'; number: string; reason: string; by: string; at: number };

export class BlockList {
  readonly #blocks = new Map<string, Block>();
  readonly #records: BlockRecord[] = [];

  block(number: string, durationMs: number, reason: string, by: string, now: number): Block {
    if (durationMs <= 0) throw new Error('A block needs a positive duration');
    if (reason.trim().length < 3) throw new Error('A block needs a reason');
    const key = phoneNumberKey(number);
    if (key === null) throw new Error('Only a number can be blocked');
    const block: Block = { number: key, until: now + durationMs, reason, by, at: now };
    this.#blocks.set(key, block);
    this.#records.push({ action: 'block', number: key, until: block.until, reason, by, at: now });
    return block;
  }

  unblock(number: string, reason: string, by: string, now: number): boolean {
    const key = phoneNumberKey(number);
    if (key === null) return false;
    const had = this.active(key, now) !== null;
    this.#blocks.delete(key);
    if (had) this.#records.push({ action: 'unblock', number: key, reason, by, at: now });
    return had;
  }

  /** The block in force for this number at `now`, or null. A withheld number can never be blocked. */
  active(number: string | null, now: number): Block | null {
    if (number === null) return null;
    const key = phoneNumberKey(number);
    const block = key === null ? undefined : this.#blocks.get(key);
    if (!block || block.until <= now) return null;
    return block;
  }

  list(now: number): Block[] {
    return [...this.#blocks.values()].filter((b) => b.until > now);
  }

  records(): readonly BlockRecord[] {
    return this.#records;
  }

  /** Rebuilds the list from recorded history (e.g. after a restart). */
  static fromRecords(records: readonly BlockRecord[]): BlockList {
    const list = new BlockList();
    for (const r of records) {
      list.#records.push(r);
      if (r.action === 'block') {
        list.#blocks.set(r.number, {
          number: r.number,
          until: r.until,
          reason: r.reason,
          by: r.by,
          at: r.at,
        });
      } else {
        list.#blocks.delete(r.number);
      }
    }
    return list;
  }
}
