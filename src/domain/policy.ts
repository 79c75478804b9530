// Who may do what: every command and every read or action outside the commands, by role, in this one table.
// decide asks it for commands, the routes for the rest (auth.ts `requireUser(permission)`), the consoles get the list.
import { COMMAND_TYPES, type CommandType } from './commands.ts';
import { ROLES, type Role } from './types.ts';

/** What the switch reports: issued by the telephony brain (system) only. */
const SWITCH_COMMANDS = [
  'telephony.offer',
  'telephony.ring_failed',
  'telephony.answer',
  'telephony.hang_up',
  'telephony.fallback',
  'telephony.reconcile',
  'telephony.tick',
  'telephony.locate',
  'telephony.dereferenced',
  'telephony.transfer_result',
] as const satisfies readonly CommandType[];

/** Everyone signed in; what each sees is cut by visibility.ts. */
const EVERYONE: readonly Role[] = ROLES;
/** Who watches the room: the centre's staff and the admin, whose console shows the supervisor's room view. */
const ROOM: Role[] = ['call_taker', 'dispatcher', 'supervisor', 'admin'];
/** Who works calls and incidents in the centre: never the admin, who configures and does not act on the flow. */
const CENTRE: Role[] = ['call_taker', 'dispatcher', 'supervisor'];
const CALL_TAKING: Role[] = ['call_taker', 'supervisor'];
const DISPATCH: Role[] = ['dispatcher', 'supervisor'];
const AGENCY_WORK: Role[] = ['agency', 'dispatcher', 'supervisor'];
const SUPERVISION: Role[] = ['supervisor', 'admin'];
/** Who follows units on the map: the dispatcher and the supervisor (all units), a liaison (its agency's units). */
const UNIT_WATCH: Role[] = ['dispatcher', 'supervisor', 'agency'];
const ADMIN: Role[] = ['admin'];

const TABLE = {
  // ── commands (POST /api/commands/<type>)
  'call.register': CALL_TAKING,
  'call.answer': CALL_TAKING,
  'call.classify': CALL_TAKING,
  'call.end': CALL_TAKING,
  'incident.create': CENTRE,
  'incident.report': CENTRE,
  'incident.attach_call': CENTRE,
  'incident.amend': CENTRE,
  'incident.forward': CENTRE,
  'incident.add_note': AGENCY_WORK,
  'incident.link': DISPATCH,
  'incident.merge': DISPATCH,
  'incident.request_agencies': DISPATCH,
  'incident.close': DISPATCH,
  'incident.cancel': DISPATCH,
  'assignment.acknowledge': AGENCY_WORK,
  'assignment.decline': AGENCY_WORK,
  'assignment.withdraw': DISPATCH,
  'assignment.assign_unit': AGENCY_WORK,
  'assignment.complete': AGENCY_WORK,
  /** A responder only for its own unit (decide checks which). */
  'unit.set_status': [...AGENCY_WORK, 'responder'],
  'sop.publish': ADMIN,
  // administration: accounts and reference data
  'user.create': ADMIN,
  'user.update': ADMIN,
  'user.disable': ADMIN,
  'user.enable': ADMIN,
  'user.reset_password': ADMIN,
  'user.unlock': ADMIN,
  'user.revoke_sessions': ADMIN,
  /** One's own password, through POST /api/auth/password (which checks the current one), never /api/commands. */
  'user.change_password': EVERYONE,
  'agency.create': ADMIN,
  'agency.update': ADMIN,
  'station.create': ADMIN,
  'station.update': ADMIN,
  'unit.create': ADMIN,
  'unit.update': ADMIN,
  'device.register': ADMIN,
  'device.revoke': ADMIN,
  /** One's own authenticator app, through POST /api/auth/second-factor/confirm (which checks a first code). */
  'user.enrol_second_factor': EVERYONE,
  'user.reset_second_factor': ADMIN,
  /** The server's own (system): a new database's seed, or an older one's reference taken into the log once. */
  'reference.adopt': [] as Role[],
  'escalation.raise': [] as Role[],
  /** The retention worker's (system): a junk call's personal data erased after the retention period. */
  'call.erase_personal_data': [] as Role[],
  // the switch's own reports (system only, see SWITCH_COMMANDS) and the call takers' phone positions
  'telephony.offer': [] as Role[],
  'telephony.ring_failed': [] as Role[],
  'telephony.answer': [] as Role[],
  'telephony.hang_up': [] as Role[],
  'telephony.fallback': [] as Role[],
  'telephony.reconcile': [] as Role[],
  'telephony.tick': [] as Role[],
  'telephony.locate': [] as Role[],
  'telephony.dereferenced': [] as Role[],
  'telephony.transfer_result': [] as Role[],
  'telephony.sign_in': CALL_TAKING,
  /** Passing the call in hand to another desk (a supervisor: any call). */
  'telephony.transfer': CALL_TAKING,
  /** Passing it to a configured outside number or the supervisor (a supervisor: any call). */
  'telephony.transfer_out': CALL_TAKING,
  /** Which desk phone rings at which position: set up by the admin. */
  'desk.save': ADMIN,
  'desk.remove': ADMIN,
  'telephony.sign_out': CALL_TAKING,
  'telephony.take_break': CALL_TAKING,
  'telephony.set_available': CALL_TAKING,
  'telephony.callback': CALL_TAKING,
  'telephony.block': ['supervisor'],
  'telephony.unblock': ['supervisor'],
  // ── rules inside commands
  /** Closing an incident while agencies still work on it (`incident.close` with `force`). */
  'incident.force_close': ['supervisor'],
  /** Acting on another call taker's phone position, or taking it over (the telephony.* position commands). */
  'position.others': ['supervisor'],
  // ── reads
  'reference.read': EVERYONE,
  'snapshot.read': EVERYONE,
  'timeline.read': EVERYONE,
  /** Searching the whole history (an agency only its own incidents); not a unit's crew. */
  'history.read': [...ROOM, 'agency'] as Role[],
  'caller_history.read': ROOM,
  'escalations.read': ['dispatcher', 'supervisor', 'admin'],
  'sessions.read': SUPERVISION,
  'failed_logins.read': SUPERVISION,
  /** The access log of personal data (UU PDP): who read which caller's data. */
  'access_log.read': SUPERVISION,
  'sop.read': ROOM,
  'telephony.read': ROOM,
  'blocks.read': SUPERVISION,
  /** KPI figures and the incidents behind them; an agency liaison gets its own agency's only. */
  'reports.read': ['supervisor', 'admin', 'agency'],
  /** Per call taker and per shift figures: for supervision and training, the supervisor only. */
  'reports.staff': ['supervisor'],
  /** The calls behind a figure, and the audit of the aggregates against the log. */
  'reports.calls': SUPERVISION,
  'reports.audit': SUPERVISION,
  /** Units' latest positions (and the stream's position frames), cut by agency for a liaison. */
  'positions.read': UNIT_WATCH,
  /** The recommended units of an incident (run card), cut to the liaison's agency. */
  'recommendation.read': UNIT_WATCH,
  /** The accounts, their sessions and failed logins (GET /api/admin/users…). */
  'users.read': ADMIN,
  /** The tracker devices and the units they report for (GET /api/admin/devices). */
  'devices.read': ADMIN,
  // ── actions outside the command path
  'sop.edit': ['admin'],
  /** A crew sends its phone's position for its own unit (GPS trackers use their device secret instead). */
  'position.report': ['responder'],
} satisfies Record<CommandType, readonly Role[]> & Record<string, readonly Role[]>;

export type Permission = keyof typeof TABLE;
export const PERMISSIONS: Readonly<Record<Permission, readonly Role[]>> = TABLE;

/** The system actor (telephony intake) may register and end calls on behalf of the switch. */
export const SYSTEM_COMMANDS: readonly CommandType[] = [
  'call.register',
  'call.end',
  'escalation.raise',
  'call.erase_personal_data',
  'reference.adopt',
  ...SWITCH_COMMANDS,
];

/** The system actor may only issue its own commands. */
export function may(role: Role | 'system', permission: Permission): boolean {
  if (role === 'system') return (SYSTEM_COMMANDS as readonly Permission[]).includes(permission);
  return PERMISSIONS[permission].includes(role);
}

export function mayIssue(role: Role | 'system', type: CommandType): boolean {
  return may(role, type);
}

export function commandsFor(role: Role): CommandType[] {
  return COMMAND_TYPES.filter((t) => may(role, t));
}
