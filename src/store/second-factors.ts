// Authenticator secrets, hashed recovery codes and the sign-in steps between password and code: rows kept out of the
// log (which only says that a second factor is on), each code accepted once by a conditional update.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from './schema.ts';
import { isSealed, type SecretBox } from './secret-box.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A secret being set up must be confirmed within this time. */
const SETUP_MS = 15 * 60_000;
/** The code step of a sign-in must follow the password within this time… */
export const CHALLENGE_MS = 5 * 60_000;
/** …and with at most this many wrong codes; then the password is asked again. */
const CHALLENGE_TRIES = 5;

export class SecondFactorStore {
  private readonly db: Kysely<DatabaseSchema>;
  /** The secrets are stored sealed with the server's key (PINISI_SECRET_KEY_FILE), never as they are. */
  private readonly box: SecretBox;

  constructor(db: Kysely<DatabaseSchema>, box: SecretBox) {
    this.db = db;
    this.box = box;
  }

  /** Seals the secrets stored before they were sealed (an older database); how many. */
  async sealStored(): Promise<number> {
    const rows = await this.db.selectFrom('second_factors').selectAll().execute();
    let sealed = 0;
    for (const row of rows) {
      const plain = (value: string | null) => value !== null && !isSealed(value);
      if (!plain(row.secret) && !plain(row.pending_secret)) continue;
      await this.db
        .updateTable('second_factors')
        .set({
          secret: plain(row.secret) ? this.box.seal(row.secret!, row.user_id) : row.secret,
          pending_secret: plain(row.pending_secret)
            ? this.box.seal(row.pending_secret!, row.user_id)
            : row.pending_secret,
        })
        .where('user_id', '=', row.user_id)
        .execute();
      sealed++;
    }
    return sealed;
  }

  /** Keeps a new secret as the one being set up, replacing an earlier unconfirmed one. */
  async startSetup(userId: string, plain: string, now: number): Promise<void> {
    const secret = this.box.seal(plain, userId);
    await this.db
      .insertInto('second_factors')
      .values({ user_id: userId, secret: null, pending_secret: secret, pending_at: now, last_step: 0 })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ pending_secret: secret, pending_at: now }))
      .execute();
  }

  /** The secret being set up, unless it is older than the setup time. */
  async pendingSecret(userId: string, now: number): Promise<string | null> {
    const row = await this.db
      .selectFrom('second_factors')
      .select(['pending_secret', 'pending_at'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row?.pending_secret || row.pending_at === null || now - Number(row.pending_at) > SETUP_MS)
      return null;
    return this.box.open(row.pending_secret, userId);
  }

  /**
   * The confirmed secret is in force with its first code's step and a new set of recovery codes (the old ones
   * are gone). Written before the enrolment event: until that is logged, sign-in does not ask for a code.
   */
  async activate(userId: string, plain: string, step: number, codeHashes: string[]): Promise<void> {
    await this.db
      .updateTable('second_factors')
      .set({ secret: this.box.seal(plain, userId), pending_secret: null, pending_at: null, last_step: step })
      .where('user_id', '=', userId)
      .execute();
    await this.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    await this.db
      .insertInto('recovery_codes')
      .values(codeHashes.map((code_hash) => ({ code_hash, user_id: userId, used_at: null })))
      .execute();
  }

  async secretOf(userId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('second_factors')
      .select('secret')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row?.secret ? this.box.open(row.secret, userId) : null;
  }

  /** Takes the code's step if it is later than the last one accepted: a code (and an older one) works once. */
  async takeStep(userId: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('second_factors')
      .set({ last_step: step })
      .where('user_id', '=', userId)
      .where('last_step', '<', step)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Marks the recovery code used if it is the user's and unused. */
  async spendRecoveryCode(userId: string, codeHash: string, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('recovery_codes')
      .set({ used_at: now })
      .where('code_hash', '=', codeHash)
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** A new set of recovery codes in place of the old ones (used or not), for an account whose second factor is on. */
  async replaceRecoveryCodes(userId: string, codeHashes: string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      await trx
        .insertInto('recovery_codes')
        .values(codeHashes.map((code_hash) => ({ code_hash, user_id: userId, used_at: null })))
        .execute();
    });
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('left'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.left);
  }

  /**
   * After the admin's reset: the secret and the codes are deleted, unless the account has already set up a new one
   * (every node runs this when it sees the reset, maybe late).
   */
  async forgetIfOff(userId: string): Promise<void> {
    const account = await this.db
      .selectFrom('users')
      .select('second_factor_at')
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!account || account.second_factor_at !== null) return;
    await this.db
      .deleteFrom('second_factors')
      .where('user_id', '=', userId)
      .where('pending_secret', 'is', null)
      .execute();
    await this.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  }

  /** A sign-in whose password was right and whose code is due; the token goes to the browser, its hash here. */
  async openChallenge(userId: string, now: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    // Old steps of anybody are cleared on the way (the table holds minutes of sign-ins).
    await this.db
      .deleteFrom('login_challenges')
      .where('created_at', '<', now - CHALLENGE_MS)
      .execute();
    await this.db
      .insertInto('login_challenges')
      .values({ token_hash: hashToken(token), user_id: userId, created_at: now, failures: 0 })
      .execute();
    return token;
  }

  /** The user whose code this sign-in step waits for, or null when it is unknown, too old or out of tries. */
  async challengeUser(token: string, now: number): Promise<string | null> {
    const row = await this.db
      .selectFrom('login_challenges')
      .select(['user_id', 'created_at', 'failures'])
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || now - Number(row.created_at) > CHALLENGE_MS || Number(row.failures) >= CHALLENGE_TRIES)
      return null;
    return row.user_id;
  }

  async failChallenge(token: string): Promise<void> {
    await this.db
      .updateTable('login_challenges')
      .set((eb) => ({ failures: eb('failures', '+', 1) }))
      .where('token_hash', '=', hashToken(token))
      .execute();
  }

  async endChallenge(token: string): Promise<void> {
    await this.db.deleteFrom('login_challenges').where('token_hash', '=', hashToken(token)).execute();
  }
}
