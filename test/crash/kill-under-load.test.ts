// Nothing acknowledged is lost: the server is SIGKILLed under a stream of commands and every 2xx survives, once.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.ts';
import { pinisiArgs } from '../support/cli.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { Client } from '../support/pinisi.ts';
import { until } from '../telephony/harness.ts';

const KILLS = 3;
const CLIENTS = 6;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function env(database: TestDatabase, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PINISI_PORT: String(port),
    PINISI_HOST: '127.0.0.1',
    PINISI_DATA_DIR: database.dataDir,
    DATABASE_URL: database.databaseUrl ?? '',
    PINISI_LOG_LEVEL: 'silent',
  };
}

/** Starts `pinisi serve` as a child process and resolves once it listens. */
function startServer(database: TestDatabase, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, pinisiArgs('serve'), {
      env: env(database, port),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Pinisi listening')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before listening:\n${output}`)),
    );
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

interface Acknowledged {
  key: string;
  type: string;
  payload: unknown;
  id: string;
  body: unknown;
}

describe.each(DIALECTS)('SIGKILL under load on %s', (dialect) => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  it('keeps every acknowledged command exactly once across kills, and the hash chain verifies', async () => {
    const database = await createTestDatabase(dialect);
    databases.push(database);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const acknowledged: Acknowledged[] = [];
    let server = await startServer(database, port);
    const operator = await Client.login(url, 'operator1');
    const reference = await operator.get<{ kecamatan: { code: string }[] }>('/api/reference');
    const kecamatan = reference.body.kecamatan[0]!.code;

    for (let round = 0; round < KILLS; round++) {
      let running = true;
      const workers = Array.from({ length: CLIENTS }, async (_, worker) => {
        let n = 0;
        while (running) {
          const key = `crash-${round}-${worker}-${n++}`;
          const isCall = n % 2 === 0;
          const type = isCall ? 'call.register' : 'incident.create';
          const payload = isCall
            ? { channel: 'voice', number: `08123${worker}${String(n).padStart(5, '0')}` }
            : {
                category: 'kebakaran_bangunan',
                location: { kecamatan },
                description: `crash ${key}`,
                priority: 2,
              };
          try {
            const answer = await operator.command<{ result: { callId?: string; incidentId?: string } }>(
              type,
              payload,
              key,
            );
            if (answer.status === 200) {
              acknowledged.push({
                key,
                type,
                payload,
                id: (answer.body.result.callId ?? answer.body.result.incidentId)!,
                body: answer.body,
              });
            }
          } catch {
            // The server died under this request: it was never acknowledged.
            await new Promise((r) => setTimeout(r, 20));
          }
        }
      });
      // The kill comes once this round has more than ten acknowledged commands (counted, not timed: a busy machine
      // commits fewer a second), then at a random moment of the load.
      const roundStart = acknowledged.length;
      await until(
        'more than ten commands acknowledged this round',
        () => acknowledged.length - roundStart > 10,
        120_000,
      );
      await new Promise((r) => setTimeout(r, Math.random() * 800));
      await kill(server);
      running = false;
      await Promise.all(workers);
      server = await startServer(database, port);
    }

    // The session survived the restarts (it is on disk too); the state holds each acknowledged entity once.
    const snapshot = await operator.get<{ calls: { id: string }[]; incidents: { id: string }[] }>(
      '/api/snapshot',
    );
    expect(snapshot.status).toBe(200);
    const callIds = new Set(snapshot.body.calls.map((c) => c.id));
    const incidentIds = new Set(snapshot.body.incidents.map((i) => i.id));
    expect(acknowledged.length).toBeGreaterThan(KILLS * 10);
    for (const ack of acknowledged) {
      expect(ack.type === 'call.register' ? callIds.has(ack.id) : incidentIds.has(ack.id)).toBe(true);
    }

    // Repeating an acknowledged command gives the same answer and writes nothing new.
    const before = snapshot.body;
    for (const ack of acknowledged.slice(0, 20)) {
      const again = await operator.command(ack.type, ack.payload, ack.key);
      expect(again.body).toEqual(ack.body);
    }
    const after = await operator.get<{ calls: unknown[]; incidents: unknown[] }>('/api/snapshot');
    expect(after.body.calls.length).toBe(before.calls.length);
    expect(after.body.incidents.length).toBe(before.incidents.length);
    await kill(server);

    // Exactly once in the log: one creating event per acknowledged id.
    const db = openDb(database);
    const rows = await db.kysely
      .selectFrom('event_log')
      .select(['type', 'data'])
      .where('type', 'in', ['call.registered', 'incident.created'])
      .execute();
    await db.close();
    const created = new Map<string, number>();
    for (const row of rows) {
      const event = JSON.parse(row.data) as { call?: { id: string }; incident?: { id: string } };
      const id = (event.call ?? event.incident)!.id;
      created.set(id, (created.get(id) ?? 0) + 1);
    }
    for (const ack of acknowledged) expect(created.get(ack.id)).toBe(1);

    const { stdout } = await promisify(execFile)(process.execPath, pinisiArgs('verify-log'), {
      env: env(database, port),
    });
    expect(stdout).toMatch(/Event log intact: \d+ events/);
  }, 240_000);
});
