// The daily aggregates follow the configured clock: kept with the default (WITA, 07/19), they are cut again from the
// hourly rows when the centre starts in another zone or with other shifts, on both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../test/support/databases.ts';
import { DEFAULT_REPORT_CLOCK } from '../domain/reports/clock.ts';
import { FactReplay } from '../domain/reports/facts.ts';
import { monthPeriod } from '../domain/reports/rollup.ts';
import { emptyState } from '../domain/state.ts';
import { type Db, openDb } from './db.ts';
import { migrate } from './migrations.ts';
import { adoptReportClock, readReport, saveFacts } from './report-store.ts';

const H = 3_600_000;
const WIB = { tzOffsetMinutes: 420, tzName: 'WIB', shiftStarts: [7, 15, 23] };
/** 2026-11-30 00:00 WIB. */
const NOV30 = Date.UTC(2026, 10, 30) - 7 * H;

/** Calls at 22:30 and 23:30 on 30 November and at 06:30 on 1 December, WIB. */
function calls() {
  const replay = new FactReplay(emptyState());
  [22.5, 23.5, 30.5].forEach((hours, i) => {
    const at = NOV30 + hours * H;
    replay.push({
      type: 'call.registered',
      at,
      actor: 'telephony',
      agencies: [],
      call: {
        id: `c${i}`,
        channel: 'voice',
        number: '081200000000',
        status: 'ringing',
        type: null,
        incidentId: null,
        registeredAt: at,
        answeredAt: null,
        answeredBy: null,
        classifiedAt: null,
        endedAt: null,
        endedBy: null,
      },
    } as never);
  });
  return replay.facts();
}

describe.each(DIALECTS)('the reports clock on %s', (dialect) => {
  let database: TestDatabase;
  let db: Db;

  afterEach(async () => {
    await db.close();
    await database.drop();
  });

  it('cuts the daily rows again when the zone and shifts change, once', async () => {
    database = await createTestDatabase(dialect);
    db = openDb(database);
    await migrate(db.kysely);
    await saveFacts(db.kysely, calls(), DEFAULT_REPORT_CLOCK);
    const november = monthPeriod('2026-11', WIB.tzOffsetMinutes);
    const report = () => readReport(db.kysely, november, {}, true, WIB);
    // Rows cut in WITA put 23:30 WIB (00:30 WITA) on a day that the WIB month still reaches: wrong until adopted.
    expect((await report()).calls.total).toBe(3);
    expect(await adoptReportClock(db.kysely, DEFAULT_REPORT_CLOCK)).toBe(false);
    expect(await adoptReportClock(db.kysely, WIB)).toBe(true);
    const adopted = await report();
    expect(adopted.calls.total).toBe(2);
    expect(adopted.shifts?.map((s) => [s.start, s.calls])).toEqual([
      [NOV30 + 15 * H, 1],
      [NOV30 + 23 * H, 1],
    ]);
    const december = monthPeriod('2026-12', WIB.tzOffsetMinutes);
    expect((await readReport(db.kysely, december, {}, true, WIB)).calls.total).toBe(1);
    expect(await adoptReportClock(db.kysely, WIB)).toBe(false);
    // Back to the default: cut again.
    expect(await adoptReportClock(db.kysely, DEFAULT_REPORT_CLOCK)).toBe(true);
    const witaNovember = monthPeriod('2026-11', DEFAULT_REPORT_CLOCK.tzOffsetMinutes);
    expect((await readReport(db.kysely, witaNovember, {}, true, DEFAULT_REPORT_CLOCK)).calls.total).toBe(1);
  });
});
