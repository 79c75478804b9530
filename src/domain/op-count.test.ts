// Work per command stays flat as history grows: Map and Set operations counted over a small and a large past.
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from './commands.ts';
import { apply, type State } from './state.ts';
import {
  answeredCall,
  callTaker,
  cmd,
  dispatcher,
  houseFire,
  liaison,
  makeState,
  newIncident,
  request,
  run,
  supervisor,
  system,
} from './test-fixtures.ts';
import type { Actor } from './types.ts';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Counts every Map and Set operation, and every element their iterators hand out, while it is installed. */
class OperationCounter {
  count = 0;
  private readonly restore: (() => void)[] = [];

  install(): void {
    const counter = this;
    const wrapIterator = (iterator: Iterator<unknown>): IterableIterator<unknown> => ({
      next() {
        counter.count++;
        return iterator.next();
      },
      [Symbol.iterator]() {
        return this;
      },
    });
    for (const proto of [Map.prototype, Set.prototype] as unknown as Record<PropertyKey, Method>[]) {
      for (const name of ['get', 'has', 'set', 'add', 'delete']) {
        if (!(name in proto)) continue;
        const original = proto[name]!;
        proto[name] = function (...args: unknown[]) {
          counter.count++;
          return original.apply(this, args);
        };
        this.restore.push(() => {
          proto[name] = original;
        });
      }
      for (const name of ['values', 'keys', 'entries', Symbol.iterator]) {
        const original = proto[name]!;
        proto[name] = function (...args: unknown[]) {
          return wrapIterator(original.apply(this, args) as Iterator<unknown>);
        };
        this.restore.push(() => {
          proto[name] = original;
        });
      }
    }
  }

  uninstall(): void {
    for (const undo of this.restore.splice(0).reverse()) undo();
  }
}

const counter = new OperationCounter();
afterEach(() => counter.uninstall());

/** `history` incidents worked from call to close, with junk calls in between: the past a command must not scan. */
function stateWithHistory(history: number): State {
  const state = makeState();
  for (let i = 0; i < history; i++) {
    const { incidentId } = newIncident(state);
    run(state, cmd('incident.forward', { incidentId }), callTaker);
    const [assignmentId] = request(state, incidentId, ['damkar']);
    run(state, cmd('assignment.acknowledge', { assignmentId: assignmentId! }), liaison('damkar'));
    run(
      state,
      cmd('assignment.complete', {
        assignmentId: assignmentId!,
        outcome: { dead: 0, injured: 0, report: 'Padam' },
      }),
      liaison('damkar'),
    );
    run(state, cmd('incident.close', { incidentId }), dispatcher);
    const junk = answeredCall(state);
    run(state, cmd('call.classify', { callId: junk, callType: 'prank' }), callTaker);
    run(state, cmd('call.end', { callId: junk }), callTaker);
  }
  return state;
}

/** The operations one command costs, deciding it and applying its events, as the engine does. */
function measure(
  state: State,
  command: Command,
  actor: Actor,
): { ops: number; result: Record<string, unknown> } {
  counter.count = 0;
  counter.install();
  try {
    const decision = run(state, command, actor);
    return { ops: counter.count, result: decision.result };
  } finally {
    counter.uninstall();
  }
}

/** A day's work on one incident, every command measured; returns the operations of each in order. */
function workday(state: State): Record<string, number> {
  const ops: Record<string, number> = {};
  const step = (name: string, command: Command, actor: Actor) => {
    const { ops: n, result } = measure(state, command, actor);
    ops[name] = n;
    return result;
  };
  const { callId } = step(
    'call.register',
    cmd('call.register', { channel: 'voice', number: '081234567890' }),
    system,
  ) as {
    callId: string;
  };
  step('call.answer', cmd('call.answer', { callId }), callTaker);
  const { incidentId } = step('incident.create', cmd('incident.create', houseFire(callId)), callTaker) as {
    incidentId: string;
  };
  step('incident.amend', cmd('incident.amend', { incidentId, priority: 2, reason: 'Dikoreksi' }), callTaker);
  step('incident.forward', cmd('incident.forward', { incidentId }), callTaker);
  const { assignmentIds } = step(
    'incident.request_agencies',
    cmd('incident.request_agencies', { incidentId, agencies: ['damkar', 'psc119'] }),
    dispatcher,
  ) as { assignmentIds: string[] };
  const [fire, ambulance] = assignmentIds as [string, string];
  step(
    'escalation.raise',
    cmd('escalation.raise', { assignmentId: ambulance, kind: 'ack_overdue', dueAt: 0, occurrence: 1 }),
    system,
  );
  step('assignment.acknowledge', cmd('assignment.acknowledge', { assignmentId: fire }), liaison('damkar'));
  step(
    'assignment.decline',
    cmd('assignment.decline', { assignmentId: ambulance, reason: 'Tidak ada unit' }),
    liaison('psc119'),
  );
  step(
    'assignment.assign_unit',
    cmd('assignment.assign_unit', { assignmentId: fire, unitId: 'damkar-1' }),
    liaison('damkar'),
  );
  step(
    'unit.set_status',
    cmd('unit.set_status', { unitId: 'damkar-1', status: 'en_route' }),
    liaison('damkar'),
  );
  run(state, cmd('unit.set_status', { unitId: 'damkar-1', status: 'available' }), liaison('damkar'));
  step(
    'assignment.complete',
    cmd('assignment.complete', { assignmentId: fire, outcome: { dead: 0, injured: 1, report: 'Padam' } }),
    liaison('damkar'),
  );
  step('incident.close', cmd('incident.close', { incidentId }), dispatcher);
  const other = newIncident(state).incidentId;
  request(state, other, ['polres']);
  step('incident.cancel', cmd('incident.cancel', { incidentId: other, reason: 'Laporan ganda' }), supervisor);
  return ops;
}

describe('operations per command', () => {
  it('do not grow with the number of calls, incidents and assignments in the past', () => {
    const small = workday(stateWithHistory(50));
    const large = workday(stateWithHistory(2_000));
    expect(Object.keys(large)).toHaveLength(14);
    expect(large).toEqual(small);
    // Sanity of the counter itself: a scan of the history is seen.
    const state = stateWithHistory(100);
    counter.count = 0;
    counter.install();
    const scanned = [...state.assignments.values()].length;
    counter.uninstall();
    expect(counter.count).toBeGreaterThanOrEqual(scanned);
  });

  it('applying an event costs the same whatever the history', () => {
    const cost = (history: number) => {
      const state = stateWithHistory(history);
      const probe = makeState();
      const { incidentId } = newIncident(probe);
      request(probe, incidentId, ['damkar']);
      const ended = run(probe, cmd('incident.cancel', { incidentId, reason: 'Uji' }), dispatcher).events[0]!;
      counter.count = 0;
      counter.install();
      apply(state, ended);
      counter.uninstall();
      return counter.count;
    };
    expect(cost(2_000)).toBe(cost(50));
  });
});

const DESK = { positionId: 'desk-1', extension: '1001', contact: 'sip:1001@127.0.0.1:5099' };
const offer = (sipCallId: string, number: string) =>
  cmd('telephony.offer', {
    sipCallId,
    number,
    fromTag: 'caller',
    location: null,
    outsideServiceArea: null,
    locationError: null,
  });
const numberOf = (i: number) => `0812${String(10_000_000 + i)}`;

/** `calls` calls through the switch, one a second, every fourth abandoned: the last hour stays in the projection. */
function telephonyHistory(calls: number): State {
  const state = makeState();
  run(state, cmd('telephony.sign_in', DESK), callTaker);
  for (let i = 0; i < calls; i++) {
    const sipCallId = `past-${i}@switch`;
    run(state, offer(sipCallId, numberOf(i)), system);
    if (i % 4 === 0) {
      run(state, cmd('telephony.hang_up', { sipCallId, fromTag: 'caller', cancelled: true }), system);
      continue;
    }
    run(state, cmd('telephony.answer', { sipCallId, contact: DESK.contact }), system);
    run(state, cmd('telephony.hang_up', { sipCallId, fromTag: 'caller' }), system);
    run(state, cmd('telephony.set_available', { positionId: DESK.positionId }), callTaker);
  }
  return state;
}

/** A call taker's telephony commands, each measured. */
function telephonyDay(state: State): Record<string, number> {
  const ops: Record<string, number> = {};
  const step = (name: string, command: Command, actor: Actor) => {
    ops[name] = measure(state, command, actor).ops;
  };
  const location = {
    lat: -5.55,
    lon: 120.19,
    accuracyM: 20,
    confidence: 0.68,
    source: 'aml-sms' as const,
    method: 'gps',
    time: null,
  };
  step('telephony.offer', offer('now-1@switch', '081299999999'), system);
  step(
    'telephony.answer',
    cmd('telephony.answer', { sipCallId: 'now-1@switch', contact: DESK.contact }),
    system,
  );
  step(
    'telephony.locate',
    cmd('telephony.locate', { number: '081299999999', location, outsideServiceArea: false }),
    system,
  );
  step(
    'telephony.hang_up',
    cmd('telephony.hang_up', { sipCallId: 'now-1@switch', fromTag: 'caller' }),
    system,
  );
  step('telephony.set_available', cmd('telephony.set_available', { positionId: DESK.positionId }), callTaker);
  run(state, offer('now-2@switch', '081288888888'), system);
  step(
    'telephony.hang_up (abandoned)',
    cmd('telephony.hang_up', { sipCallId: 'now-2@switch', fromTag: 'caller', cancelled: true }),
    system,
  );
  step(
    'telephony.callback',
    cmd('telephony.callback', { sipCallId: 'now-2@switch', result: 'reached' }),
    callTaker,
  );
  step('telephony.tick', cmd('telephony.tick', {}), system);
  step(
    'telephony.take_break',
    cmd('telephony.take_break', { positionId: DESK.positionId, reason: 'Istirahat' }),
    callTaker,
  );
  return ops;
}

describe('operations per telephony command', () => {
  // The ACD decides on a copy of the telephony projection: copying it whole grew with the calls of the last hour.
  it('do not grow with the calls of the last hour', () => {
    const small = telephonyDay(telephonyHistory(40));
    // 800 calls take under an hour of the fixtures' clock: all of them are still in the projection.
    const past = telephonyHistory(800);
    expect(past.telephony.ended.size).toBe(800);
    const large = telephonyDay(past);
    expect(Object.keys(large)).toHaveLength(9);
    expect(large).toEqual(small);
  });
});
