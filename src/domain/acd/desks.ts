// The desks the admin sets up (which desk phone rings at which position), and the desk a call taker signs in at.
import { Type } from 'typebox';
import type { Emit } from '../decide.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import type { State } from '../state.ts';
import type { Desk } from './types.ts';

const strict = { additionalProperties: false } as const;
export const PositionId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9._-]+$' });
export const Extension = Type.String({ minLength: 1, maxLength: 32 });
export const Contact = Type.String({ minLength: 5, maxLength: 200, pattern: '^sips?:' });

export const DESK_COMMAND_SCHEMAS = {
  /** Sets up a desk, or changes its name or its phone (not while a call taker is signed in there). */
  'desk.save': Type.Object(
    {
      positionId: PositionId,
      name: Type.String({ minLength: 1, maxLength: 80, pattern: '^\\S(.*\\S)?$' }),
      extension: Extension,
      contact: Contact,
    },
    strict,
  ),
  /** Takes a desk away (nobody may be signed in there). */
  'desk.remove': Type.Object({ positionId: PositionId }, strict),
} as const;

const emitTelephony = (emit: Emit, body: Parameters<Emit>[0]) => emit(body, []);

export function saveDesk(state: State, desk: Desk, emit: Emit): Record<string, unknown> {
  const { desks, positions } = state.telephony;
  const current = desks.get(desk.id);
  if (
    current &&
    current.name === desk.name &&
    current.extension === desk.extension &&
    current.contact === desk.contact
  )
    throw invalid('admin.no_change', 'Nothing to change', 'payload');
  for (const other of desks.values()) {
    if (other.id === desk.id) continue;
    if (other.extension === desk.extension || other.contact === desk.contact)
      throw conflict('desk.phone_taken', `That phone rings at desk ${other.name} already`);
  }
  const phoneChanged = current && (current.extension !== desk.extension || current.contact !== desk.contact);
  if (phoneChanged && positions.has(desk.id))
    throw conflict('desk.in_use', `A call taker is signed in at ${desk.name}`);
  emitTelephony(emit, { type: 'telephony.desk_saved', desk });
  return { positionId: desk.id };
}

export function removeDesk(state: State, positionId: string, emit: Emit): Record<string, unknown> {
  const desk = state.telephony.desks.get(positionId);
  if (!desk) throw notFound('desk.not_found', `No desk ${positionId}`, 'positionId');
  if (state.telephony.positions.has(positionId))
    throw conflict('desk.in_use', `A call taker is signed in at ${desk.name}`);
  emitTelephony(emit, { type: 'telephony.desk_removed', positionId });
  return {};
}

/**
 * The phone a call taker signs in with: a desk the admin set up rings its own phone (a different one given is
 * refused); once any desk is set up, only those; before that, the phone the call taker names.
 */
export function deskPhone(
  state: State,
  sign: { positionId: string; extension?: string | undefined; contact?: string | undefined },
): { extension: string; contact: string } {
  const { desks } = state.telephony;
  const desk = desks.get(sign.positionId);
  if (desk) {
    if (sign.extension !== undefined && sign.extension !== desk.extension)
      throw invalid('desk.phone', `Desk ${desk.name} rings extension ${desk.extension}`, 'extension');
    if (sign.contact !== undefined && sign.contact !== desk.contact)
      throw invalid('desk.phone', `Desk ${desk.name} rings ${desk.contact}`, 'contact');
    return { extension: desk.extension, contact: desk.contact };
  }
  if (desks.size > 0)
    throw invalid('desk.unknown', `${sign.positionId} is not one of the desks set up`, 'positionId');
  if (sign.extension === undefined)
    throw invalid('desk.phone_required', 'The desk phone’s extension is needed', 'extension');
  if (sign.contact === undefined)
    throw invalid('desk.phone_required', 'The desk phone’s SIP address is needed', 'contact');
  return { extension: sign.extension, contact: sign.contact };
}
