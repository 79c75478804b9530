// Every change in Pinisi is one of these commands; each schema validates the HTTP body and documents it in OpenAPI.
import { type Static, type TSchema, Type } from 'typebox';
import { TELEPHONY_COMMAND_SCHEMAS } from './acd/commands.ts';
import { ADMIN_COMMAND_SCHEMAS } from './admin/commands.ts';
import { ACK_CHANNELS, CALL_CHANNELS, CALL_TYPES, UNIT_STATUSES } from './types.ts';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });
const Text = (maxLength: number) => Type.String({ maxLength });
const Reason = Type.String({ minLength: 3, maxLength: 500 });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Phone = Type.String({ minLength: 1, maxLength: 32, pattern: '^[+0-9 ()*#-]+$' });
const strict = { additionalProperties: false } as const;

const PrioritySchema = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]);

const LocationSchema = Type.Object(
  {
    kecamatan: Type.String({ minLength: 1, maxLength: 16, description: 'Kemendagri code, e.g. 73.02.01' }),
    desa: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 16 }))),
    address: Type.Optional(Nullable(Text(300))),
    landmark: Type.Optional(Nullable(Text(200))),
    lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    lon: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  },
  strict,
);

const CallerSchema = Type.Object(
  { name: Type.Optional(Nullable(Text(120))), phone: Type.Optional(Nullable(Phone)) },
  strict,
);

const OutcomeSchema = Type.Object(
  {
    dead: Type.Integer({ minimum: 0, maximum: 10_000 }),
    injured: Type.Integer({ minimum: 0, maximum: 10_000 }),
    report: Type.String({ minLength: 1, maxLength: 4000 }),
  },
  strict,
);

/** Triage answers by question id: yes/no, number, choice value or text; null leaves a question unanswered. */
export const AnswersSchema = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 40 }),
  Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 500 }), Type.Null()]),
  { maxProperties: 100 },
);

const IncidentFields = {
  callId: Type.Optional(Nullable(Id)),
  category: Type.String({ minLength: 1, maxLength: 64 }),
  location: LocationSchema,
  caller: Type.Optional(CallerSchema),
  description: Text(4000),
};

/** Payload schema of each command, by command type. */
export const COMMAND_SCHEMAS = {
  'call.register': Type.Object(
    {
      channel: Type.Enum(CALL_CHANNELS),
      number: Type.Optional(Nullable(Phone)),
    },
    strict,
  ),
  'call.answer': Type.Object({ callId: Id }, strict),
  'call.classify': Type.Object({ callId: Id, callType: Type.Enum(CALL_TYPES) }, strict),
  'call.end': Type.Object({ callId: Id }, strict),
  /** Issued only by the retention worker (system actor): erases a junk call's number and location once kept long enough. */
  'call.erase_personal_data': Type.Object(
    { callId: Id, retentionDays: Type.Integer({ minimum: 1, maximum: 36_500 }) },
    strict,
  ),
  'incident.create': Type.Object({ ...IncidentFields, priority: PrioritySchema }, strict),
  /**
   * The call taker's whole report at once: creates the incident, records the triage under the SOP in force and
   * forwards it to the dispatcher, or does nothing. Without `priority` the SOP's priority for the answers applies.
   */
  'incident.report': Type.Object(
    { ...IncidentFields, priority: Type.Optional(PrioritySchema), answers: AnswersSchema },
    strict,
  ),
  /** Joins a call to an open incident; `note` keeps what the call taker had typed about it (shown in its timeline). */
  'incident.attach_call': Type.Object(
    { incidentId: Id, callId: Id, note: Type.Optional(Nullable(Text(4000))) },
    strict,
  ),
  'incident.amend': Type.Object(
    {
      incidentId: Id,
      category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      location: Type.Optional(LocationSchema),
      caller: Type.Optional(CallerSchema),
      description: Type.Optional(Text(4000)),
      priority: Type.Optional(PrioritySchema),
      /** Why: required when the priority changes. */
      reason: Type.Optional(Nullable(Reason)),
    },
    strict,
  ),
  /** A short situation report on an open incident from the dispatcher, the supervisor or an agency working it. */
  'incident.add_note': Type.Object(
    { incidentId: Id, text: Type.String({ minLength: 2, maxLength: 500 }) },
    strict,
  ),
  /** Links two incidents that concern each other; both stay open and each timeline names the other. */
  'incident.link': Type.Object(
    { incidentId: Id, otherId: Id, reason: Type.Optional(Nullable(Text(500))) },
    strict,
  ),
  /** Merges `incidentId` into `intoId` (the same emergency reported twice): its calls and agencies move there. */
  'incident.merge': Type.Object({ incidentId: Id, intoId: Id, reason: Reason }, strict),
  'incident.forward': Type.Object({ incidentId: Id }, strict),
  'incident.request_agencies': Type.Object(
    {
      incidentId: Id,
      agencies: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true }),
      note: Type.Optional(Nullable(Text(500))),
    },
    strict,
  ),
  /** The liaison accepts; or the centre records an acceptance it received by phone or radio (`via`). */
  'assignment.acknowledge': Type.Object(
    {
      assignmentId: Id,
      via: Type.Optional(
        Type.Object(
          { channel: Type.Enum(ACK_CHANNELS), contact: Type.String({ minLength: 3, maxLength: 120 }) },
          strict,
        ),
      ),
    },
    strict,
  ),
  /** The dispatcher takes a request back from an agency (with a reason); its units are released. */
  'assignment.withdraw': Type.Object({ assignmentId: Id, reason: Reason }, strict),
  'assignment.decline': Type.Object({ assignmentId: Id, reason: Reason }, strict),
  'assignment.assign_unit': Type.Object({ assignmentId: Id, unitId: Id }, strict),
  'unit.set_status': Type.Object(
    {
      unitId: Id,
      status: Type.Enum(UNIT_STATUSES),
      /** When the crew pressed the button (ms, the server's clock as the phone knows it): a change that waited. */
      pressedAt: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    strict,
  ),
  'assignment.complete': Type.Object({ assignmentId: Id, outcome: OutcomeSchema }, strict),
  'incident.close': Type.Object(
    { incidentId: Id, force: Type.Optional(Type.Boolean()), reason: Type.Optional(Nullable(Reason)) },
    strict,
  ),
  'incident.cancel': Type.Object({ incidentId: Id, reason: Reason }, strict),
  /** Publishes an SOP document as the next version; the document is checked in full by the domain. */
  'sop.publish': Type.Object({ doc: Type.Unknown() }, strict),
  /** Issued only by the escalation worker (system actor) when an SOP timer passes. */
  'escalation.raise': Type.Object(
    {
      assignmentId: Id,
      kind: Type.Enum(['ack_overdue', 'en_route_overdue', 'on_scene_overdue']),
      dueAt: Type.Integer({ minimum: 0 }),
      occurrence: Type.Integer({ minimum: 1 }),
    },
    strict,
  ),
  ...TELEPHONY_COMMAND_SCHEMAS,
  ...ADMIN_COMMAND_SCHEMAS,
} as const;

export type CommandType = keyof typeof COMMAND_SCHEMAS;
export const COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as CommandType[];
/** Each command's payload, worked out once for all of them (a generic `Static<…[T]>` is worked out at every use). */
type CommandPayloads = { [T in CommandType]: Static<(typeof COMMAND_SCHEMAS)[T]> };
export type CommandPayload<T extends CommandType> = CommandPayloads[T];
export type Command = { [T in CommandType]: { type: T; payload: CommandPayload<T> } }[CommandType];
