// The report facts of the log: what each call, incident and assignment adds to the hourly KPI aggregates.
//
// The aggregates are the sum, over every call and every incident (with its calls and assignments), of the facts
// their current state yields, plus the facts some events yield on their own
// (callbacks, escalations, units moving). A batch therefore changes them by facts(after) − facts(before) of the
// groups it touched, plus its events' own facts: the engine writes that delta with the events, and replaying the
// log from scratch (`FactReplay`) gives the same sums, which is how the stored aggregates are audited.
import { isTelephonyEvent } from '../acd/projection.ts';
import type { DomainEvent } from '../events.ts';
import { apply, assignmentsOf, type State, type Touched } from '../state.ts';
import type { Assignment, Call, Incident } from '../types.ts';

export const HOUR_MS = 3_600_000;

/** Upper bounds (seconds, inclusive) of the duration histograms; a last open bin holds the longer ones. */
export const DURATION_BINS_S = [
  5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1200, 1800, 3600,
] as const;
/** The key of the open bin above the last bound. */
export const OVER = '+';

const METRICS = [
  /** A call, keyed by its type (or `unclassified`). */
  'call',
  /** An answered call's answer time (registration → answer), keyed by bin; total is the ms. */
  'answer',
  /** A call that ended without being answered; total is how long it rang. */
  'abandoned',
  /** A callback attempt, keyed by its result. */
  'callback',
  /** An incident, keyed by `open`, `closed` or `cancelled`. */
  'incident',
  /** Call-taker processing time: first answer of its calls → forwarded (NFPA 1225), keyed by bin. */
  'processing',
  /** Time to dispatch: forwarded → first agency requested, keyed by bin. */
  'dispatch',
  /** Casualties of an incident, keyed `dead` or `injured`; n is the number of people (highest any agency reported). */
  'casualties',
  /** An agency requested on an incident, keyed by the assignment's status. */
  'request',
  /** Casualties an agency reported when done, keyed `dead` or `injured`; n is the number of people it reported. */
  'outcome',
  /** Agency acknowledgement time (requested → acknowledged), keyed by bin. */
  'ack',
  /** A unit of the agency en route, time from the request, keyed by bin. */
  'en_route',
  /** A unit of the agency on scene, time from the request, keyed by bin. */
  'on_scene',
  /** The agency reported done, time from the request, keyed by bin. */
  'done',
  /** An agency declined, keyed by the reason given. */
  'decline',
  /** An SOP timer passed (first occurrence), keyed by its kind. */
  'escalation',
  /** Daily rows only: per shift figures, keyed `part:figure` (rollup.ts). */
  'shift',
] as const;
export type Metric = (typeof METRICS)[number];

/** The dimensions of an aggregate row; '' (0 for priority) where the metric does not carry one. */
export interface FactKey {
  /** Start of the hour (epoch ms) of the call's registration or the incident's creation. */
  hour: number;
  metric: Metric;
  key: string;
  channel: string;
  category: string;
  priority: number;
  kecamatan: string;
  desa: string;
  agency: string;
  /** The call taker who answered the call or created the incident; the callback's author. */
  user: string;
}

export interface Fact extends FactKey {
  n: number;
  /** Sum of the durations (ms) for duration metrics, else 0. */
  total: number;
}

/** The start (epoch ms) of the hour an instant falls in: an incident's facts are keyed by its creation's. */
export const hourOf = (at: number): number => Math.floor(at / HOUR_MS) * HOUR_MS;

/** The histogram bin of a duration: its upper bound in seconds, or OVER. */
export function binOf(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  const bound = DURATION_BINS_S.find((b) => seconds <= b);
  return bound === undefined ? OVER : String(bound);
}

/** Every dimension of a fact blank: the totals row, and the start of a row that fills in some. */
export const BLANK_DIMENSIONS: Omit<FactKey, 'hour' | 'metric' | 'key'> = {
  channel: '',
  category: '',
  priority: 0,
  kecamatan: '',
  desa: '',
  agency: '',
  user: '',
};

/** Reasons are free text: the first words, trimmed, keep the key short and alike reasons together. */
const reasonKey = (reason: string | null) => (reason ?? '').trim().replace(/\s+/g, ' ').slice(0, 80);

/** The facts of a call on its own: counted, answered or abandoned. */
function callFacts(call: Call): Fact[] {
  const base = {
    ...BLANK_DIMENSIONS,
    hour: hourOf(call.registeredAt),
    channel: call.channel,
    user: call.answeredBy ?? '',
  };
  const facts: Fact[] = [{ ...base, metric: 'call', key: call.type ?? 'unclassified', n: 1, total: 0 }];
  if (call.answeredAt !== null) {
    const ms = call.answeredAt - call.registeredAt;
    facts.push({ ...base, metric: 'answer', key: binOf(ms), n: 1, total: ms });
  } else if (call.status === 'ended') {
    const ms = (call.endedAt ?? call.registeredAt) - call.registeredAt;
    facts.push({ ...base, metric: 'abandoned', key: '', n: 1, total: ms });
  }
  return facts;
}

type IncidentDims = Pick<FactKey, 'hour' | 'category' | 'priority' | 'kecamatan' | 'desa'>;

function incidentDims(incident: Incident): IncidentDims {
  return {
    hour: hourOf(incident.createdAt),
    category: incident.category,
    priority: incident.priority,
    kecamatan: incident.location.kecamatan,
    desa: incident.location.desa ?? '',
  };
}

const duration = (base: Omit<FactKey, 'metric' | 'key'>, metric: Metric, ms: number): Fact => ({
  ...base,
  metric,
  key: binOf(ms),
  n: 1,
  total: ms,
});

/**
 * The casualties an agency reported on its request (`outcome`), in the dimensions of the incident and the agency: its
 * own figures, where the incident's (`casualties`) carry no agency.
 */
export function outcomeFacts(agency: Omit<FactKey, 'metric' | 'key'>, a: Assignment): Fact[] {
  const facts: Fact[] = [];
  const { dead = 0, injured = 0 } = a.outcome ?? {};
  if (dead > 0) facts.push({ ...agency, metric: 'outcome', key: 'dead', n: dead, total: 0 });
  if (injured > 0) facts.push({ ...agency, metric: 'outcome', key: 'injured', n: injured, total: 0 });
  return facts;
}

/** The dimensions of an agency's facts on an incident: the incident's, and the agency. */
export const agencyDims = (
  incident: Pick<FactKey, 'hour' | 'category' | 'priority' | 'kecamatan' | 'desa'>,
  agencyId: string,
): Omit<FactKey, 'metric' | 'key'> => ({ ...BLANK_DIMENSIONS, ...incident, agency: agencyId });

/** The facts of an incident with its calls and its assignments, as the state holds them. */
function incidentFacts(state: State, incidentId: string): Fact[] {
  const incident = state.incidents.get(incidentId);
  if (!incident) return [];
  const dims = { ...BLANK_DIMENSIONS, ...incidentDims(incident) };
  const own = { ...dims, user: incident.createdBy };
  const status = incident.status === 'closed' || incident.status === 'cancelled' ? incident.status : 'open';
  const facts: Fact[] = [{ ...own, metric: 'incident', key: status, n: 1, total: 0 }];
  const answers = incident.callIds
    .map((id) => state.calls.get(id)?.answeredAt ?? null)
    .filter((at): at is number => at !== null);
  if (incident.forwardedAt !== null && answers.length > 0) {
    facts.push(duration(own, 'processing', incident.forwardedAt - Math.min(...answers)));
  }
  if (incident.forwardedAt !== null && incident.dispatchedAt !== null) {
    facts.push(duration(own, 'dispatch', incident.dispatchedAt - incident.forwardedAt));
  }
  let dead = 0;
  let injured = 0;
  for (const a of assignmentsOf(state, incidentId)) {
    const agency = agencyDims(incidentDims(incident), a.agencyId);
    facts.push({ ...agency, metric: 'request', key: a.status, n: 1, total: 0 });
    facts.push(...outcomeFacts(agency, a));
    if (a.acknowledgedAt !== null) facts.push(duration(agency, 'ack', a.acknowledgedAt - a.requestedAt));
    if (a.doneAt !== null) facts.push(duration(agency, 'done', a.doneAt - a.requestedAt));
    if (a.status === 'declined')
      facts.push({ ...agency, metric: 'decline', key: reasonKey(a.declinedReason), n: 1, total: 0 });
    dead = Math.max(dead, a.outcome?.dead ?? 0);
    injured = Math.max(injured, a.outcome?.injured ?? 0);
  }
  if (dead > 0) facts.push({ ...dims, metric: 'casualties', key: 'dead', n: dead, total: 0 });
  if (injured > 0) facts.push({ ...dims, metric: 'casualties', key: 'injured', n: injured, total: 0 });
  return facts;
}

/** The facts an event adds by itself, read from the state just before it is applied. */
export function eventFacts(before: State, event: DomainEvent): Fact[] {
  if (isTelephonyEvent(event)) {
    if (event.type !== 'telephony.callback_attempted') return [];
    return [
      {
        ...BLANK_DIMENSIONS,
        hour: hourOf(event.at),
        metric: 'callback',
        key: event.result,
        channel: 'voice',
        user: event.actor ?? '',
        n: 1,
        total: 0,
      },
    ];
  }
  if (event.type === 'escalation.raised') {
    const incident = before.incidents.get(event.incidentId);
    if (!incident || event.occurrence !== 1) return [];
    const base = { ...BLANK_DIMENSIONS, ...incidentDims(incident), agency: event.agencyId };
    return [{ ...base, metric: 'escalation', key: event.kind, n: 1, total: 0 }];
  }
  if (event.type === 'unit.status_changed') {
    if (event.status === event.from || (event.status !== 'en_route' && event.status !== 'on_scene'))
      return [];
    const unit = before.units.get(event.unitId);
    const assignment = unit?.assignmentId ? before.assignments.get(unit.assignmentId) : undefined;
    const incident = assignment ? before.incidents.get(assignment.incidentId) : undefined;
    if (!assignment || !incident) return [];
    const base = { ...BLANK_DIMENSIONS, ...incidentDims(incident), agency: assignment.agencyId };
    // From the crew's press of the button, when the change waited on its phone without a signal.
    return [duration(base, event.status, (event.pressedAt ?? event.at) - assignment.requestedAt)];
  }
  return [];
}

/** The incidents whose facts a batch may have changed: touched ones, and those of touched calls and assignments. */
function touchedIncidents(before: State, after: State, touched: Touched): Set<string> {
  const ids = new Set(touched.incidents);
  for (const id of touched.assignments) {
    const incidentId = (after.assignments.get(id) ?? before.assignments.get(id))?.incidentId;
    if (incidentId) ids.add(incidentId);
  }
  for (const id of touched.calls) {
    for (const state of [before, after]) {
      const incidentId = state.calls.get(id)?.incidentId;
      if (incidentId) ids.add(incidentId);
    }
  }
  return ids;
}

/** What a batch changes in the aggregates: facts(after) − facts(before) of what it touched, plus its events' facts. */
export function batchDelta(before: State, after: State, touched: Touched, ownFacts: Fact[]): Fact[] {
  const sum = new FactSum();
  for (const id of touched.calls) {
    const was = before.calls.get(id);
    const is = after.calls.get(id);
    if (was) sum.add(callFacts(was), -1);
    if (is) sum.add(callFacts(is), 1);
  }
  for (const id of touchedIncidents(before, after, touched)) {
    sum.add(incidentFacts(before, id), -1);
    sum.add(incidentFacts(after, id), 1);
  }
  sum.add(ownFacts, 1);
  return sum.facts();
}

export const factKey = (f: FactKey): string =>
  [f.hour, f.metric, f.key, f.channel, f.category, f.priority, f.kecamatan, f.desa, f.agency, f.user].join(
    '\u0000',
  );

/** Facts summed by their dimensions; rows that cancel out are dropped. */
export class FactSum {
  private readonly rows = new Map<string, Fact>();

  add(facts: readonly Fact[], sign: 1 | -1 = 1): this {
    for (const fact of facts) {
      const key = factKey(fact);
      const row = this.rows.get(key);
      if (row) {
        row.n += sign * fact.n;
        row.total += sign * fact.total;
      } else this.rows.set(key, { ...fact, n: sign * fact.n, total: sign * fact.total });
    }
    return this;
  }

  facts(): Fact[] {
    return [...this.rows.values()].filter((f) => f.n !== 0 || f.total !== 0);
  }
}

/**
 * The aggregates recomputed from the log alone: every event applied in order to the state before the first event,
 * each event's own facts taken on the way, then the facts of every call and incident the state ends with.
 */
export class FactReplay {
  readonly state: State;
  private readonly sum = new FactSum();

  constructor(initial: State) {
    this.state = initial;
  }

  push(event: DomainEvent): void {
    this.sum.add(eventFacts(this.state, event));
    apply(this.state, event);
  }

  /** The events' own facts so far, plus those of every call and incident as the state now holds them. */
  facts(): Fact[] {
    const sum = new FactSum().add(this.sum.facts());
    for (const call of this.state.calls.values()) sum.add(callFacts(call));
    for (const id of this.state.incidents.keys()) sum.add(incidentFacts(this.state, id));
    return sum.facts();
  }
}
