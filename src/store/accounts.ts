// Accounts as rows of the users table and back: what the log says of a user, beside its password hash.
import { randomUUID } from 'node:crypto';
import { hash as argonHash } from '@node-rs/argon2';
import type { Role, UserAccount } from '../domain/types.ts';
import type { DatabaseSchema } from './schema.ts';

type UserRow = DatabaseSchema['users'];

export function accountOf(row: UserRow): UserAccount {
  const time = (value: number | null) => (value === null ? null : Number(value));
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    agencyId: row.agency_id,
    unitId: row.unit_id,
    active: Number(row.active) === 1,
    mustChangePassword: Number(row.must_change_password) === 1,
    unlockedAt: time(row.unlocked_at),
    sessionsRevokedAt: time(row.sessions_revoked_at),
    secondFactorAt: time(row.second_factor_at ?? null),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  unitId?: string | null;
  password: string;
}

/** Seeded users (demo mode) as table rows, passwords hashed with argon2id. */
export function userRows(users: NewUser[], now: number): Promise<UserRow[]> {
  return Promise.all(
    users.map(async (u) => ({
      id: randomUUID(),
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      agency_id: u.agencyId,
      unit_id: u.unitId ?? null,
      password_hash: await argonHash(u.password),
      active: 1,
      must_change_password: 0,
      unlocked_at: null,
      sessions_revoked_at: null,
      second_factor_at: null,
      created_at: now,
      updated_at: now,
    })),
  );
}
