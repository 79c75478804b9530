// The reducer: what each event does to the state, what it reports as touched, and that the log replays to the state.
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './events.ts';
import { apply, assignmentsOf, emptyState, isOpenAssignment, noneTouched } from './state.ts';
import {
  callTaker,
  cmd,
  dispatcher,
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
    run(state, cmd('incident.amend', { incidentId, priority: 2, description: 'Api menjalar' }), callTaker);
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
    for (const [id, value] of state.incidents) fresh.incidents.set(id, value);
    for (const [id, value] of state.assignments) fresh.assignments.set(id, value);
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
    for (const row of rows) state.assignments.set(row.id, row);
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
