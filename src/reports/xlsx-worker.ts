// The server's XLSX thread: the only one that loads exceljs; writes each workbook from the pages of rows posted to it
// and posts the zip's bytes back as they come.
import { PassThrough } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import type { Cell } from '../domain/reports/export.ts';
import { type ThreadError, threadError } from './thread-error.ts';
import { newBook, newSheet, writeRow } from './xlsx.ts';

/**
 * What the server posts, each workbook by its id: its start, each sheet's start, each page of rows, its end; or that
 * its reader went away (drop); or the warm-up (exceljs loaded).
 */
export type XlsxRequest =
  | { kind: 'warm'; id: number }
  | { kind: 'book'; id: number }
  | { kind: 'sheet'; id: number; name: string }
  | { kind: 'rows'; id: number; rows: Cell[][] }
  | { kind: 'end'; id: number }
  | { kind: 'drop'; id: number };
/** The answers: a page written (the server may post another), the zip's bytes (transferred), the end, a failure. */
export type XlsxAnswer =
  | { kind: 'warmed'; id: number }
  | { kind: 'written'; id: number }
  | { kind: 'bytes'; id: number; bytes: ArrayBuffer }
  | { kind: 'done'; id: number }
  | ({ kind: 'failed'; id: number } & ThreadError);

const port = parentPort!;
const post = (answer: XlsxAnswer, transfer: ArrayBuffer[] = []) => port.postMessage(answer, transfer);

interface Job {
  out: PassThrough;
  book: Awaited<ReturnType<typeof newBook>> | null;
  sheet: ReturnType<typeof newSheet> | null;
  /** Its requests, handled one after the other (the book's start awaits exceljs' loading). */
  turn: Promise<void>;
}

/**
 * The workbooks being written, by id. Several may be (two people exporting at once): each has its own writer and
 * output, so their pages interleave safely as they come, and a small list is not held behind a month's workbook.
 */
const jobs = new Map<number, Job>();

/**
 * A test's way to see the thread die as it begins a workbook (`start`), or in the middle of one, at this page of rows
 * (never set otherwise).
 */
const exitAt = process.env.PINISI_TEST_XLSX_WORKER_EXIT;
let pages = 0;

function failed(id: number, error: unknown): void {
  const job = jobs.get(id);
  jobs.delete(id);
  job?.out.destroy();
  post({ kind: 'failed', id, ...threadError(error) });
}

function start(id: number): Job {
  const out = new PassThrough();
  const job: Job = { out, book: null, sheet: null, turn: Promise.resolve() };
  // Each chunk of the zip is copied into a buffer of its own and handed over without another copy.
  out.on('data', (chunk: Buffer) => {
    const bytes = new Uint8Array(chunk).buffer as ArrayBuffer;
    post({ kind: 'bytes', id, bytes }, [bytes]);
  });
  out.on('end', () => {
    if (jobs.get(id) !== job) return;
    jobs.delete(id);
    post({ kind: 'done', id });
  });
  // A dropped job's output is destroyed: what exceljs still writes to it fails there, unseen.
  out.on('error', (error) => {
    if (jobs.get(id) === job) failed(id, error);
  });
  jobs.set(id, job);
  return job;
}

async function handle(job: Job, request: XlsxRequest): Promise<void> {
  if (request.kind === 'book') {
    if (exitAt === 'start') process.exit(70);
    job.book = await newBook(job.out);
  } else if (request.kind === 'sheet') {
    job.sheet?.commit();
    job.sheet = newSheet(job.book!, request.name);
  } else if (request.kind === 'rows') {
    if (++pages === Number(exitAt)) process.exit(70);
    for (const row of request.rows) writeRow(job.sheet!, row);
    post({ kind: 'written', id: request.id });
  } else if (request.kind === 'end') {
    job.sheet?.commit();
    // The zip's last bytes then its end flow out (`done` posted once they have).
    await job.book!.commit();
  }
}

port.on('message', (request: XlsxRequest) => {
  const { id } = request;
  if (request.kind === 'warm') {
    import('exceljs').then(
      () => post({ kind: 'warmed', id }),
      (error: unknown) => failed(id, error),
    );
    return;
  }
  if (request.kind === 'drop') {
    const job = jobs.get(id);
    jobs.delete(id);
    job?.out.destroy();
    return;
  }
  const job = request.kind === 'book' ? start(id) : jobs.get(id);
  // A dropped or failed workbook's requests still on their way are let go.
  if (!job) return;
  job.turn = job.turn
    .then(() => (jobs.get(id) === job ? handle(job, request) : undefined))
    .catch((error: unknown) => {
      if (jobs.get(id) === job) failed(id, error);
    });
});
