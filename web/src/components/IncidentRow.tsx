// One incident as a row of a list (queue, board, history): priority, number, category, place, its clock, and on
// the board the agencies' requests as chips. Shared by the dispatcher's, the supervisor's and the history lists.
import { assignmentsOf } from '../../../src/domain/state.ts';
import type { Assignment, Incident } from '../../../src/domain/types.ts';
import { agencyCode, agencyName, categoryName, placeText } from '../describe.ts';
import { useI18n } from '../i18n.ts';
import { type LiveStore, useLive } from '../live.ts';
import { ACK_LATE_MS } from '../queue.ts';
import { Elapsed } from './Elapsed.tsx';

const FLASH_MS = 10_000;

/** An escalation still stands while the assignment is in the state it was raised for. */
export function isEscalated(store: LiveStore, a: Assignment): boolean {
  const e = store.escalations.get(a.id);
  if (!e) return false;
  if (e.kind === 'ack_overdue') return a.status === 'requested';
  return a.status === 'acknowledged';
}

export function flashClass(store: LiveStore, id: string, now = Date.now()): string {
  if (store.missed.has(id)) return ' missed';
  const at = store.changed.get(id);
  return at !== undefined && now - at < FLASH_MS ? ' flash' : '';
}

export function IncidentRow({
  incident,
  since,
  meta,
  selected,
  onSelect,
  showAssignments,
  arrived,
}: {
  incident: Incident;
  /** The clock of the row (time since forwarded, dispatched…); none for an incident of the history. */
  since?: number;
  /** A line under the place: when it happened and how it ended, for the history. */
  meta?: string;
  selected?: boolean;
  onSelect?: () => void;
  showAssignments?: boolean;
  /** Arrived while this console was open and not opened yet: drawn to the dispatcher's attention. */
  arrived?: boolean;
}) {
  const { t, lang } = useI18n();
  const store = useLive();
  const assignments = showAssignments ? assignmentsOf(store.state, incident.id) : [];
  const head = (
    <>
      <span className={`prio prio-${incident.priority}`}>P{incident.priority}</span>
      <span className="row-main">
        {arrived && <span className="new-badge">{t('dp.new')}</span>}
        <strong>{incident.number}</strong> {categoryName(store.state, incident.category, lang)}
        <small>{placeText(store.state, incident)}</small>
        {meta && <small className="row-meta">{meta}</small>}
      </span>
      {since !== undefined && <Elapsed since={since} lateAfterMs={showAssignments ? undefined : 60_000} />}
    </>
  );
  return (
    <li
      className={`incident-row priority-${incident.priority}${selected ? ' selected' : ''}${arrived ? ' arrived' : ''}${flashClass(store, incident.id)}`}
      data-testid="incident-row"
      data-number={incident.number}
    >
      {onSelect ? (
        <button type="button" className="row-button" onClick={onSelect} aria-pressed={selected}>
          {head}
        </button>
      ) : (
        <div className="row-button">{head}</div>
      )}
      {assignments.length > 0 && (
        <ul className="chips">
          {assignments.map((a) => (
            <li
              key={a.id}
              className={`chip assignment-${a.status}${a.status === 'requested' ? ' not-acked' : ''}`}
              title={agencyName(store.state, a.agencyId)}
            >
              {agencyCode(store.state, a.agencyId)} · {t(`assignment.${a.status}`)}
              {a.status === 'requested' && ` (${t('dp.notAcked')})`}
              {isEscalated(store, a) && <strong className="escalated"> ⚠ {t('escalation.badge')}</strong>} ·{' '}
              <Elapsed since={a.updatedAt} lateAfterMs={a.status === 'requested' ? ACK_LATE_MS : undefined} />
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
