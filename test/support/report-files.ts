// Report files read back in tests: the text of a PDF (pdf.js), the rows of each XLSX sheet (exceljs), a file's
// bytes, and a database that counts the pages of calls read to make one.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { DatabaseSchema } from '../../src/store/schema.ts';

/** The PDF's text, page by page, each page's pieces joined by one space (runs of white space made one). */
export async function pdfText(data: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const content = await (await pdf.getPage(p)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    pages.push(text.replace(/\s+/g, ' '));
  }
  await pdf.destroy();
  return pages;
}

/** Each sheet's rows as arrays of cell values, by sheet name. */
export async function xlsxSheets(data: ArrayBuffer): Promise<Record<string, unknown[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data);
  const sheets: Record<string, unknown[][]> = {};
  book.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    sheets[sheet.name] = rows;
  });
  return sheets;
}

/** A Kysely that counts the pages of calls it reads (the list's ordered reads of the calls table). */
export function countingPages(db: Kysely<DatabaseSchema>) {
  const counter = { pages: 0 };
  const counted = db.withPlugin({
    transformQuery: ({ node }) => {
      const from = (node as { from?: { froms: { table?: { identifier?: { name: string } } }[] } }).from;
      const ordered = (node as { orderBy?: unknown }).orderBy !== undefined;
      if (node.kind === 'SelectQueryNode' && ordered && from?.froms[0]?.table?.identifier?.name === 'calls')
        counter.pages++;
      return node;
    },
    transformResult: async ({ result }) => result,
  });
  return { counted, counter };
}

/** The file read whole. */
export async function bytes(body: Buffer | string | Readable): Promise<Buffer> {
  if (!(body instanceof Readable)) return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
