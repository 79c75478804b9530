// Keeps each finished call's switch-side times (offered, rang, answered, ended, by whom) in an append-only JSON-lines file.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LiveCall } from './brain.ts';

export interface CallRecord {
  sipCallId: string;
  callId: string | null;
  number: string | null;
  outcome: 'answered' | 'abandoned';
  fallback: boolean;
  blockedReason: string | null;
  offeredAt: number;
  rangAt: number | null;
  answeredAt: number | null;
  /** The call taker (user id) and position that answered. */
  answeredBy: string | null;
  positionId: string | null;
  endedAt: number | null;
  endedBy: string | null;
  location: LiveCall['location'];
  outsideServiceArea: boolean | null;
}

export class CallJournal {
  /** Null: records are kept in memory only (tests without a data folder). */
  readonly path: string | null;
  readonly #memory: CallRecord[] = [];

  constructor(path: string | null) {
    this.path = path;
  }

  append(call: LiveCall): void {
    const record: CallRecord = {
      sipCallId: call.sipCallId,
      callId: call.callId,
      number: call.number,
      outcome: call.answeredAt !== null ? 'answered' : 'abandoned',
      fallback: call.fallback,
      blockedReason: call.blockedReason,
      offeredAt: call.offeredAt,
      rangAt: call.rangAt,
      answeredAt: call.answeredAt,
      answeredBy: call.answeredBy,
      positionId: call.positionId,
      endedAt: call.endedAt,
      endedBy: call.endedBy,
      location: call.location,
      outsideServiceArea: call.outsideServiceArea,
    };
    if (this.path === null) {
      this.#memory.push(record);
      if (this.#memory.length > 1000) this.#memory.shift();
      return;
    }
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
    } finally {
      closeSync(fd);
    }
  }

  /** The most recent records, newest last (a torn last line is skipped). */
  recent(limit: number): CallRecord[] {
    if (this.path === null) return this.#memory.slice(-limit);
    if (!existsSync(this.path)) return [];
    const lines = readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const records: CallRecord[] = [];
    for (const line of lines.slice(-limit)) {
      try {
        records.push(JSON.parse(line) as CallRecord);
      } catch {
        // Cut short by a crash.
      }
    }
    return records;
  }
}
