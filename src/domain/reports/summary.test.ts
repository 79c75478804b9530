// A scripted morning with every KPI computed by hand, folded through the facts and the summary.

import { describe, expect, it } from 'vitest';
import type { DomainEvent, EventBody } from '../events.ts';
import {
  DESA_BONTORAJA,
  DESA_CAILE,
  KEC_GANTARANG,
  KEC_UJUNG_BULU,
  makeState,
  T0,
} from '../test-fixtures.ts';
import type { Assignment, Call, Incident } from '../types.ts';
import { DEFAULT_REPORT_CLOCK } from './clock.ts';
import { FactReplay } from './facts.ts';
import { monthPeriod, rollUp, sliceUp } from './rollup.ts';
import { matches, summarize } from './summary.ts';

const S = 1000;
const ev = (at: number, actor: string | null, body: EventBody): DomainEvent =>
  ({ ...body, at, actor, agencies: [] }) as DomainEvent;

const call = (id: string, channel: Call['channel'], at: number): EventBody => ({
  type: 'call.registered',
  call: {
    id,
    channel,
    number: '081200000000',
    status: 'ringing',
    type: null,
    incidentId: null,
    registeredAt: at,
    answeredAt: null,
    answeredBy: null,
    classifiedAt: null,
    endedAt: null,
    endedBy: null,
  },
});

const incident = (
  id: string,
  callId: string,
  at: number,
  by: string,
  fields: Pick<Incident, 'category' | 'priority'> & { kecamatan: string; desa: string },
): EventBody => ({
  type: 'incident.created',
  incident: {
    id,
    number: `2026-${id}`,
    category: fields.category,
    location: {
      kecamatan: fields.kecamatan,
      desa: fields.desa,
      address: null,
      landmark: null,
      lat: null,
      lon: null,
    },
    caller: { name: null, phone: null },
    description: '',
    priority: fields.priority,
    status: 'new',
    callIds: [callId],
    createdAt: at,
    createdBy: by,
    forwardedAt: null,
    dispatchedAt: null,
    closedAt: null,
    closedBy: null,
    closeReason: null,
    updatedAt: at,
  },
});

const requested = (id: string, incidentId: string, agencyId: string, at: number, state: Incident) =>
  ({
    type: 'assignment.requested',
    assignment: {
      id,
      incidentId,
      agencyId,
      status: 'requested',
      note: null,
      requestedAt: at,
      requestedBy: 'pengarah1',
      acknowledgedAt: null,
      declinedReason: null,
      unitIds: [],
      outcome: null,
      doneAt: null,
      updatedAt: at,
    } satisfies Assignment,
    incident: state,
  }) as EventBody;

/**
 * 08:00 WITA (T0). Five calls: c1 answered after 10 s becomes house fire i1 (forwarded 60 s after the answer);
 * c2 answered after 18 s, a prank; c3 an SMS nobody answered (ended after 30 s); c4 answered after 40 s, an
 * information call; c5 answered after 3 s becomes medical i2 (forwarded 90 s after the answer). Damkar
 * acknowledges i1 in 30 s, its unit is en route 100 s and on scene 600 s after the request, done after 1800 s with
 * 2 injured; PSC 119 declines i1 (after an ack-overdue escalation, raised twice) and acknowledges i2 in 45 s.
 */
function scriptedMorning(): DomainEvent[] {
  const h = T0 + 3600 * S;
  const i1 = {
    category: 'kebakaran_bangunan',
    priority: 1 as const,
    kecamatan: KEC_UJUNG_BULU,
    desa: DESA_CAILE,
  };
  const i2 = {
    category: 'gawat_darurat_medis',
    priority: 2 as const,
    kecamatan: KEC_GANTARANG,
    desa: DESA_BONTORAJA,
  };
  const created1 = incident('i1', 'c1', T0 + 60 * S, 'operator1', i1);
  const created2 = incident('i2', 'c5', h + 300 * S + 50 * S, 'operator2', i2);
  const inc1 = (created1 as { incident: Incident }).incident;
  const inc2 = (created2 as { incident: Incident }).incident;
  return [
    ev(T0, 'telephony', call('c1', 'voice', T0)),
    ev(T0 + 10 * S, 'operator1', { type: 'call.answered', callId: 'c1' }),
    ev(T0 + 60 * S, 'operator1', created1),
    ev(T0 + 70 * S, 'operator1', { type: 'incident.forwarded', incidentId: 'i1' }),
    ev(T0 + 100 * S, 'pengarah1', requested('a1', 'i1', 'damkar', T0 + 100 * S, inc1)),
    ev(T0 + 100 * S, 'pengarah1', requested('a2', 'i1', 'psc119', T0 + 100 * S, inc1)),
    ev(T0 + 130 * S, 'opd-damkar', { type: 'assignment.acknowledged', assignmentId: 'a1' }),
    ev(T0 + 140 * S, 'opd-damkar', {
      type: 'assignment.unit_assigned',
      assignmentId: 'a1',
      unitId: 'damkar-1',
    }),
    ev(T0 + 150 * S, null, {
      type: 'escalation.raised',
      incidentId: 'i1',
      assignmentId: 'a2',
      agencyId: 'psc119',
      kind: 'ack_overdue',
      dueAt: T0 + 150 * S,
      occurrence: 1,
    }),
    ev(T0 + 155 * S, null, {
      type: 'escalation.raised',
      incidentId: 'i1',
      assignmentId: 'a2',
      agencyId: 'psc119',
      kind: 'ack_overdue',
      dueAt: T0 + 155 * S,
      occurrence: 2,
    }),
    ev(T0 + 160 * S, 'opd-psc119', {
      type: 'assignment.declined',
      assignmentId: 'a2',
      reason: '  Ambulans   sedang dipakai ',
    }),
    ev(T0 + 200 * S, 'opd-damkar', {
      type: 'unit.status_changed',
      unitId: 'damkar-1',
      status: 'en_route',
      from: 'dispatched',
      incidentId: 'i1',
    }),
    ev(T0 + 300 * S, 'telephony', call('c2', 'voice', T0 + 300 * S)),
    ev(T0 + 318 * S, 'operator2', { type: 'call.answered', callId: 'c2' }),
    ev(T0 + 330 * S, 'operator2', { type: 'call.classified', callId: 'c2', callType: 'prank' }),
    ev(T0 + 340 * S, 'operator2', { type: 'call.ended', callId: 'c2' }),
    ev(T0 + 600 * S, 'telephony', call('c3', 'sms', T0 + 600 * S)),
    ev(T0 + 630 * S, 'telephony', { type: 'call.ended', callId: 'c3' }),
    ev(T0 + 700 * S, 'opd-damkar', {
      type: 'unit.status_changed',
      unitId: 'damkar-1',
      status: 'on_scene',
      from: 'en_route',
      incidentId: 'i1',
    }),
    ev(T0 + 900 * S, 'operator1', {
      type: 'telephony.callback_attempted',
      sipCallId: 'sip-c3',
      result: 'no_answer',
    }),
    ev(T0 + 1900 * S, 'opd-damkar', {
      type: 'assignment.completed',
      assignmentId: 'a1',
      outcome: { dead: 0, injured: 2, report: 'Api padam' },
    }),
    ev(T0 + 2000 * S, 'pengarah1', {
      type: 'incident.ended',
      incidentId: 'i1',
      status: 'closed',
      reason: null,
      forced: false,
    }),
    ev(h, 'telephony', call('c4', 'voice', h)),
    ev(h + 40 * S, 'operator1', { type: 'call.answered', callId: 'c4' }),
    ev(h + 50 * S, 'operator1', { type: 'call.classified', callId: 'c4', callType: 'information' }),
    ev(h + 300 * S, 'telephony', call('c5', 'voice', h + 300 * S)),
    ev(h + 303 * S, 'operator2', { type: 'call.answered', callId: 'c5' }),
    ev(h + 350 * S, 'operator2', created2),
    ev(h + 393 * S, 'operator2', { type: 'incident.forwarded', incidentId: 'i2' }),
    ev(h + 413 * S, 'pengarah1', requested('a3', 'i2', 'psc119', h + 413 * S, inc2)),
    ev(h + 458 * S, 'opd-psc119', { type: 'assignment.acknowledged', assignmentId: 'a3' }),
  ];
}

function morningFacts() {
  const replay = new FactReplay(makeState());
  for (const event of scriptedMorning()) replay.push(event);
  return replay.facts();
}

const DAY = {
  from: T0 - 8 * 3600 * S,
  to: T0 + 16 * 3600 * S,
  tzOffsetMinutes: 480,
  shiftStarts: [7, 19],
  staff: true,
  granularity: 'hour' as const,
};

describe('the KPI report of a scripted morning', () => {
  const report = summarize(morningFacts(), DAY);

  it('counts calls by type, channel and hour, abandoned calls and callbacks', () => {
    expect(report.calls.total).toBe(5);
    expect(report.calls.byType).toEqual({ emergency: 2, prank: 1, unclassified: 1, information: 1 });
    expect(report.calls.byChannel).toEqual({ voice: 4, sms: 1 });
    expect(report.step).toBe('hour');
    expect(report.calls.series).toEqual([
      { at: T0, byType: { emergency: 1, prank: 1, unclassified: 1 } },
      { at: T0 + 3600 * S, byType: { information: 1, emergency: 1 } },
    ]);
    expect(report.calls.abandoned).toBe(1);
    expect(report.calls.abandonedMeanRingMs).toBe(30_000);
    expect(report.calls.callbacks).toBe(1);
    expect(report.calls.callbacksByResult).toEqual({ no_answer: 1 });
  });

  it('gives the answer-time distribution and the NENA-STA-020 shares', () => {
    // 10 s, 18 s, 40 s, 3 s
    expect(report.answer.n).toBe(4);
    expect(report.answer.meanMs).toBe(17_750);
    expect(report.answer.within15).toBe(2);
    expect(report.answer.within20).toBe(3);
    expect(report.answer.share15).toBe(0.5);
    expect(report.answer.share20).toBe(0.75);
    expect(report.answer.p50).toBe('10');
    expect(report.answer.p90).toBe('45');
    const bins = Object.fromEntries(report.answer.histogram.filter((b) => b.n > 0).map((b) => [b.le, b.n]));
    expect(bins).toEqual({ '5': 1, '10': 1, '20': 1, '45': 1 });
  });

  it('measures processing (NFPA 1225) and time to dispatch', () => {
    // i1: answered at 10 s, forwarded at 70 s → 60 s; i2: 90 s.
    expect(report.processing).toMatchObject({ n: 2, meanMs: 75_000, within60: 1, share60: 0.5 });
    // i1: forwarded 70 s, first request 100 s → 30 s; i2: 20 s.
    expect(report.dispatch).toMatchObject({ n: 2, meanMs: 25_000 });
  });

  it('counts incidents by category, priority, kecamatan, desa, status and casualties', () => {
    expect(report.incidents).toEqual({
      total: 2,
      byStatus: { closed: 1, open: 1 },
      byCategory: { kebakaran_bangunan: 1, gawat_darurat_medis: 1 },
      byPriority: { '1': 1, '2': 1 },
      byKecamatan: { [KEC_UJUNG_BULU]: 1, [KEC_GANTARANG]: 1 },
      byDesa: { [DESA_CAILE]: 1, [DESA_BONTORAJA]: 1 },
      dead: 0,
      injured: 2,
    });
  });

  it('times each agency and lists declines and escalations', () => {
    const [damkar, psc] = report.agencies;
    expect(damkar).toMatchObject({
      agency: 'damkar',
      requested: 1,
      byStatus: { done: 1 },
      declined: 0,
      escalations: 0,
    });
    expect(damkar!.ack).toMatchObject({ n: 1, meanMs: 30_000, p50: '30' });
    expect(damkar!.enRoute).toMatchObject({ n: 1, meanMs: 100_000, p50: '120' });
    expect(damkar!.onScene).toMatchObject({ n: 1, meanMs: 600_000, p50: '600' });
    expect(damkar!.done).toMatchObject({ n: 1, meanMs: 1_800_000, p50: '1800' });
    expect(psc).toMatchObject({
      agency: 'psc119',
      requested: 2,
      byStatus: { declined: 1, acknowledged: 1 },
      declined: 1,
      escalations: 1,
    });
    expect(psc!.ack).toMatchObject({ n: 1, meanMs: 45_000 });
    expect(report.declines).toEqual([{ agency: 'psc119', reason: 'Ambulans sedang dipakai', n: 1 }]);
    expect(report.escalations).toEqual({ total: 1, byKind: { ack_overdue: 1 } });
  });

  it('gives per call taker and per shift figures to supervision only', () => {
    expect(report.staff).toEqual([
      {
        user: 'operator1',
        answered: 2,
        answerMeanMs: 25_000,
        within15: 1,
        incidents: 1,
        processed: 1,
        processingMeanMs: 60_000,
        within60: 1,
        callbacks: 1,
      },
      {
        user: 'operator2',
        answered: 2,
        answerMeanMs: 10_500,
        within15: 1,
        incidents: 1,
        processed: 1,
        processingMeanMs: 90_000,
        within60: 0,
        callbacks: 0,
      },
    ]);
    // 08:00–09:10 WITA lies in the shift that began at 07:00 WITA.
    expect(report.shifts).toEqual([
      { start: T0 - 3600 * S, calls: 5, answered: 4, within15: 2, abandoned: 1, incidents: 2 },
    ]);
    expect(summarize(morningFacts(), { ...DAY, staff: false }).staff).toBeNull();
  });

  it('filters: a channel keeps only call figures of that channel, an agency only its own figures', () => {
    const sms = summarize(
      morningFacts().filter((f) => matches(f, { channel: 'sms' })),
      DAY,
    );
    expect(sms.calls).toMatchObject({ total: 1, abandoned: 1 });
    expect(sms.incidents.total).toBe(0);
    const psc = summarize(
      morningFacts().filter((f) => matches(f, { agency: 'psc119' })),
      DAY,
    );
    expect(psc.agencies.map((a) => a.agency)).toEqual(['psc119']);
    expect(psc.calls.total).toBe(0);
    const fire = summarize(
      morningFacts().filter((f) => matches(f, { category: 'kebakaran_bangunan' })),
      DAY,
    );
    expect(fire.incidents.total).toBe(1);
    expect(fire.processing).toMatchObject({ n: 1, meanMs: 60_000 });
  });

  it('leaves out what lies outside the period, and uses days over a week', () => {
    const later = summarize(morningFacts(), { ...DAY, from: T0 + 3600 * S });
    expect(later.calls.total).toBe(2);
    expect(later.incidents.total).toBe(1);
    const week = summarize(morningFacts(), { ...DAY, to: DAY.from + 7 * 24 * 3600 * S });
    expect(week.step).toBe('day');
    expect(week.calls.series).toEqual([
      { at: DAY.from, byType: { emergency: 2, prank: 1, unclassified: 1, information: 1 } },
    ]);
  });

  it('gives the same figures from the daily rows, shifts included, over a week', () => {
    const week = { ...DAY, to: DAY.from + 7 * 24 * 3600 * S };
    const hourly = summarize(morningFacts(), week);
    const daily = summarize(rollUp(morningFacts(), DEFAULT_REPORT_CLOCK), { ...week, granularity: 'day' });
    expect(daily).toEqual(hourly);
    expect(daily.shifts).toEqual([
      { start: T0 - 3600 * S, calls: 5, answered: 4, within15: 2, abandoned: 1, incidents: 2 },
    ]);
  });

  it('gives the same figures from the daily slices, a dimension at a time, without filters', () => {
    const week = { ...DAY, to: DAY.from + 7 * 24 * 3600 * S, granularity: 'day' as const };
    const daily = rollUp(morningFacts(), DEFAULT_REPORT_CLOCK);
    // The slices carry the agency alone: an agency's requests by kind and kecamatan are its own report's.
    const whole = summarize(daily, week);
    expect(summarize(sliceUp(daily), { ...week, sliced: true })).toEqual({
      ...whole,
      agencies: whole.agencies.map((a) => ({ ...a, byCategory: null, byKecamatan: null })),
    });
  });

  it('puts the hours after midnight in the night shift of the day before', () => {
    // 02:00 WITA on the next day: the night shift that began at 19:00 WITA.
    const night = T0 + 18 * 3600 * S;
    const replay = new FactReplay(makeState());
    replay.push(ev(night, 'telephony', call('n1', 'voice', night)));
    const week = { ...DAY, to: DAY.from + 7 * 24 * 3600 * S };
    const daily = summarize(rollUp(replay.facts(), DEFAULT_REPORT_CLOCK), { ...week, granularity: 'day' });
    expect(daily.shifts).toEqual([
      { start: T0 + 11 * 3600 * S, calls: 1, answered: 0, within15: 0, abandoned: 0, incidents: 0 },
    ]);
    expect(daily.shifts).toEqual(summarize(replay.facts(), week).shifts);
  });
});

describe('another clock: WIB with three shifts (PINISI_TIME_ZONE=Asia/Jakarta, PINISI_SHIFT_HOURS=07-15,15-23,23-07)', () => {
  const WIB = { tzOffsetMinutes: 420, tzName: 'WIB', shiftStarts: [7, 15, 23] };
  const H = 3600 * S;
  /** 2026-11-30 00:00 WIB. */
  const NOV30 = Date.UTC(2026, 10, 30) - 7 * H;
  // 22:30 and 23:30 on 30 November and 06:30 on 1 December, WIB.
  const times = [NOV30 + 22.5 * H, NOV30 + 23.5 * H, NOV30 + 30.5 * H];
  const replay = new FactReplay(makeState());
  times.forEach((at, i) => {
    replay.push(ev(at, 'telephony', call(`c${i}`, 'voice', at)));
  });
  const hourly = replay.facts();
  const month = (name: string, clock: typeof WIB) => {
    const period = monthPeriod(name, clock.tzOffsetMinutes);
    const options = { ...period, ...clock, staff: true, granularity: 'day' as const };
    return summarize(rollUp(hourly, clock), options);
  };

  it('cuts the month at local midnight of the zone', () => {
    expect(month('2026-11', WIB).calls.total).toBe(2);
    expect(month('2026-12', WIB).calls.total).toBe(1);
    // The same calls in WITA: 23:30 WIB is already 1 December.
    expect(month('2026-11', DEFAULT_REPORT_CLOCK).calls.total).toBe(1);
    expect(month('2026-12', DEFAULT_REPORT_CLOCK).calls.total).toBe(2);
  });

  it('cuts the shifts at their local hours, the night shift across midnight, daily rows as hourly ones', () => {
    const days = { from: NOV30, to: NOV30 + 3 * 24 * H, ...WIB, staff: true };
    const daily = summarize(rollUp(hourly, WIB), { ...days, granularity: 'day' });
    const byHour = summarize(hourly, { ...days, granularity: 'hour' });
    const shift = (start: number, calls: number) => ({
      start,
      calls,
      answered: 0,
      within15: 0,
      abandoned: 0,
      incidents: 0,
    });
    expect(daily.shifts).toEqual([shift(NOV30 + 15 * H, 1), shift(NOV30 + 23 * H, 2)]);
    expect(byHour.shifts).toEqual(daily.shifts);
  });

  it('reads a shift that starts at midnight as that day’s', () => {
    const clock = { ...WIB, shiftStarts: [0, 8, 16] };
    const days = { from: NOV30, to: NOV30 + 3 * 24 * H, ...clock, staff: true };
    const daily = summarize(rollUp(hourly, clock), { ...days, granularity: 'day' });
    expect(daily.shifts?.map((s) => [s.start, s.calls])).toEqual([
      [NOV30 + 16 * H, 2],
      [NOV30 + 24 * H, 1],
    ]);
    expect(summarize(hourly, { ...days, granularity: 'hour' }).shifts).toEqual(daily.shifts);
  });
});

describe('the declines of a report', () => {
  it('are in the same order whatever order the rows were read in', () => {
    const decline = (agency: string, reason: string) => ({
      hour: Date.UTC(2026, 10, 10),
      metric: 'decline' as const,
      key: reason,
      channel: '',
      category: '',
      priority: 0,
      kecamatan: '',
      desa: '',
      agency,
      user: '',
      n: 2,
      total: 0,
    });
    const rows = [
      decline('psc119', 'Di luar wilayah'),
      decline('damkar', 'Unit sedang bertugas'),
      decline('psc119', 'Bukan kewenangan'),
    ];
    const options = {
      from: Date.UTC(2026, 10, 9),
      to: Date.UTC(2026, 10, 12),
      tzOffsetMinutes: 480,
      shiftStarts: [7, 19],
      staff: false,
      granularity: 'hour' as const,
    };
    const order = (read: typeof rows) =>
      summarize(read, options).declines.map((d) => `${d.agency} ${d.reason}`);
    expect(order(rows)).toEqual([
      'damkar Unit sedang bertugas',
      'psc119 Bukan kewenangan',
      'psc119 Di luar wilayah',
    ]);
    expect(order([...rows].reverse())).toEqual(order(rows));
  });
});
