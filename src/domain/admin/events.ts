// The administration events: accounts and reference data as the admin changed them (no password or hash ever).
import type { Agency, Station, TrackerDevice, Unit, UserAccount } from '../types.ts';
import type { AdoptedReference } from './reference.ts';
import type { SecondFactorEvent } from './second-factor.ts';

export type UserChanges = Partial<Pick<UserAccount, 'displayName' | 'role' | 'agencyId' | 'unitId'>>;

export type AdminEvent =
  | { type: 'user.created'; user: UserAccount }
  | { type: 'user.updated'; userId: string; changes: UserChanges }
  /** The account's sessions end and its logins are refused. */
  | { type: 'user.disabled'; userId: string }
  | { type: 'user.enabled'; userId: string }
  /** A temporary password was set by the admin: sessions end, a new password is due at the next login. */
  | { type: 'user.password_reset'; userId: string }
  /** The user chose a new password. */
  | { type: 'user.password_changed'; userId: string }
  /** Failed logins before this event no longer delay the username's next try. */
  | { type: 'user.unlocked'; userId: string }
  | { type: 'user.sessions_revoked'; userId: string }
  | { type: 'agency.created'; agency: Agency }
  | { type: 'agency.updated'; agencyId: string; changes: Partial<Omit<Agency, 'id'>> }
  | { type: 'station.created'; station: Station }
  | { type: 'station.updated'; stationId: string; changes: Partial<Omit<Station, 'id' | 'agencyId'>> }
  | { type: 'unit.created'; unit: Unit }
  | { type: 'unit.updated'; unitId: string; changes: Partial<Pick<Unit, 'callsign' | 'kind' | 'stationId'>> }
  /** A tracker may report for its unit with the secret whose digest this is (a new one replaces the old). */
  | { type: 'device.registered'; device: TrackerDevice }
  | { type: 'device.revoked'; deviceId: string }
  | SecondFactorEvent
  /** Reference data taken into the log whole: a new database's seed, or what an older one held outside the log. */
  | { type: 'reference.adopted'; reference: AdoptedReference };

/** Events about accounts: the admin's and supervisor's business only. */
function isUserEvent(event: { type?: string }): boolean {
  return event.type?.startsWith('user.') === true;
}

/** Events that carry accounts among other things: the admin's and supervisor's business only, as accounts are. */
export function carriesAccounts(event: { type?: string }): boolean {
  return isUserEvent(event) || event.type === 'reference.adopted';
}

/** Events about tracker devices: the admin's business only (they carry the digest of a device's secret). */
export function isDeviceEvent(event: { type?: string }): boolean {
  return event.type?.startsWith('device.') === true;
}

/** Events after which a user's sessions are over (the server also closes its streams). */
export const ENDS_SESSIONS = new Set([
  'user.disabled',
  'user.password_reset',
  'user.sessions_revoked',
  'user.second_factor_reset',
]);
