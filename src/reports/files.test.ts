// The monthly XLSX is written as it is made: the calls are read a page at a time while the file is being written
// (by `pinisi report` to its file), never collected whole in memory first; the file reads back with every call. A
// closed month's workbook is kept once made, and made again once a call in it changed.
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { bytes, countingPages, xlsxSheets } from '../../test/support/report-files.ts';
import { callLine } from '../domain/reports/export.ts';
import type { Call } from '../domain/types.ts';
import { type Db, openDb } from '../store/db.ts';
import { migrate } from '../store/migrations.ts';
import { callColumns } from '../store/report-store.ts';
import type { DatabaseSchema } from '../store/schema.ts';
import { reportFile, writeReportFile } from './files.ts';
import { reportLook } from './look.ts';

/** 2026-11-10 08:00 WITA. */
const T0 = Date.UTC(2026, 10, 10, 0);
const CALLS = 3500;

async function insertCalls(db: Kysely<DatabaseSchema>, t0 = T0) {
  const calls: Call[] = Array.from({ length: CALLS }, (_, i) => ({
    id: `call-${String(i).padStart(5, '0')}`,
    channel: 'voice',
    number: '081200000000',
    status: 'ended',
    type: 'information',
    incidentId: null,
    registeredAt: t0 + i * 1000,
    answeredAt: t0 + i * 1000 + 5000,
    answeredBy: 'operator1',
    classifiedAt: null,
    endedAt: t0 + i * 1000 + 60_000,
    endedBy: null,
  }));
  for (let i = 0; i < calls.length; i += 500) {
    await db
      .insertInto('calls')
      .values(
        calls.slice(i, i + 500).map((c) => ({
          id: c.id,
          doc: JSON.stringify(c),
          status: c.status,
          seq: 0,
          number: c.number,
          number_key: null,
          ...callColumns(c),
          csv_line: callLine(c),
        })),
      )
      .execute();
  }
}

describe.each(DIALECTS)('the monthly XLSX on %s', (dialect) => {
  let database: TestDatabase;
  let db: Db;

  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it('streams to its file while the calls are still being read', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    await insertCalls(db.kysely);
    const { counted, counter } = countingPages(db.kysely);
    const month = { from: Date.UTC(2026, 9, 31, 16), to: Date.UTC(2026, 10, 30, 16) };
    const file = await reportFile(counted, month, {}, 'xlsx', reportLook({}), { calls: true, staff: true });
    const chunks: Buffer[] = [];
    let pagesAtFirstChunk: number | null = null;
    // A slow file: each chunk is taken on a later turn of the event loop.
    const out = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        pagesAtFirstChunk ??= counter.pages;
        chunks.push(chunk);
        setImmediate(done);
      },
    });
    await writeReportFile(file, out);
    expect(counter.pages).toBe(4);
    // Collected in memory first, the whole list was read before the first byte was written.
    expect(pagesAtFirstChunk).not.toBeNull();
    expect(pagesAtFirstChunk!).toBeLessThan(counter.pages);
    const sheets = await xlsxSheets(new Uint8Array(Buffer.concat(chunks)).buffer as ArrayBuffer);
    expect(Object.keys(sheets)).toEqual(['Keterangan', 'KPI', 'Panggilan', 'Kejadian']);
    expect(sheets.Panggilan!.length - 1).toBe(CALLS);
    expect(sheets.Panggilan![CALLS]![0]).toBe(`call-${String(CALLS - 1).padStart(5, '0')}`);
  });

  it("keeps a closed month's workbook, and makes it again once a call in it changed", async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    // October 2025 (WITA), long closed.
    const month = { from: Date.UTC(2025, 8, 30, 16), to: Date.UTC(2025, 9, 31, 16) };
    await insertCalls(db.kysely, Date.UTC(2025, 9, 10, 0));
    const { counted, counter } = countingPages(db.kysely);
    const file = () => reportFile(counted, month, {}, 'xlsx', reportLook({}), { calls: true, staff: true });
    const first = await bytes((await file()).body);
    expect(counter.pages).toBe(4);
    const again = await bytes((await file()).body);
    expect(counter.pages).toBe(4);
    expect(again.equals(first)).toBe(true);
    // The caller's number of the first call erased, as the engine writes it: with the event's (later) seq.
    const call = JSON.parse(
      (
        await db.kysely
          .selectFrom('calls')
          .select('doc')
          .where('id', '=', 'call-00000')
          .executeTakeFirstOrThrow()
      ).doc,
    ) as Call;
    await db.kysely
      .updateTable('calls')
      .set({ doc: JSON.stringify({ ...call, number: null }), number: null, seq: 1 })
      .where('id', '=', call.id)
      .execute();
    const changed = await bytes((await file()).body);
    expect(counter.pages).toBe(8);
    const sheets = await xlsxSheets(new Uint8Array(changed).buffer as ArrayBuffer);
    expect(sheets.Panggilan![1]![0]).toBe('call-00000');
    expect(sheets.Panggilan![1]![2]).toBeUndefined();
    expect(sheets.Panggilan![2]![2]).toBe('081200000000');
  });
});
