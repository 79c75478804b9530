// The last closed month's workbook made ahead on disk: once per month, read back as a fresh one reads, served from
// disk (also after a restart) without reading the lists, deleted at once when a late call changes its stamp.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { bytes, countingPages, xlsxSheets } from '../../test/support/report-files.ts';
import { callLine } from '../domain/reports/export.ts';
import { monthPeriod } from '../domain/reports/rollup.ts';
import type { Call } from '../domain/types.ts';
import { type Db, openDb } from '../store/db.ts';
import { migrate } from '../store/migrations.ts';
import { callColumns } from '../store/report-store.ts';
import type { DatabaseSchema } from '../store/schema.ts';
import { reportFile } from './files.ts';
import { reportLook } from './look.ts';
import { ReadyWorkbooks } from './ready-workbook.ts';

const look = reportLook({});
const SUPERVISOR = { calls: true, staff: true };
/** September 2025 (WITA), closed once October has begun. */
const SEPTEMBER = monthPeriod('2025-09', look.tzOffsetMinutes);
const OCTOBER = monthPeriod('2025-10', look.tzOffsetMinutes);

async function insertCalls(db: Kysely<DatabaseSchema>, from: number, n: number, seq = 0, prefix = 'call') {
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

const sheets = (file: Buffer) => xlsxSheets(new Uint8Array(file).buffer as ArrayBuffer);

describe.each(DIALECTS)("the last closed month's workbook made ahead on %s", (dialect) => {
  let database: TestDatabase;
  const opened: Db[] = [];
  const readies: ReadyWorkbooks[] = [];

  afterEach(async () => {
    for (const ready of readies.splice(0)) await ready.stop();
    for (const db of opened.splice(0)) await db.close();
    await database.drop();
  });

  async function start() {
    const db = openDb(database);
    opened.push(db);
    await migrate(db.kysely);
    return db;
  }

  /** The quiet moment at once unless told (when-idle.test.ts tests the waiting). */
  function readyOf(
    db: Db,
    clock: { now: number },
    idle = (work: () => Promise<unknown>, onError: (error: unknown) => void) => void work().catch(onError),
  ) {
    const ready = new ReadyWorkbooks({
      db: db.kysely,
      dir: join(database.dataDir, 'reports'),
      look,
      now: () => clock.now,
      onError: (error) => {
        throw error;
      },
      idle,
    });
    readies.push(ready);
    return ready;
  }

  const files = () => readdirSync(join(database.dataDir, 'reports')).sort();

  it('is made once per month, reads back as a fresh one, and is served from disk, after a restart too', async () => {
    database = await createTestDatabase(dialect);
    const db = await start();
    await insertCalls(db.kysely, SEPTEMBER.from, 60);
    await insertCalls(db.kysely, OCTOBER.from, 5, 0, 'oct');
    const clock = { now: OCTOBER.from + 10 * 86_400_000 };
    const ready = readyOf(db, clock);
    ready.start();
    await ready.settled();
    // The supervisor's and the admin's (no per call taker figures).
    expect(ready.made).toBe(2);
    for (let i = 0; i < 3; i++) {
      clock.now += 3_600_000;
      ready.check();
      await ready.settled();
    }
    expect(ready.made).toBe(2);
    expect(files()).toHaveLength(2);
    expect(files()[0]).toMatch(/^laporan-112-2025-09\./);
    const { counted, counter } = countingPages(db.kysely);
    const served = await bytes(
      (await reportFile(counted, SEPTEMBER, {}, 'xlsx', look, SUPERVISOR, undefined, ready)).body,
    );
    expect(counter.pages).toBe(0);
    const fresh = await bytes((await reportFile(db.kysely, SEPTEMBER, {}, 'xlsx', look, SUPERVISOR)).body);
    expect(await sheets(served)).toEqual(await sheets(fresh));
    expect((await sheets(served)).Panggilan).toHaveLength(61);
    const made = files().map((file) => statSync(join(database.dataDir, 'reports', file)).mtimeMs);

    // A restart: a new process reads the files on disk; nothing is made again.
    await ready.stop();
    const again = await start();
    const restarted = readyOf(again, clock);
    restarted.start();
    await restarted.settled();
    expect(restarted.made).toBe(0);
    const reread = countingPages(again.kysely);
    const fromDisk = await bytes(
      (await reportFile(reread.counted, SEPTEMBER, {}, 'xlsx', look, SUPERVISOR, undefined, restarted)).body,
    );
    expect(reread.counter.pages).toBe(0);
    expect(fromDisk.equals(served)).toBe(true);
    expect(files().map((file) => statSync(join(database.dataDir, 'reports', file)).mtimeMs)).toEqual(made);

    // October closes: its workbooks are made, September's deleted.
    clock.now = monthPeriod('2025-11', look.tzOffsetMinutes).from + 3_600_000;
    restarted.check();
    await restarted.settled();
    restarted.check();
    await restarted.settled();
    expect(restarted.made).toBe(2);
    expect(files()).toHaveLength(2);
    expect(files().every((file) => file.startsWith('laporan-112-2025-10.'))).toBe(true);
  });

  it('is deleted at once when a late call changes its stamp; the answer and the next one made hold it', async () => {
    database = await createTestDatabase(dialect);
    const db = await start();
    await insertCalls(db.kysely, SEPTEMBER.from, 20);
    const clock = { now: OCTOBER.from + 86_400_000 };
    // Each quiet moment comes when the test says.
    let later: (() => Promise<unknown>) | null = null;
    const ready = readyOf(db, clock, (work) => {
      later = work;
    });
    ready.check();
    await later!();
    later = null;
    expect(ready.made).toBe(2);
    const before = files();
    await insertCalls(db.kysely, SEPTEMBER.from + 86_400_000, 1, 7, 'late');
    const answer = await bytes(
      (await reportFile(db.kysely, SEPTEMBER, {}, 'xlsx', look, SUPERVISOR, undefined, ready)).body,
    );
    // The supervisor's file is gone before the answer is made; the admin's waits for its own request.
    expect(files()).toHaveLength(1);
    expect(before).toContain(files()[0]);
    const rows = (await sheets(answer)).Panggilan!;
    expect(rows).toHaveLength(22);
    expect(rows.some((row) => row[0] === 'late-00000')).toBe(true);
    // Made again at the next quiet moment.
    expect(later).not.toBeNull();
    await later!();
    expect(ready.made).toBe(4);
    const { counted, counter } = countingPages(db.kysely);
    const served = await bytes(
      (await reportFile(counted, SEPTEMBER, {}, 'xlsx', look, SUPERVISOR, undefined, ready)).body,
    );
    expect(counter.pages).toBe(0);
    expect((await sheets(served)).Panggilan!.some((row) => row[0] === 'late-00000')).toBe(true);
  });
});
