// Pinisi SIGKILLed mid-shift and started again, with real Kamailio, baresip phones and SIPp callers: two call takers
// on calls at their desks, three callers waiting, one on the callback list. The queue is the log's projection, so
// after the restart the same desks are signed in, the same callers come in the same order and the callback list is
// intact; meanwhile Kamailio rang its hunt group, and those calls are reconciled once when the brain is back.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { AcdView } from '../../src/domain/acd/acd.ts';
import { openDb } from '../../src/store/db.ts';
import { EventStore } from '../../src/store/event-store.ts';
import { pinisiArgs } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { Client } from '../support/pinisi.ts';
import {
  callerNumber,
  freePort,
  missingTelephony,
  type Phone,
  sippCall,
  startKamailio,
  startPhone,
  until,
  untilAsync,
} from './harness.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony restart test skipped: ${missing}`);

/** `pinisi serve` as its own process, connected to Kamailio; resolves once it listens. */
function serve(database: TestDatabase, port: number, evapi: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, pinisiArgs('serve'), {
      env: {
        ...process.env,
        PINISI_PORT: String(port),
        PINISI_HOST: '127.0.0.1',
        PINISI_DATA_DIR: database.dataDir,
        DATABASE_URL: database.databaseUrl ?? '',
        PINISI_LOG_LEVEL: 'silent',
        PINISI_EVAPI: evapi,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Pinisi listening')) resolve(child);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited with ${code} before listening:\n${output}`)),
    );
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

type Positions = { positions: Array<{ id: string; userId: string; state: string }> };
type Calls = {
  calls: Array<{ sipCallId: string; number: string; state: string; fallback: boolean; offeredAt: number }>;
};
type Queue = { stats: { length: number }; callbacks: Array<{ number: string }> };

describe.skipIf(missing !== null)('telephony across a Pinisi restart', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });

  it('keeps desks, waiting callers in order and the callback list; the hunt group covers the gap', async () => {
    const hangUp = new AbortController();
    cleanups.push(async () => hangUp.abort());
    const phones: Phone[] = await Promise.all([
      startPhone('1001', 'manual'),
      startPhone('1002', 'manual'),
      startPhone('1999', 'manual'),
    ]);
    cleanups.push(async () => void (await Promise.all(phones.map((p) => p.stop()))));
    const [deskA, deskB, hunt] = phones as [Phone, Phone, Phone];
    const kamailio = await startKamailio({ huntGroup: [hunt.contact], fallbackRingMs: 120_000 });
    cleanups.push(() => kamailio.stop());
    const database = await createTestDatabase('sqlite');
    cleanups.push(() => database.drop());
    const port = await freePort();
    let server = await serve(database, port, kamailio.evapi);
    cleanups.push(() => kill(server));
    const url = `http://127.0.0.1:${port}`;

    const one = await Client.login(url, 'operator1');
    const two = await Client.login(url, 'operator2');
    const supervisor = await Client.login(url, 'koordinator');
    await untilAsync(
      'Kamailio connected',
      async () =>
        (await supervisor.get<{ switchConnected: boolean }>('/api/telephony/status')).body.switchConnected,
    );
    expect(
      (
        await one.post('/api/telephony/positions/login', {
          positionId: 'meja-1',
          extension: '1001',
          contact: deskA.contact,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await two.post('/api/telephony/positions/login', {
          positionId: 'meja-2',
          extension: '1002',
          contact: deskB.contact,
        })
      ).status,
    ).toBe(200);

    // Both call takers take a call and stay on it.
    const talk = { holdMs: 120_000, timeoutS: 180, signal: hangUp.signal };
    void sippCall(kamailio, 'call.xml', { caller: callerNumber(501) }, talk);
    await until('desk A rings', () => deskA.events.some((e) => e.type === 'CALL_INCOMING'));
    deskA.command('accept');
    void sippCall(kamailio, 'call.xml', { caller: callerNumber(502) }, talk);
    await until('desk B rings', () => deskB.events.some((e) => e.type === 'CALL_INCOMING'));
    deskB.command('accept');
    await untilAsync('both desks on a call', async () =>
      (await supervisor.get<Positions>('/api/telephony/positions')).body.positions.every(
        (p) => p.state === 'on_call',
      ),
    );

    // A caller gives up while waiting: the callback list. Three more wait, in this order.
    const gaveUp = await sippCall(kamailio, 'cancel.xml', { caller: callerNumber(503) }, { holdMs: 1500 });
    expect(gaveUp.code, gaveUp.output).toBe(0);
    const waiting = [504, 505, 506].map(callerNumber);
    for (const number of waiting) {
      void sippCall(
        kamailio,
        'cancel.xml',
        { caller: number },
        { holdMs: 120_000, timeoutS: 180, signal: hangUp.signal },
      );
      await untilAsync(`${number} waiting`, async () =>
        (await supervisor.get<Calls>('/api/telephony/calls')).body.calls.some((c) => c.number === number),
      );
    }
    const before = await supervisor.get<Queue>('/api/telephony/queue');
    expect(before.body.stats.length).toBe(3);
    expect(before.body.callbacks.map((c) => c.number)).toEqual([callerNumber(503)]);

    await kill(server);

    // What a restart rebuilds, read from the log alone: the same desks, the same queue in order, the callback list.
    const db = openDb(database);
    const { state } = await new EventStore(db).loadState();
    await db.close();
    const view = new AcdView({}, () => state.telephony);
    expect(view.positions().map((p) => [p.id, p.state])).toEqual([
      ['meja-1', 'on_call'],
      ['meja-2', 'on_call'],
    ]);
    expect(view.queue(Date.now()).map((c) => c.number)).toEqual(waiting);
    expect(view.callbacks().map((c) => c.number)).toEqual([callerNumber(503)]);

    // Meanwhile Kamailio rang its hunt group for every waiting caller: nobody was left with nothing.
    await until('Kamailio sends the queue to its hunt group', () => kamailio.log().includes('PINISI-GONE'));
    await until(
      'the hunt group rings for each waiting caller',
      () => new Set(hunt.events.filter((e) => e.type === 'CALL_INCOMING').map((e) => e.id)).size === 3,
    );

    server = await serve(database, port, kamailio.evapi);
    await untilAsync(
      'Kamailio connected again',
      async () =>
        (await supervisor.get<{ switchConnected: boolean }>('/api/telephony/status')).body.switchConnected,
    );
    const positions = await supervisor.get<Positions>('/api/telephony/positions');
    expect(positions.body.positions.map((p) => [p.id, p.state])).toEqual([
      ['meja-1', 'on_call'],
      ['meja-2', 'on_call'],
    ]);
    // Every call Kamailio sent to its hunt group meanwhile is reconciled from its replay: ringing on the fallback.
    const sentToHunt = () => [
      ...new Set([...kamailio.log().matchAll(/PINISI-FALLBACK callid=(\S+)/g)].map((m) => m[1]!)),
    ];
    expect(sentToHunt()).toHaveLength(3);
    const reconciled = await untilAsync('fallback calls reconciled', async () => {
      const calls = (await supervisor.get<Calls>('/api/telephony/calls')).body.calls.filter((c) =>
        sentToHunt().includes(c.sipCallId),
      );
      return calls.length === sentToHunt().length && calls.every((c) => c.fallback && c.state === 'ringing')
        ? calls
        : null;
    });
    // In the order they first called.
    expect([...reconciled].sort((a, b) => a.offeredAt - b.offeredAt).map((c) => c.number)).toEqual(waiting);
    const after = await supervisor.get<Queue>('/api/telephony/queue');
    expect(after.body.callbacks.map((c) => c.number)).toEqual([callerNumber(503)]);

    // Once each: the log holds one fallback record per call.
    const snapshot = await supervisor.get<{ seq: number }>('/api/snapshot');
    const db2 = openDb(database);
    const events = await new EventStore(db2).eventsAfter(0, snapshot.body.seq + 10);
    await db2.close();
    const fallbacks = events.filter((e) => e.type === 'telephony.call_fallback');
    expect(fallbacks.map((e) => (e as { sipCallId: string }).sipCallId).sort()).toEqual(
      reconciled.map((c) => c.sipCallId).sort(),
    );
  }, 120_000);
});
