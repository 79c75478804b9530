// Workbooks written on their own thread: the same sheets as written here, an event loop that keeps turning while a
// large sheet is written, a reader that goes away stopping the page reading, and a thread that dies failing only
// the workbooks it held.
import { afterEach, describe, expect, it } from 'vitest';
import { countTurns } from '../../test/support/loop-turns.ts';
import { bytes, xlsxSheets } from '../../test/support/report-files.ts';
import { DomainError } from '../domain/errors.ts';
import type { Cell } from '../domain/reports/export.ts';
import { type Sheet, workbookStream } from './xlsx.ts';
import { WorkbookThread } from './xlsx-thread.ts';

const PAGE = 1000;
const HEADER: Cell[] = [
  'id',
  'channel',
  'number',
  'status',
  'type',
  'incident',
  'at',
  'a',
  'b',
  'c',
  'd',
  'e',
];

/** A call-like row of 12 cells. */
const row = (i: number): Cell[] => [
  `call-${String(i).padStart(5, '0')}`,
  'voice',
  `0812${String(i).padStart(8, '0')}`,
  'ended',
  'information',
  null,
  '2026-11-10T00:00:00.000Z',
  i % 7,
  'operator1',
  20.5,
  60,
  undefined,
];

/** How far a list's pages were read, and when its reader was closed. */
interface Reading {
  pulled: number;
  closed: Promise<void>;
  close(): void;
}

function reading(): Reading {
  let close = () => {};
  const closed = new Promise<void>((resolve) => {
    close = resolve;
  });
  return { pulled: 0, closed, close };
}

/** A list of `count` pages, each read at once (as better-sqlite3 gives one), the header first. */
function list(count: number, read: Reading = reading()): AsyncIterable<Cell[][]> {
  return (async function* () {
    try {
      yield [HEADER];
      for (let p = 0; p < count; p++) {
        read.pulled++;
        yield Array.from({ length: PAGE }, (_, i) => row(p * PAGE + i));
      }
    } finally {
      read.close();
    }
  })();
}

const sheets = (pages: number, read?: Reading): Sheet[] => [
  {
    name: 'Keterangan',
    rows: [
      ['Periode', '2026-11'],
      ['Kanal', null],
    ],
  },
  { name: 'Panggilan', rows: list(pages, read) },
  { name: 'Kosong', rows: [] },
];

const parsed = async (file: Buffer) => xlsxSheets(new Uint8Array(file).buffer as ArrayBuffer);

/** The error a stream ended with. */
const failure = (stream: NodeJS.ReadableStream) =>
  bytes(stream as never).then(
    () => null,
    (e: unknown) => e,
  );

describe('the XLSX thread', () => {
  const threads: WorkbookThread[] = [];
  const thread = () => {
    const made = new WorkbookThread((error) => {
      throw error;
    });
    threads.push(made);
    return made;
  };
  afterEach(async () => {
    for (const t of threads.splice(0)) await t.close();
  });

  it('writes the workbook written here, while the event loop keeps turning', async () => {
    const books = thread();
    expect(books.running).toBe(false);
    await books.warm();
    expect(books.running).toBe(true);

    // Written here the loop turns once every 2,000 cells; on the thread, all along.
    const here = countTurns();
    const local = await bytes(workbookStream(sheets(40)));
    here.stop();
    const there = countTurns();
    const threaded = await bytes(books.stream(sheets(40)));
    there.stop();
    expect(there.turns).toBeGreaterThan(here.turns * 5);

    const [expected, actual] = [await parsed(local), await parsed(threaded)];
    expect(Object.keys(actual)).toEqual(['Keterangan', 'Panggilan', 'Kosong']);
    expect(actual.Panggilan).toHaveLength(1 + 40 * PAGE);
    expect(actual).toEqual(expected);
  }, 120_000);

  it('stops reading the pages once its reader went away, and writes the next workbook', async () => {
    const books = thread();
    const read = reading();
    const stream = books.stream(sheets(200, read));
    // The reader goes away at the zip's first bytes: a few pages in.
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    await new Promise<void>((resolve) => stream.once('close', () => resolve()));
    // The page being read comes in and is let go: the list's reader is closed there.
    await read.closed;
    expect(read.pulled).toBeLessThan(200);

    // One let go before the thread has begun it: its list is never read, the thread drops it and goes on.
    const early = reading();
    const gone = books.stream(sheets(200, early));
    gone.destroy();
    await new Promise<void>((resolve) => gone.once('close', () => resolve()));

    const next = await parsed(await bytes(books.stream(sheets(3))));
    expect(early.pulled).toBe(0);
    expect(next.Panggilan).toHaveLength(1 + 3 * PAGE);
    expect(next.Panggilan![3 * PAGE]).toEqual(
      row(3 * PAGE - 1)
        .slice(0, 5)
        .concat([undefined], row(3 * PAGE - 1).slice(6, 11)),
    );
  }, 120_000);

  it('ends the workbook of a thread that died with an error, and writes the next on a new thread', async () => {
    const books = thread();
    const read = reading();
    process.env.PINISI_TEST_XLSX_WORKER_EXIT = '4';
    const dying = books.stream(sheets(50, read));
    delete process.env.PINISI_TEST_XLSX_WORKER_EXIT;
    const error = await failure(dying);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('internal');
    expect((error as DomainError).message).toBe(
      'The workbook could not be made: the XLSX thread stopped (exit code 70) before it was made',
    );
    await read.closed;
    expect(read.pulled).toBeLessThan(50);
    expect(books.running).toBe(false);

    const next = await parsed(await bytes(books.stream(sheets(2))));
    expect(next.Panggilan).toHaveLength(1 + 2 * PAGE);
    expect(books.running).toBe(true);
  }, 120_000);

  it('ends the workbook whose pages failed to be read with that error, and writes the next', async () => {
    const books = thread();
    const broken = new Error('the database went away');
    const failing = books.stream([
      {
        name: 'Panggilan',
        rows: (async function* () {
          yield [HEADER];
          throw broken;
        })(),
      },
    ]);
    expect(await failure(failing)).toBe(broken);
    const next = await parsed(await bytes(books.stream(sheets(1))));
    expect(next.Panggilan).toHaveLength(1 + PAGE);
  }, 120_000);

  it('writes two workbooks at once, each whole', async () => {
    const books = thread();
    const [a, b] = await Promise.all([bytes(books.stream(sheets(5))), bytes(books.stream(sheets(2)))]);
    expect((await parsed(a)).Panggilan).toHaveLength(1 + 5 * PAGE);
    expect((await parsed(b)).Panggilan).toHaveLength(1 + 2 * PAGE);
  }, 120_000);

  it('fails a workbook still being written when the server closes, and stops', async () => {
    const books = thread();
    const stream = books.stream(sheets(50));
    await new Promise<void>((resolve) => stream.once('readable', () => resolve()));
    const error = failure(stream);
    await books.close();
    expect(books.running).toBe(false);
    expect(((await error) as Error).message).toBe('The workbook could not be made: the server is stopping');
  }, 120_000);
});
