// The PDF warmed (as the server's PDF thread is when the report figures are first read): the first report asked for
// then loads nothing and shapes few words, as the next ones do.
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { pdfText } from '../../test/support/report-files.ts';
import type { Fact } from '../domain/reports/facts.ts';
import { summarize } from '../domain/reports/summary.ts';
import { reportLook } from './look.ts';
import { reportPdf, warmPdf } from './pdf.ts';

/** 2026-11-10 08:00 WITA, one hour of calls. */
const HOUR = Date.UTC(2026, 10, 10, 0);
const FACTS: Fact[] = [
  {
    hour: HOUR,
    metric: 'call',
    key: 'prank',
    channel: 'voice',
    category: '',
    priority: 0,
    kecamatan: '',
    desa: '',
    agency: '',
    user: '',
    n: 7,
    total: 0,
  },
];

/** fontkit's font class, as pdfkit loads it: its `layout` shapes a word. */
function fontkitLayout() {
  const fontkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'))('fontkit') as {
    create(data: Buffer): object;
  };
  const dir = createRequire(import.meta.url)
    .resolve('pdfmake/package.json')
    .replace(/package\.json$/, '');
  const { readFileSync } = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
  const font = fontkit.create(readFileSync(`${dir}fonts/Roboto/Roboto-Regular.ttf`));
  return Object.getPrototypeOf(font) as { layout: (...args: unknown[]) => unknown };
}

describe('the PDF warmed', () => {
  it('leaves the first report little to shape', async () => {
    const look = reportLook({});
    await warmPdf(look);
    const layout = vi.spyOn(fontkitLayout(), 'layout');
    const period = { from: HOUR - 8 * 3_600_000, to: HOUR + 16 * 3_600_000 };
    const report = summarize(FACTS, { ...period, ...look, staff: false, granularity: 'hour' });
    const none = {};
    const pdf = await reportPdf(
      {
        period,
        filters: {},
        report,
        agencies: [],
        names: { agencies: none, kecamatan: none, desa: none, categories: none, users: none },
      },
      look,
    );
    // Cold, this report shaped about 200 words; after the warm-up about 10 (the numbers and the period's words).
    expect(layout.mock.calls.length).toBeLessThan(50);
    layout.mockRestore();
    expect((await pdfText(new Uint8Array(pdf))).join(' ')).toMatch(/Jumlah panggilan\s+7\b/);
  });
});
