// The lists behind the figures as streamed files: CSV or XLSX written page by page as the pages are read, so an
// export of a month (or a year) never holds the whole list in memory.
import { Readable } from 'node:stream';
import { type Cell, csv, heading } from '../domain/reports/export.ts';
import type { ReportFilters } from '../domain/reports/summary.ts';
import { aboutSheet } from './files.ts';
import { withHeader, workbookStream } from './xlsx.ts';

/** What a list export is: its kind and sheet name, period, filters, header row and one row per item. */
export interface ListExport<T> {
  kind: 'calls' | 'incidents';
  sheet: string;
  from: number;
  to: number;
  filters: ReportFilters;
  header: Cell[];
  row: (item: T) => Cell[];
}

async function* csvChunks<T>(list: ListExport<T>, pages: AsyncIterable<T[]>): AsyncGenerator<string> {
  yield `\uFEFF${csv([...heading(list.kind, list.from, list.to, list.filters), list.header])}`;
  for await (const page of pages) if (page.length > 0) yield csv(page.map(list.row));
}

/** The list as a CSV stream (UTF-8 with a byte order mark, for spreadsheets): the period and filters on top. */
export const listCsv = <T>(list: ListExport<T>, pages: AsyncIterable<T[]>): Readable =>
  Readable.from(csvChunks(list, pages));

/** The list as an XLSX stream: the sheet *Keterangan* (period and filters), then the list's own sheet. */
export const listXlsx = <T>(list: ListExport<T>, pages: AsyncIterable<T[]>): Readable =>
  workbookStream([
    aboutSheet(list.kind, list.from, list.to, list.filters),
    { name: list.sheet, rows: withHeader(list.header, pages, list.row) },
  ]);
