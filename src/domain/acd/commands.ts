// The telephony commands: what the switch reports (offer, ring failed, answer, hang-up, fallback, location) and what
// call takers and supervisors do (sign in and out, break, callbacks, number blocks). Schemas validate and document.
import { type TSchema, Type } from 'typebox';
import { Contact, DESK_COMMAND_SCHEMAS, Extension, PositionId } from './desks.ts';
import { CALLBACK_RESULTS, FALLBACK_REASONS } from './types.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const strict = { additionalProperties: false } as const;
const SipCallId = Type.String({ minLength: 1, maxLength: 200 });
const Tag = Nullable(Type.String({ minLength: 1, maxLength: 200 }));
const Caller = Nullable(Type.String({ minLength: 1, maxLength: 32, pattern: '^[+0-9*#]+$' }));
const Time = Type.Integer({ minimum: 0 });
const BlockNumber = Type.String({ minLength: 3, maxLength: 32, pattern: '^[+0-9 ()-]+$' });
const Reason = Type.String({ minLength: 3, maxLength: 500 });

const CallerLocationSchema = Type.Object(
  {
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    accuracyM: Nullable(Type.Number({ minimum: 0 })),
    confidence: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
    source: Type.Union([Type.Literal('pidf-lo'), Type.Literal('aml-http'), Type.Literal('aml-sms')]),
    method: Nullable(Type.String({ maxLength: 100 })),
    time: Nullable(Time),
  },
  strict,
);

/** A location as the intake translated it, with the service-area check already made. */
const Located = {
  location: Nullable(CallerLocationSchema),
  outsideServiceArea: Nullable(Type.Boolean()),
};

export const TELEPHONY_COMMAND_SCHEMAS = {
  /** INVITE: a new call for the queue (system: the telephony brain). */
  'telephony.offer': Type.Object(
    {
      sipCallId: SipCallId,
      number: Caller,
      fromTag: Tag,
      ...Located,
      locationError: Nullable(Type.String({ maxLength: 500 })),
      civicAddress: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
      locationRef: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    },
    strict,
  ),
  /** The intake fetched a call's location reference (HELD/LbyR), or could not: the outcome, with any location. */
  'telephony.dereferenced': Type.Object(
    {
      sipCallId: SipCallId,
      reference: Type.String({ minLength: 1, maxLength: 1000 }),
      ...Located,
      civicAddress: Nullable(Type.String({ maxLength: 500 })),
      error: Nullable(Type.String({ maxLength: 500 })),
    },
    strict,
  ),
  'telephony.ring_failed': Type.Object({ sipCallId: SipCallId, code: Nullable(Type.Integer()) }, strict),
  'telephony.answer': Type.Object({ sipCallId: SipCallId, contact: Tag }, strict),
  /**
   * BYE or CANCEL; `fromTag` tells who hung up. `cancelled`: a CANCEL, the caller hung up before hearing an answer,
   * even when a phone's 200 crossed it (the call is abandoned, for the callback list).
   */
  'telephony.hang_up': Type.Object(
    { sipCallId: SipCallId, fromTag: Tag, cancelled: Type.Optional(Type.Boolean()) },
    strict,
  ),
  /** A call Kamailio rang on its own hunt group, with what happened to it meanwhile (switch times). */
  'telephony.fallback': Type.Object(
    {
      sipCallId: SipCallId,
      number: Caller,
      fromTag: Tag,
      ...Located,
      offeredAt: Nullable(Time),
      fallbackAt: Nullable(Time),
      answeredAt: Nullable(Time),
      contact: Tag,
      endedAt: Nullable(Time),
      endedFromTag: Tag,
      abandonedAt: Nullable(Time),
      /** Why the switch rang its hunt group (absent from switches that do not say). */
      reason: Type.Optional(Nullable(Type.Enum(FALLBACK_REASONS))),
    },
    strict,
  ),
  /**
   * What the switch's journal says of a call Pinisi holds as not finished, read when Pinisi (re)connects: answered
   * and ended meanwhile (switch times); `known: false` when the switch has no record of it at all.
   */
  'telephony.reconcile': Type.Object(
    {
      sipCallId: SipCallId,
      known: Type.Boolean(),
      answeredAt: Nullable(Time),
      contact: Tag,
      endedAt: Nullable(Time),
      endedFromTag: Tag,
    },
    strict,
  ),
  /** Time passed: wrap-ups end, blocked callers who waited long enough are served. */
  'telephony.tick': Type.Object({}, strict),
  /** A location that arrived on its own (AML): attached to the live call of that number, or kept a while. */
  'telephony.locate': Type.Object(
    {
      number: Type.String({ minLength: 1, maxLength: 32 }),
      location: CallerLocationSchema,
      outsideServiceArea: Type.Boolean(),
    },
    strict,
  ),
  /** At a desk the admin set up its phone is known: extension and contact are then left out (or must match). */
  'telephony.sign_in': Type.Object(
    { positionId: PositionId, extension: Type.Optional(Extension), contact: Type.Optional(Contact) },
    strict,
  ),
  'telephony.sign_out': Type.Object({ positionId: PositionId }, strict),
  'telephony.take_break': Type.Object(
    { positionId: PositionId, reason: Type.String({ minLength: 1, maxLength: 100 }) },
    strict,
  ),
  'telephony.set_available': Type.Object({ positionId: PositionId }, strict),
  'telephony.callback': Type.Object({ sipCallId: SipCallId, result: Type.Enum(CALLBACK_RESULTS) }, strict),
  'telephony.block': Type.Object(
    { number: BlockNumber, minutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }), reason: Reason },
    strict,
  ),
  'telephony.unblock': Type.Object({ number: BlockNumber, reason: Reason }, strict),
  /** A call taker passes the call in hand to another desk (the switch moves the caller once that desk answers). */
  'telephony.transfer': Type.Object({ sipCallId: SipCallId, toPositionId: PositionId }, strict),
  /**
   * A call taker passes the call in hand to a configured target (an agency, a neighbouring regency's 112, the
   * supervisor: the supervisor's free desk when one is signed in, else the supervisor's configured phone).
   */
  'telephony.transfer_out': Type.Object(
    { sipCallId: SipCallId, targetId: Type.String({ minLength: 1, maxLength: 40 }) },
    strict,
  ),
  /** The switch's outcome of a transfer: the caller talks to the new desk or number (`ok`), or stays (`code`). */
  'telephony.transfer_result': Type.Object(
    { sipCallId: SipCallId, ok: Type.Boolean(), code: Nullable(Type.Integer({ minimum: 0, maximum: 999 })) },
    strict,
  ),
  ...DESK_COMMAND_SCHEMAS,
} as const;
