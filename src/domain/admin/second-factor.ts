// Two-factor sign-in as commands and events: a user's own enrolment (the server checked a first code) and the admin's
// reset. The secret and the recovery codes never enter the log; the events only say that a second factor is on or off.
import { Type } from 'typebox';
import type { Context, Emit } from '../decide.ts';
import { conflict, notFound } from '../errors.ts';
import type { State } from '../state.ts';
import type { UserAccount } from '../types.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
const strict = { additionalProperties: false } as const;

export const SECOND_FACTOR_COMMAND_SCHEMAS = {
  /** One's own authenticator app, confirmed with a first code (POST /api/auth/second-factor/confirm only). */
  'user.enrol_second_factor': Type.Object({}, strict),
  /** The admin takes a user's second factor away (a lost phone): sessions end, the user enrols again at login. */
  'user.reset_second_factor': Type.Object({ userId: Id }, strict),
} as const;

export type SecondFactorEvent =
  /** The user's authenticator app and recovery codes are in force: sign-in asks for a code. */
  | { type: 'user.second_factor_enrolled'; userId: string }
  /** The second factor was taken away by the admin; the user's sessions end. */
  | { type: 'user.second_factor_reset'; userId: string };

/** Account events go to no agency: the admin and supervisor see them (visibility.ts, isUserEvent). */
const NOBODY: string[] = [];

function getUser(state: State, id: string, field: string): UserAccount {
  const user = state.users.get(id);
  if (!user) throw notFound('user.not_found', `User ${id} does not exist`, field);
  return user;
}

export const SECOND_FACTOR_HANDLERS = {
  'user.enrol_second_factor': (state: State, _p: unknown, ctx: Context, emit: Emit) => {
    const user = getUser(state, ctx.actor.userId, 'userId');
    if (user.secondFactorAt != null)
      throw conflict('user.second_factor_on', 'A second factor is already enrolled; the admin can reset it');
    emit({ type: 'user.second_factor_enrolled', userId: user.id }, NOBODY);
    return { userId: user.id };
  },
  'user.reset_second_factor': (state: State, p: { userId: string }, _ctx: Context, emit: Emit) => {
    const user = getUser(state, p.userId, 'userId');
    if (user.secondFactorAt == null)
      throw conflict('user.second_factor_off', `${user.username} has no second factor to reset`);
    emit({ type: 'user.second_factor_reset', userId: user.id }, NOBODY);
    return {};
  },
};
