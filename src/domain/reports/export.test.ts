// The CSV writer and the call row: exact text for the cases a spreadsheet cares about.
import { describe, expect, it } from 'vitest';
import type { Call } from '../types.ts';
import { CALL_HEADER, callRow, csv, heading, isoTime } from './export.ts';

describe('csv', () => {
  it('quotes separators, quotes and line breaks, defuses formulas in text only, and leaves empty cells empty', () => {
    const text = csv([
      ['a', 'b,c', 'say "hi"', 'x;y', 'l1\nl2', 'r\r'],
      ['=1+1', '+62', '-x', '@sum', "'", -5, 0, 1.5],
      [null, undefined, '', 'ok'],
    ]);
    expect(text).toBe(
      'a,"b,c","say ""hi""","x;y","l1\nl2","r\r"\r\n' + "'=1+1,'+62,'-x,'@sum,',-5,0,1.5\r\n" + ',,,ok\r\n',
    );
    expect(csv([])).toBe('\r\n');
  });

  it('writes a boolean filter of the heading as its word', () => {
    const filters = { abandoned: true, channel: 'sms' } as unknown as Parameters<typeof heading>[3];
    expect(csv(heading('calls', 0, 3_600_000, filters))).toBe(
      '# Pinisi 112,calls\r\n# from,1970-01-01T00:00:00.000Z\r\n# to,1970-01-01T01:00:00.000Z\r\n' +
        '# filter abandoned,true\r\n# filter channel,sms\r\n',
    );
  });
});

describe('callRow', () => {
  it('gives every field in the order of the header, times in ISO 8601 UTC', () => {
    const call: Call = {
      id: 'c1',
      channel: 'voice',
      number: '+6281',
      status: 'ended',
      type: 'prank',
      incidentId: null,
      registeredAt: 1_000,
      answeredAt: 6_000,
      answeredBy: 'u1',
      classifiedAt: null,
      endedAt: 9_000,
      endedBy: 'u2',
    };
    const row = callRow(call);
    expect(row).toHaveLength(CALL_HEADER.length);
    expect(Object.fromEntries(CALL_HEADER.map((k, i) => [k, row[i]]))).toEqual({
      id: 'c1',
      channel: 'voice',
      number: '+6281',
      status: 'ended',
      type: 'prank',
      incidentId: null,
      registeredAt: '1970-01-01T00:00:01.000Z',
      answeredAt: '1970-01-01T00:00:06.000Z',
      answeredBy: 'u1',
      answerMs: 5_000,
      classifiedAt: null,
      endedAt: '1970-01-01T00:00:09.000Z',
      endedBy: 'u2',
    });
  });
});

describe('isoTime', () => {
  it('writes every instant exactly as toISOString does, across hours, days, years and the edges', () => {
    const edges = [0, 999, 1000, 59_999, 3_599_999, 3_600_000, Date.UTC(2024, 1, 29, 23, 59, 59, 999)];
    const random = Array.from({ length: 5000 }, (_, i) => Math.floor(((i * 7919) % 5000) * 1.3e9 + i * 37));
    const odd = [-1, 1.5, 253_402_300_800_000];
    for (const ms of [...edges, ...random]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    for (const ms of odd) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
