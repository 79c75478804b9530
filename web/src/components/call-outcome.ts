// How a telephony call ended, in words: who hung up (the switch knows from the BYE), abandoned, refused by desk phones.
import type { TelephonyCall, TelephonyState } from '../../../src/domain/acd/types.ts';
import type { Lang } from '../i18n.ts';

const WORDS: Record<Lang, Record<string, string>> = {
  id: {
    caller: 'penelepon menutup telepon',
    call_taker: 'petugas menutup telepon',
    unknown: 'tidak diketahui siapa yang menutup',
    abandoned: 'penelepon menutup sebelum dijawab (daftar telepon kembali)',
    hunt: 'dijawab kelompok cadangan',
    refusedBy: 'ditolak telepon meja {desks} (media atau isi panggilan tidak didukung)',
  },
  en: {
    caller: 'the caller hung up',
    call_taker: 'the call taker hung up',
    unknown: 'not known who hung up',
    abandoned: 'the caller hung up before an answer (callback list)',
    hunt: 'answered by the hunt group',
    refusedBy: 'refused by the phone of desk {desks} (media or body not supported)',
  },
};

/** Who hung up, or that the caller gave up first; null while the call goes on. */
export function hangupText(call: TelephonyCall, lang: Lang): string | null {
  const w = WORDS[lang];
  if (call.status === 'abandoned') return w.abandoned!;
  if (call.status !== 'ended') return null;
  return w[call.endedBy ?? 'unknown']!;
}

/** The desks whose phones refused the call itself, in words; null when none did. */
function refusedText(call: TelephonyCall, lang: Lang): string | null {
  const desks = call.refusedBy ?? [];
  return desks.length === 0 ? null : WORDS[lang].refusedBy!.replace('{desks}', desks.join(', '));
}

/** The whole outcome of a finished call: who hung up, hunt group, refusals. */
export function outcomeText(call: TelephonyCall, lang: Lang): string {
  const parts = [hangupText(call, lang)];
  if (call.fallback && call.answeredAt !== null) parts.push(WORDS[lang].hunt!);
  parts.push(refusedText(call, lang));
  return parts.filter((p) => p !== null).join(' · ');
}

const HOUR = 3_600_000;

/** Calls of the last hour that finished (ended or abandoned), newest first. */
export function finishedCalls(t: TelephonyState, now: number): TelephonyCall[] {
  const end = (c: TelephonyCall) => c.endedAt ?? c.offeredAt;
  return [...t.ended.values()]
    .filter((c) => (c.status === 'ended' || c.status === 'abandoned') && now - end(c) <= HOUR)
    .sort((a, b) => end(b) - end(a));
}

/** Calls of the last hour this desk's phone refused (for its body or media), newest first. */
export function refusedAtDesk(t: TelephonyState, positionId: string, now: number): TelephonyCall[] {
  return [...t.calls.values(), ...t.ended.values()]
    .filter((c) => (c.refusedBy ?? []).includes(positionId) && now - c.offeredAt <= HOUR)
    .sort((a, b) => b.offeredAt - a.offeredAt);
}
