// Agency liaison console: its own assignments, acknowledge or decline, units and their status, the outcome report.
import { type FormEvent, type KeyboardEvent, useRef, useState } from 'react';
import { CREW_STATUSES, type CrewStatus, UNIT_TRANSITIONS } from '../../../src/domain/decide.ts';
import { isEnded, isOpenAssignment } from '../../../src/domain/state.ts';
import type { Assignment, Unit } from '../../../src/domain/types.ts';
import { followsIncident } from '../../../src/domain/visibility.ts';
import { useArrivalAlert } from '../alert.ts';
import { Elapsed } from '../components/Elapsed.tsx';
import { ClosedIncident, HistorySearch } from '../components/HistorySearch.tsx';
import { IncidentTitle } from '../components/IncidentFacts.tsx';
import { IncidentNotes } from '../components/IncidentNotes.tsx';
import { flashClass } from '../components/IncidentRow.tsx';
import { MapView } from '../components/LazyMap.tsx';
import { RunCardPanel } from '../components/RunCardPanel.tsx';
import { TriageSummary } from '../components/TriageSummary.tsx';
import { agencyName, placeText, pointText, unitKind } from '../describe.ts';
import { saveDraft, useDraft } from '../draft.ts';
import { FieldError, FormError } from '../errors.tsx';
import { ctrlEnterSubmits } from '../form-keys.ts';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { mapMarkers } from '../markers.ts';
import { useSession } from '../session.ts';
import { useShortcuts } from '../shortcuts.ts';
import './dispatch.css';

/** Enter in a one-line field never reports or declines: only the form's button does. */
const noEnter = (e: KeyboardEvent) => {
  if (e.key === 'Enter') e.preventDefault();
};
/** The key of each status button (shown on it): its place among the crew's statuses. */
const statusKey = (status: CrewStatus) => String(CREW_STATUSES.indexOf(status) + 1);

export function AgencyView() {
  const { t } = useI18n();
  const store = useLive();
  const session = useSession();
  const agencyId = session.user.agencyId ?? '';
  const agency = agencyName(store.state, agencyId);
  const assignments = [...store.state.assignments.values()]
    .filter((a) => a.agencyId === agencyId && followsIncident(a))
    .filter((a) => {
      const incident = store.state.incidents.get(a.incidentId);
      return incident && !isEnded(incident);
    })
    .sort(
      (a, b) => Number(isOpenAssignment(b)) - Number(isOpenAssignment(a)) || b.requestedAt - a.requestedAt,
    );
  useArrivalAlert(
    assignments.filter((a) => a.status === 'requested').map((a) => a.id),
    t('app.title'),
  );
  const units = [...store.state.units.values()]
    .filter((u) => u.agencyId === agencyId)
    .sort((a, b) => a.callsign.localeCompare(b.callsign));
  const root = useRef<HTMLElement>(null);
  useShortcuts(root);
  const [opened, setOpened] = useState<string | null>(null);
  // Fetched again whenever one of this agency's incidents ends, so finished work appears at once.
  const ended = [...store.state.incidents.values()].filter(isEnded).length;

  return (
    <main className="layout agency" ref={root}>
      <section className="panel" aria-labelledby="assignments-title">
        <h2 id="assignments-title">
          {t('ag.title', { agency })}{' '}
          <span className="count">{assignments.filter(isOpenAssignment).length}</span>
        </h2>
        {assignments.length === 0 && <p className="muted">{t('ag.empty')}</p>}
        <ul className="list">
          {assignments.map((a, i) => (
            <AssignmentCard key={a.id} assignment={a} first={i === 0} />
          ))}
        </ul>
        <p className="shortcuts" data-testid="shortcuts">
          {t('keys.agency')}
        </p>
        <HistorySearch
          latest={t('ag.recent')}
          endedOnly
          refresh={ended}
          selectedNumber={opened}
          onSelect={(number) => setOpened(opened === number ? null : number)}
        />
        {opened && <ClosedIncident number={opened} />}
      </section>
      <section className="panel map-panel" aria-label={t('map.title')}>
        <h2>{t('ag.ownUnits', { agency: store.state.ref.agencies.get(agencyId)?.code ?? agencyId })}</h2>
        <ul className="units">
          {units.map((u) => (
            <li key={u.id} className={`unit unit-${u.status}`} data-testid="unit" data-callsign={u.callsign}>
              <strong>{u.callsign}</strong> {unitKind(u.kind, t)} · {t(`unit.${u.status}`)}
              <UnitButtons unit={u} />
            </li>
          ))}
        </ul>
        <MapView
          kecamatan={[...store.state.ref.kecamatan.values()]}
          markers={mapMarkers(
            store.state,
            (id) => store.missed.has(id),
            store.positions,
            undefined,
            (status) => t(`unit.${status}`),
          )}
        />
      </section>
    </main>
  );
}

/** The statuses a unit may go to from here, as buttons; keys only on the first card, where they act. */
function UnitButtons({ unit, keys }: { unit: Unit; keys?: boolean }) {
  const { t } = useI18n();
  const action = useAction();
  const next = CREW_STATUSES.filter((s) => UNIT_TRANSITIONS[unit.status].includes(s));
  if (next.length === 0) return null;
  return (
    <fieldset className="unit-buttons" aria-label={t('ag.unitStatus', { unit: unit.callsign })}>
      {next.map((s) => (
        <button
          key={s}
          type="button"
          disabled={action.busy}
          data-shortcut={keys ? statusKey(s) : undefined}
          onClick={() => action.run('unit.set_status', { unitId: unit.id, status: s })}
        >
          {t(`unit.${s}`)}
          {keys && <kbd>{statusKey(s)}</kbd>}
        </button>
      ))}
      <FormError error={action.error} />
    </fieldset>
  );
}

function AssignmentCard({ assignment: a, first }: { assignment: Assignment; first: boolean }) {
  const { t } = useI18n();
  const store = useLive();
  const incident = store.state.incidents.get(a.incidentId);
  const ack = useAction();
  if (!incident) return null;
  const open = isOpenAssignment(a);
  return (
    <li
      className={`assignment-card priority-${incident.priority} assignment-${a.status}${flashClass(store, a.id)}`}
      data-testid="assignment"
      data-number={incident.number}
      data-status={a.status}
    >
      <h3>
        <IncidentTitle incident={incident} />
      </h3>
      <p className="place">{placeText(store.state, incident)}</p>
      {pointText(incident.location) && (
        <p className="map-point-text" data-testid="map-point">
          {t('dp.point')}: {pointText(incident.location)}
        </p>
      )}
      {incident.description && <p>{incident.description}</p>}
      {incident.caller.phone && (
        <p>
          {t('form.callerName')}: {incident.caller.name ?? '–'} · {incident.caller.phone}
        </p>
      )}
      {a.note && (
        <p className="note">
          {t('ag.note')}: {a.note}
        </p>
      )}
      {/* The agency holds the incident only while assigned to it, and with it the triage. */}
      <details className="triage-details" open={a.status === 'requested'}>
        <summary>{t('triage.answers')}</summary>
        <TriageSummary triage={incident.triage} />
      </details>
      <p className="status-line">
        <strong>{t(`assignment.${a.status}`)}</strong> ·{' '}
        <Elapsed since={a.updatedAt} lateAfterMs={a.status === 'requested' ? 60_000 : undefined} />
      </p>
      {a.status === 'requested' && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={ack.busy}
            data-shortcut={first ? 'T' : undefined}
            onClick={() => ack.run('assignment.acknowledge', { assignmentId: a.id })}
          >
            {t('ag.acknowledge')}
            {first && <kbd>T</kbd>}
          </button>
          <FormError error={ack.error} />
        </div>
      )}
      {open && <RunCardPanel incident={incident} assignment={a} keys={first} />}
      {(a.status === 'acknowledged' || a.status === 'done') && <UnitsPanel assignment={a} first={first} />}
      <IncidentNotes incidentId={incident.id} canWrite />
      {a.status === 'acknowledged' && <OutcomeForm assignment={a} />}
      {open && <DeclineForm assignment={a} />}
      {a.outcome && (
        <p className="outcome">
          {t('ag.done')}: {t('ag.dead')} {a.outcome.dead}, {t('ag.injured')} {a.outcome.injured}.{' '}
          {a.outcome.report}
        </p>
      )}
    </li>
  );
}

function UnitsPanel({ assignment: a, first }: { assignment: Assignment; first: boolean }) {
  const { t } = useI18n();
  const store = useLive();
  const assign = useAction();
  const available = [...store.state.units.values()].filter(
    (u) => u.agencyId === a.agencyId && u.status === 'available',
  );
  const [unitId, setUnitId] = useState('');
  const chosen = available.some((u) => u.id === unitId) ? unitId : (available[0]?.id ?? '');
  const assigned = a.unitIds.map((id) => store.state.units.get(id)).filter((u) => u !== undefined);

  return (
    <div className="units-panel">
      {a.status === 'acknowledged' && (
        <form
          className="inline"
          aria-label={t('ag.assignUnit')}
          onSubmit={async (e) => {
            e.preventDefault();
            if (chosen) await assign.run('assignment.assign_unit', { assignmentId: a.id, unitId: chosen });
          }}
        >
          <label>
            {t('ag.unit')}
            <select
              name="unit"
              value={chosen}
              onChange={(e) => setUnitId(e.target.value)}
              disabled={available.length === 0}
            >
              {available.length === 0 && <option value="">{t('ag.noUnits')}</option>}
              {available.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.callsign} · {unitKind(u.kind, t)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!chosen || assign.busy} data-shortcut={first ? 'U' : undefined}>
            {t('ag.assignUnit')}
            {first && <kbd>U</kbd>}
          </button>
          <FieldError error={assign.error} field="unitId" />
          <FormError error={assign.error} fields={['unitId']} />
        </form>
      )}
      {assigned.length > 0 && (
        <table className="unit-table">
          <caption>{t('ag.units')}</caption>
          <tbody>
            {assigned.map((u) => (
              <tr key={u.id} data-testid="assigned-unit" data-status={u.status}>
                <th scope="row">{u.callsign}</th>
                <td className={`unit-${u.status}`}>{t(`unit.${u.status}`)}</td>
                <td>{u.assignmentId === a.id && <UnitButtons unit={u} keys={first} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function OutcomeForm({ assignment: a }: { assignment: Assignment }) {
  const { t } = useI18n();
  const action = useAction();
  const draftKey = `pinisi.draft.outcome.${a.id}`;
  const [draft, setDraft] = useDraft(draftKey, { dead: '0', injured: '0', report: '' });
  const { dead, injured, report } = draft;
  const setDead = (v: string) => setDraft((d) => ({ ...d, dead: v }));
  const setInjured = (v: string) => setDraft((d) => ({ ...d, injured: v }));
  const setReport = (v: string) => setDraft((d) => ({ ...d, report: v }));
  const [missing, setMissing] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!report.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const done = await action.run('assignment.complete', {
      assignmentId: a.id,
      outcome: { dead: Number(dead) || 0, injured: Number(injured) || 0, report: report.trim() },
    });
    // The form unmounts once the assignment is done; its draft goes with it.
    if (done) setTimeout(() => saveDraft(draftKey, null), 0);
  };

  return (
    // Sent with Ctrl+Enter from the report, as the notes above it are (Enter alone never sends).
    <form
      className="outcome-form"
      onSubmit={submit}
      onKeyDown={ctrlEnterSubmits}
      aria-label={t('ag.outcome')}
    >
      <h4>{t('ag.outcome')}</h4>
      <div className="inline">
        <label>
          {t('ag.dead')}
          <input
            name="dead"
            type="number"
            min={0}
            value={dead}
            onChange={(e) => setDead(e.target.value)}
            onKeyDown={noEnter}
          />
        </label>
        <label>
          {t('ag.injured')}
          <input
            name="injured"
            onKeyDown={noEnter}
            type="number"
            min={0}
            value={injured}
            onChange={(e) => setInjured(e.target.value)}
          />
        </label>
      </div>
      <label>
        {t('ag.report')}
        <textarea name="report" rows={2} value={report} onChange={(e) => setReport(e.target.value)} />
      </label>
      {missing && (
        <span className="field-error" role="alert">
          {t('form.required')}
        </span>
      )}
      <FieldError error={action.error} field="outcome" />
      <FormError error={action.error} fields={['outcome']} />
      <button type="submit" className="primary" disabled={action.busy}>
        {t('ag.complete')} <kbd>Ctrl+Enter</kbd>
      </button>
    </form>
  );
}

function DeclineForm({ assignment: a }: { assignment: Assignment }) {
  const { t } = useI18n();
  const action = useAction();
  const [reason, setReason] = useState('');
  const [short, setShort] = useState(false);
  return (
    <form
      className="inline decline"
      aria-label={t('ag.decline')}
      onSubmit={async (e) => {
        e.preventDefault();
        if (reason.trim().length < 3) {
          setShort(true);
          return;
        }
        setShort(false);
        await action.run('assignment.decline', { assignmentId: a.id, reason: reason.trim() });
      }}
    >
      <label>
        {t('ag.declineReason')}
        <input
          name="declineReason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={noEnter}
        />
      </label>
      <button type="submit" className="danger" disabled={action.busy}>
        {t('ag.decline')}
      </button>
      {short && (
        <span className="field-error" role="alert">
          {t('error.reason.short')}
        </span>
      )}
      <FieldError error={action.error} field="reason" />
      <FormError error={action.error} fields={['reason']} />
    </form>
  );
}
