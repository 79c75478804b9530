// Every frame on the live stream (/api/stream), both ways: a new frame type gets its schema here and joins the union.
import { type Static, Type } from 'typebox';
import type { StoredEvent } from '../domain/events.ts';
import { SnapshotBody } from './bodies.ts';

/**
 * A committed event as the stream carries it. Its body is one of the domain's event types (src/domain/events.ts,
 * checked there by tsc); the schema checks the envelope every event has.
 */
const EventEnvelope = Type.Unsafe<StoredEvent>(
  Type.Object({
    seq: Type.Integer({ minimum: 1 }),
    hash: Type.String({ minLength: 1 }),
    type: Type.String({ minLength: 1 }),
    at: Type.Number(),
    actor: Type.Union([Type.String(), Type.Null()]),
    agencies: Type.Array(Type.String()),
  }),
);

/** A unit's latest position (src/domain/positions.ts). */
const PositionSchema = Type.Object(
  {
    unitId: Type.String(),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    at: Type.Number(),
    receivedAt: Type.Number(),
    speedKmh: Type.Union([Type.Number(), Type.Null()]),
    bearing: Type.Union([Type.Number(), Type.Null()]),
    accuracy: Type.Union([Type.Number(), Type.Null()]),
    source: Type.Union([Type.Literal('device'), Type.Literal('responder')]),
  },
  { additionalProperties: false },
);

/** What the server sends. */
export const ServerFrame = Type.Union([
  /** One committed event the user may see, in sequence order. */
  Type.Object({ type: Type.Literal('event'), event: EventEnvelope }, { additionalProperties: false }),
  /**
   * The first frame of a stream opened with `?snapshot=1`: what /api/snapshot would answer now, for this user. Events
   * after its seq follow, then `ready`; no hello is needed (a console that starts saves a request and a round trip).
   */
  Type.Object({ type: Type.Literal('snapshot'), snapshot: SnapshotBody }, { additionalProperties: false }),
  /** The replay after `hello` (or after the snapshot frame) is done: from here on events arrive live. */
  Type.Object(
    { type: Type.Literal('ready'), seq: Type.Integer({ minimum: 0 }) },
    { additionalProperties: false },
  ),
  /** The gap since `lastSeq` is too old (or in the future): load /api/snapshot again, then say hello from its seq. */
  Type.Object(
    { type: Type.Literal('snapshot_required'), seq: Type.Integer({ minimum: 0 }) },
    { additionalProperties: false },
  ),
  /**
   * Units' latest positions since the last such frame (at most one frame a second per console, the newest fix of
   * each unit only): telemetry outside the log, so it carries no seq and is not replayed; /api/units/positions
   * gives the current ones after a (re)connect.
   */
  Type.Object(
    { type: Type.Literal('positions'), positions: Type.Array(PositionSchema) },
    { additionalProperties: false },
  ),
  /** The client's message was not understood. */
  Type.Object({ type: Type.Literal('error'), message: Type.String() }, { additionalProperties: false }),
]);
export type ServerFrame = Static<typeof ServerFrame>;

/** What the client sends: where it wants the stream to resume. */
export const HelloFrame = Type.Object(
  { type: Type.Literal('hello'), lastSeq: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type HelloFrame = Static<typeof HelloFrame>;

/** The one way the server writes a frame. */
export function encodeFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}
