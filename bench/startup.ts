// Start-up: spawn → "Pinisi listening" on an empty SQLite database and again on the same one, from the bundle (as
// `npm start` runs it) and from the sources through tsx (as the tests run it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { percentile, startServer, stopServer } from './server.ts';

const RUNS = 3;
const REPO = resolve(import.meta.dirname, '..');

async function timed(
  entry: 'bundle' | 'tsx',
  dataDir: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ ms: number; cpu: number }> {
  const server = await startServer({ ...env, PINISI_DATA_DIR: dataDir, DATABASE_URL: '' }, entry);
  await stopServer(server.child);
  return { ms: server.startMs, cpu: server.startCpuMs };
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function startupBench(): Promise<string> {
  const lines: string[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'pinisi-startup-'));
  try {
    // The first start after a change of the sources builds the bundle: here into a folder of its own (inside the
    // checkout, where the bundle finds its packages).
    const bundles = join(REPO, '.build', `bench-${process.pid}`);
    const first = await timed('bundle', join(scratch, 'first'), { PINISI_BUNDLE_DIR: bundles }).finally(() =>
      rmSync(bundles, { recursive: true, force: true }),
    );
    lines.push(
      `bundle, first start after a change of the sources: ${seconds(first.ms)} (cpu ${seconds(first.cpu)})`,
    );
    for (const entry of ['bundle', 'tsx'] as const) {
      const empty: { ms: number; cpu: number }[] = [];
      const again: { ms: number; cpu: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const dataDir = join(scratch, `${entry}-${i}`);
        empty.push(await timed(entry, dataDir));
        again.push(await timed(entry, dataDir));
      }
      const line = (runs: { ms: number; cpu: number }[]) =>
        `${seconds(median(runs.map((r) => r.ms)))} (cpu ${seconds(median(runs.map((r) => r.cpu)))})`;
      lines.push(
        `${entry === 'bundle' ? 'bundle (npm start)' : 'tsx (tests)'}: empty database ${line(empty)}, restart ${line(again)}; median of ${RUNS}`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return lines.join('\n');
}
