// Keeps every block and unblock of a caller number in an append-only JSON-lines file, so blocks survive a restart.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { type BlockList, type BlockRecord, BlockList as Blocks } from '../../domain/acd/blocklist.ts';

export class BlockJournal {
  /** Null: nothing is written (tests without a data folder). */
  readonly path: string | null;

  constructor(path: string | null) {
    this.path = path;
  }

  /** Reads the journal (a missing file is an empty journal; a torn last line is ignored). */
  load(): BlockList {
    if (this.path === null || !existsSync(this.path)) return new Blocks();
    const records: BlockRecord[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as BlockRecord;
        if (record.action === 'block' || record.action === 'unblock') records.push(record);
      } catch {
        // A line cut short by a crash: the block it held was never acknowledged.
      }
    }
    return Blocks.fromRecords(records);
  }

  /** Appends one record and waits for it to reach the disk. */
  append(record: BlockRecord): void {
    if (this.path === null) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a');
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
