// Two-factor sign-in over HTTP: the code step after a right password, setting up an authenticator app (QR code and
// the secret as text, confirmed with a first code; recovery codes shown once), and the store kept in step with the log.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../../domain/errors.ts';
import { SecondFactorEnrolledBody, SecondFactorSetupBody, SessionBody } from '../../protocol/bodies.ts';
import type { SecondFactorStore } from '../../store/second-factors.ts';
import type { User, UserStore } from '../../store/users.ts';
import {
  actorOf,
  CHALLENGE_COOKIE,
  checkThrottle,
  me,
  requireUser,
  setChallengeCookie,
  setSessionCookie,
} from '../auth.ts';
import type { Engine } from '../engine.ts';
import { errorReply } from '../errors.ts';
import {
  enrolment,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpStep,
} from '../totp.ts';

/** Six digits from the app, or a recovery code (xxxxx-xxxxx, any case, spaces allowed). */
const CodeBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 16, pattern: '^[A-Za-z0-9 -]+$' }) },
  { additionalProperties: false },
);

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' }),
});

export function registerSecondFactorRoutes(
  app: FastifyInstance,
  deps: {
    engine: Engine;
    users: UserStore;
    factors: SecondFactorStore;
    cookieSecure: boolean | 'auto';
  },
): void {
  const { engine, users, factors, cookieSecure } = deps;

  /** An authenticator code of a step later than the last one used, or an unused recovery code; each works once. */
  async function codeAccepted(user: User, code: string, now: number): Promise<boolean> {
    if (looksLikeRecoveryCode(code)) return factors.spendRecoveryCode(user.id, hashRecoveryCode(code), now);
    const secret = await factors.secretOf(user.id);
    const step = secret === null ? null : totpStep(secret, user.username, code, now);
    return step !== null && (await factors.takeStep(user.id, step));
  }

  // The code step of a sign-in: throttled like the password (per username and address), five tries per step.
  app.post(
    '/api/auth/second-factor',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], body: CodeBody, response: { 200: SessionBody } },
    },
    async (request, reply) => {
      const now = engine.now();
      const token = request.cookies[CHALLENGE_COOKIE];
      const userId = token ? await factors.challengeUser(token, now) : null;
      const user = userId ? await users.activeUser(userId) : null;
      if (!token || !user?.secondFactor) {
        setChallengeCookie(request, reply, null, cookieSecure);
        throw new DomainError('auth.challenge_expired', 'Sign in again with your password');
      }
      await checkThrottle(users, user.username, request, reply, now);
      const { code } = request.body as { code: string };
      if (!(await codeAccepted(user, code.trim(), now))) {
        await factors.failChallenge(token);
        await users.recordAttempt(user.username, request.ip, now, false);
        throw new DomainError('auth.code_failed', 'Wrong or used code', 'code');
      }
      await factors.endChallenge(token);
      setChallengeCookie(request, reply, null, cookieSecure);
      setSessionCookie(request, reply, await users.openSession(user, request.ip, now), {
        cookieSecure,
        maxMs: users.limits.maxMs,
      });
      return me(user);
    },
  );

  // A new secret to scan or type into the app; it is in force only once a first code confirms it.
  app.post(
    '/api/auth/second-factor/setup',
    {
      onRequest: requireUser(undefined, { secondFactorSetup: true }),
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], response: { 200: SecondFactorSetupBody } },
    },
    async (request) => {
      const user = request.user!;
      if (user.secondFactor)
        throw new DomainError('user.second_factor_on', 'Two-step verification is already on');
      const secret = newTotpSecret();
      await factors.startSetup(user.id, secret, engine.now());
      return { secret, ...enrolment(secret, user.username) };
    },
  );

  // The first code confirms the secret: the recovery codes are made (shown this once) and the enrolment is logged.
  app.post(
    '/api/auth/second-factor/confirm',
    {
      onRequest: requireUser(undefined, { secondFactorSetup: true }),
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        headers: IdempotencyHeaders,
        body: CodeBody,
        response: { 200: SecondFactorEnrolledBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const now = engine.now();
      const secret = await factors.pendingSecret(user.id, now);
      if (secret === null)
        throw new DomainError('auth.second_factor_setup', 'No setup in progress; start again');
      const step = totpStep(secret, user.username, (request.body as { code: string }).code.trim(), now);
      if (step === null) throw new DomainError('auth.code_failed', 'Wrong code', 'code');
      const recoveryCodes = newRecoveryCodes();
      await factors.activate(user.id, secret, step, recoveryCodes.map(hashRecoveryCode));
      const key = (request.headers as { 'idempotency-key': string })['idempotency-key'];
      const outcome = await engine.execute(
        'user.enrol_second_factor',
        {},
        actorOf(user),
        `${user.id}:${key}`,
      );
      if (!outcome.ok) return errorReply(reply, outcome.error);
      users.forgetUser(user.id);
      return { recoveryCodes, ...me({ ...user, secondFactor: true, mustEnrolSecondFactor: false }) };
    },
  );

  // How many recovery codes the signed-in user has left (each signs in once).
  app.get(
    '/api/auth/second-factor/recovery-codes',
    {
      onRequest: requireUser(),
      schema: {
        tags: ['auth'],
        response: { 200: Type.Object({ left: Type.Integer() }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      const user = request.user!;
      if (!user.secondFactor) throw new DomainError('auth.second_factor_off', 'Two-step verification is off');
      return { left: await factors.recoveryCodesLeft(user.id) };
    },
  );

  // Ten new recovery codes in place of the old ones, shown this once; a code from the app proves the phone is at hand.
  app.post(
    '/api/auth/second-factor/recovery-codes',
    {
      onRequest: requireUser(),
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        body: CodeBody,
        response: {
          200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }, { additionalProperties: false }),
        },
      },
    },
    async (request) => {
      const user = request.user!;
      if (!user.secondFactor) throw new DomainError('auth.second_factor_off', 'Two-step verification is off');
      const code = (request.body as { code: string }).code.trim();
      const secret = await factors.secretOf(user.id);
      const step = secret === null ? null : totpStep(secret, user.username, code, engine.now());
      if (step === null || !(await factors.takeStep(user.id, step)))
        throw new DomainError('auth.code_failed', 'Wrong code', 'code');
      const recoveryCodes = newRecoveryCodes();
      await factors.replaceRecoveryCodes(user.id, recoveryCodes.map(hashRecoveryCode));
      return { recoveryCodes };
    },
  );

  // Every node: its memory forgets the account's sessions when the factor changes; after a reset the secret and codes go.
  engine.subscribe((events) => {
    for (const event of events) {
      if (event.type === 'user.second_factor_enrolled') users.forgetUser(event.userId);
      if (event.type === 'user.second_factor_reset')
        factors.forgetIfOff(event.userId).catch((error: unknown) => app.log.error(error));
    }
  });
}
