// Correcting an incident after it is reported (a change of priority needs its reason) and a repeat call joining an
// open incident with what the call taker had typed kept as its note.
import { describe, expect, it } from 'vitest';
import {
  answeredCall,
  callTaker,
  cmd,
  dispatcher,
  expectRefused,
  makeState,
  newIncident,
  request,
  run,
} from './test-fixtures.ts';

describe('incident.amend', () => {
  it('refuses a change of priority without a reason and records the reason with it', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    request(state, incidentId, ['damkar']);
    expectRefused(
      state,
      () => run(state, cmd('incident.amend', { incidentId, priority: 3 }), dispatcher),
      'invalid',
      'reason.required',
      'reason',
    );
    // The same priority again is no change of priority.
    run(state, cmd('incident.amend', { incidentId, priority: 1, description: 'Api menjalar' }), callTaker);
    const d = run(
      state,
      cmd('incident.amend', { incidentId, priority: 3, reason: 'Api sudah padam, tinggal asap' }),
      dispatcher,
    );
    expect(d.events[0]).toMatchObject({
      type: 'incident.amended',
      changes: { priority: 3 },
      reason: 'Api sudah padam, tinggal asap',
      agencies: ['damkar'],
    });
    expect(state.incidents.get(incidentId)?.priority).toBe(3);
  });

  it('refuses an amendment of a closed or cancelled incident', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    run(state, cmd('incident.cancel', { incidentId, reason: 'Laporan ganda' }), dispatcher);
    expectRefused(
      state,
      () => run(state, cmd('incident.amend', { incidentId, description: 'x' }), callTaker),
      'conflict',
      'incident.ended',
    );
  });
});

describe('incident.attach_call with a note', () => {
  it('keeps what the call taker typed on the incident, blank notes dropped', () => {
    const state = makeState();
    const { incidentId } = newIncident(state);
    const callId = answeredCall(state, '081299990001');
    const d = run(
      state,
      cmd('incident.attach_call', { incidentId, callId, note: '  Tetangga: api sudah ke rumah sebelah  ' }),
      callTaker,
    );
    expect(d.events[0]).toMatchObject({
      type: 'incident.call_attached',
      callId,
      note: 'Tetangga: api sudah ke rumah sebelah',
    });
    const other = answeredCall(state, '081299990002');
    const blank = run(
      state,
      cmd('incident.attach_call', { incidentId, callId: other, note: '   ' }),
      callTaker,
    );
    expect(blank.events[0]).not.toHaveProperty('note');
    expect(state.incidents.get(incidentId)?.callIds).toContain(other);
  });
});
