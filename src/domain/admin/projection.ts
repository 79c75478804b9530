// The administration events applied to the live state: accounts, agencies, stations, units and trackers as the admin
// left them.
import type { DomainEvent } from '../events.ts';
import type { State, Touched } from '../state.ts';
import type { UserAccount } from '../types.ts';
import type { AdminEvent } from './events.ts';
import { applyAdoption } from './reference.ts';

const ADMIN_TYPES: ReadonlySet<string> = new Set<AdminEvent['type']>([
  'user.created',
  'user.updated',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'user.password_changed',
  'user.unlocked',
  'user.sessions_revoked',
  'agency.created',
  'agency.updated',
  'station.created',
  'station.updated',
  'unit.created',
  'unit.updated',
  'device.registered',
  'device.revoked',
  'user.second_factor_enrolled',
  'user.second_factor_reset',
  'reference.adopted',
]);

export function isAdminEvent(event: DomainEvent): event is Extract<DomainEvent, AdminEvent> {
  return ADMIN_TYPES.has(event.type);
}

function patchUser(
  state: State,
  touched: Touched,
  id: string,
  change: Partial<UserAccount>,
  at: number,
): void {
  const user = state.users.get(id);
  if (!user) return;
  state.users.set(id, { ...user, ...change, updatedAt: at });
  touched.users.add(id);
}

/** Applies one administration event; unknown ids are ignored, as in `apply`. */
export function applyAdmin(state: State, event: Extract<DomainEvent, AdminEvent>, touched: Touched): void {
  const at = event.at;
  switch (event.type) {
    case 'user.created':
      state.users.set(event.user.id, event.user);
      touched.users.add(event.user.id);
      break;
    case 'user.updated':
      patchUser(state, touched, event.userId, event.changes, at);
      break;
    case 'user.disabled':
      patchUser(state, touched, event.userId, { active: false, sessionsRevokedAt: at }, at);
      break;
    case 'user.enabled':
      patchUser(state, touched, event.userId, { active: true }, at);
      break;
    case 'user.password_reset':
      patchUser(
        state,
        touched,
        event.userId,
        { mustChangePassword: true, sessionsRevokedAt: at, unlockedAt: at },
        at,
      );
      break;
    case 'user.password_changed':
      patchUser(state, touched, event.userId, { mustChangePassword: false }, at);
      break;
    case 'user.unlocked':
      patchUser(state, touched, event.userId, { unlockedAt: at }, at);
      break;
    case 'user.sessions_revoked':
      patchUser(state, touched, event.userId, { sessionsRevokedAt: at }, at);
      break;
    case 'user.second_factor_enrolled':
      patchUser(state, touched, event.userId, { secondFactorAt: at }, at);
      break;
    case 'user.second_factor_reset':
      patchUser(state, touched, event.userId, { secondFactorAt: null, sessionsRevokedAt: at }, at);
      break;
    case 'agency.created':
      state.ref.agencies.set(event.agency.id, event.agency);
      touched.agencies.add(event.agency.id);
      break;
    case 'agency.updated': {
      const agency = state.ref.agencies.get(event.agencyId);
      if (!agency) break;
      state.ref.agencies.set(agency.id, { ...agency, ...event.changes });
      touched.agencies.add(agency.id);
      break;
    }
    case 'station.created':
      state.ref.stations.set(event.station.id, event.station);
      touched.stations.add(event.station.id);
      break;
    case 'station.updated': {
      const station = state.ref.stations.get(event.stationId);
      if (!station) break;
      state.ref.stations.set(station.id, { ...station, ...event.changes });
      touched.stations.add(station.id);
      break;
    }
    case 'unit.created':
      state.units.set(event.unit.id, event.unit);
      touched.units.add(event.unit.id);
      break;
    case 'unit.updated': {
      const unit = state.units.get(event.unitId);
      if (!unit) break;
      state.units.set(unit.id, { ...unit, ...event.changes, updatedAt: at });
      touched.units.add(unit.id);
      break;
    }
    case 'device.registered':
      state.devices.set(event.device.id, event.device);
      touched.devices.add(event.device.id);
      break;
    case 'device.revoked': {
      const device = state.devices.get(event.deviceId);
      if (!device) break;
      state.devices.set(device.id, { ...device, active: false });
      touched.devices.add(device.id);
      break;
    }
    case 'reference.adopted':
      applyAdoption(state, event.reference, touched);
      break;
  }
}
