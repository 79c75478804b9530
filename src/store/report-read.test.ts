// A report of days is read summed in the database (over the days, and for the agencies over all but the agency and
// key): its figures are those of every hourly row folded one by one, on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { DEFAULT_REPORT_CLOCK } from '../domain/reports/clock.ts';
import { BLANK_DIMENSIONS, type Fact } from '../domain/reports/facts.ts';
import { monthPeriod } from '../domain/reports/rollup.ts';
import { type ReportFilters, summarize } from '../domain/reports/summary.ts';
import { type Db, openDb } from './db.ts';
import { migrate } from './migrations.ts';
import { readAgencyReports, readReport, saveFacts } from './report-store.ts';

const H = 3_600_000;
const NOVEMBER = monthPeriod('2026-11', DEFAULT_REPORT_CLOCK.tzOffsetMinutes);

/** Ten days of November, each with calls, answers, incidents in two kecamatan and two agencies' requests. */
function facts(): Fact[] {
  const list: Fact[] = [];
  for (let day = 0; day < 10; day++) {
    for (const hour of [NOVEMBER.from + day * 24 * H + 2 * H, NOVEMBER.from + day * 24 * H + 13 * H]) {
      const kecamatan = day % 2 === 0 ? '73.02.01' : '73.02.02';
      const place = { ...BLANK_DIMENSIONS, hour, category: 'kebakaran_bangunan', priority: 1, kecamatan };
      const desa = `${kecamatan}.100${day % 3}`;
      list.push(
        { ...BLANK_DIMENSIONS, hour, metric: 'call', key: 'prank', channel: 'voice', n: 3 + day, total: 0 },
        { ...BLANK_DIMENSIONS, hour, metric: 'call', key: 'emergency', channel: 'sms', n: 1, total: 0 },
        {
          ...BLANK_DIMENSIONS,
          hour,
          metric: 'answer',
          key: '15',
          channel: 'voice',
          user: 'op1',
          n: 2,
          total: 18_000,
        },
        {
          ...BLANK_DIMENSIONS,
          hour,
          metric: 'answer',
          key: '30',
          channel: 'voice',
          user: 'op2',
          n: 1,
          total: 25_000,
        },
        { ...BLANK_DIMENSIONS, hour, metric: 'abandoned', key: '', channel: 'voice', n: 1, total: 9_000 },
        { ...place, desa, metric: 'incident', key: 'open', user: 'op1', n: 1, total: 0 },
        { ...place, desa, metric: 'processing', key: '60', user: 'op1', n: 1, total: 40_000 },
        { ...place, desa, metric: 'request', key: 'acknowledged', agency: 'damkar', n: 1, total: 0 },
        { ...place, desa, metric: 'ack', key: '120', agency: 'damkar', n: 1, total: 70_000 + day },
        { ...place, desa, metric: 'request', key: 'declined', agency: 'psc119', n: 1, total: 0 },
        {
          ...place,
          desa,
          metric: 'decline',
          key: day % 2 ? 'Di luar wilayah' : 'Bukan kewenangan',
          agency: 'psc119',
          n: 1,
          total: 0,
        },
        { ...place, desa, metric: 'escalation', key: 'ack_overdue', agency: 'psc119', n: 1, total: 0 },
      );
    }
  }
  return list;
}

const options = (staff: boolean) => ({
  ...NOVEMBER,
  tzOffsetMinutes: DEFAULT_REPORT_CLOCK.tzOffsetMinutes,
  shiftStarts: DEFAULT_REPORT_CLOCK.shiftStarts,
  staff,
  granularity: 'hour' as const,
});

describe.each(DIALECTS)('a report of days read summed on %s', (dialect) => {
  let database: TestDatabase;
  let db: Db;

  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it('gives the figures of every hourly row, the centre and each agency, filtered or not', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    const all = facts();
    await saveFacts(db.kysely, all, DEFAULT_REPORT_CLOCK);

    const month = await readReport(db.kysely, NOVEMBER, {}, true, DEFAULT_REPORT_CLOCK);
    // Read from the daily slices, which carry the agency alone: no agency's requests by kind and kecamatan.
    const whole = summarize(all, options(true));
    expect(month).toEqual({
      ...whole,
      agencies: whole.agencies.map((a) => ({ ...a, byCategory: null, byKecamatan: null })),
    });
    expect(month.calls.total).toBe(2 * (10 * 4 + 45));
    expect(month.calls.series).toHaveLength(10);
    expect(month.declines.map((d) => d.reason)).toEqual(['Bukan kewenangan', 'Di luar wilayah']);

    const one = { kecamatan: '73.02.02' };
    expect(await readReport(db.kysely, NOVEMBER, one, true, DEFAULT_REPORT_CLOCK)).toEqual(
      summarize(
        all.filter((f) => f.kecamatan === '73.02.02'),
        options(true),
      ),
    );

    for (const filters of [{}, one] as ReportFilters[]) {
      const agencies = await readAgencyReports(
        db.kysely,
        NOVEMBER,
        filters,
        ['damkar', 'psc119'],
        DEFAULT_REPORT_CLOCK,
      );
      for (const agency of ['damkar', 'psc119']) {
        const own = all.filter(
          (f) =>
            f.agency === agency && (filters.kecamatan === undefined || f.kecamatan === filters.kecamatan),
        );
        expect(agencies.get(agency)).toEqual(summarize(own, options(false)));
      }
    }
  });
});
