// Retention of junk calls' personal data (UU PDP): numbers and locations are sealed in the log under keys kept
// apart; after the retention period the worker erases them, and the chain, the state check and a restart still pass.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/types.ts';
import type { Engine } from '../../src/server/engine.ts';
import { type Db, openDb } from '../../src/store/db.ts';
import { stateBeforeLog, verifyState } from '../../src/store/verify-state.ts';
import { accepted } from '../api/helpers.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';

const SWITCH: Actor = { userId: 'system:telephony', role: 'system', agencyId: null };
const DAY = 86_400_000;
/** Junk: a prank by hand, a ghost call through the switch whose AML location came first. Kept: an information call. */
const PRANK = '081234500001';
const INFO = '081234500002';
const GHOST = '081234500003';
const GHOST_LAT = -5.5612345;
const INFO_LAT = -5.5498765;

const location = (lat: number) => ({
  lat,
  lon: 120.1912345,
  accuracyM: 12,
  confidence: 0.68,
  source: 'aml-http' as const,
  method: 'gps',
  time: null,
});

async function system(engine: Engine, type: string, payload: unknown): Promise<Record<string, unknown>> {
  const outcome = await engine.execute(
    type as 'telephony.offer',
    payload as never,
    SWITCH,
    `${type}-${Math.random()}`,
  );
  if (!outcome.ok) throw new Error(`${type}: ${outcome.error.message}`);
  return outcome.result as Record<string, unknown>;
}

/** Every row of every table as text (the access log and the live checkpoint aside), to look for a value. */
async function everything(db: Db): Promise<string> {
  const tables =
    db.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db.kysely)
      : await sql<{
          name: string;
        }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(db.kysely);
  let text = '';
  for (const { name } of tables.rows) {
    if (name === 'personal_data_reads' || name === 'checkpoints') continue;
    const rows = await sql.raw(`select * from ${name}`).execute(db.kysely);
    text += JSON.stringify(rows.rows);
  }
  return text;
}

describe.each(DIALECTS)('retention of junk calls on %s', (dialect) => {
  let running: Running;
  let raw: Db | null = null;

  afterEach(async () => {
    await raw?.close();
    raw = null;
    await running.stop();
  });

  /** A call by hand, answered, classified and ended; its id. */
  async function handCall(operator: Client, number: string, callType: string): Promise<string> {
    const { result } = await accepted(operator, 'call.register', { channel: 'voice', number });
    const callId = result.callId as string;
    await accepted(operator, 'call.answer', { callId });
    await accepted(operator, 'call.classify', { callId, callType });
    await accepted(operator, 'call.end', { callId });
    return callId;
  }

  /** A call through the switch, with its location given or taken from an AML message that came first. */
  async function switchCall(
    operator: Client,
    sipCallId: string,
    number: string,
    given: ReturnType<typeof location> | null,
    callType: string,
  ): Promise<string> {
    const offer = await system(running.engine, 'telephony.offer', {
      sipCallId,
      number,
      fromTag: 'caller',
      location: given,
      outsideServiceArea: given ? false : null,
      locationError: null,
      civicAddress: given ? 'Jl. Sam Ratulangi 12, Bulukumba' : null,
    });
    const callId = offer.callId as string;
    await accepted(operator, 'call.answer', { callId });
    await accepted(operator, 'call.classify', { callId, callType });
    await accepted(operator, 'call.end', { callId });
    return callId;
  }

  it('keeps numbers and locations out of the log text and erases junk calls after the period, chain intact', async () => {
    running = await startPinisi(dialect, { config: { junkRetentionDays: 30 } });
    raw = openDb(running.database);
    const db = raw;
    const operator = await Client.login(running.url, 'operator1');
    const prank = await handCall(operator, PRANK, 'prank');
    const info = await switchCall(operator, 'info@switch', INFO, location(INFO_LAT), 'information');
    await system(running.engine, 'telephony.locate', {
      number: GHOST,
      location: location(GHOST_LAT),
      outsideServiceArea: false,
    });
    const ghost = await switchCall(operator, 'ghost@switch', GHOST, null, 'ghost');

    // The log's text holds ciphertext only; the numbers and places read back through their keys.
    const log = JSON.stringify(await db.kysely.selectFrom('event_log').select('data').execute());
    for (const secret of [PRANK, INFO, GHOST, String(GHOST_LAT), String(INFO_LAT), 'Sam Ratulangi'])
      expect(log).not.toContain(secret);
    const history = await operator.get<{ number: string | null }>(`/api/calls/${prank}/history`);
    expect(history.body.number).toBe(PRANK);
    const telephony = await running.store.telephonyEvents(['telephony.location_received'], 10);
    expect(telephony.map((e) => (e as { location: { lat: number } }).location.lat)).toEqual([
      INFO_LAT,
      GHOST_LAT,
      GHOST_LAT,
    ]);
    const keysBefore = await db.kysely.selectFrom('personal_keys').selectAll().execute();
    expect(keysBefore.filter((k) => k.call_id === null && k.sip_call_id === null)).toHaveLength(1);

    // Within the period nothing goes; after it, the two junk calls and the early AML location do, in one tick.
    const now = running.engine.now();
    expect(await running.retention.tick(now + 29 * DAY)).toEqual({ calls: 0, early: 0 });
    expect(await running.retention.tick(now + 31 * DAY)).toEqual({ calls: 2, early: 1 });
    expect(await running.retention.tick(now + 31 * DAY)).toEqual({ calls: 0, early: 0 });

    const calls = await db.kysely
      .selectFrom('calls')
      .select(['id', 'number', 'number_key', 'erased_at', 'doc'])
      .execute();
    const row = (id: string) => calls.find((c) => c.id === id)!;
    for (const id of [prank, ghost]) {
      expect(row(id)).toMatchObject({ number: null, number_key: null });
      expect(Number(row(id).erased_at)).toBeGreaterThan(0);
      expect(JSON.parse(row(id).doc)).toMatchObject({ number: null, type: expect.any(String) });
    }
    expect(row(info)).toMatchObject({ number: INFO, erased_at: null });
    const left = await db.kysely.selectFrom('personal_keys').selectAll().execute();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((k) => k.call_id === info || k.sip_call_id === 'info@switch')).toBe(true);

    // Nowhere in the database any more; the call that was not junk is untouched.
    const stored = await everything(db);
    for (const secret of [PRANK, GHOST, String(GHOST_LAT)]) expect(stored).not.toContain(secret);
    expect(stored).toContain(INFO);
    const after = await running.store.telephonyEvents(['telephony.location_received'], 10);
    expect(after.map((e) => (e as { location: { lat: number } | null }).location?.lat ?? null)).toEqual([
      INFO_LAT,
      null,
      null,
    ]);
    expect((await operator.get(`/api/calls/${prank}/history`)).body).toMatchObject({
      number: null,
      calls: [],
    });
    const erased = (await running.store.eventsAfter(0, 10_000)).filter(
      (e) => e.type === 'call.personal_data_erased',
    );
    expect(erased.map((e) => ({ callId: (e as { callId: string }).callId, actor: e.actor }))).toEqual([
      { callId: prank, actor: 'system:retention' },
      { callId: ghost, actor: 'system:retention' },
    ]);

    // verify-log and verify-log --state pass, and a restart serves the erased calls as they are now.
    expect(await running.store.verifyLog()).toMatchObject({ ok: true });
    const check = await verifyState(db.kysely, stateBeforeLog(await running.store.loadReference()));
    expect(check).toMatchObject({ ok: true });
    await running.close();
    await raw.close();
    raw = null;
    running = await startPinisi(dialect, { database: running.database });
    expect(running.engine.state.calls.get(prank)?.number ?? null).toBeNull();
    expect(running.engine.state.calls.get(info)?.number ?? INFO).toBe(INFO);
  });

  it('reports a key that does not open its event, and finds due calls through the partial index', async () => {
    running = await startPinisi(dialect);
    raw = openDb(running.database);
    const db = raw;
    const operator = await Client.login(running.url, 'operator1');
    await handCall(operator, PRANK, 'prank');
    await handCall(operator, INFO, 'information');
    const [first, second] = await db.kysely.selectFrom('personal_keys').selectAll().orderBy('seq').execute();
    // A key moved onto another event does not open it (the ciphertext is bound to its seq).
    await db.kysely
      .updateTable('personal_keys')
      .set({ key: second!.key })
      .where('seq', '=', first!.seq)
      .execute();
    const check = await verifyState(db.kysely, stateBeforeLog(await running.store.loadReference()));
    expect(check).toMatchObject({ ok: false, table: 'personal_keys', id: String(first!.seq) });

    const due = sql`select id from calls where type in ('misdirected', 'ghost', 'prank') and erased_at is null
      and registered_at < 0 order by registered_at limit 100`;
    if (dialect === 'sqlite') {
      const plan = await sql<{ detail: string }>`explain query plan ${due}`.execute(db.kysely);
      expect(plan.rows.map((r) => r.detail).join(' ')).toContain('calls_retention');
    } else {
      await db.kysely.connection().execute(async (c) => {
        await sql`set enable_seqscan = off`.execute(c);
        const plan = await sql<{ 'QUERY PLAN': string }>`explain ${due}`.execute(c);
        expect(plan.rows.map((r) => r['QUERY PLAN']).join(' ')).toContain('calls_retention');
      });
    }
  });
});
