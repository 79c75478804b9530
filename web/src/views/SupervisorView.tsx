// Supervisor console: the room at a glance — waiting calls, answer times, open incidents, slow agencies, who is on.
import { useEffect, useState } from 'react';
import type { State } from '../../../src/domain/state.ts';
import { CALL_TYPES, type CallType, INCIDENT_STATUSES } from '../../../src/domain/types.ts';
import type { ActiveSessionsBody } from '../../../src/protocol/bodies.ts';
import { useArrivalAlert } from '../alert.ts';
import { ApiError, getJson } from '../api.ts';
import { DeskBoard } from '../components/DeskBoard.tsx';
import { Elapsed } from '../components/Elapsed.tsx';
import { IncidentRow, isEscalated } from '../components/IncidentRow.tsx';
import { MapView } from '../components/LazyMap.tsx';
import { UnitsBoard } from '../components/UnitsBoard.tsx';
import { agencyCode, escalationText } from '../describe.ts';
import { formatClock, formatPercent } from '../format.ts';
import { useNow } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { mapMarkers } from '../markers.ts';
import { ACK_LATE_MS, slowAssignments } from '../queue.ts';
import { selectedNumberFromUrl, writeSelectedNumber } from '../selection.ts';
import { AccessLogPanel } from './admin/AccessLogPanel.tsx';
import { escalationKeys, findByNumber, IncidentDetail } from './DispatcherView.tsx';

const HOUR = 3_600_000;
const ANSWER_TARGET_MS = 15_000;

export interface RoomStats {
  ringing: number;
  oldestRingingAt: number | null;
  lastHourByType: Partial<Record<CallType | 'unclassified', number>>;
  lastHourTotal: number;
  answeredWithin15: number | null;
  openByStatus: Record<string, number>;
}

/** Room figures from the live state; calls count from what this console has seen (snapshot + stream). */
function roomStats(state: State, now: number): RoomStats {
  const calls = [...state.calls.values()];
  const ringing = calls.filter((c) => c.status === 'ringing');
  const recent = calls.filter((c) => now - c.registeredAt <= HOUR);
  const lastHourByType: RoomStats['lastHourByType'] = {};
  for (const c of recent) {
    const key = c.type ?? 'unclassified';
    lastHourByType[key] = (lastHourByType[key] ?? 0) + 1;
  }
  const answered = recent.filter((c) => c.answeredAt !== null);
  const fast = answered.filter((c) => (c.answeredAt ?? 0) - c.registeredAt <= ANSWER_TARGET_MS);
  const openByStatus: Record<string, number> = { new: 0, waiting_dispatch: 0, dispatched: 0 };
  for (const i of state.incidents.values()) if (i.status in openByStatus) openByStatus[i.status]! += 1;
  return {
    ringing: ringing.length,
    oldestRingingAt: ringing.length ? Math.min(...ringing.map((c) => c.registeredAt)) : null,
    lastHourByType,
    lastHourTotal: recent.length,
    answeredWithin15: answered.length ? fast.length / answered.length : null,
    openByStatus,
  };
}

type ActiveSession = ActiveSessionsBody[number];

/** Who is logged in: read when the console opens and again whenever a desk is signed in or out on the stream. */
function useActiveSessions(desks: string): ActiveSession[] | 'unavailable' | null {
  const [sessions, setSessions] = useState<ActiveSession[] | 'unavailable' | null>(null);
  useEffect(() => {
    let live = true;
    void desks;
    getJson<ActiveSessionsBody>('/api/sessions/active').then(
      (answer) => live && setSessions(answer),
      (error: unknown) => {
        if (live && error instanceof ApiError && (error.status === 404 || error.status === 403))
          setSessions('unavailable');
      },
    );
    return () => {
      live = false;
    };
  }, [desks]);
  return sessions;
}

export function SupervisorView() {
  const { t, lang } = useI18n();
  const store = useLive();
  const now = useNow();
  const stats = roomStats(store.state, now);
  const waiting = slowAssignments(store.state.assignments.values(), now, 0);
  const open = [...store.state.incidents.values()]
    .filter((i) => i.status !== 'closed' && i.status !== 'cancelled')
    .sort((a, b) => a.priority - b.priority || a.createdAt - b.createdAt);
  const telephony = store.state.telephony;
  const desks = [...telephony.positions.values()].sort((a, b) => a.id.localeCompare(b.id));
  const sessions = useActiveSessions(desks.map((d) => `${d.id}:${d.userId}`).join(' '));
  const queued = [...telephony.calls.values()].filter((c) => c.status === 'queued');
  const oldestQueued = queued.reduce<number | null>(
    (min, c) => Math.min(min ?? c.offeredAt, c.offeredAt),
    null,
  );
  useArrivalAlert(escalationKeys(store));
  const escalated = [...store.state.assignments.values()].filter((a) => isEscalated(store, a));
  // The supervisor opens an incident from the board to act on it (a forced close); kept in the address.
  const [selectedNumber, setSelectedNumber] = useState<string | null>(selectedNumberFromUrl);
  const [accessLogOpen, setAccessLogOpen] = useState(false);
  const selected = selectedNumber ? findByNumber(store, selectedNumber) : undefined;
  const select = (number: string | null) => {
    setSelectedNumber(number);
    writeSelectedNumber(number);
  };

  return (
    <main className="layout supervisor">
      <section className="panel tiles" aria-label={t('sv.title')}>
        <div className={`tile${stats.ringing > 0 ? ' alert' : ''}`} data-testid="tile-ringing">
          <span className="tile-label">{t('sv.ringing')}</span>
          <span className="tile-value">{stats.ringing}</span>
          {stats.oldestRingingAt !== null && (
            <span>
              {t('sv.oldest')}: <Elapsed since={stats.oldestRingingAt} lateAfterMs={ANSWER_TARGET_MS} />
            </span>
          )}
        </div>
        <div className={`tile${queued.length > 0 ? ' alert' : ''}`} data-testid="tile-queue">
          <span className="tile-label">{t('sv.queue')}</span>
          <span className="tile-value">{queued.length}</span>
          {oldestQueued !== null && (
            <span>
              {t('sv.oldest')}: <Elapsed since={oldestQueued} lateAfterMs={ANSWER_TARGET_MS} />
            </span>
          )}
          <span>
            {t('sv.callbacks')}: <strong data-testid="callbacks">{telephony.callbacks.length}</strong>
          </span>
        </div>
        <div className="tile" data-testid="tile-desks">
          <span className="tile-label">{t('sv.desks')}</span>
          {desks.length === 0 ? (
            <span className="muted">{t('sv.desks.none')}</span>
          ) : (
            <ul className="compact">
              {desks.map((d) => (
                <li key={d.id}>
                  {d.id}: <strong>{t(`position.${d.state}`)}</strong>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="tile">
          <span className="tile-label">{t('sv.answered15')}</span>
          <span className="tile-value">
            {stats.answeredWithin15 === null ? '–' : formatPercent(stats.answeredWithin15, lang)}
          </span>
        </div>
        <div className="tile">
          <span className="tile-label">{t('sv.open')}</span>
          <ul className="compact">
            {INCIDENT_STATUSES.filter((s) => s in stats.openByStatus).map((s) => (
              <li key={s}>
                {t(`incident.${s}`)}: <strong data-testid={`open-${s}`}>{stats.openByStatus[s]}</strong>
              </li>
            ))}
          </ul>
        </div>
        <div className="tile">
          <span className="tile-label">{t('sv.lastHour')}</span>
          <ul className="compact">
            {CALL_TYPES.filter((type) => stats.lastHourByType[type]).map((type) => (
              <li key={type}>
                {t(`calltype.${type}`)}: <strong>{stats.lastHourByType[type]}</strong>
              </li>
            ))}
            <li>
              {t('sv.total')}: <strong>{stats.lastHourTotal}</strong>
            </li>
          </ul>
        </div>
        <div className="tile wide">
          <span className="tile-label">{t('sv.board')}</span>
          <ul className="list">
            {open.map((incident) => (
              <IncidentRow
                key={incident.id}
                incident={incident}
                since={incident.createdAt}
                selected={incident.number === selectedNumber}
                onSelect={() => select(incident.number === selectedNumber ? null : incident.number)}
                showAssignments
              />
            ))}
          </ul>
        </div>
      </section>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls on its own; focusable so the keyboard can scroll it (axe scrollable-region-focusable) */}
      <section className="panel" aria-labelledby="slow-title" tabIndex={0}>
        {selected && (
          <div className="supervisor-detail">
            <button type="button" className="link" onClick={() => select(null)}>
              {t('sv.closeDetail')}
            </button>
            <IncidentDetail key={selected.id} incident={selected} />
          </div>
        )}
        <DeskBoard now={now} />
        <h2 id="slow-title">{t('sv.slow')}</h2>
        {waiting.length === 0 ? (
          <p className="muted">{t('sv.slow.none')}</p>
        ) : (
          <ul className="list">
            {waiting.map((a) => (
              <li key={a.id} className={now - a.requestedAt > ACK_LATE_MS ? 'not-acked' : 'pending'}>
                <strong>{agencyCode(store.state, a.agencyId)}</strong> ·{' '}
                {store.state.incidents.get(a.incidentId)?.number} ·{' '}
                <Elapsed since={a.requestedAt} lateAfterMs={ACK_LATE_MS} />
              </li>
            ))}
          </ul>
        )}
        {escalated.length > 0 && (
          <>
            <h2>{t('sv.escalations')}</h2>
            <ul className="list" data-testid="escalations">
              {escalated.map((a) => {
                const e = store.escalations.get(a.id);
                return (
                  <li key={a.id} className="not-acked">
                    <strong>{store.state.incidents.get(a.incidentId)?.number}</strong> ·{' '}
                    {e ? escalationText(store.state, e, t) : agencyCode(store.state, a.agencyId)}
                    {e && e.occurrence > 1 ? ` · ${e.occurrence}×` : ''}
                  </li>
                );
              })}
            </ul>
          </>
        )}
        <h2>{t('sv.sessions')}</h2>
        {sessions === 'unavailable' ? (
          <p className="muted">{t('sv.sessions.unavailable')}</p>
        ) : (
          <table className="sessions">
            <tbody>
              {(sessions ?? []).map((s) => (
                <tr key={`${s.username}-${s.since}`}>
                  <th scope="row">{s.displayName}</th>
                  <td>
                    {t(`role.${s.role}`)}
                    {s.agencyId && ` · ${agencyCode(store.state, s.agencyId)}`}
                  </td>
                  <td>
                    {t('sv.since')} {formatClock(s.since, lang)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel map-panel" aria-label={t('map.title')}>
        <MapView
          kecamatan={[...store.state.ref.kecamatan.values()]}
          markers={mapMarkers(
            store.state,
            (id) => store.missed.has(id),
            store.positions,
            now,
            (status) => t(`unit.${status}`),
          )}
        />
        <UnitsBoard onSelectIncident={(number) => select(number)} />
      </section>
      {/* The access log of personal data (UU PDP), read only when opened. */}
      <details className="panel" onToggle={(e) => setAccessLogOpen(e.currentTarget.open)}>
        <summary>{t('adm.accessLog')}</summary>
        {accessLogOpen && <AccessLogPanel />}
      </details>
    </main>
  );
}
