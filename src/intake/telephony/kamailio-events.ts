// Translates the JSON events telephony/kamailio.cfg sends over evapi into typed call events; never throws.
import { FALLBACK_REASONS, type FallbackReason } from '../../domain/acd/types.ts';

export interface Suspension {
  tindex: number;
  tlabel: number;
}

interface Base {
  callId: string;
  fromTag: string | null;
  /** When Kamailio saw it, epoch ms. */
  at: number | null;
}

export type KamailioEvent =
  | (Base & {
      type: 'offer';
      suspension: Suspension;
      number: string | null;
      geolocation: string | null;
      contentType: string | null;
      body: string | null;
    })
  | (Base & { type: 'waiting'; suspension: Suspension })
  | (Base & { type: 'ring_failed'; suspension: Suspension; target: string | null; code: number | null })
  | (Base & { type: 'answered'; contact: string | null; toTag: string | null })
  | (Base & { type: 'ended' })
  /** The transfer target answered and the caller now talks to it; the first desk was hung up. */
  | (Base & { type: 'transferred'; target: string | null })
  /** The transfer target did not take the call (no answer 408, busy, refused): the caller stays with the desk. */
  | (Base & { type: 'transfer_failed'; target: string | null; code: number | null })
  /** Kamailio's journal of an answered call, replayed when Pinisi (re)connects: answer and end as the switch saw them. */
  | (Base & {
      type: 'journal';
      answeredAt: number | null;
      contact: string | null;
      endedAt: number | null;
      endedFromTag: string | null;
    })
  /** The end of a replay: every fallback and journal entry Kamailio holds has been sent. */
  | { type: 'replay_done'; callId: null }
  | (Base & { type: 'abandoned' })
  | (Base & {
      /** A call Kamailio sent to its fixed hunt group because Pinisi was down or silent. */
      type: 'fallback';
      replayed: boolean;
      number: string | null;
      geolocation: string | null;
      contentType: string | null;
      body: string | null;
      fallbackAt: number | null;
      answeredAt: number | null;
      contact: string | null;
      endedAt: number | null;
      endedFromTag: string | null;
      abandonedAt: number | null;
      /** Why the switch rang its hunt group; null when it did not say. */
      reason: FallbackReason | null;
    });

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' && v !== '<null>' ? v : null);
const int = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) ? n : null;
};

/** Kamailio's $TV(Sn) ("1700000000.123456") to epoch ms. */
export function kamailioTime(v: unknown): number | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const seconds = Number(v);
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null;
}

const WITHHELD = /^(anonymous|unknown|unavailable|restricted|private|withheld|invalid)$/i;

/** The caller's number from the SIP From user (or P-Asserted-Identity); null when withheld or absent. */
export function callerNumber(
  fromUser: string | null,
  assertedId: string | null,
  privacy: string | null,
): string | null {
  if (privacy !== null && /\b(id|user|header)\b/i.test(privacy)) return null;
  const fromAsserted = assertedId ? (/sips?:([^@;>]+)@/i.exec(assertedId)?.[1] ?? null) : null;
  for (const candidate of [fromAsserted, fromUser]) {
    if (candidate === null || WITHHELD.test(candidate)) continue;
    const cleaned = candidate.replace(/[^0-9+*#]/g, '');
    if (/^\+?[0-9*#]{2,31}$/.test(cleaned)) return cleaned;
  }
  return null;
}

export function parseKamailioEvent(raw: Record<string, unknown>): KamailioEvent | null {
  if (raw.event === 'replay_done') return { type: 'replay_done', callId: null };
  const callId = str(raw.callId);
  if (callId === null) return null;
  const base: Base = { callId, fromTag: str(raw.fromTag), at: kamailioTime(raw.at) };
  const tindex = int(raw.tindex);
  const tlabel = int(raw.tlabel);
  const suspension = tindex !== null && tlabel !== null ? { tindex, tlabel } : null;
  const number = callerNumber(str(raw.fromUser), str(raw.assertedId), str(raw.privacy));
  switch (raw.event) {
    case 'offer':
      if (!suspension) return null;
      return {
        ...base,
        type: 'offer',
        suspension,
        number,
        geolocation: str(raw.geolocation),
        contentType: str(raw.contentType),
        body: str(raw.body),
      };
    case 'waiting':
      return suspension ? { ...base, type: 'waiting', suspension } : null;
    case 'ring_failed':
      return suspension
        ? { ...base, type: 'ring_failed', suspension, target: str(raw.target), code: int(raw.code) }
        : null;
    case 'answered':
      return { ...base, type: 'answered', contact: str(raw.contact), toTag: str(raw.toTag) };
    case 'ended':
      return { ...base, type: 'ended' };
    case 'transferred':
      return { ...base, type: 'transferred', target: str(raw.target) };
    case 'transfer_failed':
      return { ...base, type: 'transfer_failed', target: str(raw.target), code: int(raw.code) };
    case 'abandoned':
      return { ...base, type: 'abandoned' };
    case 'journal':
      return {
        ...base,
        type: 'journal',
        answeredAt: kamailioTime(raw.answeredAt),
        contact: str(raw.contact),
        endedAt: kamailioTime(raw.endedAt),
        endedFromTag: str(raw.endedFromTag),
      };
    case 'fallback':
      return {
        ...base,
        type: 'fallback',
        replayed: raw.replayed === true,
        number,
        geolocation: str(raw.geolocation),
        contentType: str(raw.contentType),
        body: str(raw.body),
        fallbackAt: kamailioTime(raw.fallbackAt),
        answeredAt: kamailioTime(raw.answeredAt),
        contact: str(raw.contact),
        endedAt: kamailioTime(raw.endedAt),
        endedFromTag: str(raw.endedFromTag),
        abandonedAt: kamailioTime(raw.abandonedAt),
        reason: FALLBACK_REASONS.find((r) => r === raw.reason) ?? null,
      };
    default:
      return null;
  }
}
