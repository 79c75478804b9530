// The telephony brain inside the real server: positions over HTTP, the ringing call on the console before answer,
// the answer by the call taker, AML location attached to the live call, the queue and number blocking.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bulukumbaSeed } from '../../src/seed/bulukumba.ts';
import { buildApp, type Pinisi } from '../../src/server/app.ts';
import { seedIfEmpty } from '../../src/server/reference.ts';
import { openDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrations.ts';
import { Client, DEMO_PASSWORD } from '../support/pinisi.ts';
import {
  callerNumber,
  type Kamailio,
  missingTelephony,
  type Phone,
  sippCall,
  startKamailio,
  startPhone,
  until,
  untilAsync,
} from './harness.ts';

const missing = missingTelephony();
if (missing) console.warn(`Telephony tests skipped: ${missing}`);

interface Snapshot {
  calls: Array<{ id: string; number: string | null; status: string; answeredBy: string | null }>;
}

describe.skipIf(missing !== null)('telephony in the server', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });

  async function start(): Promise<{ pinisi: Pinisi; url: string; kamailio: Kamailio; phone: Phone }> {
    const phone = await startPhone('1001', 'manual');
    cleanups.push(() => phone.stop());
    // 5 s for Pinisi's answer: on a loaded machine the first decision of a fresh server can take over 1 s, and
    // the call would ring the hunt group (the same phone) instead of the desk.
    const kamailio = await startKamailio({ huntGroup: [phone.contact], pinisiTimeoutMs: 5000 });
    cleanups.push(() => kamailio.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-tel-'));
    const db = openDb({ dataDir, databaseUrl: null });
    await migrate(db.kysely);
    await seedIfEmpty(db, bulukumbaSeed(), DEMO_PASSWORD);
    const pinisi = await buildApp(db, {
      cookieSecure: false,
      replayLimit: 10_000,
      tileUrl: null,
      logLevel: 'silent',
      evapi: kamailio.evapi,
      amlSecret: 'rahasia-aml-112',
      dataDir,
    });
    await pinisi.app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(async () => {
      await pinisi.app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    await pinisi.telephony.client!.waitConnected();
    const { port } = pinisi.app.server.address() as AddressInfo;
    return { pinisi, url: `http://127.0.0.1:${port}`, kamailio, phone };
  }

  it('shows the ringing call before answer, records who answered, and attaches an AML location', async () => {
    const { url, kamailio, phone } = await start();
    const operator = await Client.login(url, 'operator1');
    const me = (await operator.get<{ user: { id: string } }>('/api/me')).body.user;
    const login = await operator.post('/api/telephony/positions/login', {
      positionId: 'meja-1',
      extension: '1001',
      contact: phone.contact,
    });
    expect(login.status, JSON.stringify(login.body)).toBe(200);

    const number = callerNumber(81);
    const call = sippCall(kamailio, 'call.xml', { caller: number }, { holdMs: 500 });
    // Ringing: the call is on the console (normal command path) before anyone answers.
    const registered = await untilAsync('ringing call in the snapshot', async () =>
      (await operator.get<Snapshot>('/api/snapshot')).body.calls.find((c) => c.number === number),
    );
    expect(registered.status).toBe('ringing');
    await until('phone rings', () => phone.events.some((e) => e.type === 'CALL_INCOMING'));

    // AML over HTTPS for the same number, while it rings: attached to the live call.
    const aml = await fetch(`${url}/api/aml`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-aml-secret': 'rahasia-aml-112' },
      body: `v=1&emergency_number=112&source=call&location_latitude=-5.5588&location_longitude=120.1955&location_accuracy=20&location_source=gps&device_number=${number}`,
    });
    expect(aml.status).toBe(200);
    expect(await aml.json()).toEqual({ ok: true });
    const live = (
      await operator.get<{ location: { lat: number; accuracyM: number }; outsideServiceArea: boolean }>(
        `/api/telephony/calls/${registered.id}`,
      )
    ).body;
    expect(live.location).toMatchObject({ lat: -5.5588, accuracyM: 20 });
    expect(live.outsideServiceArea).toBe(false);

    // Broken AML messages get the same answer (the sender learns nothing about calls), and change nothing.
    for (const body of ['', 'location_latitude=abc&location_longitude=&device_number=%ZZ', '&&&=']) {
      const broken = await fetch(`${url}/api/aml?secret=rahasia-aml-112`, { method: 'POST', body });
      expect(broken.status).toBe(200);
      expect(await broken.json()).toEqual({ ok: true });
    }
    // A wrong secret is refused, and discarded.
    const forged = await fetch(`${url}/api/aml?secret=wrong`, {
      method: 'POST',
      body: 'location_latitude=1',
    });
    expect(forged.status).toBe(401);

    phone.command('accept');
    const result = await call;
    expect(result.code, result.output).toBe(0);
    const done = await untilAsync('call ended in the snapshot', async () =>
      (await operator.get<Snapshot>('/api/snapshot')).body.calls.find(
        (c) => c.id === registered.id && c.status === 'ended',
      ),
    );
    expect(done.answeredBy).toBe(me.id);

    // The switch-side times are kept: offered, rang, answered, ended, by whom, where.
    const history = await untilAsync('call in the history', async () =>
      (
        await operator.get<{ calls: Array<Record<string, unknown>> }>('/api/telephony/history?limit=10')
      ).body.calls.find((c) => c.callId === registered.id),
    );
    expect(history).toMatchObject({
      outcome: 'answered',
      answeredBy: me.id,
      positionId: 'meja-1',
      endedBy: 'caller',
    });
    const times = history as { offeredAt: number; rangAt: number; answeredAt: number; endedAt: number };
    expect(times.offeredAt).toBeLessThanOrEqual(times.rangAt);
    expect(times.rangAt).toBeLessThanOrEqual(times.answeredAt);
    expect(times.answeredAt).toBeLessThanOrEqual(times.endedAt);
  });

  it('keeps an AML SMS that arrives before its call, attaches it when the call comes, and flags it out of area', async () => {
    const { url, kamailio, phone } = await start();
    const operator = await Client.login(url, 'operator1');
    await operator.post('/api/telephony/positions/login', {
      positionId: 'meja-2',
      extension: '1001',
      contact: phone.contact,
    });
    const number = callerNumber(71);
    // Google's published ELS SMS example (a location in London), as forwarded by the SMS gateway.
    const sms = await fetch(`${url}/api/aml/sms?secret=rahasia-aml-112`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        from: number,
        text: 'A"ML=1;lt=+51.53321;lg=-0.12601;rd=14;top=20220131171748;lc=68;pm=W;si=234159000000000;ei=123456789012345;mcc=234;mnc=15;ml=126',
      }),
    });
    expect(sms.status).toBe(200);
    expect(await sms.json()).toEqual({ ok: true });
    const call = sippCall(kamailio, 'call.xml', { caller: number }, { holdMs: 300 });
    const live = await untilAsync('call with its kept location', async () =>
      (
        await operator.get<{
          calls: Array<{ number: string; location: { lat: number } | null; outsideServiceArea: boolean }>;
        }>('/api/telephony/calls')
      ).body.calls.find((c) => c.number === number && c.location !== null),
    );
    expect(live.location).toMatchObject({ lat: 51.53321, accuracyM: 14, source: 'aml-sms' });
    expect(live.outsideServiceArea).toBe(true);
    await until('phone rings', () => phone.events.some((e) => e.type === 'CALL_INCOMING'));
    phone.command('accept');
    expect((await call).code).toBe(0);
  });

  it('lets the supervisor see the queue and block a number with a reason; blocks are recorded', async () => {
    const { url, kamailio } = await start();
    const supervisor = await Client.login(url, 'koordinator');
    const operator = await Client.login(url, 'operator1');
    const call = sippCall(kamailio, 'cancel.xml', { caller: callerNumber(91) }, { holdMs: 2000 });
    type Queue = {
      stats: { length: number; oldestWaitMs: number | null };
      waiting: Array<{ number: string }>;
    };
    const queue = await untilAsync('caller waiting in the queue', async () => {
      const body = (await supervisor.get<Queue>('/api/telephony/queue')).body;
      return body.stats.length === 1 ? body : null;
    });
    expect(queue.waiting.map((w) => w.number)).toEqual([callerNumber(91)]);
    expect(queue.stats.oldestWaitMs).toBeGreaterThanOrEqual(0);
    expect((await call).code).toBe(0);
    // The CANCEL reaches the log a moment after SIPp is done: wait for the callback entry, not for SIPp.
    const callbacks = await untilAsync('caller on the callback list', async () => {
      const body = (await supervisor.get<{ callbacks: Array<{ number: string }> }>('/api/telephony/queue'))
        .body;
      return body.callbacks.length > 0 ? body.callbacks : null;
    });
    expect(callbacks.map((c) => c.number)).toEqual([callerNumber(91)]);

    expect(
      (await operator.post('/api/telephony/blocks', { number: '0811', minutes: 60, reason: 'prank' })).status,
    ).toBe(403);
    const blocked = await supervisor.post('/api/telephony/blocks', {
      number: callerNumber(91),
      minutes: 60,
      reason: 'five prank calls today',
    });
    expect(blocked.status, JSON.stringify(blocked.body)).toBe(200);
    const unblocked = await supervisor.post('/api/telephony/blocks/unblock', {
      number: callerNumber(91),
      reason: 'mother called: it was her child',
    });
    expect(unblocked.status).toBe(200);
    const blocks = await supervisor.get<{ records: Array<{ action: string; reason: string }> }>(
      '/api/telephony/blocks',
    );
    expect(blocks.body.records.map((r) => [r.action, r.reason])).toEqual([
      ['block', 'five prank calls today'],
      ['unblock', 'mother called: it was her child'],
    ]);
  });
});
