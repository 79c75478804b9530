// `npm run bench`: durable command throughput and latency, and commit-to-console delivery latency, on this machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { parseHistorySize } from '../test/support/history.ts';
import { Client } from '../test/support/pinisi.ts';
import { sqliteCeiling } from './disk-ceiling.ts';
import { commandLoad } from './load.ts';
import { reportsBench } from './reports.ts';
import { scaleBench } from './scale.ts';
import { load, memoryMb, startServer, stopServer, summary } from './server.ts';
import { startupBench } from './startup.ts';
import { telephonyBench } from './telephony.ts';
import { unitsBench } from './units.ts';
import { webBench } from './web.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Seconds of the PostgreSQL 16-client stability run (0: skipped); 300 for the five-minute figure. */
const PG_SOAK_SECONDS = Number(process.env.BENCH_PG_SOAK_SECONDS ?? 0);
const SOAK_WINDOW_SECONDS = 30;
/** Parts to leave out, comma-separated: `startup`, `throughput`, `delivery`, `telephony`, `history`, `reports`, `units`, `web`. */
/**
 * The generated history of the scale bench: calls[/incidents[/open]], e.g. `1M/200k/500` as issue 9 asks (about
 * 6 GB and half an hour to generate on SQLite); incidents default to a fifth of the calls, open to 500.
 */
const HISTORY = parseHistorySize(process.env.BENCH_HISTORY ?? '20k');
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

/** 16 clients for PG_SOAK_SECONDS, printing the durable commits of every window as it closes. */
async function soakLoad(operator: Client, kecamatan: string): Promise<void> {
  console.log(
    `\n## PostgreSQL stability: 16 clients for ${PG_SOAK_SECONDS} s, commands/s per ${SOAK_WINDOW_SECONDS} s window`,
  );
  let answered = 0;
  let window = 0;
  const rates: number[] = [];
  const timer = setInterval(() => {
    const rate = answered / SOAK_WINDOW_SECONDS;
    rates.push(rate);
    answered = 0;
    window++;
    console.log(
      `  ${String(window * SOAK_WINDOW_SECONDS).padStart(4)} s: ${rate.toFixed(0)} commands/s (${load()})`,
    );
  }, SOAK_WINDOW_SECONDS * 1000);
  try {
    const total = await commandLoad(operator, 16, kecamatan, PG_SOAK_SECONDS, (status) => {
      if (status >= 200 && status < 300) answered++;
    });
    console.log(`  whole run: ${total.line}`);
  } finally {
    clearInterval(timer);
  }
  if (rates.length > 1) {
    const lowest = Math.min(...rates);
    const highest = Math.max(...rates);
    console.log(`  slowest window ${((100 * lowest) / highest).toFixed(0)} % of the fastest`);
  }
}

/** Connects `consoles` WebSocket consoles, commits events at a steady rate and measures decision-to-delivery. */
async function deliveryLoad(
  sender: Client,
  viewer: Client,
  consoles: number,
  kecamatan: string,
): Promise<string> {
  const url = sender.url;
  const snapshot = await viewer.get<{ seq: number }>('/api/snapshot');
  const latencies: number[] = [];
  const sockets = await Promise.all(
    Array.from(
      { length: consoles },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(`${url.replace('http', 'ws')}/api/stream`, {
            headers: { cookie: viewer.cookie },
          });
          ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', lastSeq: snapshot.body.seq })));
          ws.on('message', (raw) => {
            const frame = JSON.parse(String(raw)) as { type: string; event?: { at: number } };
            if (frame.type === 'ready') resolve(ws);
            if (frame.type === 'event' && frame.event) latencies.push(Date.now() - frame.event.at);
          });
          ws.on('error', reject);
        }),
    ),
  );
  latencies.length = 0;
  const events = 100;
  for (let i = 0; i < events; i++) {
    await sender.command('incident.create', {
      category: 'banjir',
      location: { kecamatan },
      description: 'Banjir, bench',
      priority: 3,
    });
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (const ws of sockets) ws.close();
  const expected = events * consoles;
  return `${consoles.toString().padStart(3)} consoles: ${latencies.length}/${expected} deliveries, ${summary(latencies)}`;
}

async function benchDialect(
  name: string,
  env: NodeJS.ProcessEnv,
  options: { ceiling?: number; soak?: boolean } = {},
): Promise<void> {
  const { child, url } = await startServer(env);
  try {
    const operator = await Client.login(url, 'operator1');
    const dispatcher = await Client.login(url, 'pengarah1');
    const reference = await operator.get<{ kecamatan: { code: string }[] }>('/api/reference');
    const kecamatan = reference.body.kecamatan[0]!.code;
    console.log(`\n## ${name}: durable incident-creating commands over HTTP (${SECONDS} s each, ${load()})`);
    for (const clients of [1, 16]) {
      const { rate, line } = await commandLoad(operator, clients, kecamatan, SECONDS);
      const share = options.ceiling
        ? ` — ${((100 * rate) / options.ceiling).toFixed(1)} % of the disk's single-row commit ceiling`
        : '';
      console.log(`${line}${share}`);
    }
    console.log(`server RSS ${memoryMb(child.pid!).rss.toFixed(0)} MB`);
    if (options.soak && PG_SOAK_SECONDS > 0) {
      await soakLoad(operator, kecamatan);
      console.log(`server RSS ${memoryMb(child.pid!).rss.toFixed(0)} MB`);
    }
    if (!SKIP.has('delivery')) {
      console.log(`\n## ${name}: decision-to-delivery latency on the live stream (100 events at ~50/s)`);
      console.log(await deliveryLoad(operator, dispatcher, 100, kecamatan));
      console.log(await deliveryLoad(operator, dispatcher, 500, kecamatan));
      console.log(`server RSS ${memoryMb(child.pid!).rss.toFixed(0)} MB`);
    }
  } finally {
    await stopServer(child);
  }
}

/** Durable command throughput on each database, against the disk's ceiling measured in the same run. */
async function throughput(): Promise<void> {
  const ceiling = sqliteCeiling(SECONDS);
  console.log(
    `\n## Disk ceiling: raw better-sqlite3 (WAL, synchronous=FULL), one-row transactions: ${ceiling.toFixed(0)} commits/s`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-bench-'));
  try {
    await benchDialect(
      'SQLite (WAL, synchronous=FULL)',
      { PINISI_DATA_DIR: dataDir, DATABASE_URL: '' },
      { ceiling },
    );
    if (process.env.BENCH_PG_URL)
      await benchDialect('PostgreSQL', { DATABASE_URL: process.env.BENCH_PG_URL }, { soak: true });
    else
      console.log(
        '\n(PostgreSQL skipped: set BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/<empty db> to include it)',
      );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `# Pinisi bench — ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), Node ${process.version}`,
  );
  console.log(
    `Server and load generator share this machine; compare ratios within one run. Start: ${load()}.`,
  );
  if (!SKIP.has('startup')) {
    console.log(`\n## Start-up: spawn → listening (${load()})`);
    console.log(await startupBench());
  }
  if (!SKIP.has('throughput')) await throughput();
  if (!SKIP.has('history')) {
    await scaleBench('sqlite', HISTORY);
    if (process.env.BENCH_PG_URL) await scaleBench('postgres', HISTORY);
  }
  if (!SKIP.has('reports')) {
    console.log('\n## Reports: a generated year, every month: report, lists and exports (in process)');
    await reportsBench(process.env.BENCH_REPORT_PG_URL ?? null);
  }
  if (!SKIP.has('units')) {
    console.log('\n## Units: position ingest, recommendation, map first render (server in its own process)');
    await unitsBench();
  }
  if (!SKIP.has('web')) await webBench();
  if (!SKIP.has('telephony')) {
    console.log('\n## Telephony: INVITE → first ring through Kamailio, and routing decisions');
    console.log(await telephonyBench());
  }
  console.log(`\nEnd: ${load()}.`);
  process.exit(0);
}

await main();
