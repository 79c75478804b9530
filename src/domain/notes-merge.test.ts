// Situation reports on an incident, linking and merging incidents, and what a report must hold.
import { describe, expect, it } from 'vitest';
import { publishSop } from './sop-fixture.ts';
import { assignmentsOf } from './state.ts';
import {
  answeredCall,
  callTaker,
  cmd,
  DESA_CAILE,
  dispatcher,
  expectRefused,
  houseFire,
  KEC_UJUNG_BULU,
  liaison,
  logOf,
  makeState,
  newIncident,
  request,
  run,
  supervisor,
  workingIncident,
} from './test-fixtures.ts';
import { seesEvent, snapshotFor } from './visibility.ts';

const damkar = liaison('damkar');
const psc = liaison('psc119');
const dinsos = liaison('dinsos');

describe('incident.add_note', () => {
  it('records a note from the dispatcher, the supervisor and an agency working the incident', () => {
    const state = makeState();
    const { incidentId } = workingIncident(state);
    const byCentre = run(
      state,
      cmd('incident.add_note', { incidentId, text: ' 2 unit tambahan diminta ' }),
      dispatcher,
    );
    expect(byCentre.events[0]).toMatchObject({
      type: 'incident.note_added',
      incidentId,
      text: '2 unit tambahan diminta',
      agencyId: null,
      actor: 'pengarah1',
      agencies: ['damkar'],
    });
    const byAgency = run(
      state,
      cmd('incident.add_note', { incidentId, text: 'Korban dibawa ke RSUD' }),
      damkar,
    );
    expect(byAgency.events[0]).toMatchObject({ agencyId: 'damkar', agencies: ['damkar'] });
    run(state, cmd('incident.add_note', { incidentId, text: 'Pantau terus' }), supervisor);
    expect(state.incidents.get(incidentId)?.updatedAt).toBe(logOf(state).at(-1)!.at);
  });

  it('is seen by the agencies working the incident only', () => {
    const state = makeState();
    const { incidentId } = workingIncident(state);
    const [pscRequest] = request(state, incidentId, ['psc119']);
    run(state, cmd('assignment.decline', { assignmentId: pscRequest!, reason: 'Tidak ada korban' }), psc);
    const note = run(state, cmd('incident.add_note', { incidentId, text: 'Api padam' }), dispatcher)
      .events[0]!;
    expect(seesEvent(damkar, note)).toBe(true);
    expect(seesEvent(psc, note)).toBe(false);
    expect(seesEvent(dinsos, note)).toBe(false);
  });

  it('refuses a note from an agency not on the incident, or one that declined, as not found', () => {
    const state = makeState();
    const { incidentId } = workingIncident(state);
    expectRefused(
      state,
      () => run(state, cmd('incident.add_note', { incidentId, text: 'Kami ikut' }), dinsos),
      'not_found',
      'incident.not_found',
    );
    const [pscRequest] = request(state, incidentId, ['psc119']);
    run(state, cmd('assignment.decline', { assignmentId: pscRequest!, reason: 'Tidak ada korban' }), psc);
    expectRefused(
      state,
      () => run(state, cmd('incident.add_note', { incidentId, text: 'Masih di sini' }), psc),
      'not_found',
      'incident.not_found',
    );
  });

  it('refuses a blank note, a note by a call taker, and a note on an ended incident', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    expectRefused(
      state,
      () => run(state, cmd('incident.add_note', { incidentId, text: '    ' }), dispatcher),
      'invalid',
      'note.empty',
      'text',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.add_note', { incidentId, text: 'Catatan' }), callTaker),
      'forbidden',
      'role.forbidden',
    );
    run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan palsu' }), dispatcher);
    expectRefused(
      state,
      () => run(state, cmd('incident.add_note', { incidentId, text: 'Terlambat' }), dispatcher),
      'conflict',
      'incident.ended',
    );
  });
});

describe('incident.link', () => {
  it('links two incidents both ways, each timeline naming the other', () => {
    const state = makeState();
    const a = newIncident(state).incidentId;
    const b = newIncident(state).incidentId;
    const d = run(
      state,
      cmd('incident.link', { incidentId: a, otherId: b, reason: 'Lokasi berdekatan' }),
      dispatcher,
    );
    expect(d.events.map((e) => [e.type, (e as { incidentId: string }).incidentId])).toEqual([
      ['incident.linked', a],
      ['incident.linked', b],
    ]);
    expect(state.incidents.get(a)?.linkedIds).toEqual([b]);
    expect(state.incidents.get(b)?.linkedIds).toEqual([a]);
    expect(state.incidents.get(b)?.status).toBe('new');
  });

  it('refuses itself, a second link, an unknown incident, an ended one, and the call taker', () => {
    const state = makeState();
    const a = newIncident(state).incidentId;
    const b = newIncident(state).incidentId;
    expectRefused(
      state,
      () => run(state, cmd('incident.link', { incidentId: a, otherId: a }), dispatcher),
      'invalid',
      'incident.same',
      'otherId',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.link', { incidentId: a, otherId: 'nope' }), dispatcher),
      'not_found',
      'incident.not_found',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.link', { incidentId: a, otherId: b }), callTaker),
      'forbidden',
      'role.forbidden',
    );
    run(state, cmd('incident.link', { incidentId: a, otherId: b }), dispatcher);
    expectRefused(
      state,
      () => run(state, cmd('incident.link', { incidentId: b, otherId: a }), dispatcher),
      'conflict',
      'incident.already_linked',
    );
    run(state, cmd('incident.cancel', { incidentId: a, reason: 'Laporan palsu' }), dispatcher);
    const c = newIncident(state).incidentId;
    expectRefused(
      state,
      () => run(state, cmd('incident.link', { incidentId: a, otherId: c }), dispatcher),
      'conflict',
      'incident.ended',
    );
  });
});

describe('incident.merge', () => {
  it('moves calls and assignments with their units to the survivor and ends the merged one, pointing to it', () => {
    const state = makeState();
    const survivor = workingIncident(state, 'damkar');
    const merged = workingIncident(state, 'psc119');
    run(state, cmd('assignment.assign_unit', { assignmentId: merged.assignmentId, unitId: 'psc-1' }), psc);
    const d = run(
      state,
      cmd('incident.merge', {
        incidentId: merged.incidentId,
        intoId: survivor.incidentId,
        reason: 'Kejadian yang sama',
      }),
      dispatcher,
    );
    expect(d.result).toMatchObject({ intoId: survivor.incidentId });
    expect(d.events.map((e) => e.type)).toEqual(['incident.absorbed', 'incident.merged']);
    // PSC 119 followed the merged incident: it is told of the merge and gets the survivor whole.
    expect(d.events[0]!.agencies.sort()).toEqual(['damkar', 'psc119']);
    expect(d.events[1]!.agencies).toEqual(['psc119']);
    const after = state.incidents.get(survivor.incidentId)!;
    expect(after.callIds).toEqual([survivor.callId, merged.callId]);
    expect(state.calls.get(merged.callId)?.incidentId).toBe(survivor.incidentId);
    expect(assignmentsOf(state, survivor.incidentId).map((a) => a.agencyId)).toEqual(['damkar', 'psc119']);
    expect(assignmentsOf(state, merged.incidentId)).toEqual([]);
    expect(state.assignments.get(merged.assignmentId)).toMatchObject({
      incidentId: survivor.incidentId,
      status: 'acknowledged',
    });
    expect(state.units.get('psc-1')).toMatchObject({ status: 'dispatched', incidentId: survivor.incidentId });
    expect(state.incidents.get(merged.incidentId)).toMatchObject({
      status: 'cancelled',
      mergedInto: survivor.incidentId,
      closeReason: 'Kejadian yang sama',
    });
    // The liaison of PSC 119 now follows the survivor, and no longer the merged one.
    const pscView = snapshotFor(state, psc);
    expect(pscView.incidents.map((i) => i.id)).toEqual([survivor.incidentId]);
  });

  it('withdraws the merged request of an agency already on the survivor and releases its units', () => {
    const state = makeState();
    const survivor = workingIncident(state, 'damkar');
    const merged = workingIncident(state, 'damkar');
    run(
      state,
      cmd('assignment.assign_unit', { assignmentId: merged.assignmentId, unitId: 'damkar-2' }),
      damkar,
    );
    const d = run(
      state,
      cmd('incident.merge', {
        incidentId: merged.incidentId,
        intoId: survivor.incidentId,
        reason: 'Laporan ganda',
      }),
      dispatcher,
    );
    expect(d.events.map((e) => e.type)).toEqual([
      'assignment.withdrawn',
      'unit.status_changed',
      'incident.absorbed',
      'incident.merged',
    ]);
    expect(state.assignments.get(merged.assignmentId)?.status).toBe('withdrawn');
    expect(state.units.get('damkar-2')?.status).toBe('available');
    expect(assignmentsOf(state, survivor.incidentId)).toHaveLength(1);
  });

  it('refuses itself, an ended incident either side, and the call taker', () => {
    const state = makeState();
    const a = newIncident(state).incidentId;
    const b = newIncident(state).incidentId;
    const merge = (incidentId: string, intoId: string) =>
      cmd('incident.merge', { incidentId, intoId, reason: 'Laporan yang sama' });
    expectRefused(state, () => run(state, merge(a, a), dispatcher), 'invalid', 'incident.same', 'intoId');
    expectRefused(state, () => run(state, merge(a, b), callTaker), 'forbidden', 'role.forbidden');
    expectRefused(state, () => run(state, merge(a, 'nope'), dispatcher), 'not_found', 'incident.not_found');
    run(state, merge(a, b), dispatcher);
    expectRefused(state, () => run(state, merge(a, b), dispatcher), 'conflict', 'incident.ended');
    const c = newIncident(state).incidentId;
    expectRefused(state, () => run(state, merge(c, a), dispatcher), 'conflict', 'incident.ended');
  });
});

describe('incident.report holds what the form requires', () => {
  const report = (changes: {
    description?: string;
    desa?: string | null;
    lat?: number | null;
    lon?: number | null;
  }) => {
    const { priority: _p, ...fields } = houseFire(null);
    return cmd('incident.report', {
      ...fields,
      description: changes.description ?? fields.description,
      location: {
        kecamatan: KEC_UJUNG_BULU,
        desa: changes.desa === undefined ? DESA_CAILE : changes.desa,
        lat: changes.lat === undefined ? -5.556 : changes.lat,
        lon: changes.lon === undefined ? 120.195 : changes.lon,
      },
      answers: {},
    });
  };

  it('refuses a blank description and a place without desa or map point, naming the field', () => {
    const state = makeState();
    publishSop(state);
    answeredCall(state);
    expectRefused(
      state,
      () => run(state, report({ description: '  ' }), callTaker),
      'invalid',
      'report.description',
      'description',
    );
    expectRefused(
      state,
      () => run(state, report({ desa: null, lat: null, lon: null }), callTaker),
      'invalid',
      'report.place',
      'location.desa',
    );
  });

  it('accepts a desa without a point, and a point without a desa', () => {
    const state = makeState();
    publishSop(state);
    run(state, report({ lat: null, lon: null }), callTaker);
    run(state, report({ desa: null }), callTaker);
    expect(state.incidents.size).toBe(2);
  });
});
