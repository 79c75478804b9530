// The monthly PDF's thread: the only one that loads ECharts, pdfmake and their fonts; makes each PDF asked for, in turn.
import { parentPort } from 'node:worker_threads';
import type { ReportBundle } from './bundle.ts';
import { type ReportLook, reportPdf, warmPdf } from './pdf.ts';
import { type ThreadError, threadError } from './thread-error.ts';

/** What the server's thread asks: a report's PDF, or the warm-up (the PDF of an empty month, thrown away). */
export type PdfRequest =
  | { kind: 'pdf'; bundle: ReportBundle; look: ReportLook }
  | { kind: 'warm'; look: ReportLook };
/** The answer to each request, in the order asked: the PDF's bytes (transferred), or why it could not be made. */
export type PdfAnswer = { pdf: ArrayBuffer } | { warmed: true } | ThreadError;

/** The bytes of a PDF as an ArrayBuffer of their own, to hand over without a copy (a copy if they share one). */
function ownBytes(pdf: Buffer): ArrayBuffer {
  if (pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength && pdf.buffer instanceof ArrayBuffer)
    return pdf.buffer;
  return new Uint8Array(pdf).buffer;
}

async function answer(request: PdfRequest): Promise<void> {
  const port = parentPort!;
  try {
    // A test's way to see the thread die while it makes a PDF (never set otherwise).
    if (request.kind === 'pdf' && process.env.PINISI_TEST_PDF_WORKER_EXIT) process.exit(70);
    if (request.kind === 'warm') {
      await warmPdf(request.look);
      port.postMessage({ warmed: true } satisfies PdfAnswer);
      return;
    }
    const pdf = ownBytes(await reportPdf(request.bundle, request.look));
    port.postMessage({ pdf } satisfies PdfAnswer, [pdf]);
  } catch (error) {
    port.postMessage(threadError(error) satisfies PdfAnswer);
  }
}

let turn = Promise.resolve();
parentPort!.on('message', (request: PdfRequest) => {
  turn = turn.then(() => answer(request));
});
