// The server's XLSX workbooks are written on a thread of their own (xlsx-worker.ts): the event loop reads the pages of
// rows and posts them, the thread writes them with exceljs on the second core, and the zip's bytes come back. The
// loop never holds exceljs' loading or its rendering, and the reading and the writing go on side by side.
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../domain/errors.ts';
import { thrown } from './thread-error.ts';
import type { Sheet } from './xlsx.ts';
import type { XlsxAnswer, XlsxRequest } from './xlsx-worker.ts';

/** The compiled thread's file beside the server bundle, named by bin/pinisi.mjs; undefined when run from src/. */
declare const PINISI_XLSX_WORKER: string | undefined;

/** Where the thread starts: the bundle's compiled copy, or the sources through tsx. */
function workerFile(): URL {
  if (typeof PINISI_XLSX_WORKER === 'string') return new URL(`./${PINISI_XLSX_WORKER}`, import.meta.url);
  return new URL('./xlsx-worker-tsx.mjs', import.meta.url);
}

/**
 * Pages of a workbook posted and not yet written: the next page is read once the thread has written one of these, so
 * the database is read as fast as the thread writes and never further ahead (two: one written while the next is
 * read).
 */
const IN_FLIGHT = 2;

interface Job {
  worker: Worker;
  out: Readable;
  /** Pages posted, not yet written. */
  posted: number;
  /** Made, failed, or its reader went away: no page is read for it any more. */
  over: boolean;
  /** Wakes the page reading that waits for the thread (a page written, or the job over). */
  wake: () => void;
}

/**
 * One thread per server, started when first needed (the first read of the report figures warms it, or the first
 * workbook asked for). A thread that dies fails the workbooks it held, and the next workbook starts another. The
 * thread keeps no process alive while it has no workbook to write.
 */
export class WorkbookThread {
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job>();
  private readonly warming = new Map<number, { resolve(): void; reject(error: Error): void }>();
  private lastId = 0;
  private readonly log: (error: unknown) => void;
  /** Once the server closes: a warm-up cut short then is no failure. */
  private closed = false;

  constructor(log: (error: unknown) => void) {
    this.log = log;
  }

  /** Whether a thread runs. */
  get running(): boolean {
    return this.worker !== null;
  }

  /**
   * The workbook of these sheets as a stream (the same file workbookStream makes here). Its bytes are pushed as the
   * thread posts them, whatever the reader's pace: a slow download never holds the thread, and what waits for it is
   * at most the file (~7 MB for a month's calls). Holding the page reading for a slow reader would not bound it
   * better: exceljs lets most of a sheet's zip out only as the sheet ends (~20 % of it out by its last pages,
   * measured), so written here the bytes wait inside exceljs all the same. A reader that goes away stops the reading
   * of the pages and the thread lets the workbook go; a failure, or the thread's death, ends the stream with the
   * error.
   */
  stream(sheets: Sheet[]): Readable {
    const id = ++this.lastId;
    const worker = this.worker ?? this.start();
    const job: Job = {
      worker,
      out: new Readable({
        read() {},
        destroy: (error, callback) => {
          if (!job.over) {
            this.end(job, id);
            worker.postMessage({ kind: 'drop', id } satisfies XlsxRequest);
          }
          callback(error);
        },
      }),
      posted: 0,
      over: false,
      wake: () => {},
    };
    this.jobs.set(id, job);
    if (this.jobs.size === 1) worker.ref();
    this.feed(job, id, sheets).catch((error: unknown) => {
      if (job.over) return;
      this.end(job, id);
      worker.postMessage({ kind: 'drop', id } satisfies XlsxRequest);
      job.out.destroy(error as Error);
    });
    return job.out;
  }

  /** Reads the sheets' pages and posts them, at most IN_FLIGHT ahead of the thread's writing. */
  private async feed(job: Job, id: number, sheets: Sheet[]): Promise<void> {
    const post = (request: XlsxRequest) => job.worker.postMessage(request);
    post({ kind: 'book', id });
    for (const sheet of sheets) {
      post({ kind: 'sheet', id, name: sheet.name });
      const pages = Array.isArray(sheet.rows) ? [sheet.rows] : sheet.rows;
      // Leaving the loop early (the job over) closes the pages' reader.
      for await (const rows of pages) {
        while (job.posted >= IN_FLIGHT && !job.over) await new Promise<void>((wake) => (job.wake = wake));
        if (job.over) return;
        job.posted++;
        post({ kind: 'rows', id, rows });
      }
      if (job.over) return;
    }
    post({ kind: 'end', id });
  }

  /** The job no longer runs: its page reading stops, and the thread may stop keeping the process alive. */
  private end(job: Job, id: number): void {
    job.over = true;
    job.wake();
    this.jobs.delete(id);
    if (this.jobs.size === 0) this.worker?.unref();
  }

  /**
   * Starts the thread, if none runs, and loads exceljs on it: the workbook asked for next does not wait for the
   * loading. Resolves once loaded (or at once if a thread runs); a failure is logged.
   */
  warm(): Promise<void> {
    if (this.worker !== null) return Promise.resolve();
    const worker = this.start();
    const id = ++this.lastId;
    return new Promise<void>((resolve, reject) => {
      this.warming.set(id, { resolve, reject });
      worker.postMessage({ kind: 'warm', id } satisfies XlsxRequest);
    }).catch((error: unknown) => {
      if (!this.closed) this.log(error);
    });
  }

  private start(): Worker {
    const worker = new Worker(workerFile());
    this.worker = worker;
    worker.unref();
    worker.on('message', (answer: XlsxAnswer) => this.answered(answer));
    worker.on('error', (error) => {
      this.stopped(worker, failed(`the XLSX thread failed: ${error.message}`, error));
    });
    worker.on('exit', (code) => {
      this.stopped(worker, failed(`the XLSX thread stopped (exit code ${code}) before it was made`));
    });
    return worker;
  }

  private answered(answer: XlsxAnswer): void {
    const { id } = answer;
    if (answer.kind === 'warmed' || (answer.kind === 'failed' && this.warming.has(id))) {
      const warm = this.warming.get(id);
      this.warming.delete(id);
      if (answer.kind === 'warmed') warm?.resolve();
      else warm?.reject(failed(answer.error, thrown(answer)));
      return;
    }
    // A workbook let go (its reader went away) may still have answers on their way.
    const job = this.jobs.get(id);
    if (!job) return;
    if (answer.kind === 'written') {
      job.posted--;
      job.wake();
    } else if (answer.kind === 'bytes') job.out.push(Buffer.from(answer.bytes));
    else if (answer.kind === 'done') {
      this.end(job, id);
      job.out.push(null);
    } else {
      this.end(job, id);
      job.out.destroy(failed(answer.error, thrown(answer)));
    }
  }

  /** A thread that died fails the workbooks it held; the next starts another. */
  private stopped(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const [id, job] of this.jobs) {
      if (job.worker !== worker) continue;
      this.end(job, id);
      job.out.destroy(error);
    }
    for (const warm of this.warming.values()) warm.reject(error);
    this.warming.clear();
  }

  /** Stops the thread (when the server closes); a workbook still being made fails. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (worker === null) return;
    this.stopped(worker, failed('the server is stopping'));
    await worker.terminate();
  }
}

const failed = (why: string, cause?: unknown) =>
  new DomainError('internal', `The workbook could not be made: ${why}`, null, { cause });
