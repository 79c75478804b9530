// Drafts of the live state: a draft behaves like the state, leaves it untouched, and becomes it only when adopted.
import { describe, expect, it } from 'vitest';
import { adopt, draftOf } from './draft.ts';
import type { DomainEvent } from './events.ts';
import { apply, type State } from './state.ts';
import {
  answeredCall,
  callTaker,
  cmd,
  dispatcher,
  liaison,
  logOf,
  makeState,
  request,
  run,
  supervisor,
  system,
  workingIncident,
} from './test-fixtures.ts';

/** A shift's worth of events of every kind the flow has, and the state they lead to. */
function shift(): { events: DomainEvent[]; final: State } {
  const state = makeState();
  const { incidentId, assignmentId } = workingIncident(state);
  const [social] = request(state, incidentId, ['dinsos']);
  run(
    state,
    cmd('assignment.decline', { assignmentId: social!, reason: 'Bukan wewenang' }),
    liaison('dinsos'),
  );
  const second = answeredCall(state, '081299990000');
  run(state, cmd('incident.attach_call', { incidentId, callId: second }), callTaker);
  run(state, cmd('call.end', { callId: second }), callTaker);
  const junk = answeredCall(state, '081200000001');
  run(state, cmd('call.classify', { callId: junk, callType: 'prank' }), callTaker);
  run(
    state,
    cmd('incident.amend', { incidentId, priority: 2, reason: 'Api menjalar', description: 'Api menjalar' }),
    callTaker,
  );
  run(state, cmd('assignment.assign_unit', { assignmentId, unitId: 'damkar-1' }), liaison('damkar'));
  run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'en_route' }), liaison('damkar'));
  run(state, cmd('incident.request_agencies', { incidentId, agencies: ['psc119'] }), dispatcher);
  run(
    state,
    cmd('assignment.complete', { assignmentId, outcome: { dead: 0, injured: 1, report: 'Padam' } }),
    liaison('damkar'),
  );
  run(state, cmd('incident.close', { incidentId, force: true, reason: 'PSC tidak melapor' }), supervisor);
  run(state, cmd('call.register', { channel: 'voice', number: null }), system);
  return { events: logOf(state), final: state };
}

function replay(state: State, events: DomainEvent[]): void {
  for (const event of events) {
    state.seq += 1;
    apply(state, event);
  }
}

describe('a draft of the state', () => {
  it('takes every event of a shift without touching the live state, and becomes it when adopted', () => {
    const { events, final } = shift();
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(14);
    const live = makeState();
    replay(live, events.slice(0, 9));
    const before = structuredClone(live);

    const draft = draftOf(live);
    replay(draft, events.slice(9));
    // Nothing of it reached the live state, not even inside an entity (apply replaces, never edits in place).
    expect(live).toEqual(before);
    expect(draft.seq).toBe(events.length);
    expect(draft.incidents.size).toBe(final.incidents.size);
    expect([...draft.assignments.values()]).toEqual([...final.assignments.values()]);

    adopt(live, draft);
    expect(live).toEqual(final);
  });

  it('is dropped without a trace when its batch is refused', () => {
    const { events } = shift();
    const live = makeState();
    const before = structuredClone(live);
    replay(draftOf(live), events);
    expect(live).toEqual(before);
    // A later draft starts from the live state, not from the dropped one.
    const next = draftOf(live);
    replay(next, events.slice(0, 4));
    adopt(live, next);
    expect(live.seq).toBe(4);
  });

  it('answers like a Map for every read and write, in the same order', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const copy = new Map(base);
    const holder = draftOf({ m: base });
    const draft = holder.m;
    for (const map of [draft, copy]) {
      map.set('b', 20);
      map.delete('a');
      map.set('d', 4);
      map.delete('d');
      map.set('e', 5);
      map.delete('missing');
    }
    expect(draft.size).toBe(copy.size);
    expect([...draft]).toEqual([...copy]);
    expect([...draft.keys()]).toEqual([...copy.keys()]);
    expect([...draft.values()]).toEqual([...copy.values()]);
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      expect([draft.has(key), draft.get(key)]).toEqual([copy.has(key), copy.get(key)]);
    }
    const seen: string[] = [];
    draft.forEach((value, key) => {
      seen.push(`${key}=${value}`);
    });
    expect(seen).toEqual(['b=20', 'c=3', 'e=5']);
    expect(base).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]),
    );
    adopt({ m: base }, holder);
    expect([...base]).toEqual([...copy]);
    draft.clear();
    expect([draft.size, [...draft]]).toEqual([0, []]);
  });

  it('refuses a structure it cannot draft, naming where it is', () => {
    class Heap {}
    expect(() => draftOf({ index: { open: new Heap() } })).toThrow(/state\.index\.open: .*Heap/);
  });
});
