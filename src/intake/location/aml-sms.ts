// Translates an AML SMS text (ETSI TS 103 625 "A\"ML=1;..." and the Android ELS Beta "A\"ML=2;...") into a caller location; never throws.
import { type CallerLocation, isValidLatLon, parseDecimal } from './types.ts';

/** Everything useful in one AML SMS; `location` is null when the handset had no fix. */
interface AmlSmsReport {
  /** 1 for ETSI AML / ELS V1, 2 for ELS Beta. */
  version: number;
  location: CallerLocation | null;
  /** ELS Beta only: the number dialled (en). */
  emergencyNumber: string | null;
  /** ELS Beta only: when the emergency call started (et), epoch ms. */
  callTime: number | null;
  /** IMSI with only its first digits kept (si). */
  imsi: string | null;
  imei: string | null;
  mcc: string | null;
  mnc: string | null;
  /** The message length the sender declared (ml) and the length received. */
  declaredLength: number | null;
  actualLength: number;
  /** Every key=value pair as sent. */
  fields: Record<string, string>;
  /** Oddities that did not stop parsing (wrong ml, bad numbers, out-of-range position). */
  warnings: string[];
}

export type AmlSmsResult = { ok: true; report: AmlSmsReport } | { ok: false; error: string };

const MAX_SMS_CHARS = 2048;
/** The header key; GSM 7-bit and phone keyboards sometimes turn the straight quote into another one. */
const HEADER = /^A["“”'’]?ML\s*=\s*(\d+)$/i;
const V1_METHODS: Record<string, string> = { W: 'wifi', G: 'gps', C: 'cell' };
const BETA_METHODS: Record<string, string> = { W: 'wifi', G: 'gps', C: 'cell', F: 'fused', U: 'unknown' };

/** Parses an AML SMS body. Returns an error only when the text is not an AML message at all. */
export function parseAmlSms(text: string): AmlSmsResult {
  try {
    if (typeof text !== 'string' || text.trim() === '') return { ok: false, error: 'AML SMS is empty' };
    if (text.length > MAX_SMS_CHARS) return { ok: false, error: 'AML SMS is too long' };
    const message = text.trim();
    const pairs = message.split(';').filter((pair) => pair.trim() !== '');
    const header = HEADER.exec(pairs[0]?.trim() ?? '');
    if (!header) return { ok: false, error: 'not an AML message (no A"ML= header)' };
    const version = Number(header[1]);
    const fields: Record<string, string> = {};
    for (const pair of pairs.slice(1)) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const key = pair.slice(0, eq).trim().toLowerCase();
      if (key !== '' && !(key in fields)) fields[key] = pair.slice(eq + 1).trim();
    }
    const report: AmlSmsReport = {
      version,
      location: null,
      emergencyNumber: null,
      callTime: null,
      imsi: fields.si || null,
      imei: fields.ei || null,
      mcc: fields.mcc || null,
      mnc: fields.mnc || null,
      declaredLength: null,
      actualLength: message.length,
      fields,
      warnings: [],
    };
    checkLength(report);
    if (version === 2) readBeta(report);
    else readV1(report);
    return { ok: true, report };
  } catch (error) {
    return { ok: false, error: `AML SMS could not be read: ${String(error)}` };
  }
}

/** A wrong ml is common (Google's own example is off by one): record it, never reject. */
function checkLength(report: AmlSmsReport): void {
  const raw = report.fields.ml;
  if (raw === undefined) return;
  const declared = /^\d+$/.test(raw) ? Number(raw) : null;
  report.declaredLength = declared;
  if (declared === null) report.warnings.push(`ml: "${raw}" is not a number`);
  else if (declared !== report.actualLength) {
    report.warnings.push(`ml: declared ${declared} characters, received ${report.actualLength}`);
  }
}

function readV1(report: AmlSmsReport): void {
  const f = report.fields;
  const pm = (f.pm ?? '').toUpperCase();
  const rd = (f.rd ?? '').toUpperCase();
  if (pm === 'N' || rd === 'N') return; // the handset reports "no location"
  const lat = numberField(report, 'lt');
  const lon = numberField(report, 'lg');
  if (lat === null || lon === null) return;
  if (!isValidLatLon(lat, lon)) {
    report.warnings.push(`location: ${lat}, ${lon} is out of range, dropped`);
    return;
  }
  const accuracy = numberField(report, 'rd');
  const confidence = numberField(report, 'lc');
  report.location = {
    lat,
    lon,
    accuracyM: accuracy !== null && accuracy >= 0 ? accuracy : null,
    confidence: percentToFraction(confidence),
    source: 'aml-sms',
    method: V1_METHODS[pm] ?? (f.pm || null),
    time: parseTop(report),
  };
}

/** ELS Beta: en, et (epoch s), lo=lat,lon,accuracy (0 = unknown), lt (s after et), lc, ls. */
function readBeta(report: AmlSmsReport): void {
  const f = report.fields;
  report.emergencyNumber = f.en || null;
  const et = numberField(report, 'et');
  report.callTime = et !== null && Number.isInteger(et) && et > 0 ? et * 1000 : null;
  if (!f.lo) return;
  const parts = f.lo.split(',').map((part) => parseDecimal(part));
  const [lat, lon, accuracy] = parts;
  if (lat == null || lon == null) {
    report.warnings.push(`lo: "${f.lo}" is not lat,lon[,accuracy]`);
    return;
  }
  if (!isValidLatLon(lat, lon)) {
    report.warnings.push(`location: ${lat}, ${lon} is out of range, dropped`);
    return;
  }
  const offset = numberField(report, 'lt');
  const ls = (f.ls ?? '').toUpperCase();
  report.location = {
    lat,
    lon,
    accuracyM: accuracy != null && accuracy > 0 ? accuracy : null,
    confidence: percentToFraction(numberField(report, 'lc')),
    source: 'aml-sms',
    method: BETA_METHODS[ls] ?? (f.ls || null),
    time: report.callTime !== null && offset !== null ? report.callTime + offset * 1000 : null,
  };
}

function numberField(report: AmlSmsReport, key: string): number | null {
  const raw = report.fields[key];
  if (raw === undefined || raw === '') return null;
  const value = parseDecimal(raw);
  if (value === null) report.warnings.push(`${key}: "${raw}" is not a number, skipped`);
  return value;
}

function percentToFraction(value: number | null): number | null {
  return value !== null && value > 0 && value <= 100 ? value / 100 : null;
}

/** top is yyyyMMddHHmmss in UTC. */
function parseTop(report: AmlSmsReport): number | null {
  const raw = report.fields.top;
  if (raw === undefined) return null;
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(raw);
  if (match) {
    const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const time = Date.UTC(year, month - 1, day, hour, minute, second);
    const back = new Date(time);
    if (
      back.getUTCMonth() === month - 1 &&
      back.getUTCDate() === day &&
      hour < 24 &&
      minute < 60 &&
      second < 60
    )
      return time;
  }
  report.warnings.push(`top: "${raw}" is not a yyyyMMddHHmmss time, skipped`);
  return null;
}
