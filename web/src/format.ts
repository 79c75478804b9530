// Times in WITA (Asia/Makassar) with the Indonesian or English locale, and running durations as mm:ss.
import type { Lang } from './i18n.ts';

const TIME_ZONE = 'Asia/Makassar';

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'id-ID');

export function formatTime(ms: number, lang: Lang): string {
  return `${new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(ms)} WITA`;
}

export function formatClock(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);
}

export function formatDateTime(ms: number, lang: Lang): string {
  return `${new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms)} WITA`;
}

/** A count with the language's thousands separator: 1.234 (Indonesian), 1,234 (English). */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang)).format(n);
}

/**
 * A share as the reports write it, to a tenth of a percent: 89,6 % (89.6 % in English). Whole percents would show
 * 89.6 % as "90 %", a target met, on a tile marked as missing it.
 */
export function formatShare(share: number, lang: Lang): string {
  return `${new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(share * 100)} %`;
}

export function formatPercent(share: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** 65_000 → "01:05", 3_725_000 → "1:02:05"; negative spans (clock skew) count as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** Midnight WITA of the day `ms` falls on, in epoch ms (Makassar keeps no summer time). */
export function startOfDayWita(ms: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(ms);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const intoDay = ((part('hour') % 24) * 3600 + part('minute') * 60 + part('second')) * 1000 + (ms % 1000);
  return ms - intoDay;
}
