// Raises the SOP's escalations when timers pass, derived from stored events and the clock: restart-safe, once per interval.
import { performance } from 'node:perf_hooks';
import type { StoredEvent } from '../domain/events.ts';
import { type Timer, timersFor } from '../domain/sop/document.ts';
import {
  type AssignmentFacts,
  assignmentFactsFrom,
  type DueEscalation,
  dueEscalations,
  nextDueAt,
  type RaisedEscalation,
  type StandingEscalation,
  standingEscalations,
} from '../domain/sop/escalation.ts';
import { assignmentsOf, isEnded, isOpenAssignment } from '../domain/state.ts';
import type { Actor, Incident } from '../domain/types.ts';
import type { EventStore } from '../store/event-store.ts';
import type { SopStore, SopVersion } from '../store/sop-store.ts';
import { DeadlineQueue } from './deadline-queue.ts';
import type { Engine } from './engine.ts';

const ESCALATION_ACTOR: Actor = { userId: 'system:escalation', role: 'system', agencyId: null };
/** Longest sleep between two looks at the deadlines, in case the clock jumps. */
const MAX_SLEEP_MS = 60_000;
/** Longest stretch the worker keeps the event loop before letting requests through. */
const SLICE_MS = 4;

export interface EscalationWorkerOptions {
  /** How soon after a change the worker re-reads the incident; 0 leaves ticking to the caller (tests). */
  pollMs?: number;
  onError?: (error: unknown) => void;
}

/** What the worker knows about one open incident with open assignments: enough to say what is due when. */
interface Plan {
  incident: Incident;
  timer: Timer;
  facts: AssignmentFacts[];
  raised: RaisedEscalation[];
  nextDue: number | null;
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

/**
 * Keeps a plan per open incident with open assignments, rebuilt from the log only when an event touches that
 * incident, and a heap of their next due times: a tick costs the incidents that changed plus those that are due,
 * never a scan of everything open or ever recorded.
 */
export class EscalationWorker {
  private readonly engine: Engine;
  private readonly store: EventStore;
  private readonly sop: SopStore;
  private readonly options: EscalationWorkerOptions;
  private readonly plans = new Map<string, Plan>();
  /** Incidents whose plan must be (re)built before anything is decided about them. */
  private readonly dirty = new Set<string>();
  private readonly deadlines = new DeadlineQueue();
  /** The SOP version of each incident: fixed once created, since later versions are published after it. */
  private readonly versions = new Map<string, SopVersion>();
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | null = null;
  /** When the timer set fires (performance clock), so a later change never puts it off. */
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;
  /** Ticks run one after another, each reading the clock afresh when it starts. */
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(engine: Engine, store: EventStore, sop: SopStore, options: EscalationWorkerOptions = {}) {
    this.engine = engine;
    this.store = store;
    this.sop = sop;
    this.options = options;
    for (const id of engine.state.index.openIncidents.keys()) this.dirty.add(id);
    this.unsubscribe = engine.subscribe((events) => {
      for (const event of events) {
        const incidentId = incidentOf(engine, event);
        if (incidentId) this.invalidate(incidentId);
      }
      this.schedule();
    });
    this.schedule();
  }

  /**
   * Stops the timer and the subscription; resolves once a tick already running has given up (it reads and raises
   * nothing more), so nothing of this worker runs after, e.g., the database closes.
   */
  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.unsubscribe();
    return this.chain.then(() => undefined);
  }

  /** Raises every escalation due now, after any tick already running (which may have read an older clock). */
  tick(): Promise<DueEscalation[]> {
    this.pending++;
    const run = this.chain.then(() => this.raiseDue()).finally(() => this.pending--);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Escalations raised whose cause still stands, for consoles that (re)load. */
  async standing(): Promise<(StandingEscalation & { incidentId: string; agencyId: string })[]> {
    await this.refresh();
    const all = [];
    for (const { incident, timer, facts, raised } of this.plans.values()) {
      for (const e of standingEscalations({ timer, assignments: facts, raised })) {
        const agencyId = facts.find((f) => f.id === e.assignmentId)?.agencyId ?? '';
        all.push({ ...e, incidentId: incident.id, agencyId });
      }
    }
    return all.sort((a, b) => a.at - b.at);
  }

  private invalidate(incidentId: string): void {
    this.plans.delete(incidentId);
    this.dirty.add(incidentId);
  }

  /** Sleeps until the next deadline, or a poll interval after a change, whichever comes first. */
  private schedule(): void {
    const pollMs = this.options.pollMs ?? 1000;
    if (this.stopped || pollMs <= 0 || this.pending > 0) return;
    const top = this.deadlines.peek();
    let delay = MAX_SLEEP_MS;
    if (top) delay = Math.min(delay, Math.max(0, top.at - this.engine.now()));
    if (this.dirty.size > 0) delay = Math.min(delay, pollMs);
    const at = performance.now() + delay;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Number.POSITIVE_INFINITY;
      this.tick()
        .catch((error) => this.options.onError?.(error))
        .finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  /** Rebuilds the plans of the incidents that changed, yielding now and then so requests are not held up. */
  private async refresh(): Promise<void> {
    let slice = performance.now();
    while (this.dirty.size > 0 && !this.stopped) {
      const id = this.dirty.values().next().value!;
      this.dirty.delete(id);
      const plan = await this.plan(id);
      // Changed again while its timeline was read: it stays dirty and is read once more.
      if (this.dirty.has(id)) continue;
      if (!plan) continue;
      this.plans.set(id, plan);
      if (plan.nextDue !== null) this.deadlines.push(plan.nextDue, id);
      if (performance.now() - slice > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
    if (this.deadlines.size > 4 * this.plans.size + 64) this.compact();
  }

  /** Drops the deadlines of plans that were rebuilt or dropped since they were pushed. */
  private compact(): void {
    this.deadlines.clear();
    for (const [id, plan] of this.plans) if (plan.nextDue !== null) this.deadlines.push(plan.nextDue, id);
  }

  /** The plan of one incident, or null when it has no open assignment (and so no timer running). */
  private async plan(id: string): Promise<Plan | null> {
    const incident = this.engine.state.incidents.get(id);
    if (!incident || isEnded(incident)) {
      this.versions.delete(id);
      return null;
    }
    if (!assignmentsOf(this.engine.state, id).some(isOpenAssignment)) return null;
    const version = this.versions.get(id) ?? (await this.sop.versionAt(incident.createdAt));
    this.versions.set(id, version);
    const category = version.doc.categories.find((c) => c.code === incident.category);
    const timer = timersFor(version.doc, category, incident.priority);
    const events = await this.store.timeline(incident);
    const raised: RaisedEscalation[] = events.flatMap((e) =>
      e.type === 'escalation.raised' ? [{ kind: e.kind, assignmentId: e.assignmentId, at: e.at }] : [],
    );
    const facts = [...assignmentFactsFrom(events).values()];
    return { incident, timer, facts, raised, nextDue: nextDueAt({ timer, assignments: facts, raised }) };
  }

  private async raiseDue(): Promise<DueEscalation[]> {
    await this.refresh();
    const now = this.engine.now();
    const raisedNow: DueEscalation[] = [];
    for (
      let top = this.deadlines.peek();
      top !== undefined && top.at <= now && !this.stopped;
      top = this.deadlines.peek()
    ) {
      this.deadlines.pop();
      const plan = this.plans.get(top.key);
      if (!plan || plan.nextDue !== top.at) continue;
      // Read again after raising: the raise (or another node's) moves the next due time on.
      this.invalidate(top.key);
      const { timer, facts, raised } = plan;
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
