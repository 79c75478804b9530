// The role table: every command type against every role, through mayIssue, commandsFor and decide itself.
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, type Command, type CommandType } from './commands.ts';
import { commandsFor, mayIssue, PERMISSIONS, SYSTEM_COMMANDS } from './policy.ts';
import type { State } from './state.ts';
import {
  answeredCall,
  cmd,
  dispatcher,
  expectRefused,
  houseFire,
  liaison,
  makeState,
  newIncident,
  request,
  run,
  workingIncident,
} from './test-fixtures.ts';
import { type Actor, ROLES, type Role } from './types.ts';

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
    case 'incident.create':
      return { state, command: cmd(type, houseFire(answeredCall(state))) };
    case 'incident.attach_call': {
      const { incidentId } = newIncident(state);
      return { state, command: cmd(type, { incidentId, callId: answeredCall(state, '0822') }) };
    }
    case 'incident.amend':
      return { state, command: cmd(type, { incidentId: newIncident(state).incidentId, priority: 2 }) };
    case 'incident.forward':
      return { state, command: cmd(type, { incidentId: newIncident(state).incidentId }) };
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
  }
}

/** Only used to register a call in preparation: the system actor may do that. */
const switchActor: Actor = { userId: 'telephony', role: 'system', agencyId: null };

const actorFor = (role: Role | 'system'): Actor =>
  role === 'agency' ? liaison('damkar') : { userId: `user-${role}`, role, agencyId: null };

describe('PERMISSIONS', () => {
  it('names every command type', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  it('gives the admin no part in the flow of calls', () => {
    expect(commandsFor('admin')).toEqual([]);
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
