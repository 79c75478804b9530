// Telephony benchmark through real Kamailio and SIPp: INVITE → first ring with desks free, with no desk able to
// answer (Pinisi's no-desk fallback) and with Pinisi down (Kamailio's own fail-safe); routing decision latency.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_ACD_CONFIG } from '../src/domain/acd/types.ts';
import { startTelephony } from '../src/intake/telephony/service.ts';
import { Engine } from '../src/server/engine.ts';
import { engineSink } from '../src/server/routes/telephony.ts';
import { openDb } from '../src/store/db.ts';
import { EventStore } from '../src/store/event-store.ts';
import { migrate } from '../src/store/migrations.ts';
import {
  freePort,
  type Kamailio,
  missingTelephony,
  SCENARIOS,
  startKamailio,
  until,
} from '../test/telephony/harness.ts';
import { load, percentile } from './server.ts';

/** Call takers signed in, and callers placed in each case (all within one second). */
const CALLS = Number(process.env.BENCH_CALLS ?? 50);
const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 3000);

function run(args: string[], cwd?: string): Promise<{ code: number | null; output: string }> {
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

interface Placed {
  /** INVITE → 200 OK of the phone that answered at once, per call, sorted (ms). */
  firstRingMs: number[];
  ok: number;
  failed: number;
}

/**
 * CALLS callers within one second (SIPp, call-timed.xml); each waits for a phone that answers at once, so INVITE →
 * 200 OK is INVITE → first ring plus the phone's own turn-around. SIPp writes every call's time (-trace_rtt).
 */
async function placeCalls(kamailio: Kamailio, from: string): Promise<Placed> {
  const dir = mkdtempSync(join(tmpdir(), 'pinisi-bench-rtt-'));
  try {
    const result = await run(
      [
        `127.0.0.1:${kamailio.sipPort}`,
        '-sf',
        join(SCENARIOS, 'call-timed.xml'),
        '-s',
        '112',
        '-key',
        'caller',
        from,
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
        '-trace_rtt',
        '-rtt_freq',
        '1',
        '-trace_err',
      ],
      dir,
    );
    if (process.env.BENCH_DEBUG) {
      console.log(result.output.slice(-4000));
      for (const file of readdirSync(dir).filter((f) => f.endsWith('_errors.log'))) {
        console.log(readFileSync(join(dir, file), 'utf8').slice(0, 6000));
      }
    }
    const firstRingMs: number[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('_rtt.csv'))) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n').slice(1)) {
        const [, ms, rtd] = line.split(';');
        if (rtd?.trim() === 'answer' && ms) firstRingMs.push(Number(ms));
      }
    }
    return {
      firstRingMs: firstRingMs.sort((a, b) => a - b),
      ok: Number(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(result.output)?.[1] ?? 0),
      failed: Number(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(result.output)?.[1] ?? 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function line(what: string, placed: Placed, extra = ''): string {
  const t = placed.firstRingMs;
  const figures =
    t.length === 0
      ? 'no call timed'
      : `p50 ${percentile(t, 50).toFixed(1)} ms, p99 ${percentile(t, 99).toFixed(1)} ms, max ${t.at(-1)?.toFixed(1)} ms`;
  return `  ${what}: INVITE → first ring ${figures} over ${t.length} calls; ${placed.ok} completed, ${placed.failed} failed${extra} (${load()})`;
}

/** The three cases in turn on one Kamailio; one SIPp plays every desk phone and the hunt group. */
export async function telephonyBench(): Promise<string> {
  const missing = missingTelephony();
  if (missing) return `telephony: skipped (${missing})`;
  const desksPort = await freePort();
  // -bg: SIPp forks into the background, keeps answering and prints its PID, by which it is stopped.
  const background = await run([
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
  const desksPid = Number(/PID=\[(\d+)\]/.exec(background.output)?.[1] ?? 0);
  // The production settings: Pinisi has 1 s to decide before Kamailio rings the hunt group itself.
  const kamailio = await startKamailio({
    huntGroup: [`sip:9999@127.0.0.1:${desksPort}`],
    pinisiTimeoutMs: 1000,
  });
  // The real command path: every routing decision is committed (SQLite, WAL, FULL) before Kamailio hears it.
  const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-bench-tel-'));
  const db = openDb({ dataDir, databaseUrl: null });
  await migrate(db.kysely);
  const engine = await Engine.open(new EventStore(db), { acd: { wrapUpMs: 0 } });
  const service = startTelephony(kamailio.evapi, { commands: engineSink(engine) });
  const out = [
    `telephony: ${cpus().length} cores; ${CALLS} callers within 1 s per case, each phone answering at once (SIPp times to 1 ms)`,
  ];
  try {
    const { brain } = service;
    await service.client!.waitConnected();
    const fallbacks = () => brain.liveCalls().filter((c) => c.fallback).length;

    for (let i = 0; i < CALLS; i += 1) {
      await brain.login(`desk-${i}`, `user-${i}`, String(2000 + i), `sip:${2000 + i}@127.0.0.1:${desksPort}`);
    }
    const free = await placeCalls(kamailio, '081200000001');
    await brain.settled();
    const answered = brain.liveCalls().filter((c) => c.answeredBy !== null && !c.fallback).length;
    out.push(
      line(
        `${CALLS} desks free`,
        free,
        `, ${answered} at the desk Pinisi chose, ${fallbacks()} to the hunt group`,
      ),
    );
    const decisions = [...brain.decisionLatenciesMs].sort((a, b) => a - b);
    out.push(
      `  routing decision (Kamailio event in → decision out, committed): p50 ${percentile(decisions, 50).toFixed(2)} ms, p99 ${percentile(decisions, 99).toFixed(2)} ms, max ${decisions.at(-1)?.toFixed(2)} ms over ${decisions.length} decisions for ${CALLS} callers and ${CALLS} desks`,
    );

    for (let i = 0; i < CALLS; i += 1) await brain.logout(`desk-${i}`, `user-${i}`);
    const before = fallbacks();
    const noDesk = await placeCalls(kamailio, '081200000002');
    await brain.settled();
    out.push(
      line(
        `no desk signed in (hunt group after the no-desk delay, ${DEFAULT_ACD_CONFIG.noDeskFallbackMs / 1000} s)`,
        noDesk,
        `, ${fallbacks() - before} recorded as no_desk`,
      ),
    );

    await service.stop();
    await until('Kamailio sees Pinisi gone', () => kamailio.log().includes('Pinisi disconnected'));
    const down = await placeCalls(kamailio, '081200000003');
    out.push(line('Pinisi down (Kamailio rings the hunt group itself)', down));
    return out.join('\n');
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
