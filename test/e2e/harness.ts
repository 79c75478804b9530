// End-to-end harness: the real Pinisi server as a child process, the built consoles, headless Debian Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureWebBuilt as buildWebWhenChanged } from '../../src/web-build.ts';
import { pinisiArgs } from '../support/cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
const PASSWORD = 'pinisi112';

/** Whether the browser tests can run; in CI a missing browser is a failure, elsewhere a skip with the fix. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} is missing: install it with \`sudo apt-get install -y chromium\``;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`Skipping browser tests: ${message}`);
  return false;
}

/** Builds the consoles when web/dist is missing or was built from other sources (the same check as `npm start`). */
export function ensureWebBuilt(): void {
  buildWebWhenChanged();
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export class PinisiServer {
  readonly dataDir: string;
  port = 0;
  private child: ChildProcess | null = null;
  output = '';

  private readonly env: Record<string, string>;

  constructor(env: Record<string, string> = {}) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'pinisi-e2e-'));
    this.env = env;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again on the same port and data when restarting) and waits for its banner. */
  async start(): Promise<void> {
    // The first start lets the kernel choose the port and reads it from the banner: a port found free beforehand
    // can be taken by another test's outgoing connection before the server binds it (EADDRINUSE under load).
    const chosen = this.port;
    const child = spawn(process.execPath, pinisiArgs('serve'), {
      cwd: ROOT,
      env: {
        ...process.env,
        ...this.env,
        PINISI_PORT: String(chosen),
        PINISI_DATA_DIR: this.dataDir,
        PINISI_HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    child.once('exit', (code, signal) => {
      // Stopped on purpose, the child is no longer ours; otherwise say why the server went away.
      if (this.child === child) {
        console.error(`Pinisi server exited by itself (${code ?? signal}):\n${this.output.slice(-3000)}`);
      }
    });
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start:\n${this.output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        const banner = /Pinisi listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(this.output);
        if (banner) {
          if (!chosen) this.port = Number(banner[1]);
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`server exited with ${code}:\n${this.output}`));
      });
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || !child.pid) return;
    this.child = null;
    const exited = new Promise((done) => child.once('exit', done));
    const signal = (name: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, name);
      } catch {
        // already gone
      }
    };
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * Headless Chromium. `scrollbars` draws them as a desktop browser does (15 px each, taken from the width of what
 * scrolls); Playwright hides them by default, which leaves a pane 15 px wider than a user's.
 */
export function launchChromium({ scrollbars = false }: { scrollbars?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    ...(scrollbars ? { ignoreDefaultArgs: ['--hide-scrollbars'] } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export interface Console {
  context: BrowserContext;
  page: Page;
  /** Content-Security-Policy violations Chromium reported on this page. */
  cspViolations: string[];
}

/** A fresh browser context signed in through the login form, its console loaded and connected. */
export async function openConsole(
  browser: Browser,
  baseUrl: string,
  username: string,
  viewport = { width: 1366, height: 768 },
): Promise<Console> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${username}] page error: ${error.message}`));
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto('/');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=connection][data-state=online]');
  return { context, page, cspViolations };
}

/** Waits until the console has downloaded the boundaries (a view asks for them when it first needs them). */
export async function boundariesLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((e) => e.name.endsWith('/api/geo/boundaries')),
  );
}

/** Registers a walk-in caller at the call taker's console and waits for the call to be on screen. */
export async function registerWalkIn(page: Page, number: string): Promise<void> {
  await page.selectOption('select[name=channel]', 'walk_in');
  await page.fill('input[name=number]', number);
  await page.press('input[name=number]', 'Enter');
  await page.waitForSelector(`[data-testid=call-head] .number:text-is("${number}")`);
}

/** Types into a search picker and takes its first option with Enter. */
export async function pick(page: Page, name: string, text: string): Promise<void> {
  const input = page.locator(`input[name=${name}]`);
  await input.fill(text);
  await page.waitForSelector('[role=listbox] [role=option]');
  await input.press('Enter');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** A command sent straight to the API as a user, for changes made "elsewhere" during a test. */
export class ApiUser {
  private cookie = '';
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async login(username: string): Promise<void> {
    const response = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
    this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  /** Records a call and turns it into a forwarded incident, as another call taker would. */
  async forwardedIncident(kecamatan: string, category: string, priority: number): Promise<string> {
    const { callId } = await this.command('call.register', { channel: 'voice', number: '085299990000' });
    await this.command('call.answer', { callId });
    const created = await this.command('incident.create', {
      callId,
      category,
      location: { kecamatan },
      description: 'Dilaporkan lewat API saat konsol terputus',
      priority,
    });
    await this.command('incident.forward', { incidentId: created.incidentId });
    return String(created.number);
  }

  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookie } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  async post(path: string, body: unknown): Promise<void> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  }

  async command(type: string, payload: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.baseUrl}/api/commands/${type}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: this.cookie,
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify(payload),
    });
    const body = (await response.json()) as { result?: Record<string, unknown> };
    if (!response.ok) throw new Error(`${type}: ${response.status} ${JSON.stringify(body)}`);
    return body.result ?? {};
  }
}

/**
 * One Pinisi server and one Chromium for a describe block: started before its tests, closed after them. `env` adds
 * server settings, filled in before the server starts (e.g. PINISI_EVAPI of a Kamailio started by an earlier
 * beforeAll of the same block).
 */
export function browserRoom(
  env: Record<string, string> = {},
  options: { scrollbars?: boolean } = {},
): {
  server: PinisiServer;
  browser: () => Browser;
} {
  const server = new PinisiServer(env);
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureWebBuilt();
    await server.start();
    browser = await launchChromium(options);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });
  return {
    server,
    browser: () => {
      if (!browser) throw new Error('Chromium has not started');
      return browser;
    },
  };
}
