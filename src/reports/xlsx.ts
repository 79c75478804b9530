// Reports as XLSX workbooks (exceljs): a sheet naming the period and filters, then one sheet per list or table.
import { PassThrough } from 'node:stream';
import type { Cell } from '../domain/reports/export.ts';

export interface Sheet {
  name: string;
  /** The header row first. */
  rows: Cell[][];
}

/** A workbook of the given sheets, the first row of each bold and frozen; written as a stream, row by row. */
export async function workbook(sheets: Sheet[]): Promise<Buffer> {
  // Loaded on the first export, not at start-up.
  const { default: ExcelJS } = await import('exceljs');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  book.creator = 'Pinisi 112';
  for (const sheet of sheets) {
    const ws = book.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.rows.forEach((row, index) => {
      const added = ws.addRow(row.map((c) => (c === undefined ? null : c)));
      if (index === 0) added.font = { bold: true };
      added.commit();
    });
    ws.commit();
  }
  await book.commit();
  await done;
  return Buffer.concat(chunks);
}
