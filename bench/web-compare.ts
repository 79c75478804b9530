// `npx tsx bench/web-compare.ts <other checkout>`: cold page loads to a usable login form and seven consoles signing in
// at once in Debian Chromium, on this checkout's server and consoles and on another's (e.g. main before a change, its
// web/dist built), taking turns in one run so the shared machine's load weighs alike. Prints the loads and sign-in
// click → "online" on the pages' own clocks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { ensureWebBuilt } from '../src/web-build.ts';
import { load, percentile, startServer, stopServer } from './server.ts';
import { loginForm, pageLoad, ROOM } from './web.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);

/**
 * One round on `checkout`: a fresh server, cold loads of the login form (BENCH_WEB_LOADS), then seven login forms and
 * one click each at once; ms to a usable form per load and to online in each page.
 */
async function round(
  browser: Browser,
  checkout: string,
): Promise<{ loads: number[]; online: number[]; shown: number[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-web-compare-'));
  const { child, url } = await startServer(
    { PINISI_DATA_DIR: dataDir, DATABASE_URL: '' },
    'bundle',
    checkout,
  );
  try {
    const { cold } = await pageLoad(browser, url);
    // One console first, uncounted: the server's schemas compile and statements prepare on first use.
    const warm = await loginForm(browser, url, 'operator2');
    await warm.live();
    await warm.context.close();
    const room = await Promise.all(ROOM.map((user) => loginForm(browser, url, user)));
    const times = await Promise.all(room.map((c) => c.live()));
    for (const c of room) await c.context.close();
    return { loads: cold, online: times.map((t) => t.inPage), shown: times.map((t) => t.shown) };
  } finally {
    await stopServer(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

async function main(): Promise<void> {
  const other = process.argv[2];
  if (!other) throw new Error('usage: tsx bench/web-compare.ts <other checkout, its web/dist built>');
  ensureWebBuilt();
  const sides = { other: resolve(other), this: resolve('.') };
  console.log(
    `# ${ROOM.length} consoles at once, ${ROUNDS} rounds; other = ${sides.other}. Start: ${load()}.`,
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const all: Record<keyof typeof sides, number[]> = { other: [], this: [] };
  const loads: Record<keyof typeof sides, number[]> = { other: [], this: [] };
  const shown: Record<keyof typeof sides, number[]> = { other: [], this: [] };
  try {
    for (let r = 1; r <= ROUNDS; r++) {
      const order: (keyof typeof sides)[] = r % 2 === 1 ? ['other', 'this'] : ['this', 'other'];
      const line: string[] = [];
      for (const side of order) {
        const { loads: forms, online: times, shown: views } = await round(browser, sides[side]);
        all[side].push(...times);
        loads[side].push(...forms);
        shown[side].push(...views);
        line.push(
          `${side} form p50 ${median(forms).toFixed(0)} ms, online p50 ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms, view shown p50 ${median(views).toFixed(0)} ms`,
        );
      }
      console.log(`round ${r}: ${line.join('; ')} (${load()})`);
    }
  } finally {
    await browser.close();
  }
  const p = (xs: number[], q: number) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      q,
    ).toFixed(0);
  for (const side of ['other', 'this'] as const)
    console.log(
      `${side}: cold load to a usable form p50 ${p(loads[side], 50)} ms, p95 ${p(loads[side], 95)} ms (n=${loads[side].length}); click → online p50 ${p(all[side], 50)} ms, p95 ${p(all[side], 95)} ms; → view shown p50 ${p(shown[side], 50)} ms, p95 ${p(shown[side], 95)} ms (n=${all[side].length})`,
    );
  console.log(
    `this/other, medians: form ${(median(loads.this) / median(loads.other)).toFixed(2)}, online ${(median(all.this) / median(all.other)).toFixed(2)}, view shown ${(median(shown.this) / median(shown.other)).toFixed(2)}. End: ${load()}.`,
  );
  process.exit(0);
}

await main();
