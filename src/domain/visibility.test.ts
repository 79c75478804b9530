// Who sees what: the agency audience of every event, seesEvent, snapshotFor, and that a liaison's stream matches its snapshot.
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './events.ts';
import { apply, emptyState, type State } from './state.ts';
import {
  AGENCIES,
  answeredCall,
  callTaker,
  cmd,
  dispatcher,
  liaison,
  logOf,
  makeReference,
  makeState,
  newIncident,
  request,
  run,
  supervisor,
  workingIncident,
} from './test-fixtures.ts';
import type { Actor } from './types.ts';
import { seesEvent, snapshotFor } from './visibility.ts';

const damkar = liaison('damkar');
const psc = liaison('psc119');
const dinsos = liaison('dinsos');
const outcome = { dead: 0, injured: 1, report: 'Korban dibawa ke RSUD' };

/** The whole fire: Damkar first, PSC 119 later, units out and back, both done, closed. */
function houseFireStory(): {
  state: State;
  incidentId: string;
  fire: string;
  ambulance: string;
  marks: number[];
} {
  const state = makeState();
  const marks: number[] = [];
  const mark = () => marks.push(logOf(state).length);
  const { incidentId } = newIncident(state);
  run(state, cmd('incident.forward', { incidentId }), callTaker);
  mark(); // 0: before any agency
  const [fire] = request(state, incidentId, ['damkar']);
  run(state, cmd('assignment.acknowledge', { assignmentId: fire! }), damkar);
  run(state, cmd('assignment.assign_unit', { assignmentId: fire!, unitId: 'damkar-1' }), damkar);
  run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'en_route' }), damkar);
  run(state, cmd('incident.amend', { incidentId, description: 'Dua orang terjebak' }), callTaker);
  mark(); // 1: before PSC 119 is requested
  const [ambulance] = request(state, incidentId, ['psc119']);
  run(state, cmd('assignment.acknowledge', { assignmentId: ambulance! }), psc);
  run(state, cmd('assignment.assign_unit', { assignmentId: ambulance!, unitId: 'psc-1' }), psc);
  run(state, cmd('incident.attach_call', { incidentId, callId: answeredCall(state, '0855') }), callTaker);
  for (const status of ['en_route', 'on_scene', 'transporting', 'at_hospital', 'available'] as const) {
    run(state, cmd('unit.set_status', { unitId: 'psc-1', status }), psc);
  }
  run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'on_scene' }), damkar);
  run(state, cmd('assignment.complete', { assignmentId: ambulance!, outcome }), psc);
  run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'available' }), damkar);
  run(state, cmd('assignment.complete', { assignmentId: fire!, outcome }), damkar);
  run(state, cmd('incident.close', { incidentId }), dispatcher);
  return { state, incidentId, fire: fire!, ambulance: ambulance!, marks };
}

/** The id of the assignment an event is about, when it is about one. */
function assignmentOf(e: DomainEvent): string | null {
  if (e.type === 'assignment.requested') return e.assignment.id;
  if ('assignmentId' in e) return e.assignmentId;
  return null;
}

describe('event audiences', () => {
  it('shows an agency nothing before it is requested', () => {
    const { state, marks } = houseFireStory();
    const log = logOf(state);
    for (const e of log.slice(0, marks[0])) expect(e.agencies, e.type).toEqual([]);
    for (const e of log.slice(0, marks[1])) expect(e.agencies, e.type).not.toContain('psc119');
  });

  it('calls are for the centre only', () => {
    const { state } = houseFireStory();
    for (const e of logOf(state).filter((e) => e.type.startsWith('call.'))) expect(e.agencies).toEqual([]);
  });

  it('after its request, every event of the incident carries the agency (its own assignment, the incident)', () => {
    const { state, fire, ambulance, marks } = houseFireStory();
    const log = logOf(state);
    const afterDamkar = log.slice(marks[0]);
    expect(afterDamkar[0]).toMatchObject({ type: 'assignment.requested', agencies: ['damkar'] });
    for (const e of afterDamkar) {
      if (e.type.startsWith('call.')) continue;
      if (e.type === 'unit.status_changed') {
        expect(e.agencies).toEqual([state.units.get(e.unitId)!.agencyId]);
        continue;
      }
      const a = assignmentOf(e);
      if (a === ambulance) continue;
      expect(e.agencies, `${e.type} ${a ?? ''}`).toContain('damkar');
      if (a === fire) expect(e.agencies).toEqual(['damkar']);
    }
  });

  it('a second agency requested later sees the incident events from then on', () => {
    const { state, ambulance, marks } = houseFireStory();
    const later = logOf(state).slice(marks[1]);
    expect(later[0]).toMatchObject({ type: 'assignment.requested', agencies: ['psc119'] });
    const incidentEvents = later.filter((e) => e.type.startsWith('incident.'));
    expect(incidentEvents.map((e) => e.type)).toEqual(['incident.call_attached', 'incident.ended']);
    for (const e of incidentEvents) expect([...e.agencies].sort()).toEqual(['damkar', 'psc119']);
    for (const e of later.filter((e) => assignmentOf(e) === ambulance))
      expect(e.agencies).toEqual(['psc119']);
  });

  it('never sends one agency the assignments or units of another', () => {
    const { state } = houseFireStory();
    for (const e of logOf(state)) {
      const a = assignmentOf(e);
      if (a !== null) expect(e.agencies, e.type).toEqual([state.assignments.get(a)!.agencyId]);
      if (e.type === 'unit.status_changed') expect(e.agencies).toEqual([state.units.get(e.unitId)!.agencyId]);
    }
  });

  it('an agency never requested sees nothing at all', () => {
    const { state } = houseFireStory();
    expect(logOf(state).filter((e) => seesEvent(dinsos, e))).toEqual([]);
  });

  it('agencies requested together each get their own request event', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const d = run(
      state,
      cmd('incident.request_agencies', { incidentId, agencies: ['damkar', 'polres'] }),
      dispatcher,
    );
    expect(d.events.map((e) => e.agencies)).toEqual([['damkar'], ['polres']]);
    const amended = run(
      state,
      cmd('incident.amend', { incidentId, priority: 2, reason: 'Dikoreksi' }),
      callTaker,
    );
    expect([...amended.events[0]!.agencies].sort()).toEqual(['damkar', 'polres']);
  });

  it('an agency that declined hears its own decline and nothing of the incident after it', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const [a] = request(state, incidentId, ['dinsos', 'damkar']);
    const declined = run(
      state,
      cmd('assignment.decline', { assignmentId: a!, reason: 'Bukan wewenang' }),
      dinsos,
    );
    expect(declined.events[0]!.agencies).toEqual(['dinsos']);
    const amended = run(
      state,
      cmd('incident.amend', { incidentId, caller: { name: 'Budi Santoso', phone: '081234567890' } }),
      callTaker,
    );
    expect(amended.events[0]!.agencies).toEqual(['damkar']);
    const d = run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan palsu' }), dispatcher);
    expect(d.events[0]!.agencies).toEqual(['damkar']);
  });

  it('an agency requested again after declining follows the incident again', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const [a] = request(state, incidentId, ['dinsos']);
    run(state, cmd('assignment.decline', { assignmentId: a!, reason: 'Bukan wewenang' }), dinsos);
    request(state, incidentId, ['dinsos']);
    const amended = run(
      state,
      cmd('incident.amend', { incidentId, priority: 2, reason: 'Dikoreksi' }),
      callTaker,
    );
    expect(amended.events[0]!.agencies).toEqual(['dinsos']);
    expect(snapshotFor(state, dinsos).incidents.map((i) => i.id)).toEqual([incidentId]);
  });

  it('a withdrawn agency hears how the incident ends, then nothing more', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    request(state, incidentId, ['dinsos']);
    const d = run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan palsu' }), dispatcher);
    expect(d.events.find((e) => e.type === 'incident.ended')!.agencies).toEqual(['dinsos']);
    expect(snapshotFor(state, dinsos, { includeEnded: true }).incidents).toEqual([]);
  });

  it('a unit status change outside any incident goes to its own agency', () => {
    const state = makeState();
    const d = run(
      state,
      cmd('unit.set_status', { unitId: 'polres-1', status: 'out_of_service' }),
      supervisor,
    );
    expect(d.events[0]!.agencies).toEqual(['polres']);
  });
});

describe('seesEvent', () => {
  const event = { agencies: ['damkar', 'psc119'] };
  it('centre staff see every event, even one for no agency', () => {
    for (const actor of [callTaker, dispatcher, supervisor]) {
      expect(seesEvent(actor, event)).toBe(true);
      expect(seesEvent(actor, { agencies: [] })).toBe(true);
    }
  });

  it('a liaison sees only events addressed to its agency', () => {
    expect(seesEvent(damkar, event)).toBe(true);
    expect(seesEvent(psc, event)).toBe(true);
    expect(seesEvent(dinsos, event)).toBe(false);
    expect(seesEvent(damkar, { agencies: [] })).toBe(false);
    expect(seesEvent({ userId: 'x', role: 'agency', agencyId: null }, event)).toBe(false);
  });
});

describe('snapshotFor', () => {
  function busyCentre() {
    const state = makeState();
    const fire = workingIncident(state, 'damkar');
    run(
      state,
      cmd('assignment.assign_unit', { assignmentId: fire.assignmentId, unitId: 'damkar-1' }),
      damkar,
    );
    const medical = newIncident(state);
    const [ambulance] = request(state, medical.incidentId, ['psc119']);
    const cancelled = newIncident(state);
    const [dinsosJob] = request(state, cancelled.incidentId, ['dinsos', 'damkar']);
    run(
      state,
      cmd('incident.cancel', { incidentId: cancelled.incidentId, reason: 'Laporan ganda' }),
      dispatcher,
    );
    const prank = answeredCall(state, '0899');
    run(state, cmd('call.classify', { callId: prank, callType: 'prank' }), callTaker);
    run(state, cmd('call.end', { callId: prank }), callTaker);
    const abandoned = run(state, cmd('call.register', { channel: 'voice', number: '0877' }), callTaker).result
      .callId as string;
    run(state, cmd('call.end', { callId: abandoned }), callTaker);
    const ringing = run(state, cmd('call.register', { channel: 'sms' }), callTaker).result.callId as string;
    return {
      state,
      fire,
      medical,
      ambulance: ambulance!,
      cancelled,
      dinsosJob: dinsosJob!,
      prank,
      abandoned,
      ringing,
    };
  }

  it('shows the centre every open incident with its assignments, all units, and calls still to handle', () => {
    const w = busyCentre();
    for (const actor of [callTaker, dispatcher, supervisor]) {
      const snap = snapshotFor(w.state, actor);
      expect(snap.seq).toBe(w.state.seq);
      expect(snap.incidents.map((i) => i.id).sort()).toEqual(
        [w.fire.incidentId, w.medical.incidentId].sort(),
      );
      const open = [...w.state.assignments.values()].filter((a) => a.incidentId !== w.cancelled.incidentId);
      expect(snap.assignments.map((a) => a.id).sort()).toEqual(open.map((a) => a.id).sort());
      expect(snap.units).toHaveLength(w.state.units.size);
      const calls = new Set(snap.calls.map((c) => c.id));
      expect(calls.has(w.prank)).toBe(false);
      expect(calls.has(w.abandoned)).toBe(true);
      expect(calls.has(w.ringing)).toBe(true);
      expect(calls.has(w.fire.callId)).toBe(true);
    }
  });

  it('includes recently ended incidents and handled calls', () => {
    const w = busyCentre();
    const snap = snapshotFor(w.state, dispatcher, { since: 0 });
    expect(snap.incidents).toHaveLength(w.state.incidents.size);
    expect(snap.calls).toHaveLength(w.state.calls.size);
    expect(snap.assignments).toHaveLength(w.state.assignments.size);
  });

  it('includes ended incidents and handled calls when asked', () => {
    const w = busyCentre();
    const snap = snapshotFor(w.state, dispatcher, { includeEnded: true });
    expect(snap.incidents).toHaveLength(w.state.incidents.size);
    expect(snap.calls).toHaveLength(w.state.calls.size);
  });

  it('shows a liaison only its own agency: its incidents, assignments and units, and no calls', () => {
    const w = busyCentre();
    const snap = snapshotFor(w.state, damkar);
    expect(snap.calls).toEqual([]);
    expect(snap.incidents.map((i) => i.id)).toEqual([w.fire.incidentId]);
    expect(snap.assignments.map((a) => a.id)).toEqual([w.fire.assignmentId]);
    expect(snap.units.map((u) => u.id).sort()).toEqual(['damkar-1', 'damkar-2']);

    const ps = snapshotFor(w.state, psc);
    expect(ps.incidents.map((i) => i.id)).toEqual([w.medical.incidentId]);
    expect(ps.assignments.map((a) => a.id)).toEqual([w.ambulance]);
    expect(ps.units.map((u) => u.id)).toEqual(['psc-1']);

    const ds = snapshotFor(w.state, dinsos);
    expect(ds.incidents).toEqual([]);
    expect(ds.assignments).toEqual([]);
    expect(ds.units.map((u) => u.id)).toEqual(['dinsos-1']);
    expect(snapshotFor(w.state, liaison('polres')).incidents).toEqual([]);
  });

  it('leaves out, even when ended ones are asked for, the incidents an agency was withdrawn from or declined', () => {
    const w = busyCentre();
    expect(w.state.assignments.get(w.dinsosJob)?.status).toBe('withdrawn');
    const ds = snapshotFor(w.state, dinsos, { includeEnded: true });
    expect(ds.incidents).toEqual([]);
    expect(ds.assignments).toEqual([]);
    const dk = snapshotFor(w.state, damkar, { includeEnded: true });
    expect(dk.incidents.map((i) => i.id)).toEqual([w.fire.incidentId]);
    for (const a of dk.assignments) expect(a.agencyId).toBe('damkar');

    const [job] = request(w.state, w.medical.incidentId, ['dinsos']);
    expect(snapshotFor(w.state, dinsos).incidents.map((i) => i.id)).toEqual([w.medical.incidentId]);
    run(w.state, cmd('assignment.decline', { assignmentId: job!, reason: 'Bukan wewenang' }), dinsos);
    expect(snapshotFor(w.state, dinsos, { includeEnded: true }).incidents).toEqual([]);
  });

  it('a liaison bound to no agency sees nothing', () => {
    const w = busyCentre();
    const snap = snapshotFor(w.state, { userId: 'x', role: 'agency', agencyId: null });
    expect([snap.calls, snap.incidents, snap.assignments, snap.units]).toEqual([[], [], [], []]);
  });
});

describe("a liaison's stream and its snapshot agree", () => {
  /** What a liaison's console holds: its snapshot at the start, then every event it may see, applied. */
  function consoleOf(start: State, log: DomainEvent[], actor: Actor): State {
    const snap = snapshotFor(start, actor, { includeEnded: true });
    const state = emptyState(makeReference());
    for (const u of snap.units) state.units.set(u.id, u);
    for (const e of log) if (seesEvent(actor, e)) apply(state, e);
    return state;
  }

  for (const agencyId of AGENCIES) {
    it(`${agencyId}: the events it receives build exactly what its snapshot shows`, () => {
      const actor = liaison(agencyId);
      const start = makeState();
      const { state } = houseFireStory();
      const seen = consoleOf(start, logOf(state), actor);
      const snap = snapshotFor(state, actor, { includeEnded: true });
      expect([...seen.assignments.values()]).toEqual(snap.assignments);
      expect([...seen.incidents.values()]).toEqual(snap.incidents);
      expect([...seen.units.values()]).toEqual(snap.units);
      expect(seen.calls.size).toBe(0);
    });
  }
});
