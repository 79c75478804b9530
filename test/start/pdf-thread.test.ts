// The monthly PDF and XLSX from the server as `npm start` runs it (bin/pinisi.mjs): made on the PDF and XLSX threads'
// compiled bundles, which the server's bundle finds beside itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser, PinisiServer } from '../e2e/harness.ts';
import { pdfText, xlsxSheets } from '../support/report-files.ts';

describe('the bundled server’s PDF and XLSX threads', () => {
  const server = new PinisiServer();
  beforeAll(() => server.start(), 300_000);
  afterAll(() => server.dispose());

  it('makes the PDF and the workbooks of the figures read just before', async () => {
    const operator = new ApiUser(server.url);
    await operator.login('operator1');
    const { callId } = await operator.command('call.register', { channel: 'voice', number: '085299990002' });
    await operator.command('call.end', { callId });
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'koordinator', password: 'pinisi112' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const period = `from=${Date.now() - 86_400_000}&to=${Date.now() + 86_400_000}`;
    // The reports view's first read of the figures starts the thread; the PDF asked for next is made on it.
    const kpi = await fetch(`${server.url}/api/reports/kpi?${period}`, { headers: { cookie } });
    expect(kpi.status).toBe(200);
    const pdf = await fetch(`${server.url}/api/reports/file?${period}&format=pdf`, { headers: { cookie } });
    expect(pdf.status, server.output.slice(-2000)).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const pages = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
    expect(pages[0]).toContain('LAPORAN BULANAN LAYANAN PANGGILAN DARURAT 112');
    expect(pages.find((p) => p.includes('Ringkasan'))).toMatch(/Jumlah panggilan\s+1\b/);

    // The workbooks too: the month's, and a list's export.
    const xlsx = await fetch(`${server.url}/api/reports/file?${period}&format=xlsx`, { headers: { cookie } });
    expect(xlsx.status, server.output.slice(-2000)).toBe(200);
    const book = await xlsxSheets(await xlsx.arrayBuffer());
    expect(Object.keys(book)).toEqual(['Keterangan', 'KPI', 'Panggilan', 'Kejadian']);
    expect(book.Panggilan!.map((row) => row[2])).toEqual(['number', '085299990002']);
    const list = await fetch(`${server.url}/api/reports/calls?${period}&format=xlsx`, {
      headers: { cookie },
    });
    expect(list.status, server.output.slice(-2000)).toBe(200);
    const calls = await xlsxSheets(await list.arrayBuffer());
    expect(calls.Panggilan!.map((row) => row[2])).toEqual(['number', '085299990002']);
  }, 240_000);
});
