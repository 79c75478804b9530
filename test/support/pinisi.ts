// An in-process Pinisi on a real database, with logged-in HTTP clients for the demo users.
import type { AddressInfo } from 'node:net';
import type { Config } from '../../src/config.ts';
import { bulukumbaSeed } from '../../src/seed/bulukumba.ts';
import { buildApp, type Pinisi } from '../../src/server/app.ts';
import type { EngineOptions } from '../../src/server/engine.ts';
import { seedIfEmpty } from '../../src/server/reference.ts';
import { openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrations.ts';
import { createTestDatabase, DEMO_PASSWORD, demoHasher, type TestDatabase } from './databases.ts';

export { DEMO_PASSWORD };

export interface Running extends Pinisi {
  database: TestDatabase;
  url: string;
  stop: () => Promise<void>;
  /** Stops the server but keeps the database, for restarts. */
  close: () => Promise<void>;
}

export async function startPinisi(
  dialect: 'sqlite' | 'postgres',
  options: {
    database?: TestDatabase;
    engine?: EngineOptions;
    replayLimit?: number;
    /** Settings beyond the test defaults (AML secret, session limits, public URL, …). */
    config?: Partial<Config>;
  } = {},
): Promise<Running> {
  const database = options.database ?? (await createTestDatabase(dialect, { migrated: true }));
  const db = openDb(database);
  await migrate(db.kysely);
  await seedIfEmpty(db, bulukumbaSeed(), DEMO_PASSWORD, demoHasher());
  const pinisi = await buildApp(
    db,
    {
      cookieSecure: false,
      replayLimit: options.replayLimit ?? 10_000,
      tileUrl: null,
      logLevel: 'silent',
      // The demo key of the authenticator secrets is made in the test's data folder, so a restart finds it.
      dataDir: database.dataDir,
      ...options.config,
    },
    options.engine,
  ).catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  await pinisi.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = pinisi.app.server.address() as AddressInfo;
  const close = async () => {
    await pinisi.app.close();
    await db.close();
  };
  return {
    ...pinisi,
    database,
    url: `http://127.0.0.1:${port}`,
    close,
    stop: async () => {
      await close();
      await database.drop();
    },
  };
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A logged-in user talking to Pinisi over real HTTP with its session cookie. */
export class Client {
  readonly url: string;
  /** The session cookie as sent (`pinisi_session=…`). */
  cookie = '';
  /** Other cookies the server set (the sign-in step of a second factor), by name. */
  private readonly others = new Map<string, string>();
  private counter = 0;

  constructor(url: string) {
    this.url = url;
  }

  static async login(url: string, username: string, password = DEMO_PASSWORD): Promise<Client> {
    const client = new Client(url);
    const answer = await client.post('/api/auth/login', { username, password });
    if (answer.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(answer.body)}`);
    return client;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const response = await fetch(this.url + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie || this.others.size > 0
          ? { cookie: [this.cookie, ...this.others.values()].filter(Boolean).join('; ') }
          : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0]!;
      const name = pair.slice(0, pair.indexOf('='));
      if (name === 'pinisi_session') this.cookie = pair;
      else if (pair.endsWith('=')) this.others.delete(name);
      else this.others.set(name, pair);
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown, headers: Record<string, string> = {}) {
    return this.request<T>('POST', path, body, headers);
  }

  /** Sends a command with a fresh idempotency key unless one is given. */
  command<T = Record<string, unknown>>(type: string, payload: unknown, key?: string) {
    const idempotencyKey =
      key ??
      `k-${Date.now().toString(36)}-${(this.counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    return this.post<T>(`/api/commands/${type}`, payload, { 'idempotency-key': idempotencyKey });
  }
}
