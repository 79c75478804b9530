// Which fields of a logged event are a caller's personal data (number, location, address), kept apart so that they can be erased.
import type { DomainEvent } from './events.ts';
import type { CallType } from './types.ts';

/** Call types whose caller numbers stay identifiable only for the retention period (PINISI_JUNK_RETENTION_DAYS). */
export const JUNK_CALL_TYPES = ['misdirected', 'ghost', 'prank'] as const satisfies readonly CallType[];

/** The personal fields of one event, the event with them blanked, and the call they belong to. */
export interface PersonalPart {
  /** The fields as they were, by name (nested `call.number` as `number`). */
  fields: Record<string, unknown>;
  /** The event with every personal field null: what it reads as once its key is erased. */
  blank: DomainEvent;
  /** The call the fields are about: Pinisi's call id and the switch's SIP Call-ID, either may be unknown. */
  callId: string | null;
  sipCallId: string | null;
}

/** The named top-level fields of an event that hold a value (a missing or null field is nothing to keep apart). */
function present(event: object, names: readonly string[]): Record<string, unknown> {
  const record = event as Record<string, unknown>;
  return Object.fromEntries(
    names.filter((n) => record[n] !== undefined && record[n] !== null).map((n) => [n, record[n]]),
  );
}

function nulled<T extends object>(event: T, fields: Record<string, unknown>): T {
  return { ...event, ...Object.fromEntries(Object.keys(fields).map((n) => [n, null])) };
}

/**
 * The personal part of an event, or null when it has none: the number in `call.registered`, and the number,
 * location, civic address and location reference of the switch's events about a call. Numbers a supervisor
 * blocked stay in the open (a block is a deliberate act on a number); incidents keep their caller as the record.
 */
export function personalPart(event: DomainEvent): PersonalPart | null {
  let fields: Record<string, unknown>;
  let blank: DomainEvent;
  let callId: string | null = null;
  let sipCallId: string | null = null;
  switch (event.type) {
    case 'call.registered':
      if (event.call.number === null) return null;
      fields = { number: event.call.number };
      blank = { ...event, call: { ...event.call, number: null } };
      callId = event.call.id;
      break;
    case 'telephony.call_offered':
      fields = present(event, ['number', 'civicAddress', 'locationRef']);
      blank = nulled(event, fields);
      callId = event.callId;
      sipCallId = event.sipCallId;
      break;
    case 'telephony.call_fallback':
      fields = present(event, ['number']);
      blank = nulled(event, fields);
      callId = event.callId;
      sipCallId = event.sipCallId;
      break;
    case 'telephony.location_received':
      fields = present(event, ['number', 'location']);
      blank = nulled(event, fields);
      sipCallId = event.sipCallId;
      break;
    case 'telephony.location_dereferenced':
      fields = present(event, ['civicAddress']);
      blank = nulled(event, fields);
      sipCallId = event.sipCallId;
      break;
    default:
      return null;
  }
  if (Object.keys(fields).length === 0) return null;
  return { fields, blank, callId, sipCallId };
}

/** The blanked event with its personal fields put back (the inverse of `personalPart`). */
export function withPersonal(blank: DomainEvent, fields: Record<string, unknown>): DomainEvent {
  if (blank.type === 'call.registered')
    return { ...blank, call: { ...blank.call, number: (fields.number as string | undefined) ?? null } };
  return { ...blank, ...fields } as DomainEvent;
}
