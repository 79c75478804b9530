// The last closed month's workbook made by the server at a quiet moment and kept on disk: the XLSX button gets it,
// an erased caller is never in it (the file is deleted at the erasure and made again), a restart serves it from disk.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { xlsxSheets } from '../support/report-files.ts';
import { accepted } from './helpers.ts';

const PRANK = '081234500001';
const INFO = '081234500002';
/** 2025-09-10 08:00 WITA: September's calls; the month has long closed (the file is made for closed months only). */
const SEPTEMBER_10 = Date.UTC(2025, 8, 10, 0);
/** 2025-10-02 08:00 WITA: September is the last closed month. */
const OCTOBER_2 = Date.UTC(2025, 9, 2, 0);

describe.each(DIALECTS)("the last closed month's workbook on %s", (dialect) => {
  let running: Running;
  afterEach(async () => {
    await running.stop();
  });

  it('is made at a quiet moment, never holds an erased caller, and is served from disk after a restart', async () => {
    const clock = { now: SEPTEMBER_10 };
    const options = { engine: { clock: () => clock.now }, config: { junkRetentionDays: 1 } };
    running = await startPinisi(dialect, options);
    const operator = await Client.login(running.url, 'operator1');
    for (const [number, callType] of [
      [PRANK, 'prank'],
      [INFO, 'information'],
    ]) {
      const callId = (await accepted(operator, 'call.register', { channel: 'voice', number })).result
        .callId as string;
      await accepted(operator, 'call.answer', { callId });
      await accepted(operator, 'call.classify', { callId, callType });
      await accepted(operator, 'call.end', { callId });
    }
    // August, the last closed month at start-up, had no call: nothing was made.
    await running.ready!.settled();
    expect(running.ready!.made).toBe(0);

    clock.now = OCTOBER_2;
    running.ready!.check();
    await running.ready!.settled();
    expect(running.ready!.made).toBe(2);
    const dir = join(running.database.dataDir, 'reports');
    const numbers = async (file: ArrayBuffer) =>
      (await xlsxSheets(file)).Panggilan!.slice(1).map((row) => row[2]);
    const onDisk = () =>
      Promise.all(
        readdirSync(dir).map((name) => numbers(new Uint8Array(readFileSync(join(dir, name))).buffer)),
      );
    expect(await onDisk()).toEqual([
      [PRANK, INFO],
      [PRANK, INFO],
    ]);
    const supervisor = await Client.login(running.url, 'koordinator');
    const admin = await Client.login(running.url, 'admin');
    const workbook = async (who: Client) => {
      const response = await fetch(`${running.url}/api/reports/file?month=2025-09&format=xlsx`, {
        headers: { cookie: who.cookie },
      });
      expect(response.status).toBe(200);
      return response.arrayBuffer();
    };
    expect(await numbers(await workbook(supervisor))).toEqual([PRANK, INFO]);

    // The prank's number is erased: the files holding it are deleted at once and made again without it.
    const erased = await running.retention.tick(clock.now);
    expect(erased.calls).toBe(1);
    await running.ready!.settled();
    expect(running.ready!.made).toBe(4);
    expect(await onDisk()).toEqual([
      [undefined, INFO],
      [undefined, INFO],
    ]);
    const served = await workbook(supervisor);
    expect(await numbers(served)).toEqual([undefined, INFO]);
    expect(await numbers(await workbook(admin))).toEqual([undefined, INFO]);

    // A restart: the files on disk are served, nothing is made.
    await running.close();
    running = await startPinisi(dialect, { ...options, database: running.database });
    await running.ready!.settled();
    expect(running.ready!.made).toBe(0);
    const again = await Client.login(running.url, 'koordinator');
    const answer = Buffer.from(await workbook(again));
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)));
    expect(files.some((file) => file.equals(answer))).toBe(true);
    expect(Buffer.from(served).equals(answer)).toBe(true);
  });
});
