// The block journal: blocks and unblocks survive a restart; a torn last line is ignored.
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockJournal } from './block-journal.ts';

describe('BlockJournal', () => {
  it('rebuilds the block list from what was appended', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pinisi-blocks-')), 'sub', 'blocks.jsonl');
    const journal = new BlockJournal(path);
    expect(journal.load().list(0)).toEqual([]);
    const list = journal.load();
    const block = list.block('0811', 60_000, 'prank five times', 'sup', 1_000);
    journal.append(list.records().at(-1)!);
    list.block('0822', 60_000, 'abusive', 'sup', 1_000);
    journal.append(list.records().at(-1)!);
    list.unblock('0822', 'apologised', 'sup', 2_000);
    journal.append(list.records().at(-1)!);
    appendFileSync(path, '{"action":"block","num');
    const again = journal.load();
    expect(again.active('0811', 5_000)).toEqual(block);
    expect(again.active('0822', 5_000)).toBeNull();
    expect(again.records().map((r) => r.action)).toEqual(['block', 'block', 'unblock']);
  });
});
