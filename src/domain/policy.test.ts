// The role table: every command type against every role, through mayIssue, commandsFor and decide itself.
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, type Command, type CommandType } from './commands.ts';
import { commandsFor, may, mayIssue, PERMISSIONS, type Permission, SYSTEM_COMMANDS } from './policy.ts';
import { fixtureSop, publishSop } from './sop-fixture.ts';
import type { State } from './state.ts';
import {
  answeredCall,
  callTaker,
  cmd,
  dispatcher,
  expectRefused,
  houseFire,
  KEC_UJUNG_BULU,
  liaison,
  makeState,
  newIncident,
  request,
  run,
  workingIncident,
} from './test-fixtures.ts';
import { type Actor, ROLES, type Role, type UserAccount } from './types.ts';

const outcome = { dead: 0, injured: 0, report: 'Selesai' };

/** A state in which `type` can succeed for a permitted actor, and the command to try; Damkar is the agency. */
function prepared(type: CommandType): { state: State; command: Command } {
  const state = makeState();
  switch (type) {
    case 'call.register':
      return { state, command: cmd(type, { channel: 'voice', number: '0811' }) };
    case 'call.answer': {
      const { callId } = run(state, cmd('call.register', { channel: 'voice' }), switchActor).result;
      return { state, command: cmd(type, { callId: callId as string }) };
    }
    case 'call.classify':
      return { state, command: cmd(type, { callId: answeredCall(state), callType: 'prank' }) };
    case 'call.end':
      return { state, command: cmd(type, { callId: answeredCall(state) }) };
    case 'call.erase_personal_data': {
      const callId = answeredCall(state);
      run(state, cmd('call.classify', { callId, callType: 'prank' }), callTaker);
      return { state, command: cmd(type, { callId, retentionDays: 30 }) };
    }
    case 'incident.create':
      return { state, command: cmd(type, houseFire(answeredCall(state))) };
    case 'incident.report':
      publishSop(state);
      return { state, command: cmd(type, { ...houseFire(answeredCall(state)), answers: {} }) };
    case 'sop.publish':
      return { state, command: cmd(type, { doc: fixtureSop() }) };
    case 'incident.attach_call': {
      const { incidentId } = newIncident(state);
      return { state, command: cmd(type, { incidentId, callId: answeredCall(state, '0822') }) };
    }
    case 'incident.amend':
      return {
        state,
        command: cmd(type, { incidentId: newIncident(state).incidentId, priority: 2, reason: 'Dikoreksi' }),
      };
    case 'incident.forward':
      return { state, command: cmd(type, { incidentId: newIncident(state).incidentId }) };
    case 'incident.add_note':
      return {
        state,
        command: cmd(type, {
          incidentId: workingIncident(state).incidentId,
          text: '2 unit tambahan diminta',
        }),
      };
    case 'incident.link':
    case 'incident.merge': {
      const { incidentId } = newIncident(state);
      const other = newIncident(state).incidentId;
      return type === 'incident.link'
        ? { state, command: cmd(type, { incidentId, otherId: other }) }
        : { state, command: cmd(type, { incidentId, intoId: other, reason: 'Laporan yang sama' }) };
    }
    case 'incident.request_agencies':
      return {
        state,
        command: cmd(type, { incidentId: newIncident(state).incidentId, agencies: ['damkar'] }),
      };
    case 'incident.close': {
      const { incidentId, assignmentId } = workingIncident(state);
      run(state, cmd('assignment.complete', { assignmentId, outcome }), dispatcher);
      return { state, command: cmd(type, { incidentId }) };
    }
    case 'incident.cancel':
      return {
        state,
        command: cmd(type, { incidentId: newIncident(state).incidentId, reason: 'Laporan ganda' }),
      };
    case 'assignment.acknowledge': {
      const [assignmentId] = request(state, newIncident(state).incidentId, ['damkar']);
      return { state, command: cmd(type, { assignmentId: assignmentId! }) };
    }
    case 'assignment.withdraw': {
      const [assignmentId] = request(state, newIncident(state).incidentId, ['damkar']);
      return { state, command: cmd(type, { assignmentId: assignmentId!, reason: 'Salah instansi' }) };
    }
    case 'assignment.decline': {
      const [assignmentId] = request(state, newIncident(state).incidentId, ['damkar']);
      return { state, command: cmd(type, { assignmentId: assignmentId!, reason: 'Bukan wewenang' }) };
    }
    case 'assignment.assign_unit':
      return {
        state,
        command: cmd(type, { assignmentId: workingIncident(state).assignmentId, unitId: 'damkar-1' }),
      };
    case 'assignment.complete':
      return { state, command: cmd(type, { assignmentId: workingIncident(state).assignmentId, outcome }) };
    case 'unit.set_status':
      return { state, command: cmd(type, { unitId: 'damkar-1', status: 'out_of_service' }) };
    case 'escalation.raise': {
      const [assignmentId] = request(state, newIncident(state).incidentId, ['damkar']);
      return {
        state,
        command: cmd(type, { assignmentId: assignmentId!, kind: 'ack_overdue', dueAt: 0, occurrence: 1 }),
      };
    }
    default:
      return preparedTelephony(state, type);
  }
}

const sipOffer = (sipCallId: string) =>
  cmd('telephony.offer', {
    sipCallId,
    number: '0811',
    fromTag: 'a',
    location: null,
    outsideServiceArea: null,
    locationError: null,
  });

/** Telephony commands: a call taker at desk-1 (when one is needed), the switch's calls, a blocked number. */
function preparedTelephony(state: State, type: CommandType): { state: State; command: Command } {
  const taker: Actor = { userId: 'user-call_taker', role: 'call_taker', agencyId: null };
  const supervisor: Actor = { userId: 'user-supervisor', role: 'supervisor', agencyId: null };
  const signIn = () =>
    run(
      state,
      cmd('telephony.sign_in', { positionId: 'desk-1', extension: '1001', contact: 'sip:1001@h' }),
      taker,
    );
  switch (type) {
    case 'telephony.offer':
      return { state, command: sipOffer('s1') };
    case 'telephony.ring_failed':
      signIn();
      run(state, sipOffer('s1'), switchActor);
      return { state, command: cmd(type, { sipCallId: 's1', code: 486 }) };
    case 'telephony.dereferenced':
      run(state, sipOffer('s1'), switchActor);
      return {
        state,
        command: cmd(type, {
          sipCallId: 's1',
          reference: 'https://lis.example/held/1',
          location: null,
          outsideServiceArea: null,
          civicAddress: 'Jl. Sam Ratulangi 1, Ujung Bulu',
          error: null,
        }),
      };
    case 'telephony.answer':
      // Rung nowhere (nobody signed in): the answer names no call taker, so the switch is its only actor.
      run(state, sipOffer('s1'), switchActor);
      return { state, command: cmd(type, { sipCallId: 's1', contact: null }) };
    case 'telephony.hang_up':
      run(state, sipOffer('s1'), switchActor);
      return { state, command: cmd(type, { sipCallId: 's1', fromTag: 'a' }) };
    case 'telephony.fallback':
      return {
        state,
        command: cmd(type, {
          sipCallId: 's9',
          number: null,
          fromTag: 'a',
          location: null,
          outsideServiceArea: null,
          offeredAt: 1,
          fallbackAt: 2,
          answeredAt: null,
          contact: null,
          endedAt: null,
          endedFromTag: null,
          abandonedAt: null,
        }),
      };
    case 'telephony.reconcile':
      // Rung nowhere: the journal's answer names no call taker, so the switch is the only actor.
      run(state, sipOffer('s1'), switchActor);
      return {
        state,
        command: cmd(type, {
          sipCallId: 's1',
          known: true,
          answeredAt: 1,
          contact: null,
          endedAt: 2,
          endedFromTag: 'a',
        }),
      };
    case 'telephony.tick':
      signIn();
      run(state, sipOffer('s1'), switchActor);
      run(state, cmd('telephony.answer', { sipCallId: 's1', contact: null }), switchActor);
      run(state, cmd('telephony.hang_up', { sipCallId: 's1', fromTag: 'a' }), switchActor);
      // Nine of the ten seconds of wrap-up pass (each command the fixtures run is a second later).
      for (let i = 0; i < 9; i++) run(state, cmd('telephony.tick', {}), switchActor);
      return { state, command: cmd(type, {}) };
    case 'telephony.locate':
      return {
        state,
        command: cmd(type, {
          number: '0811',
          location: {
            lat: -5.5,
            lon: 120.2,
            accuracyM: 10,
            confidence: null,
            source: 'aml-http',
            method: 'gps',
            time: null,
          },
          outsideServiceArea: false,
        }),
      };
    case 'telephony.sign_in':
      return {
        state,
        command: cmd(type, { positionId: 'desk-9', extension: '1009', contact: 'sip:1009@h' }),
      };
    case 'telephony.sign_out':
    case 'telephony.set_available':
      signIn();
      run(state, cmd('telephony.take_break', { positionId: 'desk-1', reason: 'sholat' }), taker);
      return { state, command: cmd(type, { positionId: 'desk-1' }) };
    case 'telephony.take_break':
      signIn();
      return { state, command: cmd(type, { positionId: 'desk-1', reason: 'sholat' }) };
    case 'telephony.callback':
      run(state, sipOffer('s1'), switchActor);
      run(state, cmd('telephony.hang_up', { sipCallId: 's1', fromTag: 'a' }), switchActor);
      return { state, command: cmd(type, { sipCallId: 's1', result: 'no_answer' }) };
    case 'telephony.block':
      return { state, command: cmd(type, { number: '0811', minutes: 60, reason: 'prank' }) };
    case 'telephony.unblock':
      run(state, cmd('telephony.block', { number: '0811', minutes: 60, reason: 'prank' }), supervisor);
      return { state, command: cmd(type, { number: '0811', reason: 'real emergency' }) };
    case 'telephony.transfer':
    case 'telephony.transfer_result': {
      // The call taker at desk-1 has the call in hand; desk-2 is free.
      signIn();
      run(
        state,
        cmd('telephony.sign_in', { positionId: 'desk-2', extension: '1002', contact: 'sip:1002@h' }),
        { userId: 'user-other', role: 'call_taker', agencyId: null },
      );
      run(state, sipOffer('s1'), switchActor);
      run(state, cmd('telephony.answer', { sipCallId: 's1', contact: 'sip:1001@h' }), switchActor);
      if (type === 'telephony.transfer')
        return { state, command: cmd(type, { sipCallId: 's1', toPositionId: 'desk-2' }) };
      run(state, cmd('telephony.transfer', { sipCallId: 's1', toPositionId: 'desk-2' }), taker);
      return { state, command: cmd(type, { sipCallId: 's1', ok: true, code: 200 }) };
    }
    case 'telephony.transfer_out': {
      // The call taker at desk-1 has the call in hand; a supervisor is free at desk-2.
      signIn();
      state.users.set('sup-2', account('sup-2', 'supervisor'));
      run(
        state,
        cmd('telephony.sign_in', { positionId: 'desk-2', extension: '1002', contact: 'sip:1002@h' }),
        { userId: 'sup-2', role: 'supervisor', agencyId: null },
      );
      run(state, sipOffer('s1'), switchActor);
      run(state, cmd('telephony.answer', { sipCallId: 's1', contact: 'sip:1001@h' }), switchActor);
      return { state, command: cmd(type, { sipCallId: 's1', targetId: 'supervisor' }) };
    }
    default:
      return preparedAdmin(state, type);
  }
}

const account = (id: string, role: Role, agencyId: string | null = null): UserAccount => ({
  id,
  username: id.toLowerCase(),
  displayName: id,
  role,
  agencyId,
  unitId: null,
  active: true,
  mustChangePassword: false,
  unlockedAt: null,
  sessionsRevokedAt: null,
  createdAt: 0,
  updatedAt: 0,
});

/** Administration: an account for every actor of the table (their own password) and one disabled call taker. */
function preparedAdmin(state: State, type: CommandType): { state: State; command: Command } {
  for (const role of ROLES) {
    const actor = actorFor(role);
    state.users.set(actor.userId, account(actor.userId, role, actor.agencyId));
  }
  state.users.set('target', { ...account('target', 'call_taker'), active: false });
  switch (type) {
    case 'user.create':
      return { state, command: cmd(type, { username: 'baru', displayName: 'Baru', role: 'call_taker' }) };
    case 'user.update':
      return { state, command: cmd(type, { userId: 'target', displayName: 'Nama Baru' }) };
    case 'user.disable':
      state.users.set('target', account('target', 'call_taker'));
      return { state, command: cmd(type, { userId: 'target' }) };
    case 'user.enable':
    case 'user.reset_password':
    case 'user.unlock':
    case 'user.revoke_sessions':
      return { state, command: cmd(type, { userId: 'target' }) };
    case 'user.change_password':
    case 'user.enrol_second_factor':
      return { state, command: cmd(type, {}) };
    case 'user.reset_second_factor':
      state.users.set('target', { ...account('target', 'supervisor'), secondFactorAt: 1 });
      return { state, command: cmd(type, { userId: 'target' }) };
    case 'agency.create':
      return { state, command: cmd(type, { id: 'tagana', code: 'TAGANA', name: 'Tagana' }) };
    case 'agency.update':
      return { state, command: cmd(type, { agencyId: 'damkar', name: 'Damkar Bulukumba' }) };
    case 'station.create':
      return {
        state,
        command: cmd(type, {
          agencyId: 'damkar',
          name: 'Pos Baru',
          kecamatan: KEC_UJUNG_BULU,
          lat: -5.5,
          lon: 120.2,
        }),
      };
    case 'station.update':
      return { state, command: cmd(type, { stationId: 'damkar-ujung-bulu', name: 'Pos Induk' }) };
    case 'unit.create':
      return { state, command: cmd(type, { agencyId: 'damkar', callsign: 'DMK-9', kind: 'fire_engine' }) };
    case 'unit.update':
      return { state, command: cmd(type, { unitId: 'damkar-1', kind: 'tanker' }) };
    case 'device.register':
      return { state, command: cmd(type, { deviceId: 'trk-1', unitId: 'damkar-1' }) };
    case 'device.revoke':
      run(state, cmd('device.register', { deviceId: 'trk-1', unitId: 'damkar-1' }), actorFor('admin'));
      return { state, command: cmd(type, { deviceId: 'trk-1' }) };
    case 'desk.save':
      return {
        state,
        command: cmd(type, {
          positionId: 'meja-1',
          name: 'Meja 1',
          extension: '1001',
          contact: 'sip:1001@h',
        }),
      };
    case 'desk.remove':
      run(
        state,
        cmd('desk.save', { positionId: 'meja-1', name: 'Meja 1', extension: '1001', contact: 'sip:1001@h' }),
        actorFor('admin'),
      );
      return { state, command: cmd(type, { positionId: 'meja-1' }) };
    case 'reference.adopt':
      return {
        state,
        command: cmd(type, {
          agencies: [{ id: 'tagana', code: 'TAGANA', name: 'Tagana' }],
          stations: [],
          units: [],
          users: [],
          categories: [],
          sops: [],
        }),
      };
    default:
      throw new Error(`no preparation for ${type}`);
  }
}

/** Only used to register a call in preparation: the system actor may do that. */
const switchActor: Actor = { userId: 'telephony', role: 'system', agencyId: null };

const actorFor = (role: Role | 'system'): Actor =>
  role === 'agency'
    ? liaison('damkar')
    : role === 'responder'
      ? { userId: 'user-responder', role, agencyId: 'damkar', unitId: 'damkar-1' }
      : { userId: `user-${role}`, role, agencyId: null };

describe('PERMISSIONS', () => {
  it('names every command type', () => {
    for (const type of COMMAND_TYPES) expect(PERMISSIONS[type], type).toBeDefined();
  });

  it('lets the admin watch the room as the supervisor does, but never act on calls, incidents or phones', () => {
    const watches: Permission[] = [
      'snapshot.read',
      'caller_history.read',
      'telephony.read',
      'escalations.read',
      'sessions.read',
      'blocks.read',
      'sop.read',
    ];
    for (const p of watches) {
      expect(may('admin', p), p).toBe(true);
      expect(may('supervisor', p), p).toBe(true);
    }
    for (const p of [
      'incident.report',
      'telephony.sign_in',
      'position.others',
      'telephony.block',
      'incident.force_close',
    ] as const)
      expect(may('admin', p), p).toBe(false);
    expect(may('admin', 'sop.edit')).toBe(true);
    expect(may('supervisor', 'sop.edit')).toBe(false);
  });

  it('keeps agencies to their own reads: no caller history, telephony, SOP or escalation list', () => {
    const theirs = (Object.keys(PERMISSIONS) as Permission[]).filter(
      (p) => may('agency', p) && !(COMMAND_TYPES as string[]).includes(p),
    );
    // reports.read: their own agency's figures only (the report routes pin the agency filter); history.read: their own work.
    expect(theirs.sort()).toEqual([
      'history.read',
      'positions.read',
      'recommendation.read',
      'reference.read',
      'reports.read',
      'snapshot.read',
      'timeline.read',
    ]);
  });

  it('gives a crew its own unit only: its status, its position, its assignment', () => {
    // Besides choosing its own password and setting up its own second factor, as everyone does.
    expect(commandsFor('responder')).toEqual([
      'unit.set_status',
      'user.change_password',
      'user.enrol_second_factor',
    ]);
    const theirs = (Object.keys(PERMISSIONS) as Permission[]).filter(
      (p) => may('responder', p) && !(COMMAND_TYPES as string[]).includes(p),
    );
    expect(theirs.sort()).toEqual(['position.report', 'reference.read', 'snapshot.read', 'timeline.read']);
  });

  it('gives the system actor no read and no action outside its commands', () => {
    expect((Object.keys(PERMISSIONS) as Permission[]).filter((p) => may('system', p)).sort()).toEqual(
      [...SYSTEM_COMMANDS].sort(),
    );
  });

  it('gives the admin no part in the flow of calls: the SOP, accounts and reference data only', () => {
    const flow = /^(call|incident|assignment|telephony|escalation)\./;
    expect(commandsFor('admin').filter((t) => flow.test(t))).toEqual([]);
    expect(commandsFor('admin')).toEqual(
      expect.arrayContaining(['sop.publish', 'user.create', 'unit.create']),
    );
  });

  it('keeps accounts and reference data to the admin; everyone may change their own password and second factor', () => {
    for (const role of ROLES) {
      const mine = commandsFor(role).filter((t) =>
        /^(user|agency|station)\.|^unit\.(create|update)$/.test(t),
      );
      expect(mine).toEqual(
        role === 'admin'
          ? expect.arrayContaining(['user.disable', 'user.reset_second_factor'])
          : ['user.change_password', 'user.enrol_second_factor'],
      );
    }
  });

  it('lets the system actor issue exactly its own commands, among them registering and ending calls', () => {
    expect(SYSTEM_COMMANDS).toEqual(expect.arrayContaining(['call.register', 'call.end']));
    expect(SYSTEM_COMMANDS).not.toContain('incident.create');
    for (const type of COMMAND_TYPES) expect(mayIssue('system', type)).toBe(SYSTEM_COMMANDS.includes(type));
  });

  for (const role of ROLES) {
    it(`commandsFor(${role}) lists exactly the commands mayIssue allows`, () => {
      const listed = [...commandsFor(role)].sort();
      expect(listed).toEqual(COMMAND_TYPES.filter((t) => mayIssue(role, t)).sort());
      expect(listed).toEqual(COMMAND_TYPES.filter((t) => PERMISSIONS[t].includes(role)).sort());
    });
  }
});

describe('decide checks the role of every command', () => {
  for (const type of COMMAND_TYPES) {
    for (const role of [...ROLES, 'system'] as const) {
      const allowed = mayIssue(role, type);
      it(`${role} ${allowed ? 'may' : 'may not'} ${type}`, () => {
        const { state, command } = prepared(type);
        const actor = actorFor(role);
        if (allowed) {
          const d = run(state, command, actor);
          expect(d.events.length).toBeGreaterThan(0);
          for (const e of d.events) expect(e.actor).toBe(actor.userId);
        } else {
          const e = expectRefused(
            state,
            () => run(state, command, actor),
            'forbidden',
            'role.forbidden',
            null,
          );
          expect(e.message).toContain(type);
        }
      });
    }
  }

  it('checks the role before anything else: a forbidden role learns nothing about ids', () => {
    const state = makeState();
    expectRefused(
      state,
      () => run(state, cmd('incident.close', { incidentId: 'nope' }), liaison('damkar')),
      'forbidden',
      'role.forbidden',
    );
  });
});
