// The server's monthly PDFs are made on a thread of their own (pdf-worker.ts): the event loop only posts the figures
// and receives the bytes, and stays free for the consoles' commands and live updates while ECharts and pdfmake work.
import { Worker } from 'node:worker_threads';
import { DomainError } from '../domain/errors.ts';
import type { ReportBundle } from './bundle.ts';
import type { ReportLook } from './pdf.ts';
import type { PdfAnswer, PdfRequest } from './pdf-worker.ts';
import { thrown } from './thread-error.ts';

/** The compiled thread's file beside the server bundle, named by bin/pinisi.mjs; undefined when run from src/. */
declare const PINISI_PDF_WORKER: string | undefined;

/** Where the thread starts: the bundle's compiled copy, or the sources through tsx. */
function workerFile(): URL {
  if (typeof PINISI_PDF_WORKER === 'string') return new URL(`./${PINISI_PDF_WORKER}`, import.meta.url);
  return new URL('./pdf-worker-tsx.mjs', import.meta.url);
}

interface Pending {
  resolve(answer: PdfAnswer): void;
  reject(error: Error): void;
}

/**
 * One thread per server, started when first needed (the first read of the report figures warms it, or the first PDF
 * asked for), answering requests in the order asked. A thread that dies fails the requests it held, and the next
 * request starts another. The thread keeps no process alive while it has no PDF to make.
 */
export class PdfThread {
  private worker: Worker | null = null;
  /** Requests posted to the running thread, oldest first (its answers come in that order). */
  private readonly pending: Pending[] = [];
  /** PDFs awaited: while any is, the thread keeps the process alive. */
  private awaited = 0;
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

  /** The PDF of a report, made on the thread. */
  async make(bundle: ReportBundle, look: ReportLook): Promise<Buffer> {
    if (++this.awaited === 1) this.worker?.ref();
    try {
      const answer = await this.ask({ kind: 'pdf', bundle, look });
      if ('error' in answer) throw failed(answer.error, thrown(answer));
      if (!('pdf' in answer)) throw failed('the PDF thread answered out of turn');
      return Buffer.from(answer.pdf);
    } finally {
      if (--this.awaited === 0) this.worker?.unref();
    }
  }

  /**
   * Starts the thread, if none runs, with the PDF of an empty month: ECharts, pdfmake and the fonts load and the
   * words every report uses are shaped then, so the PDF asked for next takes what the later ones do. Resolves once
   * warmed (or at once if a thread runs); a failure is logged.
   */
  warm(look: ReportLook): Promise<void> {
    if (this.worker !== null) return Promise.resolve();
    return this.ask({ kind: 'warm', look }).then(
      (answer) => {
        if ('error' in answer) this.log(failed(answer.error, thrown(answer)));
      },
      (error: unknown) => {
        if (!this.closed) this.log(error);
      },
    );
  }

  private ask(request: PdfRequest): Promise<PdfAnswer> {
    const worker = this.worker ?? this.start();
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      worker.postMessage(request);
    });
  }

  private start(): Worker {
    const worker = new Worker(workerFile());
    this.worker = worker;
    if (this.awaited === 0) worker.unref();
    worker.on('message', (answer: PdfAnswer) => {
      if (this.worker === worker) this.pending.shift()?.resolve(answer);
    });
    worker.on('error', (error) => {
      this.stopped(worker, failed(`the PDF thread failed: ${error.message}`, error));
    });
    worker.on('exit', (code) => {
      this.stopped(worker, failed(`the PDF thread stopped (exit code ${code}) before it was made`));
    });
    return worker;
  }

  /** A thread that died fails what it held; the next request starts another. */
  private stopped(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const request of this.pending.splice(0)) request.reject(error);
  }

  /** Stops the thread (when the server closes); a PDF still awaited fails. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (worker === null) return;
    this.stopped(worker, failed('the server is stopping'));
    await worker.terminate();
  }
}

const failed = (why: string, cause?: unknown) =>
  new DomainError('internal', `The PDF could not be made: ${why}`, null, { cause });
