// Who may issue which command: the role table, in one place, also sent to consoles so they show only allowed actions.
import type { CommandType } from './commands.ts';
import type { Role } from './types.ts';

/** What the switch reports: issued by the telephony brain (system) only. */
const SWITCH_COMMANDS = [
  'telephony.offer',
  'telephony.ring_failed',
  'telephony.answer',
  'telephony.hang_up',
  'telephony.fallback',
  'telephony.tick',
  'telephony.locate',
] as const satisfies readonly CommandType[];

const TAKERS: Role[] = ['call_taker', 'supervisor'];
const TELEPHONY_PERMISSIONS: Record<Extract<CommandType, `telephony.${string}`>, readonly Role[]> = {
  'telephony.offer': [],
  'telephony.ring_failed': [],
  'telephony.answer': [],
  'telephony.hang_up': [],
  'telephony.fallback': [],
  'telephony.tick': [],
  'telephony.locate': [],
  'telephony.sign_in': TAKERS,
  'telephony.sign_out': TAKERS,
  'telephony.take_break': TAKERS,
  'telephony.set_available': TAKERS,
  'telephony.callback': TAKERS,
  'telephony.block': ['supervisor'],
  'telephony.unblock': ['supervisor'],
};

const CENTRE: Role[] = ['call_taker', 'dispatcher', 'supervisor'];
const DISPATCH: Role[] = ['dispatcher', 'supervisor'];
const AGENCY_WORK: Role[] = ['agency', 'dispatcher', 'supervisor'];

export const PERMISSIONS: Record<CommandType, readonly Role[]> = {
  'call.register': ['call_taker', 'supervisor'],
  'call.answer': ['call_taker', 'supervisor'],
  'call.classify': ['call_taker', 'supervisor'],
  'call.end': ['call_taker', 'supervisor'],
  'incident.create': CENTRE,
  'incident.attach_call': CENTRE,
  'incident.amend': CENTRE,
  'incident.forward': CENTRE,
  'incident.request_agencies': DISPATCH,
  'incident.close': DISPATCH,
  'incident.cancel': DISPATCH,
  'assignment.acknowledge': AGENCY_WORK,
  'assignment.decline': AGENCY_WORK,
  'assignment.assign_unit': AGENCY_WORK,
  'assignment.complete': AGENCY_WORK,
  'unit.set_status': AGENCY_WORK,
  'escalation.raise': [],
  ...TELEPHONY_PERMISSIONS,
};

/** The system actor (telephony intake) may register and end calls on behalf of the switch. */
export const SYSTEM_COMMANDS: readonly CommandType[] = [
  'call.register',
  'call.end',
  'escalation.raise',
  ...SWITCH_COMMANDS,
];

export function mayIssue(role: Role | 'system', type: CommandType): boolean {
  if (role === 'system') return SYSTEM_COMMANDS.includes(type);
  return PERMISSIONS[type].includes(role);
}

export function commandsFor(role: Role): CommandType[] {
  return (Object.keys(PERMISSIONS) as CommandType[]).filter((t) => PERMISSIONS[t].includes(role));
}
