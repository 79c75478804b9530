// The monthly PDF made on its own thread: the same document as made here, an event loop that keeps turning while it
// is made, and a thread that dies failing only the request it held.
import { afterEach, describe, expect, it } from 'vitest';
import { countTurns } from '../../test/support/loop-turns.ts';
import { pdfText } from '../../test/support/report-files.ts';
import { DomainError } from '../domain/errors.ts';
import type { Fact } from '../domain/reports/facts.ts';
import { summarize } from '../domain/reports/summary.ts';
import type { ReportBundle } from './bundle.ts';
import { reportLook } from './look.ts';
import { reportPdf } from './pdf.ts';
import { PdfThread } from './pdf-thread.ts';

/** 2026-11-10 08:00 WITA, one hour of figures. */
const HOUR = Date.UTC(2026, 10, 10, 0);
const FACT = { hour: HOUR, category: '', priority: 0, kecamatan: '', desa: '', agency: '', user: '' };
const FACTS: Fact[] = [
  { ...FACT, metric: 'call', key: 'prank', channel: 'voice', n: 3, total: 0 },
  { ...FACT, metric: 'answer', key: '15', channel: 'voice', n: 4, total: 48_000 },
  { ...FACT, metric: 'request', key: 'acknowledged', channel: '', agency: 'damkar', n: 2, total: 0 },
];

function bundle(): ReportBundle {
  const period = { from: HOUR - 8 * 3_600_000, to: HOUR + 16 * 3_600_000 };
  const options = { tzOffsetMinutes: 480, shiftStarts: [7, 19], staff: false, granularity: 'hour' as const };
  const own = FACTS.filter((f) => f.agency === 'damkar');
  return {
    period,
    filters: {},
    report: summarize(FACTS, { ...period, ...options }),
    agencies: [{ agency: 'damkar', report: summarize(own, { ...period, ...options }) }],
    names: {
      agencies: { damkar: 'Dinas Pemadam Kebakaran' },
      kecamatan: {},
      desa: {},
      categories: {},
      users: {},
    },
  };
}

/** How many turns the event loop made (one setImmediate each) while `work` ran, and what it gave. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ turns: number; result: T }> {
  const loop = countTurns();
  try {
    return { result: await work(), turns: loop.turns };
  } finally {
    loop.stop();
  }
}

describe('the PDF thread', () => {
  const look = reportLook({});
  const threads: PdfThread[] = [];
  const thread = () => {
    const made = new PdfThread((error) => {
      throw error;
    });
    threads.push(made);
    return made;
  };
  afterEach(async () => {
    for (const t of threads.splice(0)) await t.close();
  });

  it('makes the PDF made here, while the event loop keeps turning', async () => {
    const pdfs = thread();
    expect(pdfs.running).toBe(false);
    // Both warm first: the first PDF of a thread loads ECharts and pdfmake, which awaits files as it goes.
    const [here, there] = [await reportPdf(bundle(), look), await pdfs.make(bundle(), look)];
    expect(pdfs.running).toBe(true);
    expect(there.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(new Uint8Array(there));
    expect(text).toEqual(await pdfText(new Uint8Array(here)));
    expect(text.join(' ')).toMatch(/Jumlah panggilan\s+3\b/);
    expect(text.join(' ')).toContain('Dinas Pemadam Kebakaran');

    // Made here, the PDF holds the event loop from start to end; made on the thread, the loop turns all along.
    const blocked = await turnsDuring(() => reportPdf(bundle(), look));
    const free = await turnsDuring(() => pdfs.make(bundle(), look));
    expect(free.result.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(blocked.turns).toBeLessThan(20);
    expect(free.turns).toBeGreaterThan(Math.max(1000, blocked.turns * 50));
  }, 240_000);

  it('answers a request whose thread died with an error, and the next one from a new thread', async () => {
    const pdfs = thread();
    process.env.PINISI_TEST_PDF_WORKER_EXIT = '1';
    const dying = pdfs.make(bundle(), look);
    delete process.env.PINISI_TEST_PDF_WORKER_EXIT;
    const error = await dying.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('internal');
    expect((error as DomainError).message).toBe(
      'The PDF could not be made: the PDF thread stopped (exit code 70) before it was made',
    );
    expect(pdfs.running).toBe(false);
    const pdf = await pdfs.make(bundle(), look);
    expect((await pdfText(new Uint8Array(pdf))).join(' ')).toMatch(/Jumlah panggilan\s+3\b/);
  }, 240_000);

  it('answers a PDF that fails to be made with its error, and goes on with the next', async () => {
    const pdfs = thread();
    const broken = { ...bundle(), report: null } as unknown as ReportBundle;
    const [failed, made] = await Promise.allSettled([pdfs.make(broken, look), pdfs.make(bundle(), look)]);
    expect(failed.status).toBe('rejected');
    const reason = (failed as PromiseRejectedResult).reason as DomainError;
    expect(reason.message).toMatch(/^The PDF could not be made: /);
    // The server's log gets where it was thrown, on the thread.
    expect((reason.cause as Error).stack).toContain('pdf.ts');
    expect(made.status).toBe('fulfilled');
    expect((made as PromiseFulfilledResult<Buffer>).value.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 240_000);

  it('fails a PDF still awaited when the server closes, and stops', async () => {
    const pdfs = thread();
    pdfs.warm(look);
    expect(pdfs.running).toBe(true);
    const awaited = expect(pdfs.make(bundle(), look)).rejects.toThrow(
      'The PDF could not be made: the server is stopping',
    );
    await pdfs.close();
    expect(pdfs.running).toBe(false);
    await awaited;
  });
});
