// Users, sessions and login attempts: argon2id passwords, opaque session tokens stored only as their hash.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Role, UserAccount } from '../domain/types.ts';
import { identityOf } from './accounts.ts';
import type { DatabaseSchema } from './schema.ts';

/** A signed-in user: who the account is, and what sign-in still asks of it. */
export interface User
  extends Pick<UserAccount, 'id' | 'username' | 'displayName' | 'role' | 'agencyId' | 'unitId'> {
  /** A temporary password is in use: nothing but choosing a new one is allowed. */
  mustChangePassword: boolean;
  /** Sign-in asks for an authenticator code. */
  secondFactor: boolean;
  /** The role requires a second factor the user has not set up: nothing but setting it up is allowed. */
  mustEnrolSecondFactor: boolean;
}

/** One session of an account, as the admin lists them. */
export interface SessionInfo {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  revokedAt: number | null;
  /** Over: revoked, ended by the account's revocation time, idle too long or past its lifetime. */
  active: boolean;
}

export interface FailedLogins {
  username: string;
  ip: string;
  failures: number;
  firstAt: number;
  lastAt: number;
}

export interface ActiveSession {
  user: User;
  since: number;
  lastSeenAt: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function toUser(
  row: Pick<
    DatabaseSchema['users'],
    | 'id'
    | 'username'
    | 'display_name'
    | 'role'
    | 'agency_id'
    | 'unit_id'
    | 'must_change_password'
    | 'second_factor_at'
  >,
  secondFactorRoles: readonly Role[],
): User {
  const secondFactor = row.second_factor_at !== null;
  return {
    ...identityOf(row),
    mustChangePassword: Number(row.must_change_password) === 1,
    secondFactor,
    mustEnrolSecondFactor: !secondFactor && secondFactorRoles.includes(row.role as Role),
  };
}

/** How long a looked-up session is trusted without asking the database again (other nodes see a logout this late). */
const SESSION_CACHE_MS = 5000;
/** A session's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

/** How long a session lives: without use, and at most (Config.sessionIdleMinutes, sessionMaxHours). */
export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

interface CachedSession {
  user: User;
  createdAt: number;
  lastSeenAt: number;
  /** performance.now() until which the database is not asked again. */
  until: number;
}

type SessionRow = Parameters<typeof toUser>[0] & { created_at: number; last_seen_at: number };

/** What a session read needs of the session and its user. */
const SESSION_COLUMNS = [
  'users.id',
  'users.username',
  'users.display_name',
  'users.role',
  'users.agency_id',
  'users.unit_id',
  'users.must_change_password',
  'users.second_factor_at',
  'sessions.created_at',
  'sessions.last_seen_at',
] as const;

export class UserStore {
  readonly db: Kysely<DatabaseSchema>;
  private readonly sessionCache = new Map<string, CachedSession>();
  readonly limits: SessionLimits;
  private dummy: Promise<string> | null = null;

  /** Roles that must sign in with a second factor (PINISI_SECOND_FACTOR_ROLES). */
  readonly secondFactorRoles: readonly Role[];

  constructor(db: Kysely<DatabaseSchema>, limits: SessionLimits, secondFactorRoles: readonly Role[] = []) {
    this.db = db;
    this.limits = limits;
    this.secondFactorRoles = secondFactorRoles;
  }

  /** A hash of a random password with the same argon2 settings as real ones, made once. */
  private dummyHash(): Promise<string> {
    this.dummy ??= argonHash(randomBytes(16).toString('base64url'));
    return this.dummy;
  }

  /** Attempts of this username from this address since the given time, newest first: the basis of the throttle. */
  async recentAttempts(username: string, ip: string, since: number): Promise<{ at: number; ok: boolean }[]> {
    // An admin's unlock (or password reset) forgets the failures before it.
    const account = await this.db
      .selectFrom('users')
      .select('unlocked_at')
      .where('username', '=', username)
      .executeTakeFirst();
    if (account?.unlocked_at != null) since = Math.max(since, Number(account.unlocked_at) + 1);
    const rows = await this.db
      .selectFrom('login_attempts')
      .select(['at', 'ok'])
      .where('username', '=', username)
      .where('ip', '=', ip)
      .where('at', '>=', since)
      .orderBy('at', 'desc')
      .limit(64)
      .execute();
    return rows.map((r) => ({ at: Number(r.at), ok: Number(r.ok) === 1 }));
  }

  /** Failed logins since the given time, by username and address, the biggest bursts first. */
  async failedLogins(since: number): Promise<FailedLogins[]> {
    const rows = await this.db
      .selectFrom('login_attempts')
      .select((eb) => [
        'username',
        'ip',
        eb.fn.countAll<number>().as('failures'),
        eb.fn.min('at').as('firstAt'),
        eb.fn.max('at').as('lastAt'),
      ])
      .where('ok', '=', 0)
      .where('at', '>=', since)
      .groupBy(['username', 'ip'])
      .orderBy('failures', 'desc')
      .orderBy('lastAt', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({
      username: r.username,
      ip: r.ip,
      failures: Number(r.failures),
      firstAt: Number(r.firstAt),
      lastAt: Number(r.lastAt),
    }));
  }

  /**
   * Checks the password. A failure is recorded here; a success is recorded with the session it opens
   * (`openSession`), so an authenticator code still due records nothing yet (its step records the outcome: a right
   * password must not clear the failures of the code step).
   */
  async checkLogin(username: string, password: string, ip: string, now: number): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .where('active', '=', 1)
      .executeTakeFirst();
    // An unknown or disabled user costs the same argon2 verification as a wrong password: no timing tells them apart.
    const stored = row?.password_hash || (await this.dummyHash());
    const verified = await argonVerify(stored, password).catch(() => false);
    const ok = row !== undefined && verified;
    const user = ok && row ? toUser(row, this.secondFactorRoles) : null;
    if (!ok) await this.recordAttempt(username, ip, now, false);
    return user;
  }

  async recordAttempt(username: string, ip: string, now: number, ok: boolean): Promise<void> {
    await this.db
      .insertInto('login_attempts')
      .values({ id: randomUUID(), username, at: now, ok: ok ? 1 : 0, ip })
      .execute();
  }

  /**
   * A new session of the user after a successful sign-in, recorded as such in the same transaction (one commit, not
   * two: seven consoles signing in at once wait on the disk half as often); returns its token (only the hash is
   * stored).
   */
  async openSession(user: Pick<User, 'id' | 'username'>, ip: string, now: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('login_attempts')
        .values({ id: randomUUID(), username: user.username, at: now, ok: 1, ip })
        .execute();
      await trx
        .insertInto('sessions')
        .values({
          token_hash: hashToken(token),
          user_id: user.id,
          created_at: now,
          last_seen_at: now,
          revoked_at: null,
        })
        .execute();
    });
    return token;
  }

  /** An active account by id. */
  async activeUser(userId: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .where('active', '=', 1)
      .executeTakeFirst();
    return row ? toUser(row, this.secondFactorRoles) : null;
  }

  /**
   * The user of a session token, or null when it is unknown, revoked, idle too long or past its lifetime. Trusted from
   * memory for a few seconds; while the database cannot be reached, a session seen before stays trusted from memory.
   */
  async userForToken(token: string, now: number): Promise<User | null> {
    const cached = this.sessionCache.get(token);
    if (cached && cached.until > performance.now()) return this.current(token, cached, now);
    let row: SessionRow | undefined;
    try {
      row = await this.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(SESSION_COLUMNS)
        .where('sessions.token_hash', '=', hashToken(token))
        .where('sessions.revoked_at', 'is', null)
        .where('users.active', '=', 1)
        .where((eb) =>
          eb.or([
            eb('users.sessions_revoked_at', 'is', null),
            eb('sessions.created_at', '>', eb.ref('users.sessions_revoked_at')),
          ]),
        )
        .executeTakeFirst();
    } catch (error) {
      if (cached) return this.current(token, cached, now);
      throw error;
    }
    if (!row) {
      this.sessionCache.delete(token);
      return null;
    }
    if (this.sessionCache.size > 10_000) this.sessionCache.clear();
    const entry: CachedSession = {
      user: toUser(row, this.secondFactorRoles),
      createdAt: Number(row.created_at),
      lastSeenAt: Math.max(Number(row.last_seen_at), cached?.lastSeenAt ?? 0),
      until: performance.now() + SESSION_CACHE_MS,
    };
    this.sessionCache.set(token, entry);
    return this.current(token, entry, now);
  }

  private current(token: string, session: CachedSession, now: number): User | null {
    const expired =
      now - session.createdAt > this.limits.maxMs || now - session.lastSeenAt > this.limits.idleMs;
    if (!expired) return session.user;
    this.sessionCache.delete(token);
    return null;
  }

  /** Marks a valid session as in use (a request, an open console); written at most once a minute per session. */
  async seen(token: string, now: number): Promise<void> {
    const session = this.sessionCache.get(token);
    if (session && now - session.lastSeenAt < TOUCH_EVERY_MS) return;
    const before = session?.lastSeenAt ?? 0;
    if (session) session.lastSeenAt = now;
    // Best effort: while the database cannot be reached, reads served from memory go on; the next use writes it.
    await this.db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('token_hash', '=', hashToken(token))
      .where('revoked_at', 'is', null)
      .execute()
      .catch(() => {
        if (session) session.lastSeenAt = before;
      });
  }

  async logout(token: string, now: number): Promise<void> {
    this.sessionCache.delete(token);
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('token_hash', '=', hashToken(token))
      .execute();
  }

  /** Forgets what memory trusts of this user's sessions: the next request asks the database (revoked, disabled). */
  forgetUser(userId: string): void {
    for (const [token, session] of this.sessionCache)
      if (session.user.id === userId) this.sessionCache.delete(token);
  }

  /** Whether this is the user's password (for changing it), at the cost of one argon2 verification. */
  async checkPassword(userId: string, password: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', userId)
      .executeTakeFirst();
    return argonVerify(row?.password_hash || (await this.dummyHash()), password).catch(() => false);
  }

  /** The user's latest sessions, newest first, each said to be active or over as of `now`. */
  async sessionsOf(userId: string, now: number): Promise<SessionInfo[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.token_hash',
        'sessions.created_at',
        'sessions.last_seen_at',
        'sessions.revoked_at',
        'users.sessions_revoked_at',
        'users.active',
      ])
      .where('sessions.user_id', '=', userId)
      .orderBy('sessions.created_at', 'desc')
      .limit(50)
      .execute();
    return rows.map((r) => {
      const createdAt = Number(r.created_at);
      const lastSeenAt = Number(r.last_seen_at);
      const revokedAt = r.revoked_at === null ? null : Number(r.revoked_at);
      const cut = r.sessions_revoked_at !== null && createdAt <= Number(r.sessions_revoked_at);
      const active =
        revokedAt === null &&
        !cut &&
        Number(r.active) === 1 &&
        now - createdAt <= this.limits.maxMs &&
        now - lastSeenAt <= this.limits.idleMs;
      // The first characters of the token's hash name a session without telling anything of the token.
      return { id: r.token_hash.slice(0, 12), createdAt, lastSeenAt, revokedAt, active };
    });
  }

  /** Sessions seen since the given time and not revoked: who is logged in as what. */
  async activeSessions(since: number): Promise<ActiveSession[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(SESSION_COLUMNS)
      .where('sessions.revoked_at', 'is', null)
      .where('sessions.last_seen_at', '>=', since)
      .orderBy('sessions.created_at')
      .execute();
    return rows.map((r) => ({
      user: toUser(r, this.secondFactorRoles),
      since: r.created_at,
      lastSeenAt: r.last_seen_at,
    }));
  }
}
