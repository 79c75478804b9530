// The tables of the store as Kysely sees them: the event log, the state tables it feeds, reference data and users.
import type { Generated } from 'kysely';

export interface EventLogTable {
  seq: number;
  type: string;
  at: number;
  actor: string | null;
  /** JSON array of agency ids that may see the event. */
  agencies: string;
  /** The incident (or the call, before it has one) the event is about; the timeline index. */
  subject: string | null;
  /** The event as JSON, exactly the text that was hashed. */
  data: string;
  hash: string;
}

/** A state table row: the entity as JSON plus the columns that queries filter on. */
export interface EntityRow {
  id: string;
  doc: string;
  status: string;
  seq: number;
}

/** One hourly KPI aggregate (see src/domain/reports/facts.ts): its dimensions, count and summed duration. */
export interface KpiRow {
  hour: number;
  metric: string;
  key: string;
  channel: string;
  category: string;
  priority: number;
  kecamatan: string;
  desa: string;
  agency: string;
  user_id: string;
  n: number;
  total: number;
}

/** The columns the reports' call list filters on and its exports read (report-store.ts `callColumns`). */
interface CallReportColumns {
  registered_at: number;
  channel: string;
  type: string | null;
  answered_by: string | null;
  answer_ms: number | null;
  incident_id: string | null;
  classified_at: number | null;
  ended_at: number | null;
  ended_by: string | null;
  /** The call's line of the calls' CSV (export.ts `callLine`), written with the row. */
  csv_line: string;
}

/** The columns the reports' incident list filters on (report-store.ts `incidentColumns`). */
interface IncidentReportColumns {
  created_at: number;
  category: string;
  priority: number;
  kecamatan: string;
  desa: string | null;
}

export interface DatabaseSchema {
  event_log: EventLogTable;
  /** `erased_at`: when the caller's personal data was erased (retention of junk calls), null while kept. */
  calls: EntityRow & {
    number: string | null;
    number_key: string | null;
    erased_at: number | null;
  } & CallReportColumns;
  /** With the search columns of history-migration.ts (null only in rows written before they existed). */
  incidents: EntityRow & IncidentReportColumns & { number: string | null; caller_key: string | null };
  kpi_hourly: KpiRow;
  /** The same rows per local day (`hour` holds the day's start), with per-shift rows. */
  kpi_daily: KpiRow;
  /** The daily rows one dimension at a time (rollup.ts `sliceUp`), for reports without filters. */
  kpi_daily_slices: KpiRow;
  assignments: EntityRow & { incident_id: string; agency_id: string };
  units: EntityRow & { agency_id: string };
  kecamatan: { code: string; name: string; lat: number; lon: number };
  desa: { code: string; kecamatan: string; name: string };
  agencies: { id: string; code: string; name: string };
  stations: { id: string; agency_id: string; name: string; kecamatan: string; lat: number; lon: number };
  categories: { code: string; doc: string };
  /** Published SOP versions, written with their `sop.published` event. */
  sop_versions: { version: number; title: string; doc: string; published_at: number; published_by: string };
  /** The admin's work in progress: not a state of the centre, so not in the log. */
  sop_draft: { id: string; doc: string; based_on: number | null; updated_at: number; updated_by: string };
  users: {
    id: string;
    username: string;
    display_name: string;
    role: string;
    agency_id: string | null;
    /** The unit a responder user is the crew of; null for every other role. */
    unit_id: string | null;
    password_hash: string;
    active: number;
    must_change_password: number;
    unlocked_at: number | null;
    sessions_revoked_at: number | null;
    /** Since when sign-in asks for an authenticator code (the log's user.second_factor_enrolled); null: never. */
    second_factor_at: number | null;
    created_at: number;
    updated_at: number;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    created_at: number;
    last_seen_at: number;
    revoked_at: number | null;
  };
  /** The authenticator (TOTP) secret of an account, and one being set up; never in the log. */
  second_factors: {
    user_id: string;
    secret: string | null;
    pending_secret: string | null;
    pending_at: number | null;
    /** The last 30-second step a code was accepted for: a code works once. */
    last_step: number;
  };
  /** Recovery codes as their SHA-256, each usable once. */
  recovery_codes: { code_hash: string; user_id: string; used_at: number | null };
  /** A password accepted, the code still due: the sign-in step's token as its hash, with its wrong codes. */
  login_challenges: { token_hash: string; user_id: string; created_at: number; failures: number };
  /** Reads of personal data (UU PDP): who, what (the route's kind), which call, incident or query, when, from where. */
  personal_data_reads: {
    id: string;
    at: number;
    user_id: string;
    username: string;
    role: string;
    what: string;
    subject: string | null;
    ip: string;
  };
  /** The key of each logged event's sealed personal fields (personal-keys.ts); deleting it erases them. */
  personal_keys: {
    seq: number;
    call_id: string | null;
    sip_call_id: string | null;
    at: number;
    key: string;
  };
  login_attempts: { id: string; username: string; at: number; ok: number; ip: string };
  idempotency: { key: string; user_id: string; command: string; response: string; at: number };
  meta: { key: string; value: string };
  /** The live state's parts that have no state table, as of a seq (see checkpoints.ts). */
  checkpoints: { name: string; seq: number; doc: string };
  /** GPS trackers and phone apps (OsmAnd protocol), each bound to one unit, with the SHA-256 of its secret. */
  devices: { id: string; unit_id: string; secret_hash: string; created_at: number; active: number };
  /** The latest position of each unit: one row per unit, overwritten (telemetry, not history). */
  unit_positions: {
    unit_id: string;
    lat: number;
    lon: number;
    at: number;
    received_at: number;
    speed_kmh: number | null;
    bearing: number | null;
    accuracy: number | null;
    source: string;
  };
  /** One row (id 1): the seq and hash of the last event, written in the same transaction as the events. */
  log_head: { id: number; seq: number; hash: string };
  kysely_migration?: { name: Generated<string> };
}
