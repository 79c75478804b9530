// Telephony benchmark: 100 concurrent 112 calls through real Kamailio, routed by the brain; routing latency p50/p99.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startTelephony } from '../src/intake/telephony/service.ts';
import { Engine } from '../src/server/engine.ts';
import { engineSink } from '../src/server/routes/telephony.ts';
import { openDb } from '../src/store/db.ts';
import { EventStore } from '../src/store/event-store.ts';
import { migrate } from '../src/store/migrations.ts';
import { freePort, missingTelephony, SCENARIOS, sleep, startKamailio } from '../test/telephony/harness.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 100);
const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 4000);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function run(args: string[]): { done: Promise<{ code: number | null; output: string }> } {
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  return {
    done: new Promise((resolve) => child.once('exit', (code) => resolve({ code, output }))),
  };
}

/** Places CALLS calls at once (SIPp caller) to CALLS call takers (one SIPp answering for all desks). */
export async function telephonyBench(): Promise<string> {
  const missing = missingTelephony();
  if (missing) return `telephony: skipped (${missing})`;
  const desksPort = await freePort();
  const desks = run([
    '-sf',
    join(SCENARIOS, 'desk.xml'),
    '-i',
    '127.0.0.1',
    '-p',
    String(desksPort),
    '-nostdin',
    '-bg',
    '-mp',
    String(await freePort()),
  ]);
  // -bg: SIPp forks into the background, keeps answering and prints its PID, by which it is stopped.
  const background = await desks.done;
  const desksPid = Number(/PID=\[(\d+)\]/.exec(background.output)?.[1] ?? 0);
  const kamailio = await startKamailio({ huntGroup: [`sip:9999@127.0.0.1:${desksPort}`] });
  // The real command path: every routing decision is committed (SQLite, WAL, FULL) before Kamailio hears it.
  const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-bench-tel-'));
  const db = openDb({ dataDir, databaseUrl: null });
  await migrate(db.kysely);
  const engine = await Engine.open(new EventStore(db), { acd: { wrapUpMs: 0 } });
  const service = startTelephony(kamailio.evapi, { commands: engineSink(engine) });
  try {
    await service.client!.waitConnected();
    for (let i = 0; i < CALLS; i += 1) {
      await service.brain.login(
        `desk-${i}`,
        `user-${i}`,
        String(2000 + i),
        `sip:${2000 + i}@127.0.0.1:${desksPort}`,
      );
    }
    const started = performance.now();
    const callers = run([
      `127.0.0.1:${kamailio.sipPort}`,
      '-sf',
      join(SCENARIOS, 'call.xml'),
      '-s',
      '112',
      '-key',
      'caller',
      '081234567890',
      '-i',
      '127.0.0.1',
      '-p',
      String(await freePort()),
      '-mp',
      String(await freePort()),
      '-l',
      String(CALLS),
      '-r',
      String(CALLS),
      '-m',
      String(CALLS),
      '-d',
      String(HOLD_MS),
      '-nostdin',
      '-timeout',
      '120s',
    ]);
    const result = await callers.done;
    if (process.env.BENCH_DEBUG) console.log(result.output.slice(-4000));
    const seconds = (performance.now() - started) / 1000;
    const ok = Number(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(result.output)?.[1] ?? 0);
    const failed = Number(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(result.output)?.[1] ?? 0);
    await sleep(200);
    const sorted = [...service.brain.decisionLatenciesMs].sort((a, b) => a - b);
    const answered = service.brain.liveCalls().filter((c) => c.answeredAt !== null).length;
    return [
      `telephony: ${CALLS} concurrent calls through Kamailio in ${seconds.toFixed(1)} s: ${ok} completed, ${failed} failed, ${answered} answered at a desk chosen by the brain`,
      `  routing decision (event in -> decision out): p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(2)} ms over ${sorted.length} decisions`,
    ].join('\n');
  } finally {
    await service.stop();
    await kamailio.stop();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (desksPid > 0) process.kill(desksPid, 'SIGKILL');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await telephonyBench());
}
