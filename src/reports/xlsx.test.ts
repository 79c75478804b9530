// A workbook is written a slice of rows at a time, the event loop turning between slices: pages that come at once
// (SQLite reads synchronously) no longer hold the loop for a whole sheet; the file reads back with every row.
import { describe, expect, it } from 'vitest';
import { countTurns } from '../../test/support/loop-turns.ts';
import { bytes, xlsxSheets } from '../../test/support/report-files.ts';
import type { Cell } from '../domain/reports/export.ts';
import { workbookStream } from './xlsx.ts';

const PAGES = 5;
const PAGE = 1000;

/** A call-like row of 12 cells. */
const row = (i: number): Cell[] => [
  `call-${String(i).padStart(5, '0')}`,
  'voice',
  `0812${String(i).padStart(8, '0')}`,
  'ended',
  'information',
  null,
  '2026-11-10T00:00:00.000Z',
  5,
  'operator1',
  20,
  60,
  undefined,
];

describe('the streamed workbook', () => {
  it('gives the event loop turns between slices of rows, and holds every row as given', async () => {
    const loop = countTurns();
    /** The loop's turns counted when each page was asked for. */
    const asked: number[] = [];
    async function* pages() {
      yield [['id', 'channel', 'number', 'status', 'type', 'incident', 'at', 'a', 'b', 'c', 'd', 'e']];
      for (let p = 0; p < PAGES; p++) {
        asked.push(loop.turns);
        // Already read, as better-sqlite3 gives a page: no turn of the loop between two pages but the writer's.
        yield Array.from({ length: PAGE }, (_, i) => row(p * PAGE + i));
      }
    }
    const file = await bytes(workbookStream([{ name: 'Panggilan', rows: pages() }]));
    loop.stop();
    // 12,000 cells a page: the loop turned several times while each page was written (it did not once before).
    const between = asked.slice(1).map((at, i) => at - asked[i]!);
    expect(between).toHaveLength(PAGES - 1);
    for (const n of between) expect(n).toBeGreaterThanOrEqual(5);

    const sheets = await xlsxSheets(new Uint8Array(file).buffer as ArrayBuffer);
    expect(Object.keys(sheets)).toEqual(['Panggilan']);
    const rows = sheets.Panggilan!;
    expect(rows).toHaveLength(1 + PAGES * PAGE);
    for (const i of [0, 1, 999, 1000, 2500, PAGES * PAGE - 1]) {
      const expected = row(i);
      // exceljs reads an empty cell back as absent.
      expect(rows[1 + i]).toEqual(expected.slice(0, 5).concat([undefined], expected.slice(6, 11)));
    }
  });

  it('stops reading pages once its reader went away', async () => {
    let read = 0;
    let closed: () => void = () => {};
    const listClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const stream = workbookStream([
      {
        name: 'Panggilan',
        rows: (async function* () {
          try {
            for (let p = 0; p < PAGES; p++) {
              read++;
              // The reader goes away while the first page is written.
              if (p === 0) setImmediate(() => stream.destroy());
              yield Array.from({ length: PAGE }, (_, i) => row(p * PAGE + i));
            }
          } finally {
            closed();
          }
        })(),
      },
    ]);
    stream.resume();
    // The page being written ends at its slice; the reading stops there and the list's reader is closed.
    await listClosed;
    expect(read).toBe(1);
  });
});
