// Escalations derived from stored facts and the clock: due, not yet due, repeats, at most once per interval.
import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events.ts';
import type { Assignment, Incident } from '../types.ts';
import type { Timer } from './document.ts';
import {
  type AssignmentFacts,
  assignmentFactsFrom,
  dueEscalations,
  nextDueAt,
  type RaisedEscalation,
  standingEscalations,
} from './escalation.ts';

const T0 = 1_800_000_000_000;
const S = 1000;
const P1: Timer = { ackSeconds: 60, enRouteSeconds: 180, onSceneMinutes: 15, repeatSeconds: 60 };

function facts(change: Partial<AssignmentFacts> = {}): AssignmentFacts {
  return {
    id: 'as-1',
    incidentId: 'in-1',
    agencyId: 'damkar',
    status: 'requested',
    requestedAt: T0,
    acknowledgedAt: null,
    enRouteAt: null,
    onSceneAt: null,
    ...change,
  };
}

const due = (now: number, assignments: AssignmentFacts[], raised: RaisedEscalation[] = [], timer = P1) =>
  dueEscalations({ now, timer, assignments, raised });

describe('dueEscalations', () => {
  it('raises nothing before the acknowledge deadline', () => {
    expect(due(T0, [facts()])).toEqual([]);
    expect(due(T0 + 60 * S - 1, [facts()])).toEqual([]);
  });

  it('raises ack_overdue at the deadline, once', () => {
    expect(due(T0 + 60 * S, [facts()])).toEqual([
      { kind: 'ack_overdue', assignmentId: 'as-1', dueAt: T0 + 60 * S, deadline: T0 + 60 * S, occurrence: 1 },
    ]);
  });

  it('repeats only a full interval after it was last raised', () => {
    const raised: RaisedEscalation[] = [{ kind: 'ack_overdue', assignmentId: 'as-1', at: T0 + 61 * S }];
    expect(due(T0 + 61 * S, [facts()], raised)).toEqual([]);
    expect(due(T0 + 121 * S - 1, [facts()], raised)).toEqual([]);
    expect(due(T0 + 121 * S, [facts()], raised)).toEqual([
      {
        kind: 'ack_overdue',
        assignmentId: 'as-1',
        dueAt: T0 + 121 * S,
        deadline: T0 + 60 * S,
        occurrence: 2,
      },
    ]);
  });

  it('after a long outage raises each escalation once, not the backlog of missed repeats', () => {
    const now = T0 + 20 * 60 * S;
    const result = due(now, [facts()]);
    expect(result.map((e) => [e.kind, e.dueAt])).toEqual([
      ['ack_overdue', T0 + 60 * S],
      ['en_route_overdue', T0 + 180 * S],
      ['on_scene_overdue', T0 + 15 * 60 * S],
    ]);
    const raised = result.map((e) => ({ kind: e.kind, assignmentId: e.assignmentId, at: now }));
    expect(due(now, [facts()], raised)).toEqual([]);
    expect(due(now + 60 * S, [facts()], raised).map((e) => e.occurrence)).toEqual([2, 2, 2]);
  });

  it('stops ack_overdue once the agency acknowledges, and keeps the unit timers running', () => {
    const acked = facts({ status: 'acknowledged', acknowledgedAt: T0 + 30 * S });
    expect(due(T0 + 179 * S, [acked])).toEqual([]);
    expect(due(T0 + 180 * S, [acked]).map((e) => e.kind)).toEqual(['en_route_overdue']);
    const late = facts({ status: 'acknowledged', acknowledgedAt: T0 + 90 * S });
    expect(due(T0 + 100 * S, [late])).toEqual([]);
  });

  it('stops en_route_overdue once a unit is en route, and on_scene_overdue once one is on scene', () => {
    const enRoute = facts({ status: 'acknowledged', acknowledgedAt: T0 + 10 * S, enRouteAt: T0 + 200 * S });
    expect(due(T0 + 15 * 60 * S, [enRoute]).map((e) => e.kind)).toEqual(['on_scene_overdue']);
    const onScene = { ...enRoute, onSceneAt: T0 + 14 * 60 * S };
    expect(due(T0 + 60 * 60 * S, [onScene])).toEqual([]);
  });

  it('raises nothing for an assignment declined, done or withdrawn', () => {
    for (const status of ['declined', 'done', 'withdrawn'] as const) {
      expect(due(T0 + 60 * 60 * S, [facts({ status })])).toEqual([]);
    }
  });

  it('keeps assignments and kinds apart', () => {
    const a = facts({ id: 'as-a' });
    const b = facts({ id: 'as-b', requestedAt: T0 + 30 * S });
    const raised: RaisedEscalation[] = [{ kind: 'ack_overdue', assignmentId: 'as-a', at: T0 + 60 * S }];
    expect(due(T0 + 90 * S, [a, b], raised).map((e) => [e.assignmentId, e.kind])).toEqual([
      ['as-b', 'ack_overdue'],
    ]);
  });

  it('uses the timers of the priority it is given', () => {
    const p3: Timer = { ackSeconds: 300, enRouteSeconds: 900, onSceneMinutes: 60, repeatSeconds: 300 };
    expect(due(T0 + 120 * S, [facts()], [], p3)).toEqual([]);
    expect(due(T0 + 300 * S, [facts()], [], p3).map((e) => e.kind)).toEqual(['ack_overdue']);
  });

  it('raises at most once per repeat interval for any pattern of polling and restarts', () => {
    // A worker that forgets everything between polls (as after a restart) and records what it raises.
    const raised: RaisedEscalation[] = [];
    let now = T0;
    let step = 7;
    while (now < T0 + 30 * 60 * S) {
      step = (step * 31 + 11) % 97; // deterministic irregular gaps of 0..96 s
      now += step * S;
      for (const e of due(now, [facts()], raised))
        raised.push({ kind: e.kind, assignmentId: e.assignmentId, at: now });
      // A second worker (or a retry after a crash) asking at the same instant raises nothing more.
      expect(due(now, [facts()], raised)).toEqual([]);
    }
    for (const kind of ['ack_overdue', 'en_route_overdue', 'on_scene_overdue'] as const) {
      const times = raised.filter((r) => r.kind === kind).map((r) => r.at);
      expect(times.length).toBeGreaterThan(1);
      const deadline = { ack_overdue: 60, en_route_overdue: 180, on_scene_overdue: 900 }[kind];
      expect(times[0]).toBeGreaterThanOrEqual(T0 + deadline * S);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(60 * S);
      // …and keeps repeating: no gap much longer than the interval plus the longest polling gap.
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeLessThan(160 * S);
    }
  });
});

describe('nextDueAt', () => {
  it('is the earliest instant something becomes due, or null', () => {
    expect(nextDueAt({ timer: P1, assignments: [facts()], raised: [] })).toBe(T0 + 60 * S);
    const raised: RaisedEscalation[] = [{ kind: 'ack_overdue', assignmentId: 'as-1', at: T0 + 70 * S }];
    expect(nextDueAt({ timer: P1, assignments: [facts()], raised })).toBe(T0 + 130 * S);
    expect(nextDueAt({ timer: P1, assignments: [facts({ status: 'done' })], raised: [] })).toBeNull();
  });
});

describe('assignmentFactsFrom', () => {
  const incident = { id: 'in-1' } as Incident;
  const assignment = (id: string, agencyId: string, at: number): Assignment =>
    ({ id, incidentId: 'in-1', agencyId, requestedAt: at }) as Assignment;
  const ev = (at: number, body: Record<string, unknown>): DomainEvent =>
    ({ at, actor: 'u', agencies: [], ...body }) as unknown as DomainEvent;

  it('folds requests, acknowledgements and unit movements into facts', () => {
    const events: DomainEvent[] = [
      ev(T0, { type: 'assignment.requested', assignment: assignment('as-1', 'damkar', T0), incident }),
      ev(T0, { type: 'assignment.requested', assignment: assignment('as-2', 'psc119', T0), incident }),
      ev(T0 + 20 * S, { type: 'assignment.acknowledged', assignmentId: 'as-1' }),
      ev(T0 + 30 * S, { type: 'assignment.unit_assigned', assignmentId: 'as-1', unitId: 'u-1' }),
      ev(T0 + 40 * S, { type: 'unit.status_changed', unitId: 'u-1', status: 'en_route', from: 'dispatched' }),
      ev(T0 + 50 * S, { type: 'unit.status_changed', unitId: 'u-9', status: 'on_scene', from: 'en_route' }),
      ev(T0 + 600 * S, { type: 'unit.status_changed', unitId: 'u-1', status: 'on_scene', from: 'en_route' }),
      ev(T0 + 700 * S, { type: 'unit.status_changed', unitId: 'u-1', status: 'available', from: 'on_scene' }),
      ev(T0 + 800 * S, {
        type: 'unit.status_changed',
        unitId: 'u-1',
        status: 'out_of_service',
        from: 'available',
      }),
    ];
    const result = assignmentFactsFrom(events);
    expect(result.get('as-1')).toEqual({
      id: 'as-1',
      incidentId: 'in-1',
      agencyId: 'damkar',
      status: 'acknowledged',
      requestedAt: T0,
      acknowledgedAt: T0 + 20 * S,
      enRouteAt: T0 + 40 * S,
      onSceneAt: T0 + 600 * S,
    });
    expect(result.get('as-2')).toMatchObject({ status: 'requested', acknowledgedAt: null, enRouteAt: null });
  });

  it('counts a unit arriving on scene directly as en route too', () => {
    const events: DomainEvent[] = [
      ev(T0, { type: 'assignment.requested', assignment: assignment('as-1', 'damkar', T0), incident }),
      ev(T0 + 30 * S, { type: 'assignment.unit_assigned', assignmentId: 'as-1', unitId: 'u-1' }),
      ev(T0 + 90 * S, { type: 'unit.status_changed', unitId: 'u-1', status: 'on_scene', from: 'dispatched' }),
    ];
    expect(assignmentFactsFrom(events).get('as-1')).toMatchObject({
      enRouteAt: T0 + 90 * S,
      onSceneAt: T0 + 90 * S,
    });
  });

  it('marks declined, completed and withdrawn assignments so that their timers stop', () => {
    const events: DomainEvent[] = [
      ev(T0, { type: 'assignment.requested', assignment: assignment('as-1', 'damkar', T0), incident }),
      ev(T0, { type: 'assignment.requested', assignment: assignment('as-2', 'psc119', T0), incident }),
      ev(T0, { type: 'assignment.requested', assignment: assignment('as-3', 'polres', T0), incident }),
      ev(T0 + S, { type: 'assignment.declined', assignmentId: 'as-1', reason: 'tidak ada unit' }),
      ev(T0 + 2 * S, { type: 'assignment.completed', assignmentId: 'as-2', outcome: {} }),
      ev(T0 + 3 * S, {
        type: 'incident.ended',
        incidentId: 'in-1',
        status: 'closed',
        reason: null,
        forced: true,
      }),
    ];
    const result = assignmentFactsFrom(events);
    expect([...result.values()].map((f) => f.status)).toEqual(['declined', 'done', 'withdrawn']);
    expect(due(T0 + 3600 * S, [...result.values()])).toEqual([]);
  });
});

describe('standingEscalations', () => {
  it('lists the latest raising of each escalation whose cause still stands', () => {
    const raised: RaisedEscalation[] = [
      { kind: 'ack_overdue', assignmentId: 'as-1', at: T0 + 60 * S },
      { kind: 'ack_overdue', assignmentId: 'as-1', at: T0 + 120 * S },
      { kind: 'en_route_overdue', assignmentId: 'as-1', at: T0 + 180 * S },
    ];
    expect(standingEscalations({ timer: P1, assignments: [facts()], raised })).toEqual([
      { kind: 'ack_overdue', assignmentId: 'as-1', at: T0 + 120 * S, occurrences: 2 },
      { kind: 'en_route_overdue', assignmentId: 'as-1', at: T0 + 180 * S, occurrences: 1 },
    ]);
    const acked = facts({ status: 'acknowledged', acknowledgedAt: T0 + 150 * S });
    expect(standingEscalations({ timer: P1, assignments: [acked], raised }).map((e) => e.kind)).toEqual([
      'en_route_overdue',
    ]);
    expect(standingEscalations({ timer: P1, assignments: [facts({ status: 'withdrawn' })], raised })).toEqual(
      [],
    );
  });
});
