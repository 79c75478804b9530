// Accounts from rows of the users table: what the log says of a user, beside its password hash.
import type { Role, UserAccount } from '../domain/types.ts';
import type { DatabaseSchema } from './schema.ts';

type UserRow = DatabaseSchema['users'];

/** Who the account is: the same for the log's account (accountOf) and a session's user (users.ts). */
export function identityOf(
  row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'agency_id' | 'unit_id'>,
): Pick<UserAccount, 'id' | 'username' | 'displayName' | 'role' | 'agencyId' | 'unitId'> {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    agencyId: row.agency_id,
    unitId: row.unit_id,
  };
}

export function accountOf(row: UserRow): UserAccount {
  const time = (value: number | null) => (value === null ? null : Number(value));
  return {
    ...identityOf(row),
    active: Number(row.active) === 1,
    mustChangePassword: Number(row.must_change_password) === 1,
    unlockedAt: time(row.unlocked_at),
    sessionsRevokedAt: time(row.sessions_revoked_at),
    secondFactorAt: time(row.second_factor_at ?? null),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
