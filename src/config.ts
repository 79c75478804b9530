// The one configuration module: reads the environment, validates it, and stops start-up with a clear message.
import { isIP } from 'node:net';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import {
  defaultTransferTargets,
  type TransferTarget,
  TransferTargetsSchema,
  transferTargetsProblem,
} from './domain/acd/transfer-targets.ts';
import { type AcdConfig, DEFAULT_ACD_CONFIG } from './domain/acd/types.ts';
import { parseShiftHours, type ReportClock } from './domain/reports/clock.ts';
import { ROLES } from './domain/types.ts';
import { DEFAULT_LOCATION_FETCH_TIMEOUT_MS } from './intake/location/dereference.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;

const ConfigSchema = Type.Object({
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  host: Type.String({ minLength: 1 }),
  dataDir: Type.String({ minLength: 1 }),
  databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
  /** Session cookie `Secure`: 'auto' sets it whenever the request came over HTTPS (directly or via a trusted proxy). */
  cookieSecure: Type.Union([Type.Boolean(), Type.Literal('auto')]),
  /** A session ends after this long without a request or an open console stream. */
  sessionIdleMinutes: Type.Integer({ minimum: 1, maximum: 24 * 60 }),
  /** A session ends this long after login however active it is: one shift plus the handover. */
  sessionMaxHours: Type.Integer({ minimum: 1, maximum: 7 * 24 }),
  /** The address users open (https://112.bulukumbakab.go.id); requests from its origin pass the Origin check. */
  publicUrl: Type.Union([Type.String({ pattern: '^https?://[^/?#\\s]+/?$' }), Type.Null()]),
  /** Strict-Transport-Security max-age sent on HTTPS answers; 0 sends none. */
  hstsSeconds: Type.Integer({ minimum: 0, maximum: 2 * 365 * 24 * 3600 }),
  /** Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed; null believes none. */
  trustProxy: Type.Union([Type.Array(Type.String(), { minItems: 1 }), Type.Null()]),
  /** Roles that must sign in with an authenticator code (TOTP); any other user may set one up by choice. */
  secondFactorRoles: Type.Array(Type.Enum(ROLES), { uniqueItems: true }),
  /** Seed the demo users on a first start; false in production, where `pinisi create-admin` makes the first admin. */
  demoUsers: Type.Boolean(),
  demoPassword: Type.String({ minLength: 8 }),
  /** Events a reconnecting console may catch up on before it must reload a snapshot. */
  replayLimit: Type.Integer({ minimum: 1 }),
  tileUrl: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
  /** An OSRM-compatible routing service (http://host:5000) for the run card's travel times; null: straight line. */
  routingUrl: Type.Union([Type.String({ pattern: '^https?://[^\\s]+$' }), Type.Null()]),
  logLevel: Type.Enum(LOG_LEVELS),
  /** Kamailio evapi socket of the telephony brain, host:port; null runs without SIP calls. */
  evapi: Type.Union([Type.String({ pattern: '^[^:\\s]+:[0-9]{1,5}$' }), Type.Null()]),
  /** Shared secret AML senders must present (header X-AML-Secret or ?secret=); null refuses every AML message. */
  amlSecret: Type.Union([Type.String({ minLength: 16 }), Type.Null()]),
  /** Addresses or CIDR ranges AML messages may come from; null allows any address that knows the secret. */
  amlAllow: Type.Union([Type.Array(Type.String(), { minItems: 1 }), Type.Null()]),
  /** Serve reads only, refusing every command: the way to look at a log that failed its start-up check. */
  readOnly: Type.Boolean(),
  /** The call queue's timers and limits (see `telephonySettings`). */
  wrapUpSeconds: Type.Integer({ minimum: 0, maximum: 600 }),
  ringTimeoutSeconds: Type.Integer({ minimum: 5, maximum: 120 }),
  missesBeforeBreak: Type.Integer({ minimum: 1, maximum: 10 }),
  noDeskFallbackSeconds: Type.Integer({ minimum: 0, maximum: 120 }),
  queueMaxWaitSeconds: Type.Integer({ minimum: 30, maximum: 3600 }),
  reRingGapSeconds: Type.Integer({ minimum: 0, maximum: 60 }),
  /** The outside trunk or IP-PBX (host[:port]) the default transfer targets (110, 113, 119, 115, 129) are dialled at. */
  transferGateway: Type.Union([
    Type.String({ pattern: '^[A-Za-z0-9.:\\[\\]-]+$', maxLength: 200 }),
    Type.Null(),
  ]),
  /** Where call takers may pass a call outside the desks (JSON list; default: defaultTransferTargets). */
  transferTargets: TransferTargetsSchema,
  /** How long fetching a caller location given by reference (HELD, a Geolocation URI) may take. */
  locationFetchTimeoutMs: Type.Integer({ minimum: 200, maximum: 10_000 }),
  /** The monthly report's letterhead, lines separated by `|`. */
  reportHeading: Type.String({ minLength: 1, maxLength: 400 }),
  /** A PNG or JPEG file printed above the letterhead; null prints none. */
  reportLogo: Type.Union([Type.String({ pattern: '\\.(png|jpe?g)$' }), Type.Null()]),
  /** The centre's IANA time zone (Asia/Makassar): days, months and shifts of the reports start at its local times. */
  timeZone: Type.String({ minLength: 1 }),
  /** The shifts in local hours, `07-19,19-07` or `07-15,15-23,23-07`. */
  shiftHours: Type.String({ minLength: 1 }),
  /** Days a junk call's (ghost, prank, misdirected) number and location stay identifiable before they are erased. */
  junkRetentionDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  /** A file holding the 32-byte key the authenticator secrets are encrypted with; required in production. */
  secretKeyFile: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
});

export type Config = Static<typeof ConfigSchema>;

/** The monthly report's letterhead unless PINISI_REPORT_HEADING says otherwise. */
export const DEFAULT_REPORT_HEADING = 'PEMERINTAH KABUPATEN BULUKUMBA|LAYANAN PANGGILAN DARURAT 112';

/** How long a junk call's number stays identifiable unless PINISI_JUNK_RETENTION_DAYS says otherwise. */
export const DEFAULT_JUNK_RETENTION_DAYS = 90;

/** Session limits that fit a 12-hour shift: two idle hours, thirteen hours at most (the shift and its handover). */
export const SESSION_DEFAULTS = { sessionIdleMinutes: 120, sessionMaxHours: 13 } as const;

const ENV = {
  port: 'PINISI_PORT',
  host: 'PINISI_HOST',
  dataDir: 'PINISI_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  cookieSecure: 'PINISI_COOKIE_SECURE',
  sessionIdleMinutes: 'PINISI_SESSION_IDLE_MINUTES',
  sessionMaxHours: 'PINISI_SESSION_MAX_HOURS',
  trustProxy: 'PINISI_TRUST_PROXY',
  publicUrl: 'PINISI_PUBLIC_URL',
  hstsSeconds: 'PINISI_HSTS_SECONDS',
  secondFactorRoles: 'PINISI_SECOND_FACTOR_ROLES',
  demoUsers: 'PINISI_DEMO_USERS',
  demoPassword: 'PINISI_DEMO_PASSWORD',
  replayLimit: 'PINISI_REPLAY_LIMIT',
  tileUrl: 'PINISI_TILE_URL',
  routingUrl: 'PINISI_ROUTING_URL',
  logLevel: 'PINISI_LOG_LEVEL',
  evapi: 'PINISI_EVAPI',
  amlSecret: 'PINISI_AML_SECRET',
  amlAllow: 'PINISI_AML_ALLOW',
  readOnly: 'PINISI_READ_ONLY',
  wrapUpSeconds: 'PINISI_WRAP_UP_SECONDS',
  ringTimeoutSeconds: 'PINISI_RING_TIMEOUT_SECONDS',
  missesBeforeBreak: 'PINISI_MISSES_BEFORE_BREAK',
  noDeskFallbackSeconds: 'PINISI_NO_DESK_FALLBACK_SECONDS',
  queueMaxWaitSeconds: 'PINISI_QUEUE_MAX_WAIT_SECONDS',
  reRingGapSeconds: 'PINISI_RERING_GAP_SECONDS',
  locationFetchTimeoutMs: 'PINISI_LOCATION_FETCH_TIMEOUT_MS',
  transferGateway: 'PINISI_TRANSFER_GATEWAY',
  transferTargets: 'PINISI_TRANSFER_TARGETS',
  reportHeading: 'PINISI_REPORT_HEADING',
  reportLogo: 'PINISI_REPORT_LOGO',
  timeZone: 'PINISI_TIME_ZONE',
  shiftHours: 'PINISI_SHIFT_HOURS',
  junkRetentionDays: 'PINISI_JUNK_RETENTION_DAYS',
  secretKeyFile: 'PINISI_SECRET_KEY_FILE',
} as const satisfies Record<keyof Config, string>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const text = (key: keyof Config): string | undefined => env[ENV[key]] || undefined;
  const int = (key: keyof Config, fallback: number) => {
    const raw = text(key);
    return raw === undefined ? fallback : /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  };
  /** `true` or `false`; anything else is refused rather than guessed. */
  const flag = (key: keyof Config) => {
    const raw = text(key);
    return raw === undefined ? false : raw === 'true' ? true : raw === 'false' ? false : raw;
  };
  const config = {
    port: int('port', 8112),
    host: text('host') ?? '0.0.0.0',
    dataDir: text('dataDir') ?? './data',
    databaseUrl: text('databaseUrl') ?? null,
    cookieSecure: cookieSecure(text('cookieSecure')),
    sessionIdleMinutes: int('sessionIdleMinutes', SESSION_DEFAULTS.sessionIdleMinutes),
    sessionMaxHours: int('sessionMaxHours', SESSION_DEFAULTS.sessionMaxHours),
    trustProxy: addressList(text('trustProxy')),
    publicUrl: text('publicUrl') ?? null,
    hstsSeconds: int('hstsSeconds', 0),
    // Demo accounts with a published password never come to a production start.
    demoUsers: text('demoUsers') === undefined ? env.NODE_ENV !== 'production' : flag('demoUsers'),
    secondFactorRoles: roleList(
      text('secondFactorRoles'),
      text('demoUsers') === undefined ? env.NODE_ENV !== 'production' : text('demoUsers') === 'true',
    ),
    demoPassword: text('demoPassword') ?? 'pinisi112',
    replayLimit: int('replayLimit', 10_000),
    tileUrl: text('tileUrl') ?? null,
    routingUrl: text('routingUrl') ?? null,
    logLevel: text('logLevel') ?? 'warn',
    evapi: text('evapi') ?? null,
    amlSecret: text('amlSecret') ?? null,
    amlAllow: addressList(text('amlAllow')),
    readOnly: flag('readOnly'),
    wrapUpSeconds: int('wrapUpSeconds', DEFAULT_ACD_CONFIG.wrapUpMs / 1000),
    ringTimeoutSeconds: int('ringTimeoutSeconds', DEFAULT_ACD_CONFIG.ringTimeoutMs / 1000),
    missesBeforeBreak: int('missesBeforeBreak', DEFAULT_ACD_CONFIG.missesBeforeBreak),
    noDeskFallbackSeconds: int('noDeskFallbackSeconds', DEFAULT_ACD_CONFIG.noDeskFallbackMs / 1000),
    queueMaxWaitSeconds: int('queueMaxWaitSeconds', DEFAULT_ACD_CONFIG.queueMaxWaitMs / 1000),
    reRingGapSeconds: int('reRingGapSeconds', DEFAULT_ACD_CONFIG.reRingGapMs / 1000),
    locationFetchTimeoutMs: int('locationFetchTimeoutMs', DEFAULT_LOCATION_FETCH_TIMEOUT_MS),
    transferGateway: text('transferGateway') ?? null,
    transferTargets: json(text('transferTargets')) ?? defaultTransferTargets(text('transferGateway') ?? null),
    reportHeading: text('reportHeading') ?? DEFAULT_REPORT_HEADING,
    reportLogo: text('reportLogo') ?? null,
    timeZone: text('timeZone') ?? DEFAULT_TIME_ZONE,
    shiftHours: text('shiftHours') ?? DEFAULT_SHIFT_HOURS,
    junkRetentionDays: int('junkRetentionDays', DEFAULT_JUNK_RETENTION_DAYS),
    secretKeyFile: text('secretKeyFile') ?? null,
  };
  const byVariable = new Map<string, string>();
  const fault = (key: keyof Config, message: string) => {
    const name = ENV[key];
    if (!byVariable.has(name))
      byVariable.set(name, `  ${name}=${JSON.stringify(env[name] ?? '')}: ${message}`);
  };
  for (const e of Value.Errors(ConfigSchema, config))
    fault(e.instancePath.replace(/^\//, '').split('/')[0] as keyof Config, e.message);
  for (const key of ['amlAllow', 'trustProxy'] as const) {
    const bad = config[key]?.find((entry) => !isAddressOrRange(entry));
    if (bad !== undefined)
      fault(key, `"${bad}" is not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/24)`);
  }
  const zone = zoneOffset(config.timeZone);
  if ('error' in zone) fault('timeZone', zone.error);
  const shifts = parseShiftHours(config.shiftHours);
  if ('error' in shifts) fault('shiftHours', shifts.error);
  if (Array.isArray(config.transferTargets) && Value.Check(TransferTargetsSchema, config.transferTargets)) {
    const problem = transferTargetsProblem(config.transferTargets);
    if (problem) fault('transferTargets', problem);
  }
  if (
    Number.isInteger(config.queueMaxWaitSeconds) &&
    config.queueMaxWaitSeconds <= config.noDeskFallbackSeconds
  )
    fault('queueMaxWaitSeconds', `must be longer than ${ENV.noDeskFallbackSeconds}`);
  if (byVariable.size > 0) {
    const lines = [...byVariable.values()];
    throw new Error(`Pinisi cannot start, the configuration is wrong:\n${lines.join('\n')}`);
  }
  return config as Config;
}

/** Bulukumba's zone and shifts unless PINISI_TIME_ZONE and PINISI_SHIFT_HOURS say otherwise. */
const DEFAULT_TIME_ZONE = 'Asia/Makassar';
const DEFAULT_SHIFT_HOURS = '07-19,19-07';

/** Indonesia's zones by the names printed on its reports. */
const ZONE_NAMES: Record<number, string> = { 420: 'WIB', 480: 'WITA', 540: 'WIT' };

/**
 * A zone's offset from UTC in minutes; refused when it has daylight saving (the offset differs between January and
 * July) or is not a whole number of hours (the aggregates are kept per UTC hour).
 */
function zoneOffset(zone: string): { minutes: number } | { error: string } {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  } catch {
    return { error: `"${zone}" is not an IANA time zone (e.g. Asia/Makassar, Asia/Jakarta, Asia/Jayapura)` };
  }
  const offsetAt = (at: number) => {
    const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name);
    if (!match?.[1]) return 0;
    return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  };
  const year = new Date().getUTCFullYear();
  const [winter, summer] = [offsetAt(Date.UTC(year, 0, 15)), offsetAt(Date.UTC(year, 6, 15))];
  if (winter !== summer)
    return { error: `"${zone}" has daylight saving time, which the reports do not follow` };
  if (winter % 60 !== 0) return { error: `"${zone}" is not a whole number of hours from UTC` };
  return { minutes: winter };
}

/** The reports' clock from the configuration (checked by loadConfig; the defaults where a field is missing). */
export function reportClock(config: Partial<Pick<Config, 'timeZone' | 'shiftHours'>>): ReportClock {
  const zone = zoneOffset(config.timeZone ?? DEFAULT_TIME_ZONE);
  const shifts = parseShiftHours(config.shiftHours ?? DEFAULT_SHIFT_HOURS);
  if ('error' in zone) throw new Error(`PINISI_TIME_ZONE: ${zone.error}`);
  if ('error' in shifts) throw new Error(`PINISI_SHIFT_HOURS: ${shifts.error}`);
  const hours = zone.minutes / 60;
  const name = ZONE_NAMES[zone.minutes] ?? `UTC${hours < 0 ? '−' : '+'}${Math.abs(hours)}`;
  return { tzOffsetMinutes: zone.minutes, tzName: name, shiftStarts: shifts.starts };
}

/** The call queue's settings in the domain's terms. */
export function telephonySettings(
  config: Pick<
    Config,
    | 'wrapUpSeconds'
    | 'ringTimeoutSeconds'
    | 'missesBeforeBreak'
    | 'noDeskFallbackSeconds'
    | 'queueMaxWaitSeconds'
    | 'reRingGapSeconds'
  > &
    Partial<Pick<Config, 'transferTargets'>>,
): Partial<AcdConfig> {
  return {
    wrapUpMs: config.wrapUpSeconds * 1000,
    ringTimeoutMs: config.ringTimeoutSeconds * 1000,
    missesBeforeBreak: config.missesBeforeBreak,
    noDeskFallbackMs: config.noDeskFallbackSeconds * 1000,
    queueMaxWaitMs: config.queueMaxWaitSeconds * 1000,
    reRingGapMs: config.reRingGapSeconds * 1000,
    ...(config.transferTargets ? { transferTargets: config.transferTargets as TransferTarget[] } : {}),
  };
}

/**
 * A comma-separated list of roles, or `none`. Unset: the admin and the supervisor, who can change accounts and read
 * every caller's data; none with the demo users (their password is published anyway).
 */
function roleList(raw: string | undefined, demo: boolean): string[] {
  if (raw === undefined) return demo ? [] : ['admin', 'supervisor'];
  if (raw.trim() === 'none') return [];
  return raw
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
}

function cookieSecure(raw: string | undefined): boolean | 'auto' | string {
  if (raw === undefined || raw === 'auto') return 'auto';
  return raw === 'true' ? true : raw === 'false' ? false : raw;
}

/** A JSON value, or the text itself when it does not parse (the schema then says what is wrong). */
function json(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** A comma-separated list of addresses or ranges; empty means not set. */
function addressList(raw: string | undefined): string[] | null {
  const entries =
    raw
      ?.split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '') ?? [];
  return entries.length > 0 ? entries : null;
}

/** `10.0.0.5`, `::1`, `10.0.0.0/24` or `fd00::/8`. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
