// `npm start` as the README runs it: no web build when web/dist is up to date, and a SIGKILL to npm stops Pinisi.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../../src/web-build.ts';
import { freePort, until, untilAsync } from '../telephony/harness.ts';

const REPO = resolve(import.meta.dirname, '../..');

const listening = (port: number) =>
  new Promise<boolean>((ok) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });

/** Running (a zombie left for an init that does not reap counts as ended). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe('npm start', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups.splice(0).reverse()) c();
  });
  beforeAll(() => {
    ensureWebBuilt(); // the state after `npm ci` and one start: web/dist built from these sources
  }, 300_000);

  it('serves the built consoles without building again, and stops when npm is killed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-start-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const npm: ChildProcess = spawn('npm', ['start'], {
      cwd: REPO,
      env: { ...process.env, PINISI_PORT: String(port), PINISI_HOST: '127.0.0.1', PINISI_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout!.on('data', (d) => {
      output += d;
    });
    npm.stderr!.on('data', (d) => {
      output += d;
    });
    cleanups.push(() => npm.kill('SIGKILL'));
    await until('Pinisi listening', () => output.includes('Pinisi listening'), 120_000);
    expect(output).not.toContain('Building the consoles');
    // npm's script shell became the server itself (exec): one process under npm, and it listens.
    const [server] = execFileSync('ps', ['-o', 'pid=', '--ppid', String(npm.pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .map(Number);
    expect(server).toBeGreaterThan(0);
    cleanups.push(() => alive(server!) && process.kill(server!, 'SIGKILL'));
    expect(await listening(port)).toBe(true);

    npm.kill('SIGKILL');
    await untilAsync('server gone', async () => !alive(server!) && !(await listening(port)), 20_000);
  }, 180_000);
});
