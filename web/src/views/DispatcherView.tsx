// Dispatcher console: the queue to forward, the board of active incidents, the selected incident's detail and timeline.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { assignmentsOf, isOpenAssignment } from '../../../src/domain/state.ts';
import type { Assignment, Incident } from '../../../src/domain/types.ts';
import { SoundToggle, useArrivalAlert } from '../alert.ts';
import { AmendIncident } from '../components/AmendIncident.tsx';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { Elapsed } from '../components/Elapsed.tsx';
import { ClosedIncident, HistorySearch } from '../components/HistorySearch.tsx';
import { IncidentHeading } from '../components/IncidentFacts.tsx';
import { IncidentNotes, useTimeline } from '../components/IncidentNotes.tsx';
import { IncidentRow } from '../components/IncidentRow.tsx';
import { MapView } from '../components/LazyMap.tsx';
import { IncidentLinks, LinkMerge } from '../components/LinkMerge.tsx';
import { RunCardPanel } from '../components/RunCardPanel.tsx';
import { TriageSummary } from '../components/TriageSummary.tsx';
import { UnitsBoard } from '../components/UnitsBoard.tsx';
import { agencyCode, describeEvent } from '../describe.ts';
import { useDraft } from '../draft.ts';
import { FieldError, FormError } from '../errors.tsx';
import { formatTime } from '../format.ts';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { isTyping } from '../keys.ts';
import { type LiveStore, useLive } from '../live.ts';
import { mapMarkers } from '../markers.ts';
import { ACK_LATE_MS, activeBoard, dispatchQueue } from '../queue.ts';
import { selectedNumberFromUrl, useNewArrivals, writeSelectedNumber } from '../selection.ts';
import { useSession } from '../session.ts';
import { useShortcuts } from '../shortcuts.ts';
import './dispatch.css';

export function DispatcherView() {
  const { t } = useI18n();
  const store = useLive();
  const root = useRef<HTMLElement>(null);
  // The selection is the incident's number in the address, so a reload (or a shared link) keeps it.
  const [selectedNumber, setSelectedNumber] = useState<string | null>(selectedNumberFromUrl);
  const incidents = store.state.incidents.values();
  const queue = dispatchQueue(incidents);
  const board = activeBoard(store.state.incidents.values());
  const selected = selectedNumber ? findByNumber(store, selectedNumber) : undefined;
  const selectedId = selected?.id ?? null;
  const arrivals = useNewArrivals(queue.map((i) => i.id));
  useArrivalAlert(
    queue.map((i) => i.id),
    t('app.title'),
  );
  useArrivalAlert(escalationKeys(store));
  const select = (incident: Incident | null) => {
    const number = incident?.number ?? null;
    setSelectedNumber(number);
    writeSelectedNumber(number);
    if (incident) arrivals.seen(incident.id);
  };
  // Auto-open (off unless the dispatcher turns it on): a new arrival opens by itself when the detail is free,
  // that is nothing is open or the open incident has ended; it never takes the dispatcher away from live work.
  const [auto, setAuto] = useDraft('pinisi.autoOpen', { on: false });
  const free = !selected || selected.status === 'closed' || selected.status === 'cancelled';
  const nextNew = queue.find((i) => arrivals.isNew(i.id));
  useEffect(() => {
    if (auto.on && free && nextNew && !isTyping(document.activeElement)) select(nextNew);
  });
  const list = [...queue, ...board];
  const step = (by: number) => {
    const at = list.findIndex((i) => i.id === selectedId);
    const next = list[at === -1 ? (by > 0 ? 0 : list.length - 1) : at + by];
    if (next) select(next);
  };
  useShortcuts(root, {
    n: () => queue[0] && select(queue[0]),
    j: () => step(1),
    k: () => step(-1),
    '/': () => root.current?.querySelector<HTMLInputElement>('input[name=history]')?.focus(),
  });

  return (
    <main className="layout dispatcher" ref={root}>
      <section className="panel" aria-labelledby="queue-title">
        <h2 id="queue-title">
          {t('dp.queue')} <span className="count">{queue.length}</span>
        </h2>
        <div className="queue-tools">
          <SoundToggle />
          <button
            type="button"
            className="sound-toggle auto-open"
            aria-pressed={auto.on}
            onClick={() => setAuto({ on: !auto.on })}
          >
            {auto.on ? t('dp.autoOpen.on') : t('dp.autoOpen.off')}
          </button>
        </div>
        {queue.length === 0 && <p className="muted">{t('dp.queue.empty')}</p>}
        <ul className="list" data-testid="queue">
          {queue.map((incident) => (
            <IncidentRow
              key={incident.id}
              incident={incident}
              since={incident.forwardedAt ?? incident.createdAt}
              selected={incident.id === selectedId}
              arrived={arrivals.isNew(incident.id)}
              onSelect={() => select(incident)}
            />
          ))}
        </ul>
        <h2>
          {t('dp.board')} <span className="count">{board.length}</span>
        </h2>
        {board.length === 0 && <p className="muted">{t('dp.board.empty')}</p>}
        <ul className="list" data-testid="board">
          {board.map((incident) => (
            <IncidentRow
              key={incident.id}
              incident={incident}
              since={incident.dispatchedAt ?? incident.createdAt}
              selected={incident.id === selectedId}
              onSelect={() => select(incident)}
              showAssignments
            />
          ))}
        </ul>
        <HistorySearch
          selectedNumber={selectedNumber}
          onSelect={(number) => {
            setSelectedNumber(number);
            writeSelectedNumber(number);
          }}
        />
        <p className="shortcuts" data-testid="shortcuts">
          {t('keys.dispatcher')}
        </p>
      </section>
      <section className="panel detail" aria-label={selected?.number ?? t('dp.select')}>
        {selected ? (
          <IncidentDetail
            key={selected.id}
            incident={selected}
            onOpen={(number) => select(findByNumber(store, number) ?? null)}
          />
        ) : selectedNumber ? (
          <ClosedIncident number={selectedNumber} />
        ) : (
          <p className="muted">{t('dp.select')}</p>
        )}
      </section>
      <section className="panel map-panel" aria-label={t('map.title')}>
        <MapView
          kecamatan={[...store.state.ref.kecamatan.values()]}
          markers={mapMarkers(
            store.state,
            (id) => id === selectedId || store.missed.has(id),
            store.positions,
            undefined,
            (status) => t(`unit.${status}`),
          )}
        />
        <UnitsBoard
          onSelectIncident={(number) => {
            setSelectedNumber(number);
            writeSelectedNumber(number);
          }}
        />
      </section>
    </main>
  );
}

/** The incident the live state holds under this number (open, or ended within the recent window). */
export function findByNumber(store: LiveStore, number: string): Incident | undefined {
  for (const incident of store.state.incidents.values()) if (incident.number === number) return incident;
  return undefined;
}

/** One key per escalation occurrence, so each repeat chimes again. */
export function escalationKeys(store: LiveStore): string[] {
  return [...store.escalations.values()].map((e) => `${e.assignmentId}:${e.occurrence}`);
}

export function IncidentDetail({
  incident,
  onOpen,
}: {
  incident: Incident;
  /** Opens another incident by its number (a linked one, the one this was merged into). */
  onOpen?: (number: string) => void;
}) {
  const { t } = useI18n();
  const store = useLive();
  const [amending, setAmending] = useState(false);
  const assignments = assignmentsOf(store.state, incident.id);
  const open = incident.status === 'waiting_dispatch' || incident.status === 'dispatched';
  return (
    <article className="incident-detail" data-testid="incident-detail" data-number={incident.number}>
      <IncidentHeading
        incident={incident}
        statusEnd={
          <>
            {' · '}
            <Elapsed since={incident.createdAt} />
          </>
        }
      />
      <IncidentLinks incident={incident} onOpen={onOpen} />
      {open &&
        (amending ? (
          <AmendIncident incident={incident} onDone={() => setAmending(false)} />
        ) : (
          <button type="button" data-testid="amend" data-shortcut="U" onClick={() => setAmending(true)}>
            {t('amend.dispatcher')} <kbd>U</kbd>
          </button>
        ))}
      <TriageSummary triage={incident.triage} />
      {open && <RunCardPanel incident={incident} />}
      {assignments.length > 0 && (
        <table className="assignments">
          <tbody>
            {assignments.map((a) => (
              <tr key={a.id} className={a.status === 'requested' ? 'not-acked' : undefined}>
                <th scope="row">{agencyCode(store.state, a.agencyId)}</th>
                <td>
                  {t(`assignment.${a.status}`)}
                  {a.declinedReason && ` — ${a.declinedReason}`}
                  {a.withdrawnReason && ` — ${a.withdrawnReason}`}
                  {a.acknowledgedVia && (
                    <small className="via">
                      {' '}
                      {t('dp.ackVia', {
                        channel: t(`dp.via.${a.acknowledgedVia.channel}`),
                        contact: a.acknowledgedVia.contact,
                      })}
                    </small>
                  )}
                </td>
                <td>
                  <Elapsed
                    since={a.updatedAt}
                    lateAfterMs={a.status === 'requested' ? ACK_LATE_MS : undefined}
                  />
                </td>
                <td>
                  {a.unitIds
                    .map((id) => store.state.units.get(id))
                    .filter((u) => u !== undefined)
                    .map((u) => `${u.callsign}: ${t(`unit.${u.status}`)}`)
                    .join(', ')}
                  {a.outcome &&
                    ` · ${t('ag.dead')} ${a.outcome.dead}, ${t('ag.injured')} ${a.outcome.injured}: ${a.outcome.report}`}
                </td>
                <td className="assignment-actions">
                  {isOpenAssignment(a) && <AssignmentActions assignment={a} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {incident.status === 'waiting_dispatch' && <ForwardForm incident={incident} />}
      {open && (
        <EndActions
          incident={incident}
          working={assignments.filter(isOpenAssignment)}
          allDone={assignments.length > 0 && !assignments.some(isOpenAssignment)}
        />
      )}
      {incident.status === 'dispatched' && (
        <details className="more-agencies">
          <summary>{t('dp.addAgencies')}</summary>
          <ForwardForm incident={incident} />
        </details>
      )}
      {open && <LinkMerge incident={incident} />}
      <IncidentNotes incidentId={incident.id} canWrite={open} />
      <Timeline incident={incident} />
    </article>
  );
}

function ForwardForm({ incident }: { incident: Incident }) {
  const { t } = useI18n();
  const store = useLive();
  const action = useAction();
  const category = store.state.ref.categories.get(incident.category);
  // The SOP's agencies for the recorded answers; without a triage, the category's defaults.
  const suggested = new Set(incident.triage?.agencies.map((a) => a.agencyId) ?? category?.agencies ?? []);
  const working = new Set(
    assignmentsOf(store.state, incident.id)
      .filter(isOpenAssignment)
      .map((a) => a.agencyId),
  );
  const first = incident.status === 'waiting_dispatch';
  const [picked, setChosen] = useState<Set<string> | null>(null);
  // Until the dispatcher touches the choice, it follows the suggestion (which may arrive a moment later).
  const chosen = picked ?? new Set(first ? suggested : []);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  // Only a hint for the label: the rule that an override needs a note is the domain's.
  const changed =
    first &&
    Boolean(incident.triage) &&
    (chosen.size !== suggested.size || [...chosen].some((a) => !suggested.has(a)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const agencies = [...chosen].filter((a) => !working.has(a));
    if (agencies.length === 0) {
      setMissing(true);
      return;
    }
    setMissing(false);
    const ok = await action.run('incident.request_agencies', {
      incidentId: incident.id,
      agencies,
      note: note.trim() || null,
    });
    if (ok) {
      setChosen(new Set());
      setNote('');
    }
  };

  return (
    <form className="forward" onSubmit={submit} aria-label={first ? t('dp.forward') : t('dp.addAgencies')}>
      <h3>{first ? t('dp.forward') : t('dp.addAgencies')}</h3>
      <fieldset className="agency-choice">
        <legend>{t('dp.agencies')}</legend>
        {[...store.state.ref.agencies.values()].map((agency) => (
          <label key={agency.id} className={suggested.has(agency.id) ? 'suggested' : undefined}>
            <input
              type="checkbox"
              name="agency"
              value={agency.id}
              disabled={working.has(agency.id)}
              checked={chosen.has(agency.id) || working.has(agency.id)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.target.checked) next.add(agency.id);
                else next.delete(agency.id);
                setChosen(next);
              }}
            />
            {agency.code}
            {suggested.has(agency.id) && <small> ({t('dp.suggested')})</small>}
          </label>
        ))}
      </fieldset>
      {missing && (
        <span className="field-error" role="alert">
          {t('error.agencies.none')}
        </span>
      )}
      <FieldError error={action.error} field="agencies" />
      <label>
        {changed ? t('triage.changeReason') : t('dp.note')} {!changed && <small>({t('optional')})</small>}
        <input
          name="note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
          maxLength={500}
        />
      </label>
      <FieldError error={action.error} field="note" />
      <FormError error={action.error} fields={['agencies', 'note']} />
      <button
        type="submit"
        className="primary"
        disabled={action.busy}
        data-shortcut={first ? 'F' : undefined}
      >
        {first ? t('dp.forward') : t('dp.addAgencies')}
        {first && <kbd>F</kbd>}
      </button>
    </form>
  );
}

/** What the centre can do about one agency's open request: record a phoned or radioed acceptance, withdraw it. */
function AssignmentActions({ assignment: a }: { assignment: Assignment }) {
  const { t } = useI18n();
  const store = useLive();
  const ack = useAction();
  const withdraw = useAction();
  const [channel, setChannel] = useState<'phone' | 'radio'>('phone');
  const [contact, setContact] = useState('');
  const [reason, setReason] = useState('');
  const agency = agencyCode(store.state, a.agencyId);
  return (
    <div className="inline-actions">
      {a.status === 'requested' && (
        <ConfirmAction
          label={t('dp.ackOnBehalf')}
          question={t('dp.ackOnBehalf.question', { agency })}
          confirmLabel={t('dp.ackOnBehalf.confirm')}
          action={ack}
          valid={contact.trim().length >= 3}
          testId="ack-on-behalf"
          fields={
            <>
              <label>
                {t('dp.via')}
                <select
                  name="via"
                  value={channel}
                  onChange={(e) => setChannel(e.target.value as 'phone' | 'radio')}
                >
                  <option value="phone">{t('dp.via.phone')}</option>
                  <option value="radio">{t('dp.via.radio')}</option>
                </select>
              </label>
              <label>
                {t('dp.contact')}
                <input
                  name="contact"
                  value={contact}
                  maxLength={120}
                  onChange={(e) => setContact(e.target.value)}
                />
              </label>
            </>
          }
          onConfirm={() =>
            ack.run('assignment.acknowledge', {
              assignmentId: a.id,
              via: { channel, contact: contact.trim() },
            })
          }
        />
      )}
      <ConfirmAction
        label={t('dp.withdraw')}
        question={t('dp.withdraw.question', { agency })}
        confirmLabel={t('dp.withdraw.confirm')}
        className="danger"
        action={withdraw}
        valid={reason.trim().length >= 3}
        testId="withdraw"
        fields={
          <label>
            {t('reason')}
            <input name="withdrawReason" value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        }
        onConfirm={() => withdraw.run('assignment.withdraw', { assignmentId: a.id, reason: reason.trim() })}
      />
    </div>
  );
}

/** Close, cancel, and for the supervisor a forced close while agencies still work: each asks before it acts. */
function EndActions({
  incident,
  working,
  allDone,
}: {
  incident: Incident;
  working: Assignment[];
  allDone: boolean;
}) {
  const { t } = useI18n();
  const store = useLive();
  const session = useSession();
  const close = useAction();
  const force = useAction();
  const cancel = useAction();
  const [closeReason, setCloseReason] = useState('');
  const [forceReason, setForceReason] = useState('');
  const [cancelReason, setCancelReason] = useState('');
  const names = working.map((a) => agencyCode(store.state, a.agencyId)).join(', ');
  const mayForce = session.user.role === 'supervisor';
  return (
    <div className="end-forms">
      {allDone && <p className="notice">{t('dp.allDone')}</p>}
      {incident.status === 'dispatched' && working.length === 0 && (
        <ConfirmAction
          label={t('dp.close')}
          shortcut="T"
          className={allDone ? 'primary' : undefined}
          question={t('dp.close.question', { number: incident.number })}
          confirmLabel={t('dp.close.confirm')}
          action={close}
          testId="close"
          fields={
            <label>
              {t('dp.closeReason')} <small>({t('optional')})</small>
              <input
                name="closeReason"
                value={closeReason}
                onChange={(e) => setCloseReason(e.target.value)}
              />
            </label>
          }
          onConfirm={() =>
            close.run('incident.close', { incidentId: incident.id, reason: closeReason.trim() || null })
          }
        />
      )}
      {incident.status === 'dispatched' && working.length > 0 && (
        <p className="muted" data-testid="still-working">
          {t('dp.stillWorking', { names })} {!mayForce && t('dp.stillWorking.hint')}
        </p>
      )}
      {incident.status === 'dispatched' && working.length > 0 && mayForce && (
        <ConfirmAction
          label={t('dp.forceClose')}
          className="danger"
          question={t('dp.forceClose.question', { names })}
          confirmLabel={t('dp.forceClose.confirm')}
          action={force}
          valid={forceReason.trim().length >= 3}
          testId="force-close"
          fields={
            <label>
              {t('reason')}
              <input
                name="forceReason"
                value={forceReason}
                onChange={(e) => setForceReason(e.target.value)}
              />
            </label>
          }
          onConfirm={() =>
            force.run('incident.close', { incidentId: incident.id, force: true, reason: forceReason.trim() })
          }
        />
      )}
      <ConfirmAction
        label={t('dp.cancelIncident')}
        className="danger"
        question={t('dp.cancel.question', { number: incident.number })}
        confirmLabel={t('dp.cancel.confirm')}
        action={cancel}
        valid={cancelReason.trim().length >= 3}
        testId="cancel"
        fields={
          <label>
            {t('dp.cancelReason')}
            <input
              name="cancelReason"
              value={cancelReason}
              onChange={(e) => setCancelReason(e.target.value)}
            />
          </label>
        }
        onConfirm={() =>
          cancel.run('incident.cancel', { incidentId: incident.id, reason: cancelReason.trim() })
        }
      />
    </div>
  );
}

function Timeline({ incident }: { incident: Incident }) {
  const { t, lang } = useI18n();
  const store = useLive();
  const events = useTimeline(incident.id);
  if (!events) return null;
  return (
    <section className="timeline">
      <h3>{t('dp.timeline')}</h3>
      <ol>
        {events.map((e) => (
          <li key={e.seq}>
            <time>{formatTime(e.at, lang)}</time> {describeEvent(store.state, e, t, lang)}
          </li>
        ))}
      </ol>
    </section>
  );
}
