// The closed months' workbooks made ahead on disk: the last twelve, the newest first, one month at a quiet moment;
// read back as a fresh one reads, served from disk (also after a restart) without reading the lists, deleted at once
// when a late call changes its stamp (in an older month too) or an erasure; the 13th month back is not kept.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { bytes, countingPages, insertCalls, xlsxSheets } from '../../test/support/report-files.ts';
import { monthPeriod } from '../domain/reports/rollup.ts';
import { type Db, openDb } from '../store/db.ts';
import { migrate } from '../store/migrations.ts';
import { reportFile } from './files.ts';
import { reportLook } from './look.ts';
import { ReadyWorkbooks } from './ready-workbook.ts';

const look = reportLook({});
const SUPERVISOR = { calls: true, staff: true };
/** September 2025 (WITA), closed once October has begun. */
const SEPTEMBER = monthPeriod('2025-09', look.tzOffsetMinutes);
const OCTOBER = monthPeriod('2025-10', look.tzOffsetMinutes);
const DAY_MS = 86_400_000;

const sheets = (file: Buffer) => xlsxSheets(new Uint8Array(file).buffer as ArrayBuffer);

/** Quiet moments the test gives one at a time (the work asked to wait for one); how many were ever asked at once. */
function quietMoments() {
  const asked: (() => Promise<unknown>)[] = [];
  const quiet = {
    most: 0,
    get waiting() {
      return asked.length;
    },
    idle(work: () => Promise<unknown>) {
      asked.push(work);
      quiet.most = Math.max(quiet.most, asked.length);
    },
    /** Gives the first waiting one its quiet moment; false when none waits. */
    async give() {
      const work = asked.shift();
      if (!work) return false;
      await work();
      return true;
    },
  };
  return quiet;
}

describe.each(DIALECTS)("the closed months' workbooks made ahead on %s", (dialect) => {
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
    idle: (work: () => Promise<unknown>, onError: (error: unknown) => void) => void = (work, onError) =>
      void work().catch(onError),
    settleMs?: number,
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
      settleMs,
    });
    readies.push(ready);
    return ready;
  }

  const files = () => readdirSync(join(database.dataDir, 'reports')).sort();
  /** The months of the files on disk. */
  const months = () => [
    ...new Set(files().map((file) => file.slice('laporan-112-'.length, -'.xlsx'.length).split('.')[0])),
  ];

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

    // October closes: its workbooks are made, September's kept.
    clock.now = monthPeriod('2025-11', look.tzOffsetMinutes).from + 3_600_000;
    restarted.check();
    await restarted.settled();
    restarted.check();
    await restarted.settled();
    expect(restarted.made).toBe(2);
    expect(files()).toHaveLength(4);
    expect(months()).toEqual(['2025-09', '2025-10']);
  });

  it('is deleted at once when a late call changes its stamp; the answer and the next one made hold it', async () => {
    database = await createTestDatabase(dialect);
    const db = await start();
    await insertCalls(db.kysely, SEPTEMBER.from, 20);
    const clock = { now: OCTOBER.from + DAY_MS };
    const quiet = quietMoments();
    const ready = readyOf(db, clock, quiet.idle);
    ready.check();
    while (await quiet.give());
    expect(ready.made).toBe(2);
    const before = files();
    await insertCalls(db.kysely, SEPTEMBER.from + DAY_MS, 1, 7, 'late');
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
    expect(quiet.waiting).toBe(1);
    await quiet.give();
    expect(ready.made).toBe(4);
    const { counted, counter } = countingPages(db.kysely);
    const served = await bytes(
      (await reportFile(counted, SEPTEMBER, {}, 'xlsx', look, SUPERVISOR, undefined, ready)).body,
    );
    expect(counter.pages).toBe(0);
    expect((await sheets(served)).Panggilan!.some((row) => row[0] === 'late-00000')).toBe(true);
  });

  it('keeps every closed month of the last twelve, the newest first, one month a quiet moment; not the 13th', async () => {
    database = await createTestDatabase(dialect);
    const db = await start();
    const period = (month: string) => monthPeriod(month, look.tzOffsetMinutes);
    for (const month of ['2024-09', '2024-10', '2025-03', '2025-09'])
      await insertCalls(db.kysely, period(month).from, 10, 0, `c${month}`);
    // Mid-September 2025: August 2025 back to September 2024 are kept.
    const clock = { now: SEPTEMBER.from + 14 * DAY_MS };
    const quiet = quietMoments();
    const ready = readyOf(db, clock, quiet.idle);
    ready.start();
    // One month's two workbooks at a quiet moment, the newest first; a month without a call takes none.
    expect(await quiet.give()).toBe(true);
    expect(ready.made).toBe(2);
    expect(months()).toEqual(['2025-03']);
    await quiet.give();
    expect(ready.made).toBe(4);
    expect(months()).toEqual(['2024-10', '2025-03']);
    await quiet.give();
    expect(ready.made).toBe(6);
    expect(months()).toEqual(['2024-09', '2024-10', '2025-03']);
    expect(await quiet.give()).toBe(false);

    // September 2025 closes: it is made, September 2024 (the 13th month back) deleted, the others kept as they are.
    clock.now = OCTOBER.from + DAY_MS;
    ready.check();
    await quiet.give();
    expect(ready.made).toBe(8);
    expect(months()).toEqual(['2024-10', '2025-03', '2025-09']);
    while (await quiet.give());
    expect(ready.made).toBe(8);
    expect(files()).toHaveLength(6);
    // Never more than one making waiting for its quiet moment.
    expect(quiet.most).toBe(1);

    // The oldest kept month is served from disk, as a fresh one reads; the 13th month back is made anew.
    const oldest = countingPages(db.kysely);
    const served = await bytes(
      (await reportFile(oldest.counted, period('2024-10'), {}, 'xlsx', look, SUPERVISOR, undefined, ready))
        .body,
    );
    expect(oldest.counter.pages).toBe(0);
    const fresh = await bytes(
      (await reportFile(db.kysely, period('2024-10'), {}, 'xlsx', look, SUPERVISOR)).body,
    );
    expect(await sheets(served)).toEqual(await sheets(fresh));
    const past = countingPages(db.kysely);
    const made = await bytes(
      (await reportFile(past.counted, period('2024-09'), {}, 'xlsx', look, SUPERVISOR, undefined, ready))
        .body,
    );
    expect(past.counter.pages).toBeGreaterThan(0);
    expect((await sheets(made)).Panggilan).toHaveLength(11);
    // A kept month without a call is made when asked, and no making is asked for it.
    const may = await bytes(
      (await reportFile(db.kysely, period('2025-05'), {}, 'xlsx', look, SUPERVISOR, undefined, ready)).body,
    );
    expect((await sheets(may)).Panggilan).toHaveLength(1);
    expect(months()).toEqual(['2024-10', '2025-03', '2025-09']);
    expect(quiet.waiting).toBe(0);

    // A late call into March: its file is deleted at once, the answer holds the call, made again at a quiet moment.
    await insertCalls(db.kysely, period('2025-03').from + DAY_MS, 1, 7, 'late');
    const answer = await bytes(
      (await reportFile(db.kysely, period('2025-03'), {}, 'xlsx', look, SUPERVISOR, undefined, ready)).body,
    );
    const rows = (await sheets(answer)).Panggilan!;
    expect(rows).toHaveLength(12);
    expect(rows.some((row) => row[0] === 'late-00000')).toBe(true);
    expect(files().filter((file) => file.startsWith('laporan-112-2025-03.'))).toHaveLength(1);
    expect(quiet.waiting).toBe(1);
    await quiet.give();
    // Both of March's workbooks (the admin's stamp changed too).
    expect(ready.made).toBe(10);
    expect(files()).toHaveLength(6);
    const again = countingPages(db.kysely);
    const ready2 = await bytes(
      (await reportFile(again.counted, period('2025-03'), {}, 'xlsx', look, SUPERVISOR, undefined, ready))
        .body,
    );
    expect(again.counter.pages).toBe(0);
    expect((await sheets(ready2)).Panggilan!.some((row) => row[0] === 'late-00000')).toBe(true);
  });

  it("deletes an erased call's month's files at once, and makes them again once erasures in it settled", async () => {
    database = await createTestDatabase(dialect);
    const db = await start();
    const august = monthPeriod('2025-08', look.tzOffsetMinutes);
    await insertCalls(db.kysely, august.from, 5, 0, 'aug');
    await insertCalls(db.kysely, SEPTEMBER.from, 5, 0, 'sep');
    const clock = { now: OCTOBER.from + DAY_MS };
    const quiet = quietMoments();
    const ready = readyOf(db, clock, quiet.idle, 2000);
    ready.check();
    while (await quiet.give());
    expect(ready.made).toBe(4);
    const september = files().filter((file) => file.startsWith('laporan-112-2025-09.'));
    expect(september).toHaveLength(2);
    // An erasure as the retention worker leaves the row: without its number, written with the erasure's seq.
    await db.kysely
      .updateTable('calls')
      .set({ number: null, seq: 9 })
      .where('id', '=', 'aug-00002')
      .execute();
    ready.erased(['aug-00002']);
    await ready.settled();
    // August's files are gone at once; September's (no call of it erased) stay.
    expect(files()).toEqual(september);
    // August is not made again while erasures in it may go on: a quiet moment is asked once they settled.
    expect(quiet.waiting).toBe(0);
    await vi.waitFor(() => expect(quiet.waiting).toBe(1), { timeout: 30_000, interval: 50 });
    await quiet.give();
    expect(ready.made).toBe(6);
    const { counted, counter } = countingPages(db.kysely);
    const served = await bytes(
      (await reportFile(counted, august, {}, 'xlsx', look, SUPERVISOR, undefined, ready)).body,
    );
    expect(counter.pages).toBe(0);
    const rows = (await sheets(served)).Panggilan!;
    expect(rows.find((row) => row[0] === 'aug-00002')?.[2]).toBeUndefined();
    expect(rows.find((row) => row[0] === 'aug-00001')?.[2]).toBe('081200000000');
  });

  it('deletes every ready file when it cannot check the months of an erasure', async () => {
    database = await createTestDatabase(dialect);
    const db = await start();
    await insertCalls(db.kysely, SEPTEMBER.from, 5);
    // A database that fails once told to (as a lost connection would).
    const failing = { now: false };
    const kysely = db.kysely.withPlugin({
      transformQuery: ({ node }) => {
        if (failing.now) throw new Error('connection lost');
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const errors: unknown[] = [];
    const ready = new ReadyWorkbooks({
      db: kysely,
      dir: join(database.dataDir, 'reports'),
      look,
      now: () => OCTOBER.from + DAY_MS,
      onError: (error) => errors.push(error),
      idle: (work, onError) => void work().catch(onError),
    });
    readies.push(ready);
    ready.check();
    await ready.settled();
    expect(files()).toHaveLength(2);
    failing.now = true;
    ready.erased(['call-00001']);
    await ready.settled();
    expect(errors).toHaveLength(1);
    expect(files()).toEqual([]);
  });
});
