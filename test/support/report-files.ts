// Report files read back in tests: the text of a PDF (pdf.js), the rows of each XLSX sheet (exceljs), a file's
// bytes, a database that counts the pages of calls read to make one, and ended calls written straight to the table.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { callLine } from '../../src/domain/reports/export.ts';
import type { Call } from '../../src/domain/types.ts';
import { callColumns } from '../../src/store/report-store.ts';
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

/** `n` ended information calls a second apart from an hour after `from`, their rows written with `seq`. */
export async function insertCalls(
  db: Kysely<DatabaseSchema>,
  from: number,
  n: number,
  seq = 0,
  prefix = 'call',
) {
  const calls: Call[] = Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(5, '0')}`,
    channel: 'voice',
    number: '081200000000',
    status: 'ended',
    type: 'information',
    incidentId: null,
    registeredAt: from + 3_600_000 + i * 1000,
    answeredAt: from + 3_600_000 + i * 1000 + 5000,
    answeredBy: 'operator1',
    classifiedAt: null,
    endedAt: from + 3_600_000 + i * 1000 + 60_000,
    endedBy: null,
  }));
  await db
    .insertInto('calls')
    .values(
      calls.map((c) => ({
        id: c.id,
        doc: JSON.stringify(c),
        status: c.status,
        seq,
        number: c.number,
        number_key: null,
        ...callColumns(c),
        csv_line: callLine(c),
      })),
    )
    .execute();
}
