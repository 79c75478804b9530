// The live store applies stream events once, in order, and remembers what moved; reconnect delays back off.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../src/domain/events.ts';
import type { Incident } from '../../src/domain/types.ts';
import { backoffDelay, LiveStore, toReference } from './live.ts';

const reference = toReference({
  kecamatan: [{ code: '73.02.02', name: 'Ujung Bulu', lat: -5.56, lon: 120.19 }],
  desa: [],
  agencies: [{ id: 'damkar', code: 'DAMKAR', name: 'Damkar' }],
  stations: [],
  categories: [],
});

const incident: Incident = {
  id: 'inc-1',
  number: '2026-000001',
  category: 'kebakaran_bangunan',
  location: { kecamatan: '73.02.02', desa: null, address: null, landmark: null, lat: null, lon: null },
  caller: { name: null, phone: null },
  description: '',
  priority: 1,
  status: 'new',
  callIds: [],
  createdAt: 1_000,
  createdBy: 'u1',
  forwardedAt: null,
  dispatchedAt: null,
  closedAt: null,
  closedBy: null,
  closeReason: null,
  updatedAt: 1_000,
};

const stored = (seq: number, body: object): StoredEvent =>
  ({ ...body, seq, hash: `h${seq}`, at: 1_000 + seq, actor: 'u1', agencies: [] }) as unknown as StoredEvent;

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveStore', () => {
  it('applies each event once with the shared reducer and advances its sequence', () => {
    vi.useFakeTimers();
    const store = new LiveStore(reference, { seq: 4, calls: [], incidents: [], assignments: [], units: [] });
    let notified = 0;
    store.subscribe(() => notified++);
    store.applyEvent(stored(5, { type: 'incident.created', incident }));
    store.applyEvent(stored(6, { type: 'incident.forwarded', incidentId: 'inc-1' }));
    store.applyEvent(stored(6, { type: 'incident.forwarded', incidentId: 'inc-1' }));
    store.applyEvent(stored(3, { type: 'incident.created', incident: { ...incident, id: 'old' } }));
    expect(store.state.seq).toBe(6);
    expect(store.state.incidents.get('inc-1')?.status).toBe('waiting_dispatch');
    expect(store.state.incidents.has('old')).toBe(false);
    expect(store.changed.has('inc-1')).toBe(true);
    // Views hear of it once for the burst, shortly after.
    expect(notified).toBe(0);
    vi.advanceTimersByTime(100);
    expect(notified).toBe(1);
    expect(store.getVersion()).toBe(2);
    expect(store.missed.size).toBe(0);
  });

  it('keeps the latest SOP escalation per assignment', () => {
    const store = new LiveStore(reference, { seq: 0, calls: [], incidents: [], assignments: [], units: [] });
    store.applyEvent(
      stored(1, {
        type: 'escalation.raised',
        incidentId: 'inc-1',
        assignmentId: 'a-1',
        agencyId: 'damkar',
        kind: 'ack_overdue',
        dueAt: 0,
        occurrence: 2,
      }),
    );
    expect(store.escalations.get('a-1')).toMatchObject({
      kind: 'ack_overdue',
      occurrence: 2,
      agencyId: 'damkar',
    });
  });

  it('backs off reconnecting from half a second up to eight seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(backoffDelay)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
});

describe('escalations on load', () => {
  it('shows the escalations that stand when the console loads, and takes later ones from the stream', () => {
    const store = new LiveStore(reference, {
      seq: 7,
      calls: [],
      incidents: [incident],
      assignments: [],
      units: [],
    });
    store.showStanding([
      {
        kind: 'ack_overdue',
        assignmentId: 'asg-1',
        agencyId: 'damkar',
        at: 5_000,
        occurrences: 2,
        incidentId: 'inc-1',
      },
    ]);
    expect(store.escalations.get('asg-1')).toEqual({
      assignmentId: 'asg-1',
      agencyId: 'damkar',
      kind: 'ack_overdue',
      occurrence: 2,
      at: 5_000,
    });
    store.applyEvent(
      stored(8, {
        type: 'escalation.raised',
        incidentId: 'inc-1',
        assignmentId: 'asg-1',
        agencyId: 'damkar',
        kind: 'ack_overdue',
        dueAt: 6_000,
        occurrence: 3,
      }),
    );
    expect(store.escalations.get('asg-1')?.occurrence).toBe(3);
  });
});
