// Translates an AML / Android ELS HTTPS form body (ETSI TS 103 625 field names) into a caller location; never throws.
import { type CallerLocation, isValidLatLon, parseDecimal } from './types.ts';

/** Everything useful in one AML HTTPS message; every field may be missing. */
export interface AmlHttpReport {
  /** The caller's number (device_number, E.164), null when absent. */
  number: string | null;
  /** The number dialled (emergency_number), e.g. "112". */
  emergencyNumber: string | null;
  /** "call" or "sms" (source). */
  trigger: string | null;
  /** When the emergency call started (time), epoch ms. */
  callTime: number | null;
  location: CallerLocation | null;
  imei: string | null;
  /** Serving network MCC/MNC (cell_network_*), falling back to the home network (cell_home_*). */
  mcc: string | null;
  mnc: string | null;
  /** Every decoded field as sent (first occurrence of each key). */
  fields: Record<string, string>;
  /** Fields that were present but dropped, and why. */
  warnings: string[];
}

const MAX_BODY_CHARS = 16 * 1024;
/** Fields holding phone numbers keep a literal "+" (senders do not always encode it as %2B). */
const PHONE_FIELDS = new Set(['device_number', 'emergency_number']);

/** Parses an application/x-www-form-urlencoded AML body (key=value&...). */
export function parseAmlHttp(body: string): AmlHttpReport {
  const report: AmlHttpReport = {
    number: null,
    emergencyNumber: null,
    trigger: null,
    callTime: null,
    location: null,
    imei: null,
    mcc: null,
    mnc: null,
    fields: {},
    warnings: [],
  };
  try {
    if (typeof body !== 'string' || body.trim() === '') {
      report.warnings.push('empty body');
      return report;
    }
    const text = body.length > MAX_BODY_CHARS ? body.slice(0, MAX_BODY_CHARS) : body;
    if (text !== body) report.warnings.push(`body truncated to ${MAX_BODY_CHARS} characters`);
    report.fields = decodeForm(text.trim(), report.warnings);
    fill(report);
  } catch (error) {
    report.warnings.push(`body could not be read: ${String(error)}`);
  }
  return report;
}

function decodeForm(text: string, warnings: string[]): Record<string, string> {
  const fields: Record<string, string> = Object.create(null);
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey, false)?.trim().toLowerCase();
    if (!key) continue;
    const value = decode(rawValue, !PHONE_FIELDS.has(key));
    if (value === null) {
      warnings.push(`${key}: bad url-encoding, skipped`);
      continue;
    }
    if (key in fields) {
      warnings.push(`${key}: repeated, first value kept`);
      continue;
    }
    fields[key] = value.trim();
  }
  return { ...fields };
}

function decode(raw: string, plusIsSpace: boolean): string | null {
  try {
    return decodeURIComponent(plusIsSpace ? raw.replace(/\+/g, ' ') : raw);
  } catch {
    return null;
  }
}

function fill(report: AmlHttpReport): void {
  const f = report.fields;
  const text = (key: string): string | null => (f[key] ? f[key] : null);
  const number = (key: string): number | null => {
    const raw = f[key];
    if (raw === undefined || raw === '') return null;
    const value = parseDecimal(raw);
    if (value === null) report.warnings.push(`${key}: "${raw}" is not a number, skipped`);
    return value;
  };

  report.number = text('device_number');
  report.emergencyNumber = text('emergency_number');
  report.trigger = text('source');
  report.imei = text('device_imei');
  report.mcc = text('cell_network_mcc') ?? text('cell_home_mcc');
  report.mnc = text('cell_network_mnc') ?? text('cell_home_mnc');
  report.callTime = epochMs(number('time'));

  const lat = number('location_latitude');
  const lon = number('location_longitude');
  let accuracy = number('location_accuracy');
  if (accuracy !== null && accuracy < 0) {
    report.warnings.push('location_accuracy: negative, skipped');
    accuracy = null;
  }
  const confidence = toFraction(number('location_confidence'), report.warnings);
  const time = epochMs(number('location_time'));
  if (lat === null || lon === null) {
    if (lat !== null || lon !== null) report.warnings.push('location: latitude or longitude missing');
    return;
  }
  if (!isValidLatLon(lat, lon)) {
    report.warnings.push(`location: ${lat}, ${lon} is out of range, dropped`);
    return;
  }
  report.location = {
    lat,
    lon,
    accuracyM: accuracy,
    confidence,
    source: 'aml-http',
    method: text('location_source'),
    time,
  };
}

/** ELS sends 0..1 (0.6827); a value in 1..100 is read as a percentage. */
function toFraction(value: number | null, warnings: string[]): number | null {
  if (value === null) return null;
  if (value >= 0 && value <= 1) return value;
  if (value > 1 && value <= 100) return value / 100;
  warnings.push(`location_confidence: ${value} is out of range, skipped`);
  return null;
}

function epochMs(value: number | null): number | null {
  return value !== null && Number.isInteger(value) && value > 0 ? value : null;
}
