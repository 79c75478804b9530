// Real telephony parts for tests: Kamailio with the repo's config, baresip phones, SIPp callers, on free ports.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeNetstring, NetstringDecoder } from '../../src/intake/telephony/netstring.ts';

const here = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(here, '../..');
const KAMAILIO_CFG = join(REPO, 'telephony/kamailio.cfg');
export const SCENARIOS = join(here, 'scenarios');

const PACKAGES: Record<string, string> = { kamailio: 'kamailio', sipp: 'sip-tester', baresip: 'baresip' };

function which(binary: string): string | null {
  try {
    return execFileSync('which', [binary], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Why these tests cannot run here, or null. On CI a missing binary is a failure, not a skip. */
export function missingTelephony(): string | null {
  const missing = Object.keys(PACKAGES).filter((b) => which(b) === null);
  if (!missing.includes('kamailio') && !kamailioHasModule('evapi')) missing.push('kamailio-extra-modules');
  if (missing.length === 0) return null;
  const pkgs = missing.map((b) => PACKAGES[b] ?? b).join(' ');
  const message = `missing ${missing.join(', ')}: install with \`sudo apt-get install -y ${pkgs}\``;
  if (process.env.CI === 'true') throw new Error(`Telephony tests need real binaries on CI: ${message}`);
  return message;
}

/** Why SIP over TLS cannot be tested here (Kamailio's tls module, kamailio-tls-modules), or null. */
export function missingTls(): string | null {
  const missing = missingTelephony();
  if (missing !== null || kamailioHasModule('tls')) return missing;
  const message = 'missing kamailio-tls-modules: install with `sudo apt-get install -y kamailio-tls-modules`';
  if (process.env.CI === 'true') throw new Error(`Telephony tests need real binaries on CI: ${message}`);
  return message;
}

/** A Kamailio module (evapi: kamailio-extra-modules, tls: kamailio-tls-modules) in any architecture's folder. */
function kamailioHasModule(name: string): boolean {
  try {
    const lib = '/usr/lib';
    return readdirSync(lib).some((dir) => existsSync(join(lib, dir, `kamailio/modules/${name}.so`)));
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  // Ask the OS for a port that is free for both TCP and UDP.
  for (;;) {
    const port = await new Promise<number>((ok, fail) => {
      const server = createServer();
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => ok(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((ok) => {
      import('node:dgram').then(({ createSocket }) => {
        const socket = createSocket('udp4');
        socket.once('error', () => ok(false));
        socket.bind(port, '127.0.0.1', () => socket.close(() => ok(true)));
      });
    });
    if (udpFree && !usedPorts.has(port)) {
      usedPorts.add(port);
      return port;
    }
  }
}
const usedPorts = new Set<number>();

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(
  what: string,
  probe: () => T | null | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
}

export async function untilAsync<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill(signal);
  });
}

// ── Kamailio ────────────────────────────────────────────────────────────────

export interface Kamailio {
  /** SIP over UDP and TCP on this port. */
  sipPort: number;
  /** SIP over TLS, when started with `tls`. */
  tlsPort: number | null;
  evapiPort: number;
  evapi: string;
  log: () => string;
  stop(): Promise<void>;
}

export async function startKamailio(options: {
  huntGroup: string[];
  pinisiTimeoutMs?: number;
  fallbackRingMs?: number;
  /** Kamailio log level (1 = errors and warnings, 3 = debug). */
  logLevel?: number;
  /** Listen for SIP over TLS too, with this certificate and key (PEM files). */
  tls?: { cert: string; key: string };
}): Promise<Kamailio> {
  const sipPort = await freePort();
  const tlsPort = options.tls ? await freePort() : null;
  const evapiPort = await freePort();
  const runDir = mkdtempSync(join(tmpdir(), 'pinisi-kam-'));
  const args = [
    '-f',
    KAMAILIO_CFG,
    '-DD',
    '-E',
    '-m',
    '64',
    '-M',
    '8',
    '-Y',
    runDir,
    '-P',
    join(runDir, 'kamailio.pid'),
    '-A',
    `SIP_LISTEN=udp:127.0.0.1:${sipPort}`,
    '-A',
    `SIP_LISTEN_TCP=tcp:127.0.0.1:${sipPort}`,
    '-A',
    `EVAPI_BIND="127.0.0.1:${evapiPort}"`,
    '-A',
    `HUNT_GROUP="${options.huntGroup.join(' ')}"`,
    '-A',
    `PINISI_TIMEOUT_MS=${options.pinisiTimeoutMs ?? 1000}`,
    '-A',
    `FALLBACK_RING_MS=${options.fallbackRingMs ?? 30000}`,
    '-A',
    `LOG_LEVEL=${options.logLevel ?? 1}`,
  ];
  if (options.tls) {
    args.push('-A', `TLS_LISTEN=tls:127.0.0.1:${tlsPort}`);
    args.push('-A', `TLS_CERT="${options.tls.cert}"`, '-A', `TLS_KEY="${options.tls.key}"`);
  }
  const child = spawn('kamailio', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await waitTcp(
    evapiPort,
    () => child.exitCode !== null,
    () => output,
  );
  return {
    sipPort,
    tlsPort,
    evapiPort,
    evapi: `127.0.0.1:${evapiPort}`,
    log: () => output,
    async stop() {
      await stopProcess(child);
      await exited;
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}

async function waitTcp(port: number, dead: () => boolean, output: () => string): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (dead()) throw new Error(`Kamailio exited: ${output()}`);
    const ok = await new Promise<boolean>((r) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        r(true);
      });
      s.once('error', () => r(false));
    });
    if (ok) {
      await sleep(150); // let Kamailio count the probe connection out again
      return;
    }
    if (Date.now() - started > 10_000) throw new Error(`Kamailio did not open evapi: ${output()}`);
    await sleep(50);
  }
}

/** A self-signed certificate and key for Kamailio's TLS listener, in a fresh folder. */
export function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pinisi-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

// ── baresip phones ──────────────────────────────────────────────────────────

interface PhoneEvent {
  type: string;
  peeruri?: string;
  id?: string;
  [key: string]: unknown;
}

export interface Phone {
  extension: string;
  contact: string;
  events: PhoneEvent[];
  log: () => string;
  command(command: string, params?: string): void;
  stop(): Promise<void>;
}

let silenceWav: string | null = null;
function silence(): string {
  if (silenceWav) return silenceWav;
  const dir = mkdtempSync(join(tmpdir(), 'pinisi-wav-'));
  const rate = 8000;
  const samples = rate * 600;
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVE', 8);
  b.write('fmt ', 12);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples * 2, 40);
  silenceWav = join(dir, 'silence.wav');
  writeFileSync(silenceWav, b);
  return silenceWav;
}

/** A headless baresip softphone; `answer: 'auto'` picks up at once, `'manual'` lets it ring. */
export async function startPhone(extension: string, answer: 'auto' | 'manual'): Promise<Phone> {
  // baresip also binds its TLS transport on the SIP port + 1, which freePort cannot promise: on a busy machine
  // another process may hold it, and baresip then exits at once. Such a start is tried again on fresh ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPhoneOnce(extension, answer);
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('Address already in use')) throw error;
    }
  }
}

async function startPhoneOnce(extension: string, answer: 'auto' | 'manual'): Promise<Phone> {
  const sipPort = await freePort();
  const ctrlPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `pinisi-phone-${extension}-`));
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      'sip_trans_def udp',
      'audio_player aufile,/dev/null',
      `audio_source aufile,${silence()}`,
      'audio_alert aufile,/dev/null',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module_app account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'accounts'),
    `<sip:${extension}@127.0.0.1:${sipPort}>;regint=0;answermode=${answer}\n`,
  );
  const child = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  await until(`baresip ${extension} ready`, () => {
    if (child.exitCode !== null) throw new Error(`baresip exited: ${output}`);
    return output.includes('baresip is ready') || null;
  });
  const events: PhoneEvent[] = [];
  const socket: Socket = await new Promise((ok, fail) => {
    const s = connect({ host: '127.0.0.1', port: ctrlPort });
    s.once('connect', () => ok(s));
    s.once('error', fail);
  });
  const decoder = new NetstringDecoder();
  socket.on('data', (chunk) => {
    for (const payload of decoder.push(chunk)) {
      const message = JSON.parse(payload) as PhoneEvent & { event?: boolean };
      if (message.event) events.push(message);
    }
  });
  return {
    extension,
    contact: `sip:${extension}@127.0.0.1:${sipPort}`,
    events,
    log: () => output,
    command(command, params) {
      socket.write(encodeNetstring(JSON.stringify({ command, params: params ?? '', token: command })));
    },
    async stop() {
      socket.destroy();
      await stopProcess(child, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ── SIPp callers ────────────────────────────────────────────────────────────

export interface SippResult {
  code: number | null;
  output: string;
}

/** Places one call with a scenario (a file of test/telephony/scenarios, or an absolute path); resolves when SIPp exits. */
export async function sippCall(
  kamailio: Kamailio,
  scenario: string,
  keys: Record<string, string> = {},
  options: {
    holdMs?: number;
    timeoutS?: number /** Ends the caller early (SIGKILL), e.g. when the test is done. */;
    signal?: AbortSignal;
    /** SIP over UDP (default) or TCP (one connection). */
    transport?: 'udp' | 'tcp';
  } = {},
): Promise<SippResult> {
  const port = await freePort();
  const args = [
    `127.0.0.1:${kamailio.sipPort}`,
    '-sf',
    isAbsolute(scenario) ? scenario : join(SCENARIOS, scenario),
    '-t',
    options.transport === 'tcp' ? 't1' : 'u1',
    '-s',
    '112',
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-m',
    '1',
    '-d',
    String(options.holdMs ?? 1000),
    '-nostdin',
    '-timeout',
    `${options.timeoutS ?? 40}s`,
    '-timeout_error',
    '-mp',
    String(await freePort()),
  ];
  for (const [k, v] of Object.entries(keys)) args.push('-key', k, v);
  const child = spawn('sipp', args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.signal,
    killSignal: 'SIGKILL',
  });
  child.once('error', () => undefined); // an aborted caller reports AbortError; its exit is what counts
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  return { code, output };
}

/** A desk phone played by a SIPp UAS scenario (e.g. a strict phone), answering `calls` calls then exiting. */
export interface SippPhone {
  contact: string;
  /** SIPp's exit: its code and screen. */
  done: Promise<SippResult>;
  stop(): Promise<void>;
}

export async function startSippPhone(extension: string, scenario: string, calls = 1): Promise<SippPhone> {
  const port = await freePort();
  const child = spawn(
    'sipp',
    [
      '-sf',
      join(SCENARIOS, scenario),
      '-i',
      '127.0.0.1',
      '-p',
      String(port),
      '-m',
      String(calls),
      '-nostdin',
      '-mp',
      String(await freePort()),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const done = new Promise<SippResult>((r) => child.once('exit', (code) => r({ code, output })));
  return {
    contact: `sip:${extension}@127.0.0.1:${port}`,
    done,
    async stop() {
      await stopProcess(child, 'SIGKILL');
    },
  };
}

/** The number of the calling party in a call SIPp started (From user); unique per call. */
export function callerNumber(n: number): string {
  return `08120000${String(n).padStart(4, '0')}`;
}
