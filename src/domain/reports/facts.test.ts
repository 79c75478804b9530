// The aggregates kept batch by batch (facts after − before) equal those recomputed from the log, on random days.

import { describe, expect, it } from 'vitest';
import type { Command } from '../commands.ts';
import { decide } from '../decide.ts';
import { adopt, draftOf } from '../draft.ts';
import { DomainError } from '../errors.ts';
import type { DomainEvent } from '../events.ts';
import { apply, noneTouched, type State } from '../state.ts';
import {
  AGENCIES,
  callTaker,
  DESA_BONTORAJA,
  dispatcher,
  houseFire,
  KEC_GANTARANG,
  liaison,
  makeState,
  system,
  T0,
} from '../test-fixtures.ts';
import type { Actor } from '../types.ts';
import { DEFAULT_REPORT_CLOCK } from './clock.ts';
import { batchDelta, binOf, eventFacts, type Fact, FactReplay, FactSum, factKey, HOUR_MS } from './facts.ts';
import { localDay, rollUp, sliceUp } from './rollup.ts';
import { matches, summarize } from './summary.ts';

const DAY_MS = 24 * HOUR_MS;

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sorted = (facts: Fact[]) =>
  [...facts].sort((a, b) => (factKey(a) < factKey(b) ? -1 : factKey(a) > factKey(b) ? 1 : 0));

/** A random command that may or may not be accepted, with its actor. */
function randomCommand(
  state: State,
  pick: <T>(list: readonly T[]) => T | undefined,
): [Command, Actor] | null {
  const calls = [...state.calls.values()];
  const incidents = [...state.incidents.values()];
  const assignments = [...state.assignments.values()];
  const units = [...state.units.values()];
  const ringing = pick(calls.filter((c) => c.status === 'ringing'));
  const answered = pick(calls.filter((c) => c.status === 'answered' && c.incidentId === null));
  const incident = pick(incidents);
  const assignment = pick(assignments);
  const acknowledged = pick(assignments.filter((a) => a.status === 'acknowledged'));
  const free = acknowledged
    ? pick(units.filter((u) => u.agencyId === acknowledged.agencyId && u.status === 'available'))
    : undefined;
  const busy = pick(units.filter((u) => u.assignmentId !== null));
  const options: ([Command, Actor] | null)[] = [
    [{ type: 'call.register', payload: { channel: pick(['voice', 'sms', 'app'])!, number: '0812' } }, system],
    ringing ? [{ type: 'call.answer', payload: { callId: ringing.id } }, callTaker] : null,
    ringing ? [{ type: 'call.end', payload: { callId: ringing.id } }, system] : null,
    answered
      ? [
          { type: 'call.classify', payload: { callId: answered.id, callType: pick(['prank', 'ghost'])! } },
          callTaker,
        ]
      : null,
    answered ? [{ type: 'incident.create', payload: houseFire(answered.id) }, callTaker] : null,
    answered ? [{ type: 'call.end', payload: { callId: answered.id } }, callTaker] : null,
    incident ? [{ type: 'incident.forward', payload: { incidentId: incident.id } }, callTaker] : null,
    incident
      ? [
          {
            type: 'incident.amend',
            payload: {
              incidentId: incident.id,
              category: 'gawat_darurat_medis',
              priority: 2,
              location: { kecamatan: KEC_GANTARANG, desa: DESA_BONTORAJA },
            },
          },
          callTaker,
        ]
      : null,
    incident
      ? [
          {
            type: 'incident.request_agencies',
            payload: { incidentId: incident.id, agencies: [pick(AGENCIES)!] },
          },
          dispatcher,
        ]
      : null,
    incident
      ? [{ type: 'incident.close', payload: { incidentId: incident.id, force: true } }, dispatcher]
      : null,
    assignment
      ? [
          { type: 'assignment.acknowledge', payload: { assignmentId: assignment.id } },
          liaison(assignment.agencyId),
        ]
      : null,
    assignment
      ? [
          { type: 'assignment.decline', payload: { assignmentId: assignment.id, reason: 'Tidak ada unit' } },
          liaison(assignment.agencyId),
        ]
      : null,
    acknowledged && free
      ? [
          { type: 'assignment.assign_unit', payload: { assignmentId: acknowledged.id, unitId: free.id } },
          liaison(acknowledged.agencyId),
        ]
      : null,
    busy
      ? [
          { type: 'unit.set_status', payload: { unitId: busy.id, status: pick(['en_route', 'on_scene'])! } },
          liaison(busy.agencyId),
        ]
      : null,
    assignment
      ? [
          {
            type: 'assignment.complete',
            payload: { assignmentId: assignment.id, outcome: { dead: 1, injured: 3, report: 'Selesai' } },
          },
          liaison(assignment.agencyId),
        ]
      : null,
  ];
  return pick(options.filter((o) => o !== null)) ?? null;
}

describe('report facts', () => {
  it('bins durations by their upper bound in seconds', () => {
    expect([0, 5_000, 5_001, 15_000, 20_000, 59_999, 3_600_000, 3_600_001].map(binOf)).toEqual([
      '5',
      '5',
      '10',
      '15',
      '20',
      '60',
      '3600',
      '+',
    ]);
  });

  /** Agencies that reported casualties on the random days (some days have none). */
  let outcomes = 0;

  it.each([1, 2, 3, 4, 5])('kept in batches, they equal the replay of the log (seed %i)', (seed) => {
    const next = random(seed);
    const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(next() * list.length)];
    const state = makeState();
    const log: DomainEvent[] = [];
    const kept = new FactSum();
    let now = T0;
    let id = 0;
    for (let b = 0; b < 150; b++) {
      // A batch of up to four commands decided on one draft, as the engine does.
      const draft = draftOf(state);
      const touched = noneTouched();
      const own: Fact[] = [];
      const size = 1 + Math.floor(next() * 4);
      for (let i = 0; i < size; i++) {
        const chosen = randomCommand(draft, pick);
        if (!chosen) continue;
        now += Math.floor(next() * 40_000);
        try {
          const { events } = decide(draft, chosen[0], { now, actor: chosen[1], newId: () => `x${++id}` });
          for (const event of events) {
            own.push(...eventFacts(draft, event));
            apply(draft, event, touched);
            log.push(event);
          }
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }
      kept.add(batchDelta(state, draft, touched, own));
      adopt(state, draft);
    }
    const replay = new FactReplay(makeState());
    for (const event of log) replay.push(event);
    const expected = replay.facts();
    const metrics = new Set(expected.map((f) => f.metric));
    for (const m of ['answer', 'abandoned', 'processing', 'request', 'ack', 'decline'])
      expect(metrics).toContain(m);
    expect(sorted(kept.facts())).toEqual(sorted(expected));
    // A report of whole days reads the same figures from the daily slices as from the daily rows.
    const days = {
      from: localDay(T0, 480),
      to: localDay(now, 480) + 3 * DAY_MS,
      tzOffsetMinutes: 480,
      shiftStarts: [7, 19],
    };
    const daily = rollUp(expected, DEFAULT_REPORT_CLOCK);
    const options = { ...days, staff: true, granularity: 'day' as const };
    // The slices carry the agency alone: an agency's requests by kind and kecamatan are read from the daily rows.
    const whole = summarize(daily, options);
    expect(summarize(sliceUp(daily), { ...options, sliced: true })).toEqual({
      ...whole,
      agencies: whole.agencies.map((a) => ({ ...a, byCategory: null, byKecamatan: null })),
    });
    // An agency's report (its rows of the day) gives its requests by their incident's kind and kecamatan, and the
    // casualties it reported, as a count of the assignments the state ends with does.
    type Own = { byCategory: Record<string, number>; byKecamatan: Record<string, number> };
    const counted = new Map<string, Own & { dead: number; injured: number }>();
    for (const a of state.assignments.values()) {
      const incident = state.incidents.get(a.incidentId)!;
      const own = counted.get(a.agencyId) ?? { byCategory: {}, byKecamatan: {}, dead: 0, injured: 0 };
      counted.set(a.agencyId, own);
      own.dead += a.outcome?.dead ?? 0;
      own.injured += a.outcome?.injured ?? 0;
      own.byCategory[incident.category] = (own.byCategory[incident.category] ?? 0) + 1;
      const kecamatan = incident.location.kecamatan;
      own.byKecamatan[kecamatan] = (own.byKecamatan[kecamatan] ?? 0) + 1;
    }
    expect(counted.size).toBeGreaterThan(0);
    outcomes += [...counted.values()].filter((own) => own.injured > 0).length;
    for (const [agency, own] of counted) {
      const report = summarize(
        daily.filter((f) => matches(f, { agency })),
        options,
      );
      expect(report.agencies).toEqual([expect.objectContaining({ agency, ...own })]);
    }
  });

  it('met agencies reporting casualties on those days', () => {
    expect(outcomes).toBeGreaterThan(0);
  });
});
