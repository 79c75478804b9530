// The call taker's one command (`incident.report`), triage as an event, the dispatcher's override note, SOP publishing.
import { describe, expect, it } from 'vitest';
import type { CommandPayload } from './commands.ts';
import { decide } from './decide.ts';
import { adopt, draftOf } from './draft.ts';
import { sopInForce } from './sop/reference.ts';
import { admin, fixtureSop, publishSop } from './sop-fixture.ts';
import { apply, isEnded } from './state.ts';
import {
  answeredCall,
  callTaker,
  cmd,
  dispatcher,
  expectRefused,
  houseFire,
  liaison,
  logOf,
  makeState,
  request,
  run,
  T0,
} from './test-fixtures.ts';
import { seesEvent, snapshotFor } from './visibility.ts';

const report = (
  callId: string | null,
  answers: CommandPayload<'incident.report'>['answers'],
  priority?: 1 | 2 | 3 | 4,
): CommandPayload<'incident.report'> => {
  const { priority: _chosen, ...fields } = houseFire(callId);
  return { ...fields, answers, ...(priority ? { priority } : {}) };
};

function reported(answers: CommandPayload<'incident.report'>['answers'] = { orang_terjebak: true }) {
  const state = makeState();
  publishSop(state);
  const callId = answeredCall(state);
  const decision = run(state, cmd('incident.report', report(callId, answers)), callTaker);
  const incidentId = decision.result.incidentId as string;
  return { state, decision, incidentId, callId };
}

describe('incident.report', () => {
  it('creates, triages and forwards in one decision, the call still on the line', () => {
    const { state, decision, incidentId, callId } = reported({
      jenis_bangunan: 'pasar',
      orang_terjebak: true,
      jumlah_terjebak: 2,
    });
    expect(decision.events.map((e) => e.type)).toEqual([
      'incident.created',
      'incident.triaged',
      'incident.forwarded',
    ]);
    const incident = state.incidents.get(incidentId)!;
    expect(incident).toMatchObject({ status: 'waiting_dispatch', priority: 1, callIds: [callId] });
    expect(state.calls.get(callId)?.status).toBe('answered');
    expect(decision.result).toEqual({ incidentId, number: incident.number, priority: 1 });
    expect(incident.triage).toMatchObject({
      sopVersion: 1,
      category: 'kebakaran_bangunan',
      priority: 1,
      priorityRuleId: 'terjebak_p1',
      priorityReason: { id: 'Ada orang terjebak', en: 'People are trapped' },
      by: callTaker.userId,
    });
    expect(incident.triage?.answers).toEqual([
      {
        questionId: 'jenis_bangunan',
        question: { id: 'Bangunan apa?', en: 'What building?' },
        value: 'pasar',
        label: { id: 'Pasar', en: 'Market' },
      },
      {
        questionId: 'orang_terjebak',
        question: { id: 'Ada orang terjebak?', en: 'Anyone trapped?' },
        value: true,
        label: null,
      },
      {
        questionId: 'jumlah_terjebak',
        question: { id: 'Berapa orang terjebak?', en: 'How many trapped?' },
        value: 2,
        label: null,
      },
    ]);
    expect(incident.triage?.agencies).toEqual([
      {
        agencyId: 'damkar',
        reasons: [{ id: 'Instansi utama untuk Kebakaran bangunan', en: 'Default agency for Building fire' }],
        ruleIds: [],
      },
      {
        agencyId: 'psc119',
        reasons: [{ id: 'Korban terjebak perlu ambulans', en: 'Trapped people need an ambulance' }],
        ruleIds: ['terjebak_psc'],
      },
    ]);
  });

  it("takes the SOP's priority unless the call taker chose one, and the category default without answers", () => {
    expect(reported({}).state.incidents.get(reported({}).incidentId)?.priority).toBe(2);
    const state = makeState();
    publishSop(state);
    const chosen = run(state, cmd('incident.report', report(null, { orang_terjebak: true }, 3)), callTaker);
    const incident = state.incidents.get(chosen.result.incidentId as string)!;
    expect(incident.priority).toBe(3);
    expect(incident.triage?.priority).toBe(1);
  });

  it('does not record answers to questions the other answers hide', () => {
    const { state, incidentId } = reported({ orang_terjebak: false, jumlah_terjebak: 4 });
    expect(state.incidents.get(incidentId)?.triage?.answers.map((a) => a.questionId)).toEqual([
      'orang_terjebak',
    ]);
  });

  it('refuses bad answers, unknown questions and categories the SOP does not offer, writing nothing', () => {
    const state = makeState();
    publishSop(state);
    const callId = answeredCall(state);
    const before = logOf(state).length;
    expectRefused(
      state,
      () => run(state, cmd('incident.report', report(callId, { lantai: 3 })), callTaker),
      'invalid',
      'triage.question_unknown',
      'answers.lantai',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.report', report(callId, { jenis_bangunan: 'kapal' })), callTaker),
      'invalid',
      'triage.answer_invalid',
      'answers.jenis_bangunan',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.report', { ...report(callId, {}), category: 'lainnya' }), callTaker),
      'invalid',
      'category.unknown',
      'category',
    );
    expectRefused(
      state,
      () => run(state, cmd('incident.report', report('nope', {})), callTaker),
      'not_found',
      'call.not_found',
    );
    expect(logOf(state)).toHaveLength(before);
    expect(state.incidents.size).toBe(0);
    expect(state.calls.get(callId)?.incidentId).toBeNull();
  });

  it('reports without triage when no SOP is in force, but refuses answers then', () => {
    const state = makeState();
    const ok = run(state, cmd('incident.report', report(null, {})), callTaker);
    expect(ok.events.map((e) => e.type)).toEqual(['incident.created', 'incident.forwarded']);
    expect(state.incidents.get(ok.result.incidentId as string)?.priority).toBe(1);
    expectRefused(
      state,
      () => run(state, cmd('incident.report', report(null, { orang_terjebak: true })), callTaker),
      'invalid',
      'triage.no_sop',
      'answers',
    );
  });

  it('lets the agencies requested see the triage, and no other agency', () => {
    const { state, incidentId } = reported();
    const [assignmentId] = request(state, incidentId, ['damkar', 'psc119']);
    const requested = logOf(state).filter((e) => e.type === 'assignment.requested');
    for (const e of requested) {
      if (e.type === 'assignment.requested') expect(e.incident.triage?.priorityRuleId).toBe('terjebak_p1');
    }
    expect(requested.map((e) => e.agencies)).toEqual([['damkar'], ['psc119']]);
    const triaged = logOf(state).find((e) => e.type === 'incident.triaged')!;
    expect(triaged.agencies).toEqual([]);
    expect(assignmentId).toBeDefined();
    const polres = liaison('polres');
    expect(logOf(state).filter((e) => seesEvent(polres, e) && e.type !== 'sop.published')).toEqual([]);
    expect(snapshotFor(state, polres).incidents).toEqual([]);
    expect(snapshotFor(state, liaison('psc119')).incidents[0]?.triage?.priority).toBe(1);
  });
});

describe('the dispatcher overriding the SOP', () => {
  it("needs a note when the first request differs from the SOP's agencies", () => {
    const { state, incidentId } = reported();
    expectRefused(
      state,
      () => run(state, cmd('incident.request_agencies', { incidentId, agencies: ['damkar'] }), dispatcher),
      'invalid',
      'note.override_required',
      'note',
    );
    expectRefused(
      state,
      () =>
        run(
          state,
          cmd('incident.request_agencies', { incidentId, agencies: ['damkar'], note: '  ' }),
          dispatcher,
        ),
      'invalid',
      'note.override_required',
      'note',
    );
    const noted = run(
      state,
      cmd('incident.request_agencies', { incidentId, agencies: ['damkar'], note: 'PSC sudah di lokasi' }),
      dispatcher,
    );
    expect(noted.events).toHaveLength(1);
    // Later requests add to the work; they override nothing.
    expect(request(state, incidentId, ['polres'])).toHaveLength(1);
  });

  it("needs no note when the request follows the SOP's suggestion, in any order", () => {
    const { state, incidentId } = reported();
    expect(request(state, incidentId, ['psc119', 'damkar'])).toHaveLength(2);
  });

  it('needs no note for an incident without triage', () => {
    const state = makeState();
    const { incidentId } = run(state, cmd('incident.create', houseFire(null)), callTaker).result as {
      incidentId: string;
    };
    expect(request(state, incidentId, ['polres'])).toHaveLength(1);
  });
});

describe('sop.publish', () => {
  it('numbers versions, puts their categories in the reference and retires the dropped ones', () => {
    const state = makeState();
    const first = publishSop(state);
    expect(first.result).toMatchObject({ version: 1, title: 'SOP uji', publishedBy: admin.userId });
    expect(first.events[0]?.agencies.sort()).toEqual(['damkar', 'dinsos', 'polres', 'psc119']);
    expect(state.ref.categories.get('lainnya')?.retired).toBe(true);
    expect(state.ref.categories.get('kebakaran_bangunan')).toEqual({
      code: 'kebakaran_bangunan',
      nameId: 'Kebakaran bangunan',
      nameEn: 'Building fire',
      group: 'fire',
      agencies: ['damkar'],
      defaultPriority: 2,
    });
    const next = fixtureSop('Revisi');
    next.categories[1]!.defaultPriority = 1;
    expect(publishSop(state, next).result).toMatchObject({ version: 2, title: 'Revisi' });
    expect(sopInForce(state.ref)?.version).toBe(2);
    expect(state.ref.categories.get('gawat_darurat_medis')?.defaultPriority).toBe(1);
  });

  it('refuses a broken document with the path of its first fault', () => {
    const state = makeState();
    const broken = fixtureSop();
    broken.categories[0]!.defaultAgencies.push('pemadam_swasta');
    expectRefused(
      state,
      () => run(state, cmd('sop.publish', { doc: broken }), admin),
      'invalid',
      'sop.invalid',
      'categories[0].defaultAgencies[1]',
    );
    expect(sopInForce(state.ref)).toBeNull();
  });
});

describe('sop.publish on a draft of the state', () => {
  it('changes nothing live until adopted, and adopting leaves earlier versions as they were', () => {
    const state = makeState();
    publishSop(state);
    const first = sopInForce(state.ref)!;
    const next = fixtureSop('Revisi');
    next.categories.pop();
    const decision = decide(state, cmd('sop.publish', { doc: next }), {
      now: T0,
      actor: admin,
      newId: () => 'x',
    });
    const draft = draftOf(state);
    for (const event of decision.events) apply(draft, event);
    expect(sopInForce(draft.ref)?.version).toBe(2);
    expect(sopInForce(state.ref)).toBe(first);
    expect(state.ref.categories.get('odgj_terlantar')?.retired).toBeUndefined();
    adopt(state, draft);
    expect(sopInForce(state.ref)?.title).toBe('Revisi');
    expect(state.ref.categories.get('odgj_terlantar')?.retired).toBe(true);
    expect(first).toMatchObject({ version: 1, title: 'SOP uji' });
    expect(state.ref.sops.get(1)).toBe(first);
  });
});

describe('isEnded', () => {
  it('is true for closed and cancelled incidents only', () => {
    expect(
      ['new', 'waiting_dispatch', 'dispatched', 'closed', 'cancelled'].map((status) =>
        isEnded({ status: status as 'new' }),
      ),
    ).toEqual([false, false, false, true, true]);
  });
});
