// The lists behind the figures as streamed files: CSV or XLSX written page by page as the pages are read, so an
// export of a month (or a year) never holds the whole list in memory.
import { Readable } from 'node:stream';
import { type Cell, csv, heading } from '../domain/reports/export.ts';
import type { ReportFilters } from '../domain/reports/summary.ts';
import { aboutSheet } from './files.ts';
import { type MakeWorkbook, withHeader, workbookStream } from './xlsx.ts';

/** What a list's file is: its kind and sheet name, period, filters and header row. */
export interface ListFile {
  kind: 'calls' | 'incidents';
  sheet: string;
  from: number;
  to: number;
  filters: ReportFilters;
  header: Cell[];
}

/** What a list export is: its file, and one row per item. */
export interface ListExport<T> extends ListFile {
  row: (item: T) => Cell[];
}

/** The CSV's start: a byte order mark (for spreadsheets), the period and filters, the header row. */
const csvStart = (list: ListFile) =>
  `\uFEFF${csv([...heading(list.kind, list.from, list.to, list.filters), list.header])}`;

async function* csvChunks<T>(list: ListExport<T>, pages: AsyncIterable<T[]>): AsyncGenerator<string> {
  yield csvStart(list);
  for await (const page of pages) if (page.length > 0) yield csv(page.map(list.row));
}

async function* lineChunks(list: ListFile, pages: AsyncIterable<string>): AsyncGenerator<string> {
  yield csvStart(list);
  yield* pages;
}

/** The list as a CSV stream (UTF-8 with a byte order mark, for spreadsheets): the period and filters on top. */
export const listCsv = <T>(list: ListExport<T>, pages: AsyncIterable<T[]>): Readable =>
  Readable.from(csvChunks(list, pages));

/** The same file from pages that are CSV lines already (the calls' lines the store keeps, report-store.ts). */
export const linesCsv = (list: ListFile, pages: AsyncIterable<string>): Readable =>
  Readable.from(lineChunks(list, pages));

/**
 * The list as an XLSX stream: the sheet *Keterangan* (period and filters), then the list's own sheet; made here
 * unless told (the server's, on its XLSX thread).
 */
export const listXlsx = <T>(
  list: ListExport<T>,
  pages: AsyncIterable<T[]>,
  makeWorkbook: MakeWorkbook = workbookStream,
): Readable =>
  makeWorkbook([
    aboutSheet(list.kind, list.from, list.to, list.filters),
    { name: list.sheet, rows: withHeader(list.header, pages, list.row) },
  ]);
