// Crypto-shredding of callers' personal data in the log: an event's personal fields are sealed with a key of its own
// (AES-256-GCM) kept in `personal_keys`, outside the log; the chain covers the ciphertext, so deleting the key erases them.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DomainEvent } from '../domain/events.ts';
import { personalPart, withPersonal } from '../domain/personal-fields.ts';
import type { DatabaseSchema } from './schema.ts';

/** A row of `personal_keys`: the key of one event (by its seq) and the call it is about, to find it for erasure. */
export interface PersonalKeyRow {
  seq: number;
  call_id: string | null;
  sip_call_id: string | null;
  at: number;
  /** 32 random bytes, base64. */
  key: string;
}

/** The field of a logged event's JSON that holds its sealed personal fields: `iv.ciphertext+tag`, base64. */
const SEALED = 'sealed';
const CIPHER = 'aes-256-gcm';

/** Ties a ciphertext to its event: a key or a ciphertext moved to another event does not open. */
const aadOf = (seq: number) => Buffer.from(`pinisi-event:${seq}`);

/**
 * The text to log for an event numbered `seq`: its personal fields blanked and sealed beside them, with the key that
 * opens them; the event's own JSON and no key when it has no personal fields.
 */
export function sealPersonal(event: DomainEvent, seq: number): { data: string; key: PersonalKeyRow | null } {
  const part = personalPart(event);
  if (!part) return { data: JSON.stringify(event), key: null };
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv(CIPHER, key, iv).setAAD(aadOf(seq));
  const text = Buffer.concat([
    cipher.update(JSON.stringify(part.fields), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return {
    data: JSON.stringify({ ...part.blank, [SEALED]: `${iv.toString('base64')}.${text.toString('base64')}` }),
    key: {
      seq,
      call_id: part.callId,
      sip_call_id: part.sipCallId,
      at: event.at,
      key: key.toString('base64'),
    },
  };
}

/** Whether a logged event's JSON (parsed) carries sealed personal fields. */
function sealedOf(parsed: Record<string, unknown>): string | null {
  const sealed = parsed[SEALED];
  return typeof sealed === 'string' ? sealed : null;
}

/** The fields a key opens, or null when it does not (a key that is not this event's, or was altered). */
function open(sealed: string, seq: number, key: string): Record<string, unknown> | null {
  try {
    const [iv, text] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
    if (!iv || !text || text.length < 16) return null;
    const decipher = createDecipheriv(CIPHER, Buffer.from(key, 'base64'), iv).setAAD(aadOf(seq));
    decipher.setAuthTag(text.subarray(text.length - 16));
    const plain = Buffer.concat([decipher.update(text.subarray(0, text.length - 16)), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/**
 * A logged event as the domain knows it: its personal fields put back when its key is kept, left null when the key
 * was erased. `onFault` hears of a key that does not open its event (verify-log reports it).
 */
function openEvent(
  parsed: Record<string, unknown>,
  seq: number,
  key: string | undefined,
  onFault?: (seq: number) => void,
): DomainEvent {
  const sealed = sealedOf(parsed);
  if (sealed === null) return parsed as unknown as DomainEvent;
  const { [SEALED]: _, ...blank } = parsed;
  if (key === undefined) return blank as unknown as DomainEvent;
  const fields = open(sealed, seq, key);
  if (fields === null) {
    onFault?.(seq);
    return blank as unknown as DomainEvent;
  }
  return withPersonal(blank as unknown as DomainEvent, fields);
}

/** A logged row read with its event's key (`left join personal_keys`, see `withKeys`). */
export interface KeyedRow {
  seq: number | string;
  data: string;
  personal_key?: string | null;
}

/** A logged row as the event the domain knows (see `openEvent`). */
export function openRow(row: KeyedRow, onFault?: (seq: number) => void): DomainEvent {
  const seq = Number(row.seq);
  return openEvent(
    JSON.parse(row.data) as Record<string, unknown>,
    seq,
    row.personal_key ?? undefined,
    onFault,
  );
}

/** Rows of the log with the key of each (null: none, or erased); filter and order by `event_log.`-qualified columns. */
export function withKeys(db: Kysely<DatabaseSchema>) {
  return db
    .selectFrom('event_log')
    .leftJoin('personal_keys', 'personal_keys.seq', 'event_log.seq')
    .selectAll('event_log')
    .select('personal_keys.key as personal_key');
}

/** The same join in SQL, for the statements written by hand (SQLite's prepared ones, PostgreSQL's batch start). */
export const KEYED_EVENTS =
  'select e.*, k.key as personal_key from event_log e left join personal_keys k on k.seq = e.seq';

export const PERSONAL_KEY_COLUMNS = ['seq', 'call_id', 'sip_call_id', 'at', 'key'] as const;

/**
 * The statement that deletes the keys of these calls' events: those naming the call, and those naming a SIP call
 * the call came in on (its location and address arrived under the SIP Call-ID). `list` is the SQL list of ids.
 */
export function eraseKeysStatement(list: string): string {
  return `delete from personal_keys where call_id in (${list}) or sip_call_id in
    (select sip_call_id from personal_keys where call_id in (${list}) and sip_call_id is not null)`;
}

/** Locations that came before their call (AML) and were never tied to one: the oldest, up to `limit`, erased. */
export async function eraseUnlinkedKeys(
  db: Kysely<DatabaseSchema>,
  before: number,
  limit: number,
): Promise<number> {
  const rows = await db
    .selectFrom('personal_keys')
    .select('seq')
    .where('call_id', 'is', null)
    .where('sip_call_id', 'is', null)
    .where('at', '<', before)
    .orderBy('at')
    .limit(limit)
    .execute();
  if (rows.length === 0) return 0;
  await db
    .deleteFrom('personal_keys')
    .where(
      'seq',
      'in',
      rows.map((r) => Number(r.seq)),
    )
    .execute();
  return rows.length;
}
