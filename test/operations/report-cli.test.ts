// `pinisi report --format xlsx` of a closed month hands out the workbook the server made ready on disk while its
// stamp holds, and makes its own (deleting nothing) once a late call changed it.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { monthPeriod } from '../../src/domain/reports/rollup.ts';
import { reportLook } from '../../src/reports/look.ts';
import { ReadyWorkbooks } from '../../src/reports/ready-workbook.ts';
import { openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrations.ts';
import { pinisiArgs } from '../support/cli.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { insertCalls, xlsxSheets } from '../support/report-files.ts';

const look = reportLook({});

/** The month before this one in the centre's time (the command's clock is the real one): `YYYY-MM`. */
function lastClosed(): string {
  const local = new Date(Date.now() + look.tzOffsetMinutes * 60_000);
  const month = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe.each(DIALECTS)('pinisi report of a ready month on %s', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.drop();
  });

  it('hands out the ready file while its stamp holds, and makes its own once a late call changed it', async () => {
    database = await createTestDatabase(dialect);
    const month = lastClosed();
    const period = monthPeriod(month, look.tzOffsetMinutes);
    const db = openDb(database);
    const dir = join(database.dataDir, 'reports');
    try {
      await migrate(db.kysely);
      await insertCalls(db.kysely, period.from, 5);
      const ready = new ReadyWorkbooks({
        db: db.kysely,
        dir,
        look,
        now: Date.now,
        onError: (error) => {
          throw error;
        },
        idle: (work, onError) => void work().catch(onError),
      });
      ready.check();
      await ready.settled();
      await ready.stop();
      expect(ready.made).toBe(2);
      // Each ready file replaced by its own name: what the command writes shows which it handed out.
      for (const name of readdirSync(dir)) writeFileSync(join(dir, name), name);
      const report = async () => {
        const out = join(database.dataDir, `out-${Math.random().toString(36).slice(2)}.xlsx`);
        await promisify(execFile)(
          process.execPath,
          pinisiArgs('report', '--month', month, '--format', 'xlsx', '--out', out),
          {
            env: {
              ...process.env,
              PINISI_DATA_DIR: database.dataDir,
              DATABASE_URL: database.databaseUrl ?? '',
            },
          },
        );
        return readFileSync(out);
      };
      const handed = (await report()).toString();
      expect(readdirSync(dir)).toContain(handed);
      expect(handed.startsWith(`laporan-112-${month}.`)).toBe(true);

      // A late call: the stamp changed, so the command makes the month's workbook, with the call, and leaves the
      // server's files to the server.
      await insertCalls(db.kysely, period.from + 86_400_000, 1, 7, 'late');
      const made = await report();
      const rows = (await xlsxSheets(new Uint8Array(made).buffer as ArrayBuffer)).Panggilan!;
      expect(rows).toHaveLength(7);
      expect(rows.some((row) => row[0] === 'late-00000')).toBe(true);
      expect(readdirSync(dir)).toHaveLength(2);
    } finally {
      await db.close();
    }
  }, 240_000);
});
