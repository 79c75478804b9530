// `npm run bench`: durable command throughput and latency, and commit-to-console delivery latency, on this machine.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { Client } from '../test/support/pinisi.ts';
import { telephonyBench } from './telephony.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(2)} ms`;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
    env: {
      ...process.env,
      ...env,
      PINISI_PORT: String(port),
      PINISI_HOST: '127.0.0.1',
      PINISI_LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('Pinisi listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

/**
 * Incident-creating commands from `clients` concurrent connections for SECONDS (autocannon, so the load
 * generator costs little CPU); every 2xx answer is a durable commit.
 */
async function commandLoad(operator: Client, clients: number, kecamatan: string): Promise<string> {
  let counter = 0;
  const result = await autocannon({
    url: `${operator.url}/api/commands/incident.create`,
    connections: clients,
    duration: SECONDS,
    method: 'POST',
    headers: { cookie: operator.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'kebakaran_bangunan',
      location: { kecamatan, address: 'Jl. Sam Ratulangi' },
      description: 'Rumah terbakar, bench',
      priority: 2,
    }),
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'idempotency-key': `bench-${clients}-${counter++}-${Date.now()}` },
        }),
      },
    ],
  });
  const l = result.latency;
  return `${clients.toString().padStart(2)} client(s): ${result.requests.average.toFixed(0)} commands/s, p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms, non-2xx ${result.non2xx}, errors ${result.errors}`;
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

async function benchDialect(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { child, url } = await startServer(env);
  try {
    const operator = await Client.login(url, 'operator1');
    const dispatcher = await Client.login(url, 'pengarah1');
    const reference = await operator.get<{ kecamatan: { code: string }[] }>('/api/reference');
    const kecamatan = reference.body.kecamatan[0]!.code;
    console.log(`\n## ${name}: durable incident-creating commands over HTTP (${SECONDS} s each)`);
    console.log(await commandLoad(operator, 1, kecamatan));
    console.log(await commandLoad(operator, 16, kecamatan));
    console.log(`server RSS ${rssMb(child.pid!).toFixed(0)} MB`);
    console.log(`\n## ${name}: decision-to-delivery latency on the live stream (100 events at ~50/s)`);
    console.log(await deliveryLoad(operator, dispatcher, 100, kecamatan));
    console.log(await deliveryLoad(operator, dispatcher, 500, kecamatan));
    console.log(`server RSS ${rssMb(child.pid!).toFixed(0)} MB`);
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  console.log(
    `# Pinisi bench — ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'}), Node ${process.version}`,
  );
  console.log('Server and load generator share this machine; compare ratios within one run.');
  const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-bench-'));
  try {
    await benchDialect('SQLite (WAL, synchronous=FULL)', { PINISI_DATA_DIR: dataDir, DATABASE_URL: '' });
    if (process.env.BENCH_PG_URL)
      await benchDialect('PostgreSQL', { DATABASE_URL: process.env.BENCH_PG_URL });
    else
      console.log(
        '\n(PostgreSQL skipped: set BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/<empty db> to include it)',
      );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log('\n## Telephony: 100 concurrent calls through Kamailio');
  console.log(await telephonyBench());
  process.exit(0);
}

await main();
