// The closed months' workbooks made by the server at quiet moments and kept on disk (the last twelve): the XLSX button
// gets them, an erased caller is never in one (the file is deleted at the erasure), a restart makes what is missing
// and serves them from disk.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { xlsxSheets } from '../support/report-files.ts';
import { accepted } from './helpers.ts';

const PRANK = '081234500001';
const INFO = '081234500002';
/** 2025-07-10 08:00 WITA: the prank, in an older month than the last closed one. */
const JULY_10 = Date.UTC(2025, 6, 10, 0);
/** 2025-09-10 08:00 WITA: the information call (files are made for closed months only). */
const SEPTEMBER_10 = Date.UTC(2025, 8, 10, 0);
/** 2025-10-02 08:00 WITA: September is the last closed month. */
const OCTOBER_2 = Date.UTC(2025, 9, 2, 0);

describe.each(DIALECTS)("the closed months' workbooks on %s", (dialect) => {
  let running: Running;
  afterEach(async () => {
    await running.stop();
  });

  it('are made at quiet moments, never hold an erased caller, and are served from disk after a restart', async () => {
    const clock = { now: JULY_10 };
    const options = { engine: { clock: () => clock.now }, config: { junkRetentionDays: 1 } };
    running = await startPinisi(dialect, options);
    for (const [number, callType, at] of [
      [PRANK, 'prank', JULY_10],
      [INFO, 'information', SEPTEMBER_10],
    ] as const) {
      clock.now = at;
      // Signed in at each month's time: a session does not last two months.
      const operator = await Client.login(running.url, 'operator1');
      const callId = (await accepted(operator, 'call.register', { channel: 'voice', number })).result
        .callId as string;
      await accepted(operator, 'call.answer', { callId });
      await accepted(operator, 'call.classify', { callId, callType });
      await accepted(operator, 'call.end', { callId });
    }
    // The closed months at start-up (June 2025 and the eleven before) had no call: nothing was made.
    await running.ready!.settled();
    expect(running.ready!.made).toBe(0);

    clock.now = OCTOBER_2;
    running.ready!.check();
    await running.ready!.settled();
    // September's two workbooks and July's, each month at its own quiet moment.
    expect(running.ready!.made).toBe(4);
    const dir = join(running.database.dataDir, 'reports');
    const numbers = async (file: ArrayBuffer) =>
      (await xlsxSheets(file)).Panggilan!.slice(1).map((row) => row[2]);
    const onDisk = () =>
      Promise.all(
        readdirSync(dir)
          .sort()
          .map((name) => numbers(new Uint8Array(readFileSync(join(dir, name))).buffer)),
      );
    expect(
      readdirSync(dir)
        .map((name) => name.slice(0, 'laporan-112-2025-07'.length))
        .sort(),
    ).toEqual(['laporan-112-2025-07', 'laporan-112-2025-07', 'laporan-112-2025-09', 'laporan-112-2025-09']);
    expect(await onDisk()).toEqual([[PRANK], [PRANK], [INFO], [INFO]]);
    const supervisor = await Client.login(running.url, 'koordinator');
    const admin = await Client.login(running.url, 'admin');
    const workbook = async (who: Client, month: string) => {
      const response = await fetch(`${running.url}/api/reports/file?month=${month}&format=xlsx`, {
        headers: { cookie: who.cookie },
      });
      expect(response.status).toBe(200);
      return response.arrayBuffer();
    };
    expect(await numbers(await workbook(supervisor, '2025-07'))).toEqual([PRANK]);
    expect(await numbers(await workbook(supervisor, '2025-09'))).toEqual([INFO]);

    // The prank's number is erased: July's files holding it are deleted at once; July is made again once erasures in
    // it have settled (ready-workbook.test.ts), September's files stay.
    const erased = await running.retention.tick(clock.now);
    expect(erased.calls).toBe(1);
    await running.ready!.settled();
    expect(running.ready!.made).toBe(4);
    expect(await onDisk()).toEqual([[INFO], [INFO]]);
    expect(await numbers(await workbook(supervisor, '2025-07'))).toEqual([undefined]);
    expect(await numbers(await workbook(admin, '2025-07'))).toEqual([undefined]);

    // A restart: July is made again at the first quiet moment, without the number, then served from disk.
    await running.close();
    running = await startPinisi(dialect, { ...options, database: running.database });
    await running.ready!.settled();
    expect(running.ready!.made).toBe(2);
    expect(await onDisk()).toEqual([[undefined], [undefined], [INFO], [INFO]]);
    const again = await Client.login(running.url, 'koordinator');
    const answer = Buffer.from(await workbook(again, '2025-07'));
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)));
    expect(files.some((file) => file.equals(answer))).toBe(true);
    expect(await numbers(new Uint8Array(answer).buffer)).toEqual([undefined]);
  });
});
