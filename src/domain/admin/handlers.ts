// The administration commands decided against the live state: accounts, agencies, stations, units and trackers.
import type { CommandPayload } from '../commands.ts';
import type { Context, Emit } from '../decide.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import type { State } from '../state.ts';
import type { Role, Station, Unit, UserAccount } from '../types.ts';
import type { ADMIN_COMMAND_SCHEMAS } from './commands.ts';
import type { UserChanges } from './events.ts';
import { decideAdoption } from './reference.ts';
import { SECOND_FACTOR_HANDLERS } from './second-factor.ts';

type AdminPayloads = { [T in keyof typeof ADMIN_COMMAND_SCHEMAS]: CommandPayload<T> };
type AdminHandler<T extends keyof AdminPayloads> = (
  state: State,
  payload: AdminPayloads[T],
  ctx: Context,
  emit: Emit,
) => Record<string, unknown>;

/** Account and device events go to no agency: seesEvent shows them to the admin (and the supervisor) only. */
const NOBODY: string[] = [];

function getUser(state: State, id: string): UserAccount {
  const user = state.users.get(id);
  if (!user) throw notFound('user.not_found', `User ${id} does not exist`, 'userId');
  return user;
}

function usernameTaken(state: State, username: string): boolean {
  for (const user of state.users.values()) if (user.username === username) return true;
  return false;
}

/**
 * The agency and unit fit the role: a liaison names a known agency; a responder is the crew of a known unit, whose
 * agency it acts for (a given agency must be that one); the centre's staff have neither.
 */
function checkPlacement(
  state: State,
  role: Role,
  agencyId: string | null,
  unitId: string | null,
): { agencyId: string | null; unitId: string | null } {
  if (role === 'responder') {
    if (unitId === null) throw invalid('user.unit_required', 'A responder needs a unit', 'unitId');
    const unit = state.units.get(unitId);
    if (!unit || (agencyId !== null && unit.agencyId !== agencyId))
      throw invalid('unit.unknown', `Unknown unit ${unitId}`, 'unitId');
    return { agencyId: unit.agencyId, unitId: unit.id };
  }
  if (unitId !== null)
    throw invalid('user.unit_not_allowed', 'Only a responder is the crew of a unit', 'unitId');
  if (role !== 'agency') {
    if (agencyId !== null)
      throw invalid('user.agency_not_allowed', 'Only agency users belong to an agency', 'agencyId');
    return { agencyId: null, unitId: null };
  }
  if (agencyId === null) throw invalid('user.agency_required', 'An agency user needs an agency', 'agencyId');
  if (!state.ref.agencies.has(agencyId))
    throw invalid('agency.unknown', `Unknown agency ${agencyId}`, 'agencyId');
  return { agencyId, unitId: null };
}

/** The admin may not lock themselves out: no disabling or demoting one's own account. */
function notSelf(ctx: Context, user: UserAccount, what: string): void {
  if (user.id === ctx.actor.userId) throw conflict('user.self', `You may not ${what} your own account`);
}

function checkKecamatan(state: State, code: string): string {
  if (!state.ref.kecamatan.has(code))
    throw invalid('location.kecamatan', `Unknown kecamatan ${code}`, 'kecamatan');
  return code;
}

function checkStation(state: State, stationId: string | null, agencyId: string): string | null {
  if (stationId === null) return null;
  const station = state.ref.stations.get(stationId);
  if (!station || station.agencyId !== agencyId)
    throw invalid('station.unknown', `Unknown station ${stationId} of agency ${agencyId}`, 'stationId');
  return station.id;
}

/** The given fields that differ from the current ones; refused when none does. */
function changed<T extends object>(current: T, wanted: Partial<T>): Partial<T> {
  const changes: Partial<T> = {};
  for (const [key, value] of Object.entries(wanted) as [keyof T, T[keyof T]][]) {
    if (value !== undefined && value !== current[key]) changes[key] = value;
  }
  if (Object.keys(changes).length === 0) throw invalid('admin.no_change', 'Nothing to change', 'payload');
  return changes;
}

const allAgencies = (state: State) => [...state.ref.agencies.keys()];

export const ADMIN_HANDLERS: { [T in keyof AdminPayloads]: AdminHandler<T> } = {
  ...SECOND_FACTOR_HANDLERS,
  'user.create': (state, p, ctx, emit) => {
    if (usernameTaken(state, p.username))
      throw conflict('user.username_taken', `The username ${p.username} is taken`);
    const placement = checkPlacement(state, p.role, p.agencyId ?? null, p.unitId ?? null);
    const user: UserAccount = {
      id: ctx.newId(),
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      ...placement,
      active: true,
      mustChangePassword: true,
      unlockedAt: null,
      sessionsRevokedAt: null,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    };
    emit({ type: 'user.created', user }, NOBODY);
    return { userId: user.id };
  },

  'user.update': (state, p, ctx, emit) => {
    const user = getUser(state, p.userId);
    const role = p.role ?? user.role;
    if (role !== user.role) notSelf(ctx, user, 'change the role of');
    // Agency and unit carry over while the role keeps them; a responder's agency follows its unit.
    const sameRole = role === user.role;
    const unitId = p.unitId !== undefined ? p.unitId : sameRole ? user.unitId : null;
    const agencyId =
      p.agencyId !== undefined ? p.agencyId : sameRole && role === 'agency' ? user.agencyId : null;
    const placement = checkPlacement(state, role, agencyId, unitId);
    const changes: UserChanges = changed(user, {
      displayName: p.displayName,
      role: p.role,
      agencyId: placement.agencyId,
      unitId: placement.unitId,
    });
    emit({ type: 'user.updated', userId: user.id, changes }, NOBODY);
    return {};
  },

  'user.disable': (state, p, ctx, emit) => {
    const user = getUser(state, p.userId);
    notSelf(ctx, user, 'disable');
    if (!user.active) throw conflict('user.inactive', `${user.username} is already disabled`);
    emit({ type: 'user.disabled', userId: user.id }, NOBODY);
    return {};
  },

  'user.enable': (state, p, _ctx, emit) => {
    const user = getUser(state, p.userId);
    if (user.active) throw conflict('user.active', `${user.username} is already enabled`);
    emit({ type: 'user.enabled', userId: user.id }, NOBODY);
    return {};
  },

  'user.reset_password': (state, p, _ctx, emit) => {
    const user = getUser(state, p.userId);
    emit({ type: 'user.password_reset', userId: user.id }, NOBODY);
    return { userId: user.id };
  },

  'user.unlock': (state, p, _ctx, emit) => {
    const user = getUser(state, p.userId);
    emit({ type: 'user.unlocked', userId: user.id }, NOBODY);
    return {};
  },

  'user.revoke_sessions': (state, p, _ctx, emit) => {
    const user = getUser(state, p.userId);
    emit({ type: 'user.sessions_revoked', userId: user.id }, NOBODY);
    return {};
  },

  'user.change_password': (state, _p, ctx, emit) => {
    const user = getUser(state, ctx.actor.userId);
    emit({ type: 'user.password_changed', userId: user.id }, NOBODY);
    return { userId: user.id };
  },

  'agency.create': (state, p, _ctx, emit) => {
    if (state.ref.agencies.has(p.id)) throw conflict('agency.exists', `An agency with id ${p.id} exists`);
    for (const agency of state.ref.agencies.values())
      if (agency.code === p.code) throw conflict('agency.exists', `An agency with code ${p.code} exists`);
    const agency = { id: p.id, code: p.code, name: p.name };
    // Reference data: every console names agencies, each agency's liaisons too.
    emit({ type: 'agency.created', agency }, [...allAgencies(state), agency.id]);
    return { agencyId: agency.id };
  },

  'agency.update': (state, p, _ctx, emit) => {
    const agency = state.ref.agencies.get(p.agencyId);
    if (!agency) throw notFound('agency.not_found', `Agency ${p.agencyId} does not exist`, 'agencyId');
    const changes = changed(agency, { code: p.code, name: p.name });
    if (changes.code !== undefined) {
      for (const other of state.ref.agencies.values())
        if (other.code === changes.code)
          throw conflict('agency.exists', `An agency with code ${changes.code} exists`);
    }
    emit({ type: 'agency.updated', agencyId: agency.id, changes }, allAgencies(state));
    return {};
  },

  'station.create': (state, p, ctx, emit) => {
    if (!state.ref.agencies.has(p.agencyId))
      throw invalid('agency.unknown', `Unknown agency ${p.agencyId}`, 'agencyId');
    const station: Station = {
      id: ctx.newId(),
      agencyId: p.agencyId,
      name: p.name,
      kecamatan: checkKecamatan(state, p.kecamatan),
      lat: p.lat,
      lon: p.lon,
    };
    emit({ type: 'station.created', station }, allAgencies(state));
    return { stationId: station.id };
  },

  'station.update': (state, p, _ctx, emit) => {
    const station = state.ref.stations.get(p.stationId);
    if (!station) throw notFound('station.not_found', `Station ${p.stationId} does not exist`, 'stationId');
    if (p.kecamatan !== undefined) checkKecamatan(state, p.kecamatan);
    const changes = changed(station, { name: p.name, kecamatan: p.kecamatan, lat: p.lat, lon: p.lon });
    emit({ type: 'station.updated', stationId: station.id, changes }, allAgencies(state));
    return {};
  },

  'unit.create': (state, p, ctx, emit) => {
    if (!state.ref.agencies.has(p.agencyId))
      throw invalid('agency.unknown', `Unknown agency ${p.agencyId}`, 'agencyId');
    for (const unit of state.units.values())
      if (unit.callsign === p.callsign)
        throw conflict('unit.callsign_taken', `The callsign ${p.callsign} is taken`);
    const unit: Unit = {
      id: ctx.newId(),
      agencyId: p.agencyId,
      stationId: checkStation(state, p.stationId ?? null, p.agencyId),
      callsign: p.callsign,
      kind: p.kind,
      status: 'available',
      incidentId: null,
      assignmentId: null,
      updatedAt: ctx.now,
    };
    emit({ type: 'unit.created', unit }, [unit.agencyId]);
    return { unitId: unit.id };
  },

  'device.register': (state, p, ctx, emit) => {
    const unit = state.units.get(p.unitId);
    if (!unit) throw invalid('unit.unknown', `Unknown unit ${p.unitId}`, 'unitId');
    // The server makes the secret and passes its digest only; a command without one cannot be decided.
    if (!ctx.secretHash)
      throw invalid('device.secret', 'The server made no secret for the device', 'deviceId');
    const device = {
      id: p.deviceId,
      unitId: unit.id,
      secretHash: ctx.secretHash,
      active: true,
      registeredAt: ctx.now,
    };
    emit({ type: 'device.registered', device }, NOBODY);
    return { deviceId: device.id, unitId: unit.id };
  },

  'device.revoke': (state, p, _ctx, emit) => {
    const device = state.devices.get(p.deviceId);
    if (!device) throw notFound('device.not_found', `Device ${p.deviceId} does not exist`, 'deviceId');
    if (!device.active) throw conflict('device.revoked', `Device ${p.deviceId} is already revoked`);
    emit({ type: 'device.revoked', deviceId: device.id }, NOBODY);
    return {};
  },

  'reference.adopt': (state, p, _ctx, emit) => decideAdoption(state, p, emit),

  'unit.update': (state, p, _ctx, emit) => {
    const unit = state.units.get(p.unitId);
    if (!unit) throw notFound('unit.not_found', `Unit ${p.unitId} does not exist`, 'unitId');
    const stationId = p.stationId === undefined ? undefined : checkStation(state, p.stationId, unit.agencyId);
    const changes = changed(unit, { callsign: p.callsign, kind: p.kind, stationId });
    if (changes.callsign !== undefined) {
      for (const other of state.units.values())
        if (other.callsign === changes.callsign)
          throw conflict('unit.callsign_taken', `The callsign ${changes.callsign} is taken`);
    }
    emit({ type: 'unit.updated', unitId: unit.id, changes }, [unit.agencyId]);
    return {};
  },
};
