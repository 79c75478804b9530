// A big history for the scale bench and the growth tests: calls through the switch, incidents from report to close, and a set left open,
// decided by Pinisi's own `decide`, chained by `sealEvents` and written by the engine's store transaction.
import type { Command } from '../../src/domain/commands.ts';
import { decide } from '../../src/domain/decide.ts';
import { apply, forgetEnded, noneTouched, RECENT_WINDOW_MS, subjectOf } from '../../src/domain/state.ts';
import type { Actor } from '../../src/domain/types.ts';
import { bulukumbaSeed } from '../../src/seed/bulukumba.ts';
import { seedIfEmpty } from '../../src/server/reference.ts';
import { timeOrderedIds } from '../../src/server/time-ordered-id.ts';
import type { Db } from '../../src/store/db.ts';
import { EventStore, type IdempotentRecord, sealEvents } from '../../src/store/event-store.ts';
import { recordVerified } from '../../src/store/log-head.ts';
import { migrate } from '../../src/store/migrations.ts';
import type { PersonalKeyRow } from '../../src/store/personal-keys.ts';
import type { EventLogTable } from '../../src/store/schema.ts';
import { DEMO_PASSWORD, demoHasher } from './databases.ts';

export interface HistorySize {
  /** Calls through the switch (offered, answered, hung up). */
  calls: number;
  /** Of those, the calls that became an incident reported, dispatched, done and closed. */
  incidents: number;
  /** Incidents reported in the last half hour and still open (half of them dispatched, unacknowledged). */
  open: number;
  /** Time between two calls (15 s unless given); the history ends now, so its last day is the live window. */
  callEveryMs?: number;
}

/** `1M`, `200k` or `5000` as a number. */
function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`Not a count: ${text} (e.g. 1M, 200k, 5000)`);
  const unit = { '': 1, k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[m[2]!]!;
  return Math.round(Number(m[1]) * unit);
}

/** BENCH_HISTORY=calls[/incidents[/open]], e.g. `1M/200k/500`; incidents default to a fifth, open to 500. */
export function parseHistorySize(text: string): HistorySize {
  const [calls, incidents, open] = text.split('/');
  const c = parseCount(calls!);
  return {
    calls: c,
    incidents: incidents ? parseCount(incidents) : Math.round(c / 5),
    open: open ? parseCount(open) : 500,
  };
}

const COMMANDS_PER_TRANSACTION = 2000;
/**
 * A transaction covers at most this much of the history: its state rows carry its last seq, as the engine's do, and
 * start-up reads the rows changed within the live window by that seq.
 */
const TRANSACTION_SPAN_MS = 3_600_000;
const POSITION = { positionId: 'bench-1', extension: '1001', contact: 'sip:1001@127.0.0.1:5099' };

/** Seeds an empty database and writes the history into it; returns the events written. */
export async function generateHistory(
  db: Db,
  size: HistorySize,
  progress: (line: string) => void = () => {},
): Promise<number> {
  await migrate(db.kysely);
  await seedIfEmpty(db, bulukumbaSeed(), DEMO_PASSWORD, demoHasher());
  const store = new EventStore(db);
  let { state, head } = await store.loadState();
  const users = await db.kysely.selectFrom('users').select(['id', 'username', 'role', 'agency_id']).execute();
  const actor = (username: string): Actor => {
    const u = users.find((x) => x.username === username)!;
    return { userId: u.id, role: u.role as Actor['role'], agencyId: u.agency_id };
  };
  const callTaker = actor('operator1');
  const dispatcher = actor('pengarah1');
  const system: Actor = { userId: 'system:telephony', role: 'system', agencyId: null };
  const category = state.ref.categories.get('kebakaran_bangunan')!;
  const agencyId = category.agencies[0]!;
  const agency = actor(`opd-${agencyId}`);
  const kecamatan = [...state.ref.kecamatan.keys()];

  const end = Date.now();
  const every = size.callEveryMs ?? 15_000;
  let now = end - (size.calls + 2) * every;
  const clock = () => now;
  const newId = timeOrderedIds(clock);
  const acd = { wrapUpMs: 0 };
  let written = 0;
  /** Decides, seals and applies one command at once, queuing its rows for the next transaction. */
  const queued = {
    touched: noneTouched(),
    rows: [] as EventLogTable[],
    keys: [] as PersonalKeyRow[],
    records: [] as IdempotentRecord[],
  };
  let inTransaction = 0;
  let transactionFrom = now;
  const decideNow = async (command: Command, by: Actor): Promise<Record<string, unknown>> => {
    const decision = decide(state, command, { now, actor: by, newId, acd });
    const sealed = sealEvents(decision.events, head, (event) => subjectOf(state, event));
    for (const event of sealed.stored) apply(state, event, queued.touched);
    head = sealed.head;
    state.seq = head.seq;
    queued.rows.push(...sealed.rows);
    queued.keys.push(...sealed.keys);
    queued.records.push({
      key: newId(),
      userId: by.userId,
      command: `${command.type}#bench`,
      response: JSON.stringify({ ok: true, seq: head.seq, result: decision.result }),
    });
    if (++inTransaction >= COMMANDS_PER_TRANSACTION || now - transactionFrom > TRANSACTION_SPAN_MS)
      await commit();
    return decision.result;
  };
  const commit = async () => {
    if (queued.rows.length === 0) return;
    const { touched, rows, keys, records } = queued;
    queued.touched = noneTouched();
    queued.rows = [];
    queued.keys = [];
    queued.records = [];
    inTransaction = 0;
    transactionFrom = now;
    await store.transaction(async (tx) => {
      await tx.insertEvents(rows);
      await tx.saveHead(head);
      await tx.saveKeys(keys);
      await tx.saveEntities(state, touched);
      await tx.saveIdempotent(records, now);
    });
    written += rows.length;
    forgetEnded(state, now - RECENT_WINDOW_MS);
  };
  const cmd = <T extends Command['type']>(type: T, payload: Extract<Command, { type: T }>['payload']) =>
    ({ type, payload }) as Command;

  await decideNow(cmd('telephony.sign_in', POSITION), callTaker);
  const incidentEvery = size.incidents > 0 ? size.calls / size.incidents : Number.POSITIVE_INFINITY;
  let nextIncident = 0;
  const started = performance.now();
  for (let i = 0; i < size.calls; i++) {
    now += Math.max(0, every - 9000);
    const sipCallId = `bench-${i}@switch`;
    const number = `0813${String(10_000_000 + ((i * 7919) % 90_000_000)).padStart(8, '0')}`;
    const offer = await decideNow(
      cmd('telephony.offer', {
        sipCallId,
        number,
        fromTag: 'caller',
        location: null,
        outsideServiceArea: null,
        locationError: null,
      }),
      system,
    );
    now += 2000;
    await decideNow(cmd('telephony.answer', { sipCallId, contact: POSITION.contact }), system);
    if (i >= nextIncident) {
      nextIncident += incidentEvery;
      const created = await decideNow(
        cmd('incident.create', {
          callId: offer.callId as string,
          category: category.code,
          location: { kecamatan: kecamatan[i % kecamatan.length]!, address: `Jl. Bench ${i}` },
          description: 'Rumah terbakar (bench history)',
          priority: 2,
        }),
        callTaker,
      );
      const incidentId = created.incidentId as string;
      now += 1000;
      await decideNow(cmd('incident.forward', { incidentId }), callTaker);
      const requested = await decideNow(
        cmd('incident.request_agencies', { incidentId, agencies: [agencyId] }),
        dispatcher,
      );
      const assignmentId = (requested.assignmentIds as string[])[0]!;
      now += 1000;
      await decideNow(cmd('assignment.acknowledge', { assignmentId }), agency);
      now += 3000;
      await decideNow(
        cmd('assignment.complete', {
          assignmentId,
          outcome: { dead: 0, injured: 0, report: 'Api padam (bench)' },
        }),
        agency,
      );
      await decideNow(cmd('incident.close', { incidentId }), dispatcher);
    }
    now += 1000;
    await decideNow(cmd('telephony.hang_up', { sipCallId, fromTag: 'caller' }), system);
    if ((i + 1) % 50_000 === 0) {
      const rate = (i + 1) / ((performance.now() - started) / 1000);
      progress(`  ${i + 1} calls, ${written} events written (${rate.toFixed(0)} calls/s)`);
    }
  }
  // A disaster day: the open incidents of the last half hour, half of them waiting for their agency.
  now = Math.max(now, end - 1_800_000);
  for (let i = 0; i < size.open; i++) {
    now += Math.floor(1_800_000 / Math.max(1, size.open));
    const created = await decideNow(
      cmd('incident.create', {
        category: category.code,
        location: { kecamatan: kecamatan[i % kecamatan.length]!, address: `Jl. Terbuka ${i}` },
        description: 'Banjir (bench, open)',
        priority: 2,
      }),
      callTaker,
    );
    const incidentId = created.incidentId as string;
    if (i % 2 === 0) {
      await decideNow(cmd('incident.forward', { incidentId }), callTaker);
      await decideNow(cmd('incident.request_agencies', { incidentId, agencies: [agencyId] }), dispatcher);
    }
  }
  await commit();
  // Every event was sealed here, link by link, so the head is a verified link: the first start checks the chain from
  // there instead of re-hashing the whole generated history (the whole check stays in `pinisi verify-log`).
  await recordVerified(db.kysely, head);
  return written;
}
