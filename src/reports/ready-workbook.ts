// The closed months' workbooks made before anyone asks: for each closed month of the last twelve (in the centre's
// time) the server makes them at quiet moments, newest month first and one month at a time, and keeps them on disk,
// named by their stamp; asked for, one is served from disk while the stamp read anew is the same, and deleted at once
// when it is not (it may hold personal data erased since; an erasure deletes its month's at once, made again once
// erasures in it have settled). Files of months past the twelve are deleted.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { monthPeriod } from '../domain/reports/rollup.ts';
import { whenIdle } from '../server/when-idle.ts';
import type { DatabaseSchema } from '../store/schema.ts';
import { monthWorkbook, type WorkbookShelf, workbookKey } from './files.ts';
import type { ReportLook } from './pdf.ts';
import type { MakeWorkbook } from './xlsx.ts';

/** The XLSX buttons of a month without filters: the supervisor's (calls and per call taker figures), the admin's. */
const READY_ACCESS = [
  { calls: true, staff: true },
  { calls: true, staff: false },
] as const;

/** The closed months kept ready: the last twelve. */
const READY_MONTHS = 12;
/**
 * How long a month whose files an erasure deleted waits without another erasure before it is made again. The
 * retention worker erases junk calls as they pass the retention period (90 days by default): about one a minute in a
 * month of 83,000 calls, all in the same month for weeks; made again at each quiet moment, its two workbooks (~5 s of
 * CPU) would be made every minute and deleted the next.
 */
const ERASURE_SETTLE_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const PREFIX = 'laporan-112-';
const TEMP = '.making-';

const hash = (text: string, length: number) =>
  createHash('sha256').update(text).digest('hex').slice(0, length);

/** The month of an instant in the centre's time, `YYYY-MM`, shifted by `months`. */
function localMonth(ms: number, tzOffsetMinutes: number, months = 0): string {
  const local = new Date(ms + tzOffsetMinutes * 60_000);
  const month = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + months, 1));
  return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month a ready file is of (`laporan-112-2025-09.KEY.STAMP.xlsx`), or null for another file. */
const monthOf = (file: string) => /^laporan-112-([0-9]{4}-[0-9]{2})\./.exec(file)?.[1] ?? null;

const fileName = (month: string, key: string, stamp: string) =>
  `${PREFIX}${month}.${hash(key, 12)}.${hash(stamp, 24)}.xlsx`;

/** The kept months at this instant, closed in the centre's time: the last closed one first. */
const closedMonths = (at: number, tzOffsetMinutes: number, count: number) =>
  Array.from({ length: count }, (_, i) => localMonth(at, tzOffsetMinutes, -1 - i));

/** Which of the months a ready workbook's key is of (one of READY_ACCESS's, without filters); undefined for another key. */
const monthOfKey = (key: string, months: string[], tzOffsetMinutes: number) =>
  months.find((m) =>
    READY_ACCESS.some((holds) => workbookKey(monthPeriod(m, tzOffsetMinutes), {}, holds) === key),
  );

/** The ready file of this name open for reading, or null when there is none. */
async function openReady(dir: string, name: string): Promise<Readable | null> {
  try {
    const handle = await open(join(dir, name), 'r');
    // Read in large chunks: fewer trips to the thread pool for a file of ~10 MB.
    return handle.createReadStream({ highWaterMark: 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return null;
  }
}

/**
 * The ready files as another process reads them (`pinisi report`): the file of a key while its stamp holds, else
 * null. It deletes and makes nothing: the server does, at its own request or check. A file read is named by the stamp
 * read now, so it never holds an erased number.
 */
export function readyShelf(options: Pick<ReadyOptions, 'dir' | 'look' | 'now'>): WorkbookShelf {
  const { tzOffsetMinutes } = options.look;
  return {
    async file(key, stamp) {
      const month = monthOfKey(
        key,
        closedMonths(options.now(), tzOffsetMinutes, READY_MONTHS),
        tzOffsetMinutes,
      );
      return month === undefined ? null : openReady(options.dir, fileName(month, key, stamp));
    },
  };
}

export interface ReadyOptions {
  db: Kysely<DatabaseSchema>;
  /** The folder of the ready files (under the data dir); made when first needed. */
  dir: string;
  look: ReportLook;
  /** The server's clock: which month has closed. */
  now: () => number;
  onError: (error: unknown) => void;
  /** When to make them: at a quiet moment (when-idle.ts) unless told (tests). */
  idle?: typeof whenIdle;
  /** How many closed months are kept ready (READY_MONTHS unless told: the bench makes the last one only). */
  months?: number;
  /** ERASURE_SETTLE_MS unless told (tests); 0 makes a month again at the next quiet moment after an erasure. */
  settleMs?: number;
  /** Where the workbooks are made: the server's XLSX thread; here unless told (tests, the bench). */
  makeWorkbook?: MakeWorkbook;
}

/**
 * The closed months' workbooks on disk. One file per workbook, `laporan-112-MONTH.KEY.STAMP.xlsx` (hashes of what
 * was asked and of what it was made from), written to a temporary file and renamed once whole; the files of months
 * past the kept ones, and of other stamps, are deleted.
 */
export class ReadyWorkbooks implements WorkbookShelf {
  private readonly options: ReadyOptions;
  /** The last closed month when all kept months were last put in the queue: a check before the next month does nothing. */
  private checkedFor: string | null = null;
  /** The months to look at (made when their files are not on disk with their stamps), the newest first. */
  private readonly queue = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private making: Readable | null = null;
  /** The wait for a quiet moment and the making after it: one at a time, never two. */
  private run: Promise<void> | null = null;
  /** The making under way. */
  private current: Promise<number> | null = null;
  private verifying: Promise<void> | null = null;
  /** The calls erased since the last check of the files holding them. */
  private readonly erasedCalls = new Set<string>();
  /** Months an erasure changed lately, each with the timer that makes it again once no erasure came for a while. */
  private readonly settling = new Map<string, NodeJS.Timeout>();
  /** Whether temporary files a stopped or failed making left behind were deleted (at the first making). */
  private swept = false;
  private stopped = false;
  /** Workbooks made and written to disk (tests, the bench). */
  made = 0;

  constructor(options: ReadyOptions) {
    this.options = options;
  }

  /** Checks now, then at each month change in the centre's time (a timer that keeps no process alive). */
  start(): void {
    this.check();
    const { now, look } = this.options;
    const next = monthPeriod(localMonth(now(), look.tzOffsetMinutes), look.tzOffsetMinutes).to;
    // A timer waits at most 24.8 days: past a day it only looks again.
    this.timer = setTimeout(() => this.start(), Math.min(Math.max(next - now(), 0) + 1000, DAY_MS));
    this.timer.unref();
  }

  /** The kept months, closed in the centre's time: the last closed one first. */
  private closedMonths(): string[] {
    const { now, look, months } = this.options;
    return closedMonths(now(), look.tzOffsetMinutes, months ?? READY_MONTHS);
  }

  /** Puts every kept month in the queue once a month has closed (made at quiet moments, when not on disk). */
  check(): void {
    const months = this.closedMonths();
    if (this.stopped || this.checkedFor === months[0]) return;
    this.checkedFor = months[0]!;
    for (const month of months) this.queue.add(month);
    this.next();
  }

  /**
   * Waits for a quiet moment, then looks at the queued months, the newest first, until one had a workbook to make;
   * once it is made the next waits for another quiet moment. Months without a call or an incident, or on disk with
   * their stamps, take only their stamps' reads.
   */
  private next(): void {
    if (this.stopped || this.run || this.queue.size === 0) return;
    const idle = this.options.idle ?? whenIdle;
    this.run = new Promise<void>((done) =>
      idle(
        async () => {
          try {
            if (this.stopped) return;
            await this.sweep();
            for (;;) {
              const month = [...this.queue].sort().at(-1);
              if (month === undefined || this.stopped) break;
              this.queue.delete(month);
              // A month erasures are changing waits for them to settle (its timer puts it back).
              if (!this.closedMonths().includes(month) || this.settling.has(month)) continue;
              this.current = this.prepare(month);
              if ((await this.current) > 0) break;
            }
          } catch (error) {
            // Looked at again at the next check (the next month change or the day's look), not at each quiet moment.
            this.queue.clear();
            this.checkedFor = null;
            throw error;
          } finally {
            this.current = null;
            this.run = null;
            done();
            this.next();
          }
        },
        (error) => {
          if (!this.stopped) this.options.onError(error);
        },
      ),
    );
  }

  /** Resolves once nothing is waiting to be made or checked (tests, the bench). */
  async settled(): Promise<void> {
    for (;;) {
      const run = this.run;
      const verifying = this.verifying;
      await Promise.all([run, verifying]);
      if (run === this.run && verifying === this.verifying) return;
    }
  }

  /** The ready file for this key and stamp; a ready file of that key with another stamp is deleted at once. */
  async file(key: string, stamp: string): Promise<Readable | null> {
    const month = monthOfKey(key, this.closedMonths(), this.options.look.tzOffsetMinutes);
    if (month === undefined) return null;
    const ready = await openReady(this.options.dir, fileName(month, key, stamp));
    if (ready) return ready;
    // Made from another stamp: deleted now, made again at the next quiet moment.
    const gone = await this.remove((file) => file.startsWith(`${PREFIX}${month}.${hash(key, 12)}.`));
    if (gone.length > 0) this.again(month);
    return null;
  }

  /**
   * After an erasure: the ready files of the months of the erased calls are checked now, each whose stamp read anew
   * differs deleted (not only once someone asks for it); such a month is made again at the first quiet moment once
   * no erasure came in it for ERASURE_SETTLE_MS. Erasures that come while it checks make one more check. When the
   * check fails every ready file is deleted: none may keep an erased number.
   */
  erased(callIds: readonly string[]): void {
    for (const id of callIds) this.erasedCalls.add(id);
    if (this.verifying || this.stopped || this.erasedCalls.size === 0) return;
    const ids = [...this.erasedCalls];
    this.erasedCalls.clear();
    this.verifying = this.verifyErased(ids)
      .catch(async (error: unknown) => {
        this.options.onError(error);
        await this.remove(() => true).catch((failed: unknown) => this.options.onError(failed));
        this.checkedFor = null;
      })
      .finally(() => {
        this.verifying = null;
        this.erased([]);
      });
  }

  /** Checks the files of the months the erased calls were registered in; those months settle. */
  private async verifyErased(ids: string[]): Promise<void> {
    const { db, look } = this.options;
    const months = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db
        .selectFrom('calls')
        .select('registered_at')
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const row of rows) months.add(localMonth(Number(row.registered_at), look.tzOffsetMinutes));
    }
    for (const month of months) this.settle(month);
    await this.verify(months);
  }

  /** A month an erasure changed: made again once no erasure came in it for a while (at once without a wait). */
  private settle(month: string): void {
    const settleMs = this.options.settleMs ?? ERASURE_SETTLE_MS;
    clearTimeout(this.settling.get(month));
    this.settling.delete(month);
    if (settleMs <= 0) return;
    const timer = setTimeout(() => {
      this.settling.delete(month);
      this.again(month);
    }, settleMs);
    timer.unref();
    this.settling.set(month, timer);
  }

  /**
   * Deletes each ready file (of the months given, or of every month on disk) not made from the stamps read now, and
   * every file of a month no longer kept; a kept month that lost one is made again at the next quiet moment (once
   * settled, after an erasure).
   */
  private async verify(only?: ReadonlySet<string>): Promise<void> {
    const files = await readdir(this.options.dir).catch(() => [] as string[]);
    const kept = this.closedMonths();
    const current = new Set<string>();
    const months = new Set(
      files.map(monthOf).filter((m): m is string => m !== null && (only?.has(m) ?? true)),
    );
    for (const month of months) {
      if (!kept.includes(month)) continue;
      const period = monthPeriod(month, this.options.look.tzOffsetMinutes);
      for (const holds of READY_ACCESS) {
        const book = await monthWorkbook(this.options.db, period, {}, this.options.look, holds);
        if (book.kept) current.add(fileName(month, book.kept.key, book.kept.stamp));
      }
    }
    const gone = await this.remove((file) => months.has(monthOf(file) ?? '') && !current.has(file));
    for (const month of new Set(gone.map(monthOf)))
      if (month !== null && kept.includes(month)) this.again(month);
  }

  /** Stops the checks and any workbook being made (its temporary file is deleted). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const timer of this.settling.values()) clearTimeout(timer);
    this.making?.destroy();
    await Promise.all([this.current?.catch(() => {}), this.verifying]);
  }

  /** A month whose file was deleted as stale: looked at again at the next quiet moment (its timer's, if settling). */
  private again(month: string): void {
    if (this.stopped || this.settling.has(month)) return;
    this.queue.add(month);
    this.next();
  }

  /** Deletes the ready files (never one being made) the test picks; the names of those that were. */
  private async remove(which: (file: string) => boolean): Promise<string[]> {
    const files = await readdir(this.options.dir).catch(() => [] as string[]);
    const gone = files.filter((file) => file.startsWith(PREFIX) && which(file));
    await Promise.all(gone.map((file) => rm(join(this.options.dir, file), { force: true })));
    return gone;
  }

  /**
   * Before the first making: the temporary files a stopped or failed making left behind are deleted; at each run,
   * the files of months no longer kept (older than the kept twelve).
   */
  private async sweep(): Promise<void> {
    const { dir } = this.options;
    await mkdir(dir, { recursive: true });
    if (!this.swept)
      for (const file of await readdir(dir))
        if (file.startsWith(TEMP)) await rm(join(dir, file), { force: true });
    this.swept = true;
    const kept = this.closedMonths();
    await this.remove((file) => !kept.includes(monthOf(file) ?? ''));
  }

  /**
   * Makes the month's workbooks that are not on disk with their current stamp, deletes the month's other files;
   * how many it made.
   */
  private async prepare(month: string): Promise<number> {
    const { db, dir, look } = this.options;
    const period = monthPeriod(month, look.tzOffsetMinutes);
    const wanted = new Set<string>();
    let made = 0;
    for (const holds of READY_ACCESS) {
      if (this.stopped) return made;
      const book = await monthWorkbook(db, period, {}, look, holds, this.options.makeWorkbook);
      // A month without a call or an incident is quickly made when asked for.
      if (!book.kept || book.kept.empty) continue;
      const name = fileName(month, book.kept.key, book.kept.stamp);
      wanted.add(name);
      if ((await readdir(dir)).includes(name)) continue;
      // Other stamps of this key: deleted before the new one is written.
      await this.remove((file) => file.startsWith(`${PREFIX}${month}.${hash(book.kept!.key, 12)}.`));
      const temp = join(dir, `${TEMP}${randomBytes(8).toString('hex')}.xlsx`);
      try {
        this.making = book.make();
        await pipeline(this.making, createWriteStream(temp));
        // On disk before it has its name: a crash never leaves a part of a file under it.
        const written = await open(temp, 'r+');
        await written.sync().finally(() => written.close());
        await rename(temp, join(dir, name));
      } finally {
        this.making = null;
        await rm(temp, { force: true });
      }
      made++;
      this.made++;
    }
    // The month's other files; and a file whose stamp changed while it was made (an erasure, a late event).
    await this.remove((file) => file.startsWith(`${PREFIX}${month}.`) && !wanted.has(file));
    if (made > 0) await this.verify(new Set([month]));
    return made;
  }
}
