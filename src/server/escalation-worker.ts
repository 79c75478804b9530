// Raises the SOP's escalations when timers pass, derived from stored events and the clock: restart-safe, once per interval.
import type { StoredEvent } from '../domain/events.ts';
import { type Timer, timersFor } from '../domain/sop/document.ts';
import {
  type AssignmentFacts,
  assignmentFactsFrom,
  type DueEscalation,
  dueEscalations,
  type RaisedEscalation,
  type StandingEscalation,
  standingEscalations,
} from '../domain/sop/escalation.ts';
import { assignmentsOf, isOpenAssignment } from '../domain/state.ts';
import type { Actor, Incident } from '../domain/types.ts';
import type { EventStore } from '../store/event-store.ts';
import type { SopStore, SopVersion } from '../store/sop-store.ts';
import type { Engine } from './engine.ts';

const ESCALATION_ACTOR: Actor = { userId: 'system:escalation', role: 'system', agencyId: null };

export interface EscalationWorkerOptions {
  /** How often the worker looks at the clock; 0 leaves ticking to the caller (tests). */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/** The incident an event concerns, as far as its assignments and escalations go. */
function incidentOf(engine: Engine, event: StoredEvent): string | null {
  if ('incidentId' in event && typeof event.incidentId === 'string') return event.incidentId;
  if (event.type === 'assignment.requested') return event.incident.id;
  if ('assignmentId' in event && typeof event.assignmentId === 'string') {
    return engine.state.assignments.get(event.assignmentId)?.incidentId ?? null;
  }
  return null;
}

export class EscalationWorker {
  private readonly engine: Engine;
  private readonly store: EventStore;
  private readonly sop: SopStore;
  private readonly options: EscalationWorkerOptions;
  /** Timeline of each open incident with open assignments, read from the log once and dropped when it changes. */
  private readonly timelines = new Map<string, StoredEvent[]>();
  /** The SOP version of each incident: fixed once created, since later versions are published after it. */
  private readonly versions = new Map<string, SopVersion>();
  /** Counts commits that touched some incident, so a timeline read during one is not kept. */
  private changes = 0;
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | null = null;
  /** Ticks run one after another, each reading the clock afresh when it starts. */
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(engine: Engine, store: EventStore, sop: SopStore, options: EscalationWorkerOptions = {}) {
    this.engine = engine;
    this.store = store;
    this.sop = sop;
    this.options = options;
    this.unsubscribe = engine.subscribe((events) => {
      for (const event of events) {
        const incidentId = incidentOf(engine, event);
        if (incidentId) this.timelines.delete(incidentId);
      }
      this.changes++;
    });
    const pollMs = options.pollMs ?? 1000;
    if (pollMs > 0) {
      this.timer = setInterval(() => {
        if (this.pending === 0) this.tick().catch((error) => this.options.onError?.(error));
      }, pollMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe();
  }

  /** Raises every escalation due now, after any tick already running (which may have read an older clock). */
  tick(): Promise<DueEscalation[]> {
    this.pending++;
    const run = this.chain.then(() => this.raiseDue()).finally(() => this.pending--);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async timeline(incident: Incident): Promise<StoredEvent[]> {
    const cached = this.timelines.get(incident.id);
    if (cached) return cached;
    const before = this.changes;
    const events = await this.store.timeline(incident);
    if (this.changes === before) this.timelines.set(incident.id, events);
    return events;
  }

  /** The timer, assignment facts and escalations raised so far of each open incident with open assignments. */
  private async openIncidents(): Promise<
    { incident: Incident; timer: Timer; facts: AssignmentFacts[]; raised: RaisedEscalation[] }[]
  > {
    const found = [];
    for (const incident of [...this.engine.state.incidents.values()]) {
      if (incident.status === 'closed' || incident.status === 'cancelled') {
        this.timelines.delete(incident.id);
        this.versions.delete(incident.id);
        continue;
      }
      if (!assignmentsOf(this.engine.state, incident.id).some(isOpenAssignment)) continue;
      const version = this.versions.get(incident.id) ?? (await this.sop.versionAt(incident.createdAt));
      this.versions.set(incident.id, version);
      const category = version.doc.categories.find((c) => c.code === incident.category);
      const timer = timersFor(version.doc, category, incident.priority);
      const events = await this.timeline(incident);
      const raised: RaisedEscalation[] = events.flatMap((e) =>
        e.type === 'escalation.raised' ? [{ kind: e.kind, assignmentId: e.assignmentId, at: e.at }] : [],
      );
      found.push({ incident, timer, facts: [...assignmentFactsFrom(events).values()], raised });
    }
    return found;
  }

  /** Escalations raised whose cause still stands, for consoles that (re)load. */
  async standing(): Promise<(StandingEscalation & { incidentId: string; agencyId: string })[]> {
    const all = [];
    for (const { incident, timer, facts, raised } of await this.openIncidents()) {
      for (const e of standingEscalations({ timer, assignments: facts, raised })) {
        const agencyId = facts.find((f) => f.id === e.assignmentId)?.agencyId ?? '';
        all.push({ ...e, incidentId: incident.id, agencyId });
      }
    }
    return all.sort((a, b) => a.at - b.at);
  }

  private async raiseDue(): Promise<DueEscalation[]> {
    const now = this.engine.now();
    const raisedNow: DueEscalation[] = [];
    for (const { timer, facts, raised } of await this.openIncidents()) {
      for (const due of dueEscalations({ now, timer, assignments: facts, raised })) {
        // The key makes a second worker, or a retry after a crash, answer from the first commit.
        const key = `escalation:${due.assignmentId}:${due.kind}:${due.dueAt}`;
        const outcome = await this.engine.execute(
          'escalation.raise',
          { assignmentId: due.assignmentId, kind: due.kind, dueAt: due.dueAt, occurrence: due.occurrence },
          ESCALATION_ACTOR,
          key,
        );
        if (outcome.ok) raisedNow.push(due);
      }
    }
    return raisedNow;
  }
}
