// The scale bench: start-up, memory and command latency over a big generated history against an empty database,
// and how long the escalation worker holds the event loop over the open incidents.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { bulukumbaSeed } from '../src/seed/bulukumba.ts';
import { buildApp } from '../src/server/app.ts';
import { openDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.ts';
import { generateHistory, type HistorySize } from '../test/support/history.ts';
import { Client } from '../test/support/pinisi.ts';
import { load, memoryMb, percentile, type Server, startServer, stopServer } from './server.ts';

/** Rounds of create → forward → request_agencies → cancel, alternating between the two servers. */
const ROUNDS = Number(process.env.BENCH_HISTORY_ROUNDS ?? 200);
const WORKER_WATCH_MS = 5000;
/**
 * A folder that keeps the SQLite history between runs (BENCH_HISTORY_DIR): generated there when it holds no database,
 * reused as it is otherwise, never deleted. Without it the history is generated into a temporary folder and dropped.
 */
const KEPT_HISTORY_DIR = process.env.BENCH_HISTORY_DIR ?? '';
const COMMANDS = [
  'incident.create',
  'incident.forward',
  'incident.request_agencies',
  'incident.cancel',
] as const;

function envOf(database: TestDatabase): NodeJS.ProcessEnv {
  return { PINISI_DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl ?? '' };
}

function startLine(label: string, server: Server): string {
  const { rss, peak } = memoryMb(server.child.pid!);
  return `${label.padEnd(34)} start ${(server.startMs / 1000).toFixed(2)} s, RSS ${rss.toFixed(0)} MB after start (peak ${peak.toFixed(0)} MB)`;
}

/** One round on one server: the four commands in order, each timed from request to durable answer. */
async function round(
  clients: { taker: Client; dispatcher: Client },
  kecamatan: string,
  agencyId: string,
  samples: Map<string, number[]>,
): Promise<void> {
  const timed = async (type: (typeof COMMANDS)[number], client: Client, payload: unknown) => {
    const t = performance.now();
    const answer = await client.command<{ result: Record<string, unknown> }>(type, payload);
    samples.get(type)!.push(performance.now() - t);
    if (answer.status !== 200)
      throw new Error(`${type} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.result;
  };
  const created = await timed('incident.create', clients.taker, {
    category: 'kebakaran_bangunan',
    location: { kecamatan, address: 'Jl. Sam Ratulangi' },
    description: 'Rumah terbakar, bench',
    priority: 2,
  });
  const incidentId = created.incidentId as string;
  await timed('incident.forward', clients.taker, { incidentId });
  await timed('incident.request_agencies', clients.dispatcher, { incidentId, agencies: [agencyId] });
  await timed('incident.cancel', clients.dispatcher, { incidentId, reason: 'Bench: selesai diukur' });
}

async function clientsOf(url: string) {
  return { taker: await Client.login(url, 'operator1'), dispatcher: await Client.login(url, 'pengarah1') };
}

/** The escalation worker's first ticks over the open incidents, watched by the event loop's delay histogram. */
async function workerBlock(database: TestDatabase): Promise<string> {
  const db = openDb(database);
  await migrate(db.kysely);
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const pinisi = await buildApp(db, {
    cookieSecure: false,
    replayLimit: 10_000,
    tileUrl: null,
    logLevel: 'silent',
  });
  try {
    await pinisi.app.ready();
    const open = pinisi.engine.state.index.openIncidents.size;
    histogram.enable();
    await new Promise((resolve) => setTimeout(resolve, WORKER_WATCH_MS));
    histogram.disable();
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    return `escalation worker over ${open} open incidents, first ${WORKER_WATCH_MS / 1000} s: event-loop delay p99 ${ms(histogram.percentile(99))} ms, max ${ms(histogram.max)} ms`;
  } finally {
    await pinisi.app.close();
    await db.close();
  }
}

export async function scaleBench(dialect: 'sqlite' | 'postgres', size: HistorySize): Promise<void> {
  console.log(
    `\n## ${dialect}: history of ${size.calls} calls, ${size.incidents} incidents, ${size.open} open, against an empty database`,
  );
  const kept = dialect === 'sqlite' ? KEPT_HISTORY_DIR : '';
  const big: TestDatabase = kept
    ? { dialect, dataDir: kept, databaseUrl: null, drop: async () => {} }
    : await createTestDatabase(dialect);
  const empty = await createTestDatabase(dialect);
  try {
    if (kept && existsSync(join(kept, 'pinisi.db'))) {
      console.log(`history kept in ${kept} from an earlier run: not generated again`);
    } else {
      const generating = performance.now();
      const db = openDb(big);
      const events = await generateHistory(db, size, (line) => console.log(line));
      await db.close();
      console.log(
        `generated ${events} events in ${((performance.now() - generating) / 1000).toFixed(0)} s (${load()})`,
      );
    }
    // The generator records its head as verified, so even the first start checks only what came after it.
    const first = await startServer(envOf(big));
    console.log(startLine('history, first start', first));
    await stopServer(first.child);
    const servers = { empty: await startServer(envOf(empty)), history: await startServer(envOf(big)) };
    console.log(startLine('empty database', servers.empty));
    console.log(startLine('history, restart', servers.history));
    try {
      const seed = bulukumbaSeed();
      const kecamatan = seed.kecamatan[0]!.code;
      const agencyId = seed.categories.find((c) => c.code === 'kebakaran_bangunan')!.agencies[0]!;
      const clients = {
        empty: await clientsOf(servers.empty.url),
        history: await clientsOf(servers.history.url),
      };
      const samples = {
        empty: new Map(COMMANDS.map((c) => [c, [] as number[]])),
        history: new Map(COMMANDS.map((c) => [c, [] as number[]])),
      };
      // Alternating, so both see the same moments of this shared machine's load.
      for (let r = 0; r < ROUNDS; r++) {
        await round(clients.empty, kecamatan, agencyId, samples.empty);
        await round(clients.history, kecamatan, agencyId, samples.history);
      }
      console.log(`commands, ${ROUNDS} of each, one client, alternating (${load()}):`);
      for (const command of COMMANDS) {
        const e = [...samples.empty.get(command)!].sort((a, b) => a - b);
        const h = [...samples.history.get(command)!].sort((a, b) => a - b);
        const cell = (s: number[], p: number) => percentile(s, p).toFixed(2);
        console.log(
          `  ${command.padEnd(26)} empty p50 ${cell(e, 50)} / p99 ${cell(e, 99)} ms; history p50 ${cell(h, 50)} / p99 ${cell(h, 99)} ms; ratio p50 ${(percentile(h, 50) / percentile(e, 50)).toFixed(2)}, p99 ${(percentile(h, 99) / percentile(e, 99)).toFixed(2)}`,
        );
      }
      for (const [name, server] of Object.entries(servers)) {
        const { rss, peak } = memoryMb(server.child.pid!);
        console.log(
          `  ${name} server after the commands: RSS ${rss.toFixed(0)} MB (peak ${peak.toFixed(0)} MB)`,
        );
      }
    } finally {
      await stopServer(servers.empty.child);
      await stopServer(servers.history.child);
    }
    console.log(await workerBlock(big));
  } finally {
    await big.drop();
    await empty.drop();
  }
}
