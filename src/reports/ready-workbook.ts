// The last closed month's workbook made before anyone asks: once a month has closed (in the centre's time) the server
// makes it at a quiet moment and keeps it on disk, named by its stamp; asked for, it is served from disk while the
// stamp read anew is the same, and deleted at once when it is not (it may hold personal data erased since).
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

/** The XLSX buttons of a month without filters: the supervisor's (calls and per call taker figures), the admin's. */
const READY_ACCESS = [
  { calls: true, staff: true },
  { calls: true, staff: false },
] as const;

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
}

/**
 * The last closed month's workbooks on disk. One file per workbook, `laporan-112-MONTH.KEY.STAMP.xlsx` (hashes of
 * what was asked and of what it was made from), written to a temporary file and renamed once whole; the files of
 * other months and other stamps are deleted.
 */
export class ReadyWorkbooks implements WorkbookShelf {
  private readonly options: ReadyOptions;
  /** The month made ready, or waiting for a quiet moment to be: a check before the next month does nothing. */
  private readyFor: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private making: Readable | null = null;
  /** The makings asked for, each after the last: resolves once all are done (failed or not). */
  private waiting: Promise<void> = Promise.resolve();
  /** The making under way. */
  private current: Promise<void> | null = null;
  private verifying: Promise<void> | null = null;
  private verifyAgain = false;
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

  /** The last closed month in the centre's time. */
  lastClosed(): string {
    return localMonth(this.options.now(), this.options.look.tzOffsetMinutes, -1);
  }

  /** Makes the last closed month's workbooks at the next quiet moment, unless made (or waiting) already. */
  check(): void {
    const month = this.lastClosed();
    if (this.stopped || this.readyFor === month) return;
    this.readyFor = month;
    const idle = this.options.idle ?? whenIdle;
    // One making at a time: the next waits for a quiet moment, then for the last.
    const previous = this.waiting;
    this.waiting = new Promise<void>((done) =>
      idle(
        async () => {
          try {
            await previous;
            this.current = this.prepare(month);
            await this.current;
          } finally {
            this.current = null;
            done();
          }
        },
        (error) => {
          if (this.readyFor === month) this.readyFor = null;
          if (!this.stopped) this.options.onError(error);
        },
      ),
    );
  }

  /** Resolves once nothing is waiting to be made or checked (tests, the bench). */
  async settled(): Promise<void> {
    for (;;) {
      const waiting = this.waiting;
      const verifying = this.verifying;
      await Promise.all([waiting, verifying]);
      if (waiting === this.waiting && verifying === this.verifying) return;
    }
  }

  /** The ready file for this key and stamp; a ready file of that key with another stamp is deleted at once. */
  async file(key: string, stamp: string): Promise<Readable | null> {
    const month = this.lastClosed();
    const period = monthPeriod(month, this.options.look.tzOffsetMinutes);
    if (!READY_ACCESS.some((holds) => workbookKey(period, {}, holds) === key)) return null;
    const name = this.fileName(month, key, stamp);
    try {
      const handle = await open(join(this.options.dir, name), 'r');
      // Read in large chunks: fewer trips to the thread pool for a file of ~10 MB.
      return handle.createReadStream({ highWaterMark: 1024 * 1024 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // Made from another stamp: deleted now, made again at the next quiet moment.
    if (await this.remove((file) => file.startsWith(`${PREFIX}${month}.${hash(key, 12)}.`))) this.again();
    return null;
  }

  /**
   * After an erasure: each ready file whose stamp read anew differs is deleted now (and made again at the next
   * quiet moment), not only once someone asks for it. Erasures that come while it checks make one more check.
   */
  erased(): void {
    if (this.verifying) {
      this.verifyAgain = true;
      return;
    }
    this.verifying = this.verify()
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.verifying = null;
        if (!this.verifyAgain || this.stopped) return;
        this.verifyAgain = false;
        this.erased();
      });
  }

  /** Deletes each ready file not made from the stamp read now; made again at the next quiet moment. */
  private async verify(): Promise<void> {
    const files = await readdir(this.options.dir).catch(() => [] as string[]);
    if (!files.some((file) => file.startsWith(PREFIX))) return;
    const month = this.lastClosed();
    const period = monthPeriod(month, this.options.look.tzOffsetMinutes);
    const current = new Set<string>();
    for (const holds of READY_ACCESS) {
      const book = await monthWorkbook(this.options.db, period, {}, this.options.look, holds);
      if (book.kept) current.add(this.fileName(month, book.kept.key, book.kept.stamp));
    }
    if (await this.remove((file) => !current.has(file))) this.again();
  }

  /** Stops the checks and any workbook being made (its temporary file is deleted). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.making?.destroy();
    await Promise.all([this.current?.catch(() => {}), this.verifying]);
  }

  private again(): void {
    this.readyFor = null;
    this.check();
  }

  private fileName(month: string, key: string, stamp: string): string {
    return `${PREFIX}${month}.${hash(key, 12)}.${hash(stamp, 24)}.xlsx`;
  }

  /** Deletes the ready files (never one being made) the test picks; whether any was. */
  private async remove(which: (file: string) => boolean): Promise<boolean> {
    const files = await readdir(this.options.dir).catch(() => [] as string[]);
    const gone = files.filter((file) => file.startsWith(PREFIX) && which(file));
    await Promise.all(gone.map((file) => rm(join(this.options.dir, file), { force: true })));
    return gone.length > 0;
  }

  /** Makes the month's workbooks that are not on disk with their current stamp; deletes every other file. */
  private async prepare(month: string): Promise<void> {
    if (this.stopped) return;
    const { db, dir, look } = this.options;
    const period = monthPeriod(month, look.tzOffsetMinutes);
    await mkdir(dir, { recursive: true });
    if (!this.swept)
      for (const file of await readdir(dir))
        if (file.startsWith(TEMP)) await rm(join(dir, file), { force: true });
    this.swept = true;
    // Only the last closed month is kept.
    await this.remove((file) => !file.startsWith(`${PREFIX}${month}.`));
    const wanted = new Set<string>();
    for (const holds of READY_ACCESS) {
      if (this.stopped) return;
      const book = await monthWorkbook(db, period, {}, look, holds);
      // A month without a call or an incident is quickly made when asked for.
      if (!book.kept || book.kept.empty) continue;
      const name = this.fileName(month, book.kept.key, book.kept.stamp);
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
      this.made++;
    }
    // Files of other months; and a file whose stamp changed while it was made (an erasure, a late event).
    await this.remove((file) => !wanted.has(file));
    await this.verify();
  }
}
