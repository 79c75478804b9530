// The reducer: what each event does to the state, what it reports as touched, and that the log replays to the state.
import { describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { DomainError } from './errors.ts';
import type { DomainEvent } from './events.ts';
import { mayIssue } from './policy.ts';
import {
  apply,
  assignmentsOf,
  callsFrom,
  emptyState,
  forgetEnded,
  isOpenAssignment,
  load,
  noneTouched,
  type State,
} from './state.ts';
import {
  AGENCIES,
  answeredCall,
  callTaker,
  cmd,
  dispatcher,
  houseFire,
  liaison,
  logOf,
  makeReference,
  makeState,
  makeUnits,
  newIncident,
  request,
  run,
  supervisor,
  T0,
  workingIncident,
} from './test-fixtures.ts';
import type { Assignment, Incident } from './types.ts';
import { followsIncident, seesEvent, snapshotFor } from './visibility.ts';

const damkar = liaison('damkar');
const psc = liaison('psc119');
const outcome = { dead: 1, injured: 3, report: 'Satu korban meninggal' };

const ev = (body: Record<string, unknown>, at = T0): DomainEvent =>
  ({ at, actor: 'tester', agencies: [], ...body }) as unknown as DomainEvent;

describe('apply', () => {
  it('replays the log onto the starting state to exactly the live state', () => {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    const [ambulance] = request(state, incidentId, ['psc119']);
    run(
      state,
      cmd('incident.amend', { incidentId, priority: 2, reason: 'Api menjalar', description: 'Api menjalar' }),
      callTaker,
    );
    run(state, cmd('assignment.acknowledge', { assignmentId: ambulance! }), psc);
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-1' }), damkar);
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'en_route' }), damkar);
    run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar);
    run(state, cmd('incident.close', { incidentId, force: true, reason: 'PSC tidak melapor' }), supervisor);
    const replayed = makeState();
    for (const event of logOf(state)) {
      replayed.seq += 1;
      apply(replayed, event);
    }
    expect(replayed).toEqual(state);
    expect(replayed.incidents.get(incidentId)).toMatchObject({ status: 'closed', priority: 2 });
    expect(replayed.assignments.get(ambulance!)?.status).toBe('withdrawn');
  });

  it('reports the rows each event touched', () => {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    const d = run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-2' }), damkar);
    const fresh = makeState();
    load(fresh, { incidents: [...state.incidents.values()], assignments: [...state.assignments.values()] });
    const touched = apply(fresh, d.events[0]!);
    expect(touched.assignments).toEqual(new Set([assignmentId]));
    expect(touched.units).toEqual(new Set(['damkar-2']));
    expect(touched.incidents.size).toBe(0);
    expect(touched.calls.size).toBe(0);
    const ended = run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan palsu' }), dispatcher);
    const t2 = apply(fresh, ended.events[0]!);
    expect(t2.incidents).toEqual(new Set([incidentId]));
    expect(t2.assignments).toEqual(new Set([assignmentId]));
  });

  it('accumulates touched rows across events when given the same set', () => {
    const state = emptyState(makeReference());
    const touched = noneTouched();
    const call = (id: string) => ({
      id,
      channel: 'voice',
      number: null,
      status: 'ringing',
      type: null,
      incidentId: null,
      registeredAt: T0,
      answeredAt: null,
      answeredBy: null,
      classifiedAt: null,
      endedAt: null,
      endedBy: null,
    });
    apply(state, ev({ type: 'call.registered', call: call('c1') }), touched);
    apply(state, ev({ type: 'call.registered', call: call('c2') }), touched);
    apply(state, ev({ type: 'call.answered', callId: 'c1' }, T0 + 5), touched);
    expect(touched.calls).toEqual(new Set(['c1', 'c2']));
    expect(state.calls.get('c1')).toMatchObject({
      status: 'answered',
      answeredAt: T0 + 5,
      answeredBy: 'tester',
    });
  });

  it('ignores events about rows it does not hold, as a partial (agency) state must', () => {
    const state = emptyState(makeReference());
    const bodies = [
      { type: 'call.answered', callId: 'x' },
      { type: 'call.classified', callId: 'x', callType: 'prank' },
      { type: 'call.ended', callId: 'x' },
      { type: 'incident.call_attached', incidentId: 'x', callId: 'y' },
      { type: 'incident.amended', incidentId: 'x', changes: { priority: 1 } },
      { type: 'incident.forwarded', incidentId: 'x' },
      { type: 'assignment.acknowledged', assignmentId: 'x' },
      { type: 'assignment.declined', assignmentId: 'x', reason: 'no' },
      { type: 'assignment.unit_assigned', assignmentId: 'x', unitId: 'y' },
      { type: 'unit.status_changed', unitId: 'x', status: 'available', from: 'en_route' },
      { type: 'assignment.completed', assignmentId: 'x', outcome },
      { type: 'incident.ended', incidentId: 'x', status: 'closed', reason: null, forced: false },
    ];
    for (const body of bodies) {
      const touched = apply(state, ev(body));
      expect(touched, body.type).toEqual(noneTouched());
    }
    expect(state).toEqual(emptyState(makeReference()));
  });

  it('assignment.requested brings the incident along to a state that did not have it', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const d = run(state, cmd('incident.request_agencies', { incidentId, agencies: ['damkar'] }), dispatcher);
    const agencyState = emptyState(makeReference());
    apply(agencyState, d.events[0]!);
    expect(agencyState.incidents.get(incidentId)).toMatchObject({
      status: 'dispatched',
      number: '2026-000001',
    });
    expect(agencyState.incidents.get(incidentId)?.dispatchedAt).toBe(d.events[0]!.at);
    expect([...agencyState.assignments.values()]).toMatchObject([
      { agencyId: 'damkar', status: 'requested' },
    ]);
  });

  it('incident.created marks its calls as emergencies of the incident', () => {
    const state = makeState();
    const { incidentId, callId } = newIncident(state);
    expect(state.calls.get(callId)).toMatchObject({ incidentId, type: 'emergency' });
    expect(state.incidents.get(incidentId)?.callIds).toEqual([callId]);
  });

  it("a unit assignment dispatches the unit to the assignment's incident; standing down frees it", () => {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-1' }), damkar);
    expect(state.units.get('damkar-1')).toMatchObject({ status: 'dispatched', assignmentId, incidentId });
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'en_route' }), damkar);
    expect(state.units.get('damkar-1')).toMatchObject({ status: 'en_route', assignmentId, incidentId });
    run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'out_of_service' }), damkar);
    expect(state.units.get('damkar-1')).toMatchObject({
      status: 'out_of_service',
      assignmentId: null,
      incidentId: null,
    });
    expect(state.assignments.get(assignmentId)?.unitIds).toEqual(['damkar-1']);
  });
});

describe('incident.ended in the reducer', () => {
  function assignment(id: string, incidentId: string, status: Assignment['status']): Assignment {
    return {
      id,
      incidentId,
      agencyId: 'damkar',
      status,
      note: null,
      requestedAt: T0,
      requestedBy: 'pengarah1',
      acknowledgedAt: null,
      declinedReason: null,
      unitIds: [],
      outcome: null,
      doneAt: null,
      updatedAt: T0,
    };
  }

  it('withdraws the open assignments of that incident only, leaving finished ones and other incidents alone', () => {
    const state = makeState();
    const a = newIncident(state).incidentId;
    const b = newIncident(state).incidentId;
    const rows = [
      assignment('a-req', a, 'requested'),
      assignment('a-ack', a, 'acknowledged'),
      assignment('a-done', a, 'done'),
      assignment('a-dec', a, 'declined'),
      assignment('b-req', b, 'requested'),
      assignment('b-ack', b, 'acknowledged'),
    ];
    load(state, { assignments: rows });
    const touched = apply(
      state,
      ev({ type: 'incident.ended', incidentId: a, status: 'closed', reason: 'Paksa', forced: true }, T0 + 99),
    );
    const status = (id: string) => state.assignments.get(id)?.status;
    expect(rows.map((r) => [r.id, status(r.id)])).toEqual([
      ['a-req', 'withdrawn'],
      ['a-ack', 'withdrawn'],
      ['a-done', 'done'],
      ['a-dec', 'declined'],
      ['b-req', 'requested'],
      ['b-ack', 'acknowledged'],
    ]);
    expect(state.assignments.get('a-ack')?.updatedAt).toBe(T0 + 99);
    expect(touched.assignments).toEqual(new Set(['a-req', 'a-ack']));
    expect(state.incidents.get(a)).toMatchObject({
      status: 'closed',
      closedAt: T0 + 99,
      closedBy: 'tester',
      closeReason: 'Paksa',
    } satisfies Partial<Incident>);
    expect(state.incidents.get(b)?.status).toBe('new');
  });

  it('keeps its indexes equal to ones built afresh from the entities, as loading from the store does', () => {
    const state = makeState();
    const { incidentId, assignmentId } = workingIncident(state);
    const second = newIncident(state).incidentId;
    request(state, second, ['psc119', 'polres']);
    run(state, cmd('assignment.complete', { assignmentId, outcome }), damkar);
    run(state, cmd('incident.close', { incidentId }), dispatcher);
    const loaded = emptyState(makeReference());
    load(loaded, {
      calls: [...state.calls.values()],
      incidents: [...state.incidents.values()],
      assignments: [...state.assignments.values()],
      units: [...state.units.values()],
    });
    expect(loaded.index).toEqual(state.index);
    expect([...state.index.openIncidents.keys()]).toEqual([second]);
    expect(assignmentsOf(state, second).map((a) => a.agencyId)).toEqual(['psc119', 'polres']);
    expect(callsFrom(state, '081234567890')).toHaveLength(2);
  });

  it('forgets what ended before the window, with its assignments and handled calls, keeping open work', () => {
    const state = makeState();
    const old = workingIncident(state);
    run(state, cmd('assignment.complete', { assignmentId: old.assignmentId, outcome }), damkar);
    run(state, cmd('incident.close', { incidentId: old.incidentId }), dispatcher);
    run(state, cmd('call.end', { callId: old.callId }), callTaker);
    const junk = answeredCall(state, '081200000001');
    run(state, cmd('call.classify', { callId: junk, callType: 'prank' }), callTaker);
    run(state, cmd('call.end', { callId: junk }), callTaker);
    const cutoff = T0 + 1_000_000;
    const open = newIncident(state);
    request(state, open.incidentId, ['psc119']);
    const recent = newIncident(state).incidentId;
    const ringing = answeredCall(state, '081200000002');
    // Ended after the cutoff: stays.
    const ended = state.incidents.get(recent)!;
    load(state, {
      incidents: [{ ...ended, status: 'cancelled', closedAt: cutoff + 1, updatedAt: cutoff + 1 }],
    });
    const created = state.incidentsCreated;

    expect(forgetEnded(state, cutoff)).toBe(2);
    expect(state.incidents.has(old.incidentId)).toBe(false);
    expect(state.assignments.has(old.assignmentId)).toBe(false);
    expect([state.calls.has(old.callId), state.calls.has(junk)]).toEqual([false, false]);
    expect([...state.incidents.keys()].sort()).toEqual([open.incidentId, recent].sort());
    expect(state.calls.has(ringing)).toBe(true);
    expect(assignmentsOf(state, open.incidentId)).toHaveLength(1);
    expect(state.incidentsCreated).toBe(created);
    // The indexes are what loading the remaining entities afresh gives.
    const loaded = emptyState(makeReference());
    load(loaded, {
      calls: [...state.calls.values()],
      incidents: [...state.incidents.values()],
      assignments: [...state.assignments.values()],
      units: [...state.units.values()],
    });
    expect(loaded.index).toEqual(state.index);
    // Nothing more to forget until time moves on; then the recent one goes too.
    expect(forgetEnded(state, cutoff)).toBe(0);
    expect(forgetEnded(state, cutoff + 2)).toBe(1);
    expect(state.incidents.has(recent)).toBe(false);
  });

  it('isOpenAssignment is true for requested and acknowledged only', () => {
    for (const status of ['requested', 'acknowledged', 'declined', 'done', 'withdrawn'] as const) {
      expect(isOpenAssignment(assignment('x', 'i', status))).toBe(
        status === 'requested' || status === 'acknowledged',
      );
    }
  });

  it('assignmentsOf lists the assignments of one incident', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const other = newIncident(state).incidentId;
    const ids = request(state, incidentId, ['damkar', 'psc119']);
    request(state, other, ['polres']);
    expect(assignmentsOf(state, incidentId).map((a) => a.id)).toEqual(ids);
  });
});

describe('emptyState', () => {
  it('starts at sequence 0 with nothing but the reference', () => {
    const state = emptyState(makeReference());
    expect(state.seq).toBe(0);
    expect([state.calls.size, state.incidents.size, state.assignments.size, state.units.size]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(makeState().units.size).toBe(makeUnits().length);
  });
});

describe('random walks keep the invariants', () => {
  /** A small deterministic generator (mulberry32), so a failing walk can be replayed from its seed. */
  function random(seed: number) {
    let a = seed;
    return (n: number) => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n);
    };
  }

  function walk(seed: number, steps: number) {
    const pick = random(seed);
    const state = makeState();
    const one = <T>(xs: readonly T[]): T => xs[pick(xs.length)]!;
    const actors = [callTaker, dispatcher, supervisor, damkar, psc, liaison('dinsos'), liaison('polres')];
    const statuses = [
      'available',
      'en_route',
      'on_scene',
      'transporting',
      'at_hospital',
      'out_of_service',
    ] as const;
    let accepted = 0;
    for (let i = 0; i < steps; i++) {
      const calls = [...state.calls.keys()].slice(-6).concat('nope');
      const incidents = [...state.incidents.keys()].slice(-4).concat('nope');
      const assignments = [...state.assignments.keys()].slice(-6).concat('nope');
      const units = [...state.units.keys()];
      const commands: Command[] = [
        cmd('call.register', { channel: 'voice', number: one(['0811', '0822', null]) }),
        cmd('call.answer', { callId: one(calls) }),
        cmd('call.classify', {
          callId: one(calls),
          callType: one(['emergency', 'prank', 'ghost', 'information']),
        }),
        cmd('call.end', { callId: one(calls) }),
        cmd('incident.create', houseFire(one([...calls, null]))),
        cmd('incident.attach_call', { incidentId: one(incidents), callId: one(calls) }),
        cmd('incident.amend', {
          incidentId: one(incidents),
          priority: one([1, 2, 3, 4] as const),
          reason: 'Dikoreksi',
        }),
        cmd('incident.forward', { incidentId: one(incidents) }),
        cmd('incident.request_agencies', { incidentId: one(incidents), agencies: [one(AGENCIES)] }),
        cmd('assignment.acknowledge', { assignmentId: one(assignments) }),
        cmd('assignment.decline', { assignmentId: one(assignments), reason: 'Tidak bisa' }),
        cmd('assignment.assign_unit', { assignmentId: one(assignments), unitId: one(units) }),
        cmd('unit.set_status', { unitId: one(units), status: one(statuses) }),
        cmd('assignment.complete', { assignmentId: one(assignments), outcome }),
        cmd('incident.close', {
          incidentId: one(incidents),
          force: one([true, false]),
          reason: one([null, 'Paksa']),
        }),
        cmd('incident.cancel', { incidentId: one(incidents), reason: 'Batal' }),
      ];
      try {
        const command = one(commands);
        const allowed = actors.filter((a) => mayIssue(a.role, command.type));
        run(state, command, pick(10) > 0 && allowed.length > 0 ? one(allowed) : one(actors));
        accepted++;
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
      }
    }
    return { state, accepted };
  }

  function checkInvariants(state: State) {
    const replayed = makeState();
    for (const event of logOf(state)) {
      replayed.seq += 1;
      apply(replayed, event);
    }
    expect(replayed).toEqual(state);
    for (const incident of state.incidents.values()) {
      const open = assignmentsOf(state, incident.id).filter(isOpenAssignment);
      expect(new Set(open.map((a) => a.agencyId)).size).toBe(open.length);
      if (incident.status === 'closed' || incident.status === 'cancelled') expect(open).toEqual([]);
      if (assignmentsOf(state, incident.id).length > 0)
        expect(['dispatched', 'closed', 'cancelled']).toContain(incident.status);
      for (const callId of incident.callIds)
        expect(state.calls.get(callId)).toMatchObject({ incidentId: incident.id, type: 'emergency' });
    }
    for (const call of state.calls.values()) {
      if (call.incidentId) expect(state.incidents.get(call.incidentId)?.callIds).toContain(call.id);
    }
    for (const unit of state.units.values()) {
      const free = unit.status === 'available' || unit.status === 'out_of_service';
      if (free) expect([unit.assignmentId, unit.incidentId]).toEqual([null, null]);
      else expect(state.assignments.get(unit.assignmentId ?? '')?.agencyId).toBe(unit.agencyId);
    }
    for (const agencyId of AGENCIES) {
      const actor = liaison(agencyId);
      const seen = emptyState(makeReference());
      for (const u of makeState().units.values()) if (u.agencyId === agencyId) seen.units.set(u.id, u);
      for (const e of logOf(state)) if (seesEvent(actor, e)) apply(seen, e);
      const snap = snapshotFor(state, actor, { includeEnded: true });
      // The console drops an incident its agency declined or was withdrawn from, as the snapshot does.
      const followed = new Set(
        [...seen.assignments.values()].filter(followsIncident).map((a) => a.incidentId),
      );
      const kept = <T extends { incidentId: string }>(list: T[]) =>
        list.filter((x) => followed.has(x.incidentId));
      expect(kept([...seen.assignments.values()])).toEqual(snap.assignments);
      // updatedAt may lag: a request for another agency touches the incident without the liaison hearing of it.
      const sameBut = (i: Incident) => ({ ...i, updatedAt: 0 });
      const seenIncidents = [...seen.incidents.values()].filter((i) => followed.has(i.id));
      expect(seenIncidents.map(sameBut)).toEqual(snap.incidents.map(sameBut));
      expect([...seen.units.values()]).toEqual(snap.units);
    }
  }

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: replay, one open assignment per agency, units and calls consistent, liaisons see their snapshot`, () => {
      const { state, accepted } = walk(seed, 1000);
      expect(accepted).toBeGreaterThan(150);
      const statuses = new Set([...state.assignments.values()].map((a) => a.status));
      expect(statuses.size, [...statuses].join()).toBeGreaterThanOrEqual(3);
      checkInvariants(state);
    });
  }
});
