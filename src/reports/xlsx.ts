// Reports as XLSX workbooks (exceljs' streaming WorkbookWriter): a sheet naming the period and filters, then one
// sheet per list or table, written row by row as the rows come (a list may be read a page at a time).
import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Cell } from '../domain/reports/export.ts';

export interface Sheet {
  name: string;
  /** The header row first; rows in memory, or pages of rows read as the sheet is written. */
  rows: Cell[][] | AsyncIterable<Cell[][]>;
}

/**
 * How many cells are written before the event loop is given a turn (~5 ms of exceljs). Its rows are CPU only, and on
 * SQLite the pages are read synchronously too: written in one go, a month's calls (~1.1 M cells) held the loop, and
 * every console with it, for the whole sheet (5 s on a loaded 2-core machine). A turn also lets the zip's output
 * flow, so the reader's pace holds the writing (out's drain below).
 */
const SLICE_CELLS = 2000;

/** Makes a workbook: here (workbookStream, the CLI's and the tests') or on the server's XLSX thread (xlsx-thread.ts). */
export type MakeWorkbook = (sheets: Sheet[]) => Readable;

type Book = InstanceType<typeof import('exceljs').stream.xlsx.WorkbookWriter>;
type BookSheet = ReturnType<Book['addWorksheet']>;

/** exceljs' streaming writer over `out`, as every workbook of Pinisi is written (here and on the XLSX thread). */
export async function newBook(out: Writable): Promise<Book> {
  // Loaded on the first export (or the thread's warm-up), not at start-up.
  const { default: ExcelJS } = await import('exceljs');
  // No styles: with them exceljs renders and looks up every cell's style (half the time of a month's calls); the
  // header row stays frozen, not bold.
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  book.creator = 'Pinisi 112';
  return book;
}

/** A sheet of the book, its header row frozen. */
export const newSheet = (book: Book, name: string): BookSheet =>
  book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });

/** Writes a row and lets it go (an undefined cell is written empty). */
export const writeRow = (sheet: BookSheet, row: Cell[]): void =>
  sheet.addRow(row.map((c) => (c === undefined ? null : c))).commit();

/** The workbook as a stream: each row is written and let go as it comes; a failure ends the stream with it. */
export function workbookStream(sheets: Sheet[]): Readable {
  const out = new PassThrough();
  void (async () => {
    const book = await newBook(out);
    for (const sheet of sheets) {
      const ws = newSheet(book, sheet.name);
      const pages = Array.isArray(sheet.rows) ? [sheet.rows] : sheet.rows;
      let cells = 0;
      for await (const page of pages) {
        for (const row of page) {
          writeRow(ws, row);
          cells += row.length;
          if (cells < SLICE_CELLS) continue;
          cells = 0;
          await nextTurn();
          if (out.destroyed) return;
        }
        // The next page is read when the reader has taken this one (a slow reader holds the database's pace).
        if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
        if (out.destroyed) return;
      }
      ws.commit();
    }
    await book.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}

/** A list's sheet rows: the header, then each page of items as rows, as they are read. */
export async function* withHeader<T>(
  header: Cell[],
  pages: AsyncIterable<T[]>,
  row: (item: T) => Cell[],
): AsyncGenerator<Cell[][]> {
  yield [header];
  for await (const page of pages) yield page.map(row);
}

/** The workbook of the given sheets in one buffer (the monthly file, also written to disk by `pinisi report`). */
export async function workbook(sheets: Sheet[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of workbookStream(sheets)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
