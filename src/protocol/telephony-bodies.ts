// The bodies of the telephony answers (/api/telephony/*): positions, the queue, calls as the switch sees them, blocks.
import { type Static, Type } from 'typebox';
import type { LiveCall } from '../intake/telephony/brain.ts';
import {
  AcdCallStatusSchema,
  BlockSchema,
  CallbackEntrySchema,
  CallerLocationSchema,
  HangupBySchema,
  PositionSchema,
  QueueStatsSchema,
} from './entities.ts';
import { Nullable, sameShape, strict } from './shape.ts';

/** /api/telephony/status: whether Kamailio is configured and connected. */
export const TelephonyStatusBody = Type.Object(
  { switchConnected: Type.Boolean(), switchConfigured: Type.Boolean(), stats: QueueStatsSchema },
  strict,
);

/** /api/telephony/positions, and the answer to signing in, out, on a break and back. */
export const PositionsBody = Type.Object(
  { positions: Type.Array(PositionSchema), stats: QueueStatsSchema },
  strict,
);
export type PositionsBody = Static<typeof PositionsBody>;

const CallbacksBody = { callbacks: Type.Array(CallbackEntrySchema) };

/** /api/telephony/queue: who waits, in the order they will be answered, and the callback list. */
export const QueueBody = Type.Object(
  {
    stats: QueueStatsSchema,
    waiting: Type.Array(
      Type.Object(
        {
          sipCallId: Type.String(),
          number: Nullable(Type.String()),
          offeredAt: Type.Number(),
          waitMs: Type.Number(),
          blockedReason: Nullable(Type.String()),
        },
        strict,
      ),
    ),
    ...CallbacksBody,
  },
  strict,
);
export type QueueBody = Static<typeof QueueBody>;

/** /api/telephony/callbacks/done */
export const CallbackListBody = Type.Object(CallbacksBody, strict);

const LiveCallFields = {
  sipCallId: Type.String(),
  callId: Nullable(Type.String()),
  number: Nullable(Type.String()),
  state: AcdCallStatusSchema,
  fallback: Type.Boolean(),
  blockedReason: Nullable(Type.String()),
  location: Nullable(CallerLocationSchema),
  outsideServiceArea: Nullable(Type.Boolean()),
  locationError: Nullable(Type.String()),
  positionId: Nullable(Type.String()),
  offeredAt: Type.Number(),
  rangAt: Nullable(Type.Number()),
  answeredAt: Nullable(Type.Number()),
  answeredBy: Nullable(Type.String()),
  endedAt: Nullable(Type.Number()),
  endedBy: Nullable(HangupBySchema),
  transferTo: Nullable(Type.String()),
  transferredFrom: Type.Array(Type.String()),
  transferOut: Nullable(Type.String()),
  transferredOut: Nullable(Type.String()),
};
const LiveCallSchema = Type.Object(LiveCallFields, strict);
sameShape<Static<typeof LiveCallSchema>, LiveCall>(true);

/** /api/telephony/calls/:callId: a call as the switch sees it; `waitMs` while nobody has answered. */
export const LiveCallBody = Type.Object({ ...LiveCallFields, waitMs: Nullable(Type.Number()) }, strict);
export type LiveCallBody = Static<typeof LiveCallBody>;

/** /api/telephony/calls */
export const LiveCallsBody = Type.Object({ calls: Type.Array(LiveCallBody) }, strict);

/** /api/telephony/history: calls finished in the last hour. */
export const CallHistoryBody = Type.Object(
  {
    calls: Type.Array(
      Type.Object({ ...LiveCallFields, outcome: Type.Enum(['answered', 'abandoned']) }, strict),
    ),
  },
  strict,
);

/** A block or an unblock as the log recorded it. */
const BlockRecord = Type.Union([
  Type.Object(
    {
      action: Type.Literal('block'),
      number: Type.String(),
      until: Type.Number(),
      reason: Type.String(),
      by: Nullable(Type.String()),
      at: Type.Number(),
    },
    strict,
  ),
  Type.Object(
    {
      action: Type.Literal('unblock'),
      number: Type.String(),
      reason: Type.String(),
      by: Nullable(Type.String()),
      at: Type.Number(),
    },
    strict,
  ),
]);

/** GET /api/telephony/blocks: the blocks in force and the records of the last blocks and unblocks. */
export const BlocksBody = Type.Object(
  { active: Type.Array(BlockSchema), records: Type.Array(BlockRecord) },
  strict,
);

/** POST /api/telephony/blocks */
export const BlockedBody = Type.Object({ block: BlockSchema }, strict);

/** POST /api/telephony/blocks/unblock */
export const ActiveBlocksBody = Type.Object({ active: Type.Array(BlockSchema) }, strict);
