// Call taker console: incoming calls, the call in hand with caller history, one-key classification, the incident form.
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { Call, CallChannel, CallType } from '../../../src/domain/types.ts';
import { useArrivalAlert } from '../alert.ts';
import { AmendIncident } from '../components/AmendIncident.tsx';
import { CallerHistoryBox, JunkWarning, useCallerHistory } from '../components/CallerHistoryBox.tsx';
import { CallerLocationBox, useCallerLocation, useLocationStatus } from '../components/CallerLocationBox.tsx';
import { DeskPanel } from '../components/DeskPanel.tsx';
import { DuplicateBanner } from '../components/DuplicateBanner.tsx';
import { Elapsed } from '../components/Elapsed.tsx';
import { draftPriority, EMPTY_DRAFT, type IncidentDraft, IncidentForm } from '../components/IncidentForm.tsx';
import { MapView } from '../components/LazyMap.tsx';
import { type PendingEnd, PendingEndBanner, usePendingEnd } from '../components/PendingEnd.tsx';
import { PointPlace } from '../components/PointPlace.tsx';
import { categoryName } from '../describe.ts';
import { useDraft } from '../draft.ts';
import { FieldError, FormError } from '../errors.tsx';
import { useGeo, withPoint } from '../geo.ts';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { CLASSIFY_KEYS, classifyKey, isTyping } from '../keys.ts';
import { useLive } from '../live.ts';
import { mapMarkers, PRIORITY_COLORS } from '../markers.ts';
import { useSession } from '../session.ts';
import './calltaker.css';

const MANUAL_CHANNELS: CallChannel[] = ['walk_in', 'radio', 'voice', 'sms', 'app'];
const ANSWER_KEY = 'A';

export function CallTakerView() {
  const { t } = useI18n();
  const store = useLive();
  const geo = useGeo();
  const session = useSession();
  const userId = session.user.id;
  const [draft, setDraft, restored] = useDraft<IncidentDraft>(
    `pinisi.draft.incident.${session.user.username}`,
    EMPTY_DRAFT,
  );
  const [notice, setNotice] = useState<string | null>(
    restored && draft.open ? t('form.draftRestored') : null,
  );
  const action = useAction();
  const [amending, setAmending] = useState<string | null>(null);
  const amended = amending ? store.state.incidents.get(amending) : undefined;

  const calls = [...store.state.calls.values()];
  const ringing = calls.filter((c) => c.status === 'ringing').sort((a, b) => a.registeredAt - b.registeredAt);
  const mine = calls
    .filter(
      (c) =>
        c.status === 'answered' && c.answeredBy === userId && (c.type === null || c.type === 'emergency'),
    )
    .sort((a, b) => (a.answeredAt ?? 0) - (b.answeredAt ?? 0));
  useArrivalAlert(
    ringing.map((c) => c.id),
    t('app.title'),
  );
  const inHand: Call | undefined =
    (draft.callId ? mine.find((c) => c.id === draft.callId) : undefined) ?? mine[0];

  const endAs = useCallback(
    async ({ callId, type }: PendingEnd) => {
      const classified = await action.run('call.classify', { callId, callType: type });
      if (!classified) return;
      await action.run('call.end', { callId });
      setNotice(t('ct.classified', { type: t(`calltype.${type}`) }));
    },
    [action, t],
  );
  const pendingEnd = usePendingEnd((p) => void endAs(p));
  const { start: startEnd, finish: finishEnd, cancel: cancelEnd } = pendingEnd;
  const pending = pendingEnd.pending;

  const classify = useCallback(
    async (call: Call, type: CallType) => {
      if (type === 'emergency') {
        cancelEnd();
        if (call.type === null) await action.run('call.classify', { callId: call.id, callType: 'emergency' });
        setDraft((d) => ({
          ...d,
          open: true,
          callId: call.id,
          callerPhone: d.callId === call.id ? d.callerPhone : (call.number ?? ''),
        }));
        setTimeout(
          () => document.querySelector<HTMLInputElement>('.incident-form input[name="category"]')?.focus(),
          0,
        );
        return;
      }
      // The same key twice ends the call at once; a first press waits out the undo.
      if (pending?.callId === call.id && pending.type === type) finishEnd();
      else startEnd(call.id, type);
    },
    [action, setDraft, pending, startEnd, finishEnd, cancelEnd],
  );

  const answer = useCallback(
    async (call: Call) => {
      const ok = await action.run('call.answer', { callId: call.id });
      if (ok) setNotice(null);
    },
    [action],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || draft.open) return;
      if (pending && !isTyping(e.target) && (e.key === 'Escape' || e.key === 'Enter')) {
        e.preventDefault();
        if (e.key === 'Escape') cancelEnd();
        else finishEnd();
        return;
      }
      if (inHand) {
        // A reported call is already an emergency: what remains is to end it.
        if (inHand.incidentId) return;
        const type = classifyKey(e);
        if (!type) return;
        e.preventDefault();
        void classify(inHand, type);
      } else if (ringing[0] && !e.ctrlKey && !e.altKey && !e.metaKey && e.key.toUpperCase() === ANSWER_KEY) {
        const target = e.target as HTMLElement | null;
        if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
        e.preventDefault();
        void answer(ringing[0]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [inHand, ringing, draft.open, classify, answer, pending, cancelEnd, finishEnd]);

  const inHandId = inHand?.id ?? null;
  useEffect(() => {
    if (inHandId) setNotice((n) => (n === t('form.draftRestored') ? n : null));
  }, [inHandId, t]);

  const markers = mapMarkers(
    store.state,
    (id) => store.changed.has(id) && Date.now() - (store.changed.get(id) ?? 0) < 10_000,
    undefined,
    undefined,
    (status) => t(`unit.${status}`),
  );
  if (draft.open && draft.lat !== null && draft.lon !== null) {
    const category = draft.category ? store.state.ref.categories.get(draft.category) : undefined;
    markers.push({
      id: 'pick',
      lat: draft.lat,
      lon: draft.lon,
      color: PRIORITY_COLORS[draftPriority(draft, category?.defaultPriority)],
      label: '✚',
      title: t('form.point'),
      kind: 'pick',
    });
  }

  const onSaved = (number: string) => {
    setDraft(() => EMPTY_DRAFT);
    setNotice(t(inHand ? 'ct.reported' : 'form.saved', { number }));
    // Nothing typed must catch the next key: the End call button takes the focus once it shows, and A then
    // answers the next ringing call.
    (document.activeElement as HTMLElement | null)?.blur();
  };

  return (
    <main className="layout calltaker">
      <div className="column">
        <DeskPanel
          category={
            (inHand?.incidentId && store.state.incidents.get(inHand.incidentId)?.category) ||
            (draft.open ? draft.category : null) ||
            null
          }
        />
        <section className="panel" aria-labelledby="ringing-title">
          <h2 id="ringing-title">
            {t('ct.ringing')} <span className="count">{ringing.length}</span>
          </h2>
          {ringing.length === 0 && <p className="muted">{t('ct.noRinging')}</p>}
          <ul className="list">
            {ringing.map((call, i) => (
              <RingingCall
                key={call.id}
                call={call}
                first={i === 0}
                onAnswer={() => answer(call)}
                busy={action.busy}
              />
            ))}
          </ul>
          <RegisterCall disabled={Boolean(inHand)} />
          <MyOpenIncidents userId={userId} onAmend={setAmending} />
        </section>
      </div>
      <section className="panel in-hand" aria-labelledby="inhand-title">
        <h2 id="inhand-title">{t('ct.inHand')}</h2>
        {inHand && (
          <CallHead
            call={inHand}
            category={
              (inHand.incidentId && store.state.incidents.get(inHand.incidentId)?.category) ||
              (draft.open ? draft.category : null)
            }
          />
        )}
        {notice && (
          <div className="notice" role="status">
            {notice}
          </div>
        )}
        <FormError error={action.error} />
        {pending && pending.callId === inHand?.id && <PendingEndBanner control={pendingEnd} />}
        {inHand ? (
          <CallInHand
            call={inHand}
            formOpen={draft.open}
            point={draft.open ? { lat: draft.lat, lon: draft.lon } : null}
            onUseLocation={(lat, lon) => setDraft((d) => withPoint(d, lat, lon, geo))}
            onClassify={(type) => classify(inHand, type)}
            pendingType={pending?.callId === inHand.id ? pending.type : null}
            onAmend={setAmending}
            busy={action.busy}
          />
        ) : (
          !draft.open && <p className="muted">{t('ct.noCall')}</p>
        )}
        {amended && !amended.closedAt && (
          <AmendIncident
            key={amended.id}
            incident={amended}
            onDone={(saved) => {
              setAmending(null);
              if (saved) setNotice(t('amend.saved', { number: amended.number }));
              // Back to the next step: ending the call in hand, if there is one.
              setTimeout(
                () => document.querySelector<HTMLButtonElement>('[data-testid=end-call]')?.focus(),
                0,
              );
            }}
          />
        )}
        {draft.open && inHand && !inHand.incidentId && (
          <DuplicateBanner
            draft={draft}
            callId={inHand.id}
            onAttached={(number) => {
              setDraft(() => EMPTY_DRAFT);
              setNotice(t('ct.attachedCall', { number }));
            }}
          />
        )}
        {draft.open && (
          <IncidentForm
            draft={draft}
            setDraft={setDraft}
            onSaved={onSaved}
            onDiscard={() => {
              setDraft(() => EMPTY_DRAFT);
              setNotice(null);
            }}
          />
        )}
      </section>
      <section className="panel map-panel" aria-label={t('map.title')}>
        {draft.open && (
          <p className="muted">
            {t('form.point')}:{' '}
            {draft.lat !== null && draft.lon !== null
              ? `${draft.lat.toFixed(5)}, ${draft.lon.toFixed(5)}`
              : t('form.point.hint')}{' '}
            <PointPlace lat={draft.lat} lon={draft.lon} />
          </p>
        )}
        <MapView
          kecamatan={[...store.state.ref.kecamatan.values()]}
          markers={markers}
          area={draft.open && draft.lat === null ? (draft.desa ?? draft.kecamatan) : null}
          onPick={draft.open ? (lat, lon) => setDraft((d) => withPoint(d, lat, lon, geo)) : undefined}
        />
      </section>
    </main>
  );
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function RingingCall({
  call,
  first,
  onAnswer,
  busy,
}: {
  call: Call;
  first: boolean;
  onAnswer: () => void;
  busy: boolean;
}) {
  const { t } = useI18n();
  const history = useCallerHistory(call.id, call.number);
  const located = useCallerLocation(call.channel === 'voice' ? call.id : null);
  const locationStatus = useLocationStatus(call.channel === 'voice' ? call.id : null);
  return (
    <li className={`call ringing${history?.junkWarning ? ' junk' : ''}`} data-testid="ringing-call">
      <div>
        <strong className="number">{call.number ?? t('ct.withheld')}</strong> · {t(`channel.${call.channel}`)}{' '}
        · <Elapsed since={call.registeredAt} lateAfterMs={15_000} />
      </div>
      <JunkWarning history={history} />
      <CallerLocationBox found={located} status={locationStatus} />
      <button type="button" className="primary" onClick={onAnswer} disabled={busy}>
        {t('ct.answer')}
        {first && <kbd>{ANSWER_KEY}</kbd>}
      </button>
    </li>
  );
}

function CallInHand({
  call,
  formOpen,
  point,
  onUseLocation,
  onClassify,
  pendingType,
  onAmend,
  busy,
}: {
  call: Call;
  formOpen: boolean;
  /** The incident form's map point while the form is open; the location can be used only then. */
  point: { lat: number | null; lon: number | null } | null;
  onUseLocation: (lat: number, lon: number) => void;
  onClassify: (type: CallType) => void;
  /** A junk type waiting out its undo before the call ends. */
  pendingType: CallType | null;
  onAmend: (incidentId: string) => void;
  busy: boolean;
}) {
  const { t } = useI18n();
  const history = useCallerHistory(call.id, call.number);
  const located = useCallerLocation(call.channel === 'voice' ? call.id : null);
  const locationStatus = useLocationStatus(call.channel === 'voice' ? call.id : null);
  const used =
    point !== null &&
    located !== null &&
    point.lat === round(located.location.lat) &&
    point.lon === round(located.location.lon);
  return (
    <div className="call-in-hand" data-testid="call-in-hand" data-call-id={call.id}>
      <CallerLocationBox
        found={located}
        status={locationStatus}
        onAccept={point ? onUseLocation : undefined}
        used={used}
      />
      <CallerHistoryBox history={history} />
      {call.incidentId && <EndCall call={call} onAmend={onAmend} />}
      {call.incidentId && <CallerInstructions incidentId={call.incidentId} />}
      {!formOpen && !call.incidentId && (
        <fieldset className="classify">
          <legend>{t('ct.classify')}</legend>
          {CLASSIFY_KEYS.map(({ key, type }) => (
            <button
              key={type}
              type="button"
              className={`classify-${type}`}
              onClick={() => onClassify(type)}
              disabled={busy}
              aria-keyshortcuts={key}
              aria-pressed={type === pendingType ? true : undefined}
            >
              <kbd>{key}</kbd> {t(`calltype.${type}`)}
            </button>
          ))}
        </fieldset>
      )}
    </div>
  );
}

/** The caller's number, the call timer and the category: stuck to the top of the pane while the form scrolls. */
function CallHead({ call, category }: { call: Call; category: string | null }) {
  const { t, lang } = useI18n();
  const store = useLive();
  return (
    <div className="call-head" data-testid="call-head">
      <strong className="number big">{call.number ?? t('ct.withheld')}</strong>
      <span>{t(`channel.${call.channel}`)}</span>
      <span>
        {t('ct.duration')} <Elapsed since={call.answeredAt ?? call.registeredAt} />
      </span>
      {category && (
        <span className="call-category" data-testid="call-category">
          {categoryName(store.state, category, lang)}
        </span>
      )}
    </div>
  );
}

/** What the SOP says to tell the caller for the incident's category, while help is on the way. */
function CallerInstructions({ incidentId }: { incidentId: string }) {
  const { t, lang } = useI18n();
  const store = useLive();
  const incident = store.state.incidents.get(incidentId);
  const category = incident ? store.state.ref.categories.get(incident.category) : undefined;
  if (!incident) return null;
  const lines = category?.instructions ?? [];
  return (
    <section className="caller-instructions" data-testid="caller-instructions" aria-labelledby="instr-title">
      <h3 id="instr-title">
        {t('instructions.title')} · {categoryName(store.state, incident.category, lang)}
      </h3>
      {lines.length === 0 ? (
        <p className="muted">{t('instructions.none')}</p>
      ) : (
        <ol>
          {lines.map((line) => (
            <li key={line.id}>{lang === 'en' ? line.en : line.id}</li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Ends a call once its incident is reported: a step of its own, after any instructions to the caller. */
function EndCall({ call, onAmend }: { call: Call; onAmend: (incidentId: string) => void }) {
  const { t } = useI18n();
  const action = useAction();
  const button = useRef<HTMLButtonElement>(null);
  // Shown right after the report is saved: ending the call is the next step, so it takes a free focus.
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body) button.current?.focus();
  }, []);
  return (
    <div className="actions">
      <button
        ref={button}
        type="button"
        data-testid="end-call"
        className="primary"
        disabled={action.busy}
        onClick={() => action.run('call.end', { callId: call.id })}
      >
        {t('ct.endCall')}
      </button>
      <button type="button" onClick={() => call.incidentId && onAmend(call.incidentId)}>
        {t('amend.open')}
      </button>
      <FormError error={action.error} />
    </div>
  );
}

function RegisterCall({ disabled }: { disabled: boolean }) {
  const { t } = useI18n();
  const action = useAction();
  const [channel, setChannel] = useState<CallChannel>('walk_in');
  const [number, setNumber] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The field lets go of the keys at once: the call comes into hand with the stream's event, which may come before
    // the commands' answers, and the next key (a junk key, D) is for the call, not for the number.
    const field = document.activeElement instanceof HTMLInputElement ? document.activeElement : null;
    field?.blur();
    const registered = await action.run('call.register', { channel, number: number.trim() || null });
    const answered = registered && (await action.run('call.answer', { callId: String(registered.callId) }));
    if (answered) setNumber('');
    // Refused: the number is to be corrected where it was typed.
    else if (field && document.activeElement === document.body) field.focus();
  };

  return (
    <form className="register" onSubmit={submit} aria-label={t('ct.register')}>
      <h3>{t('ct.register')}</h3>
      <label>
        {t('ct.channel')}
        <select name="channel" value={channel} onChange={(e) => setChannel(e.target.value as CallChannel)}>
          {MANUAL_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('ct.number')}
        <input
          name="number"
          inputMode="tel"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          placeholder="08…"
        />
        <FieldError error={action.error} field="number" />
      </label>
      <FormError error={action.error} fields={['number']} />
      <button type="submit" disabled={disabled || action.busy}>
        {t('ct.registerSubmit')}
      </button>
    </form>
  );
}

/** The open incidents this call taker reported, newest first, each correctable until it closes. */
function MyOpenIncidents({ userId, onAmend }: { userId: string; onAmend: (incidentId: string) => void }) {
  const { t, lang } = useI18n();
  const store = useLive();
  const mine = [...store.state.index.openIncidents.values()]
    .filter((i) => i.createdBy === userId)
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, 5);
  if (mine.length === 0) return null;
  return (
    <section className="my-open" aria-labelledby="my-open-title" data-testid="my-open">
      <h3 id="my-open-title">{t('ct.myOpen')}</h3>
      <ul>
        {mine.map((i) => (
          <li key={i.id} data-number={i.number}>
            <span className={`prio prio-${i.priority}`}>P{i.priority}</span>
            <strong>{i.number}</strong>
            <span>{categoryName(store.state, i.category, lang)}</span>
            <button
              type="button"
              className="link"
              onClick={() => onAmend(i.id)}
              aria-label={t('amend.title', { number: i.number })}
            >
              {t('amend.open')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
