// Plain words for the things on screen: incident location, agency names, one timeline event.
import type { StoredEvent } from '../../src/domain/events.ts';
import type { State } from '../../src/domain/state.ts';
import type { Incident } from '../../src/domain/types.ts';
import { formatTime } from './format.ts';
import { hasMessage, type Lang, type Translate } from './i18n.ts';

export function categoryName(state: State, code: string, lang: Lang): string {
  const c = state.ref.categories.get(code);
  if (!c) return code;
  return lang === 'en' ? c.nameEn : c.nameId;
}

export function unitKind(kind: string, t: Translate): string {
  const key = `unitkind.${kind}`;
  return hasMessage(key) ? t(key) : kind.replaceAll('_', ' ');
}

export function agencyName(state: State, id: string): string {
  return state.ref.agencies.get(id)?.name ?? id;
}

export function agencyCode(state: State, id: string): string {
  return state.ref.agencies.get(id)?.code ?? id;
}

export function placeText(state: State, incident: Incident): string {
  const { kecamatan, desa, address, landmark } = incident.location;
  return [
    address,
    landmark ? `(${landmark})` : null,
    desa ? state.ref.desa.get(desa)?.name : null,
    state.ref.kecamatan.get(kecamatan)?.name ?? kecamatan,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The map point as text (latitude, longitude, 5 decimals ≈ 1 m), or null when the incident has none. */
export function pointText(location: Pick<Incident['location'], 'lat' | 'lon'>): string | null {
  if (location.lat === null || location.lon === null) return null;
  return `${location.lat.toFixed(5)}, ${location.lon.toFixed(5)}`;
}

const AMENDED_FIELDS = {
  category: 'form.category',
  location: 'amend.location',
  caller: 'amend.caller',
  description: 'form.description',
} as const;

/** A status change that reached the server this long after the crew pressed the button shows the press time. */
const PRESSED_NOTE_MS = 10_000;

export function describeEvent(state: State, event: StoredEvent, t: Translate, lang: Lang = 'id'): string {
  const key = `event.${event.type}`;
  const head = hasMessage(key) ? t(key) : event.type;
  const agencyOf = (assignmentId: string) => {
    const a = state.assignments.get(assignmentId);
    return a ? agencyCode(state, a.agencyId) : '';
  };
  switch (event.type) {
    case 'call.classified':
      return `${head}: ${t(`calltype.${event.callType}`)}`;
    case 'call.transferred':
      return `${head}: ${event.toPositionId}`;
    case 'call.transfer_started':
    case 'call.transferred_out':
      return `${head}: ${event.target}`;
    case 'call.transfer_failed':
      return `${head}: ${event.target}${event.code === null ? '' : ` (${t('event.transferCode', { code: String(event.code) })})`}`;
    case 'assignment.requested':
      return `${head}: ${agencyCode(state, event.assignment.agencyId)}`;
    case 'assignment.acknowledged':
      return `${head}: ${agencyOf(event.assignmentId)}${
        event.via
          ? ` (${t('dp.ackVia', { channel: t(`dp.via.${event.via.channel}`), contact: event.via.contact })})`
          : ''
      }`;
    case 'assignment.withdrawn':
      return `${head}: ${agencyOf(event.assignmentId)} — ${event.reason}`;
    case 'assignment.completed':
      return `${head}: ${agencyOf(event.assignmentId)}`;
    case 'assignment.declined':
      return `${head}: ${agencyOf(event.assignmentId)} — ${event.reason}`;
    case 'assignment.unit_assigned':
      return `${head}: ${state.units.get(event.unitId)?.callsign ?? event.unitId} (${agencyOf(event.assignmentId)})`;
    case 'unit.status_changed': {
      const text = `${head}: ${state.units.get(event.unitId)?.callsign ?? event.unitId} → ${t(`unit.${event.status}`)}`;
      // A change that waited on the crew's phone: when the button was pressed, beside when it arrived (the row's time).
      return event.pressedAt !== undefined && event.at - event.pressedAt >= PRESSED_NOTE_MS
        ? `${text} (${t('event.pressedAt', { time: formatTime(event.pressedAt, lang) })})`
        : text;
    }
    case 'incident.call_attached':
      return event.note ? `${head} — ${event.note}` : head;
    case 'incident.amended': {
      const changed = Object.keys(event.changes).map((k) =>
        k === 'priority' ? `P${event.changes.priority}` : t(AMENDED_FIELDS[k as keyof typeof AMENDED_FIELDS]),
      );
      return `${head}: ${changed.join(', ')}${event.reason ? ` — ${event.reason}` : ''}`;
    }
    case 'incident.note_added':
      return `${head} (${event.agencyId ? agencyCode(state, event.agencyId) : t('notes.centre')}): ${event.text}`;
    case 'incident.linked':
      return `${head} ${event.otherNumber}${event.reason ? ` — ${event.reason}` : ''}`;
    case 'incident.absorbed':
      return `${head} ${event.fromNumber}`;
    case 'incident.merged':
      return `${head} ${event.intoNumber} — ${event.reason}`;
    case 'incident.ended':
      return `${head}: ${t(`incident.${event.status}`)}${event.reason ? ` — ${event.reason}` : ''}`;
    default: {
      const escalation = asEscalation(event);
      return escalation ? `${head}: ${escalationText(state, escalation, t)}` : head;
    }
  }
}

/** "BASARNAS belum menerima permintaan (lewat 60 detik)": who, what is late, how long since the request. */
export function escalationText(state: State, escalation: EscalationFact, t: Translate): string {
  const kind = `escalation.${escalation.kind}`;
  const what = `${agencyCode(state, escalation.agencyId)} ${hasMessage(kind) ? t(kind) : escalation.kind}`;
  const requestedAt = state.assignments.get(escalation.assignmentId)?.requestedAt;
  if (requestedAt === undefined) return what;
  const seconds = Math.max(0, Math.round((escalation.at - requestedAt) / 1000));
  const time =
    seconds < 120
      ? t('duration.seconds', { n: seconds })
      : t('duration.minutes', { n: Math.round(seconds / 60) });
  return `${what} (${t('escalation.after', { time })})`;
}

export interface EscalationFact {
  assignmentId: string;
  agencyId: string;
  kind: string;
  occurrence: number;
  at: number;
}

/** An SOP escalation (`escalation.raised`) read loosely, so the consoles work before and after it exists. */
export function asEscalation(event: { type: string; at: number }): EscalationFact | null {
  if (event.type !== 'escalation.raised') return null;
  const e = event as unknown as Partial<EscalationFact>;
  if (!e.assignmentId) return null;
  return {
    assignmentId: e.assignmentId,
    agencyId: e.agencyId ?? '',
    kind: e.kind ?? '',
    occurrence: e.occurrence ?? 1,
    at: event.at,
  };
}
