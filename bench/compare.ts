// `npx tsx bench/compare.ts <other checkout>`: durable commands/s and the server's CPU per command of this checkout
// and another (e.g. main before a change), their servers taking turns in one run, so the machine's load weighs alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '../test/support/pinisi.ts';
import { sqliteCeiling } from './disk-ceiling.ts';
import { commandLoad } from './load.ts';
import { cpuMs, load, startServer, stopServer } from './server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1);

interface Figure {
  rate: number;
  cpuPerCommand: number;
  p99: number;
}

/** One server of `checkout` on a fresh SQLite database: a warm-up, then CLIENTS clients for SECONDS. */
async function measure(checkout: string): Promise<Figure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-compare-'));
  const { child, url } = await startServer(
    { PINISI_DATA_DIR: dataDir, DATABASE_URL: '' },
    'bundle',
    checkout,
  );
  try {
    const operator = await Client.login(url, 'operator1');
    const reference = await operator.get<{ kecamatan: { code: string }[] }>('/api/reference');
    const kecamatan = reference.body.kecamatan[0]!.code;
    // Schemas compile and statements prepare on first use: not part of the figure.
    await commandLoad(operator, CLIENTS, kecamatan, 1);
    const before = cpuMs(child.pid!);
    const { rate, answered, p99 } = await commandLoad(operator, CLIENTS, kecamatan, SECONDS);
    return { rate, cpuPerCommand: (cpuMs(child.pid!) - before) / answered, p99 };
  } finally {
    await stopServer(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const other = process.argv[2];
  if (!other) throw new Error('usage: tsx bench/compare.ts <other checkout>');
  const sides = { other: resolve(other), this: resolve('.') };
  console.log(
    `# ${CLIENTS} client(s), ${ROUNDS} rounds of ${SECONDS} s; other = ${sides.other}. Start: ${load()}.`,
  );
  const figures: Record<keyof typeof sides, Figure[]> = { other: [], this: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    const ceiling = sqliteCeiling(2);
    // Each round the other side goes first, so neither always runs on a disk the one before left busy.
    const order: (keyof typeof sides)[] = round % 2 === 1 ? ['other', 'this'] : ['this', 'other'];
    const line: string[] = [];
    for (const side of order) {
      const figure = await measure(sides[side]);
      figures[side].push(figure);
      line.push(
        `${side} ${figure.rate.toFixed(0)}/s (CPU ${figure.cpuPerCommand.toFixed(2)} ms/command, p99 ${figure.p99} ms)`,
      );
    }
    console.log(`round ${round}: ${line.join(', ')}; disk ceiling ${ceiling.toFixed(0)}/s, ${load()}`);
  }
  const rate = (side: keyof typeof sides) => median(figures[side].map((f) => f.rate));
  const cpu = (side: keyof typeof sides) => median(figures[side].map((f) => f.cpuPerCommand));
  console.log(
    `median: other ${rate('other').toFixed(0)}/s, ${cpu('other').toFixed(2)} ms CPU/command; this ${rate('this').toFixed(0)}/s, ${cpu('this').toFixed(2)} ms CPU/command; this/other ${(rate('this') / rate('other')).toFixed(2)}× the rate, ${(cpu('this') / cpu('other')).toFixed(2)}× the CPU. End: ${load()}.`,
  );
  process.exit(0);
}

await main();
