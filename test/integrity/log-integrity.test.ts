// Tampering with the database is detected: verify-log catches changed, deleted and reordered events (the last ones
// too, through the head record) and, with --state, state rows the log does not account for; start-up refuses a
// broken chain unless told to serve read-only.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { bulukumbaSeed } from '../../src/seed/bulukumba.ts';
import { type Db, openDb } from '../../src/store/db.ts';
import { chainHash } from '../../src/store/hash-chain.ts';
import { verifyLogFrom } from '../../src/store/log-head.ts';
import type { DatabaseSchema } from '../../src/store/schema.ts';
import { stateBeforeLog, verifyState } from '../../src/store/verify-state.ts';
import { accepted, expectError, forwardedIncident, ujungBulu } from '../api/helpers.ts';
import { pinisiArgs } from '../support/cli.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';

/** The state before the first event, as `verify-log --state` takes it: the map; the rest comes from the log. */
async function seeded(running: Running) {
  return stateBeforeLog(await running.store.loadReference());
}

/** What someone with write access might do to hide a change: recompute every hash from `from` on. */
async function rewriteChain(db: Kysely<DatabaseSchema>, from: number): Promise<void> {
  const before = await db
    .selectFrom('event_log')
    .select('hash')
    .where('seq', '=', from - 1)
    .executeTakeFirst();
  let prev = before?.hash ?? '0'.repeat(64);
  const rows = await db
    .selectFrom('event_log')
    .select(['seq', 'data'])
    .where('seq', '>=', from)
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    prev = chainHash(prev, Number(row.seq), row.data);
    await db.updateTable('event_log').set({ hash: prev }).where('seq', '=', row.seq).execute();
  }
}

describe.each(DIALECTS)('log integrity on %s', (dialect) => {
  let running: Running;
  let incidentId: string;
  /** Seq of the last event once the fixture ran. */
  let last: number;

  /** A connection of its own, for tampering while Pinisi is stopped. */
  let raw: Db | null = null;

  afterEach(async () => {
    await raw?.close();
    raw = null;
    await running.stop();
  });

  async function start(): Promise<void> {
    running = await startPinisi(dialect);
    const operator = await Client.login(running.url, 'operator1');
    ({ incidentId } = await forwardedIncident(operator, await ujungBulu(operator)));
    await forwardedIncident(operator, await ujungBulu(operator), { description: 'Kebakaran gudang' });
    last = running.engine.seq;
    expect(last).toBeGreaterThanOrEqual(10);
  }

  const db = () => {
    raw ??= openDb(running.database);
    return raw.kysely;
  };
  const eventAt = (seq: number) =>
    db().selectFrom('event_log').select(['data', 'hash']).where('seq', '=', seq).executeTakeFirstOrThrow();

  const rechain = (from: number) => rewriteChain(db(), from);

  it('verifies an untouched log and state tables', async () => {
    await start();
    expect(await running.store.verifyLog()).toEqual({
      ok: true,
      count: last,
      seq: last,
      head: (await eventAt(last)).hash,
    });
    expect(await verifyState(db(), await seeded(running))).toMatchObject({ ok: true, events: last });
  });

  it('catches a deleted last event, even though what is left chains up', async () => {
    await start();
    await db().deleteFrom('event_log').where('seq', '=', last).execute();
    expect(await running.store.verifyLog()).toMatchObject({
      ok: false,
      seq: last,
      reason: expect.stringMatching(/missing/),
    });
  });

  it('catches an edited middle event, also when every hash after it was recomputed', async () => {
    await start();
    const middle = Math.floor(last / 2);
    const event = await eventAt(middle);
    await db()
      .updateTable('event_log')
      .set({ data: event.data.replace(/"at":\d+/, '"at":1') })
      .where('seq', '=', middle)
      .execute();
    expect(await running.store.verifyLog()).toMatchObject({ ok: false, seq: middle });
    await rechain(middle);
    // The chain is whole again, but its end is not the head the commits recorded.
    expect(await running.store.verifyLog()).toMatchObject({
      ok: false,
      seq: last,
      reason: expect.stringMatching(/head record/),
    });
  });

  it('catches two events swapped', async () => {
    await start();
    const [a, b] = [await eventAt(3), await eventAt(4)];
    await db().updateTable('event_log').set({ data: b.data, hash: b.hash }).where('seq', '=', 3).execute();
    await db().updateTable('event_log').set({ data: a.data, hash: a.hash }).where('seq', '=', 4).execute();
    expect(await running.store.verifyLog()).toMatchObject({ ok: false, seq: 3 });
  });

  it('names the first state row the log does not account for (--state)', async () => {
    await start();
    const row = await db()
      .selectFrom('incidents')
      .select(['doc', 'status'])
      .where('id', '=', incidentId)
      .executeTakeFirstOrThrow();
    const doc = JSON.parse(row.doc) as { priority: number };
    await db()
      .updateTable('incidents')
      .set({ doc: JSON.stringify({ ...doc, priority: 4 }) })
      .where('id', '=', incidentId)
      .execute();
    // The chain itself is intact: only the rebuild from the log sees the edit.
    expect(await running.store.verifyLog()).toMatchObject({ ok: true });
    expect(await verifyState(db(), await seeded(running))).toEqual({
      ok: false,
      table: 'incidents',
      id: incidentId,
      reason: 'priority is 4 in the row, 1 by the log',
    });
    await db()
      .updateTable('incidents')
      .set({ doc: row.doc, status: 'closed' })
      .where('id', '=', incidentId)
      .execute();
    expect(await verifyState(db(), await seeded(running))).toMatchObject({
      ok: false,
      id: incidentId,
      reason: expect.stringMatching(/column status is "closed"/),
    });
    await db().updateTable('incidents').set({ status: row.status }).where('id', '=', incidentId).execute();
    expect(await verifyState(db(), await seeded(running))).toMatchObject({ ok: true });
    await db().deleteFrom('units').where('id', '=', bulukumbaSeed().units[0]!.id).execute();
    expect(await verifyState(db(), await seeded(running))).toMatchObject({
      ok: false,
      table: 'units',
      reason: 'the log created it but its row is missing',
    });
  });

  it('finds an edited account, agency, station, tracker or SOP row (--state)', async () => {
    await start();
    const admin = await Client.login(running.url, 'admin');
    await accepted(admin, 'device.register', { deviceId: 'trk-7', unitId: 'damkar-01' });
    const check = () => verifyState(db(), stateBeforeLog(running.engine.state.ref));
    expect(await check()).toMatchObject({ ok: true });
    const user = [...running.engine.state.users.values()].find((u) => u.username === 'operator1')!;
    const edits: [string, () => Promise<unknown>, () => Promise<unknown>, object][] = [
      [
        'a user made supervisor',
        () => db().updateTable('users').set({ role: 'supervisor' }).where('id', '=', user.id).execute(),
        () => db().updateTable('users').set({ role: 'call_taker' }).where('id', '=', user.id).execute(),
        { table: 'users', id: user.id, reason: 'role is "supervisor" in the row, "call_taker" by the log' },
      ],
      [
        'an agency renamed',
        () => db().updateTable('agencies').set({ name: 'Palsu' }).where('id', '=', 'damkar').execute(),
        () =>
          db()
            .updateTable('agencies')
            .set({ name: running.engine.state.ref.agencies.get('damkar')!.name })
            .where('id', '=', 'damkar')
            .execute(),
        { table: 'agencies', id: 'damkar', reason: expect.stringMatching(/^name is "Palsu" in the row/) },
      ],
      [
        'a station added',
        () =>
          db()
            .insertInto('stations')
            .values({
              id: 'pos-palsu',
              agency_id: 'damkar',
              name: 'Pos',
              kecamatan: '73.02.02',
              lat: 0,
              lon: 0,
            })
            .execute(),
        () => db().deleteFrom('stations').where('id', '=', 'pos-palsu').execute(),
        { table: 'stations', id: 'pos-palsu', reason: 'no event in the log created it' },
      ],
      [
        'a tracker moved to another unit',
        () => db().updateTable('devices').set({ unit_id: 'damkar-02' }).where('id', '=', 'trk-7').execute(),
        () => db().updateTable('devices').set({ unit_id: 'damkar-01' }).where('id', '=', 'trk-7').execute(),
        { table: 'devices', id: 'trk-7', reason: 'unitId is "damkar-02" in the row, "damkar-01" by the log' },
      ],
      [
        'an SOP version deleted',
        () => db().deleteFrom('sop_versions').where('version', '=', 1).execute(),
        async () => {},
        { table: 'sop_versions', id: '1', reason: 'the log created it but its row is missing' },
      ],
    ];
    for (const [what, edit, undo, found] of edits) {
      await edit();
      expect(await check(), what).toEqual({ ok: false, ...found });
      await undo();
    }
  });

  it('refuses to start on a broken chain, naming the seq, and serves read-only when told to', async () => {
    await start();
    await running.close();
    await db().deleteFrom('event_log').where('seq', '=', last).execute();
    await expect(startPinisi(dialect, { database: running.database })).rejects.toThrow(
      new RegExp(`broken at seq ${last}: missing.*PINISI_READ_ONLY=true`),
    );
    running = await startPinisi(dialect, { database: running.database, config: { readOnly: true } });
    const operator = await Client.login(running.url, 'operator1');
    const snapshot = await operator.get<{ seq: number; incidents: { id: string }[] }>('/api/snapshot');
    expect(snapshot.status).toBe(200);
    expect(snapshot.body.incidents).toHaveLength(2);
    const refused = await operator.command('call.register', { channel: 'voice', number: '081234567890' });
    const error = expectError(refused, 503);
    expect(error).toMatchObject({ kind: 'unavailable', code: 'log.read_only' });
    expect(error.message).toMatch(new RegExp(`broken at seq ${last}.*read-only`));
    // Writes outside commands are refused too.
    const incident = snapshot.body.incidents[0]!.id;
    const triage = await operator.request('PUT', `/api/incidents/${incident}/triage`, { answers: {} });
    expect(expectError(triage, 503).code).toBe('log.read_only');
    expect((await operator.get(`/api/incidents/${incident}/timeline`)).status).toBe(200);
  });

  it('checks at start-up only what came since the last start, plus the head record', async () => {
    await start();
    await running.close();
    // Each start records the last link it verified: the first one, on a log that holds the seed's event only, that …
    const checkpoint = () =>
      db().selectFrom('meta').select('value').where('key', '=', 'chain.verified').executeTakeFirstOrThrow();
    expect(JSON.parse((await checkpoint()).value)).toEqual({ seq: 1, hash: (await eventAt(1)).hash });
    running = await startPinisi(dialect, { database: running.database });
    await running.close();
    expect(JSON.parse((await checkpoint()).value)).toEqual({ seq: last, hash: (await eventAt(last)).hash });
    // … so a later edit before that point is left to verify-log …
    await db()
      .updateTable('event_log')
      .set({ data: (await eventAt(2)).data.replace(/"at":\d+/, '"at":1') })
      .where('seq', '=', 2)
      .execute();
    running = await startPinisi(dialect, { database: running.database });
    await running.close();
    expect(await verifyLogFrom(db())).toMatchObject({ ok: false, seq: 2 });
    // … but the link it last verified is checked again, so rewriting history up to the head stops the start.
    await rechain(2);
    await expect(startPinisi(dialect, { database: running.database })).rejects.toThrow(
      new RegExp(`broken at seq ${last}: changed since it was last verified`),
    );
    // Stop the test's server for afterEach: start one read-only on the broken log.
    running = await startPinisi(dialect, { database: running.database, config: { readOnly: true } });
  });
});

describe('pinisi verify-log', () => {
  let running: Running;
  afterEach(() => running.database.drop());

  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, pinisiArgs('verify-log', ...args), {
      env: { ...process.env, PINISI_DATA_DIR: running.database.dataDir, DATABASE_URL: '' },
    }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('says what it checked, and exits 2 naming the row when --state finds an edited one', async () => {
    running = await startPinisi('sqlite');
    const operator = await Client.login(running.url, 'operator1');
    const { incidentId } = await forwardedIncident(operator, await ujungBulu(operator));
    await running.close();
    const good = await run('--state');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/Event log intact: \d+ events, head seq \d+/);
    expect(good.stdout).toMatch(/State tables match the log: \d+ rows rebuilt from \d+ events/);
    const raw = openDb(running.database);
    await sql`UPDATE incidents SET doc = replace(doc, 'Rumah terbakar', 'Rumah aman') WHERE id = ${incidentId}`.execute(
      raw.kysely,
    );
    const bad = await run('--state');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `State table incidents DIFFERS from the log at ${incidentId}: description is`,
    );
    expect((await run()).code).toBe(0);

    // A head exported earlier tells a log rewritten by someone who recomputed every hash and the head record.
    const [, seq, hash] = /head seq (\d+) hash ([0-9a-f]{64})/.exec(good.stdout)!;
    expect((await run('--head', `${seq}:${hash}`)).stdout).toMatch(`continues the exported head seq ${seq}`);
    const event = await raw.kysely
      .selectFrom('event_log')
      .select('data')
      .where('seq', '=', 2)
      .executeTakeFirstOrThrow();
    await raw.kysely
      .updateTable('event_log')
      .set({ data: event.data.replace(/"at":\d+/, '"at":1') })
      .where('seq', '=', 2)
      .execute();
    await rewriteChain(raw.kysely, 2);
    const top = await raw.kysely
      .selectFrom('event_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    await raw.kysely.updateTable('log_head').set({ seq: top.seq, hash: top.hash }).execute();
    await raw.close();
    expect((await run()).code).toBe(0);
    const rewritten = await run('--head', `${seq}:${hash}`);
    expect(rewritten.code).toBe(2);
    expect(rewritten.stderr).toContain(`REWRITTEN: seq ${seq} no longer has the exported hash`);
    expect((await run('--head', 'latest')).code).toBe(64);
  }, 240_000); // seven runs of the CLI, each a process of its own: slow on a loaded machine
});
