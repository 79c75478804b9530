// The bench's view of a Pinisi server: spawned as `pinisi serve` in its own process (through the launcher, as
// `npm start` runs it), timed, measured and stopped.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

/** A folder for the server's V8 CPU profiles (`node --cpu-prof`), one per server; none by default. */
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR ?? '';

export function load(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(2)} ms`;
}

/** Resident memory of a process now (VmRSS) and at its highest so far (VmHWM), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** User and system CPU time of a process so far, in ms (Linux counts it in ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface Server {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to "Pinisi listening". */
  startMs: number;
  /** CPU time the server process had used by then (user and system), which the machine's load inflates less. */
  startCpuMs: number;
}

/** How the server is run: from the bundle as `npm start` does, or from the sources through tsx as the tests do. */
const ENTRY = {
  bundle: (checkout: string) => [join(checkout, 'bin/pinisi.mjs')],
  tsx: (checkout: string) => ['--import', 'tsx', join(checkout, 'src/cli.ts')],
};

export async function startServer(
  env: NodeJS.ProcessEnv,
  entry: keyof typeof ENTRY = 'bundle',
  /** The checkout whose server runs: this one, or another for a comparison in one run (compare.ts). */
  checkout = '.',
): Promise<Server> {
  const profile = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
  const started = performance.now();
  const child = spawn(process.execPath, [...profile, ...ENTRY[entry](checkout), 'serve'], {
    env: {
      ...process.env,
      ...env,
      // The system picks a free port (a random one could be taken by another server on this machine).
      PINISI_PORT: '0',
      PINISI_HOST: '127.0.0.1',
      PINISI_LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const listening = /Pinisi listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (listening) resolve(Number(listening[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const startMs = performance.now() - started;
  return { child, url: `http://127.0.0.1:${port}`, startMs, startCpuMs: cpuMs(child.pid!) };
}

/** Stops the server and waits for it, so a CPU profile is written before the bench goes on. */
export function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
