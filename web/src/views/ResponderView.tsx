// Responder crew page, phone-sized: the crew's own unit, its current task with address and point, its status buttons.
// Installed as an app it opens without a network; what the crew does offline waits in the outbox, marked pending.
import { useEffect, useState } from 'react';
import { CREW_STATUSES, UNIT_TRANSITIONS } from '../../../src/domain/decide.ts';
import type { Location } from '../../../src/domain/types.ts';
import { keepServerClock, newKey, serverNow } from '../api.ts';
import type { MapMarker } from '../components/MapView.tsx';
import { SvgMap } from '../components/SvgMap.tsx';
import { AnswerText } from '../components/TriageSummary.tsx';
import { categoryName, placeText } from '../describe.ts';
import { errorText } from '../errors.tsx';
import { formatClock } from '../format.ts';
import { useGeo } from '../geo.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import type { Outbox } from '../outbox.ts';
import { registerServiceWorker, useInstallOffer, useOfflineCopy } from '../pwa.ts';
import { useSession } from '../session.ts';
import { useOutbox } from '../use-outbox.ts';
import './responder.css';

export function ResponderView() {
  const { t, lang } = useI18n();
  const store = useLive();
  const session = useSession();
  const outbox = useOutbox(session.user.id, store);
  useEffect(registerServiceWorker, []);
  useEffect(keepServerClock, []);
  useOfflineCopy(store);
  const install = useInstallOffer();
  /** The phone's own last fix while it shares its position (the server's copy is for the consoles). */
  const [fix, setFix] = useState<{ lat: number; lon: number } | null>(null);
  const unit = session.user.unitId ? store.state.units.get(session.user.unitId) : undefined;
  const incident = unit?.incidentId ? store.state.incidents.get(unit.incidentId) : undefined;
  const { lat, lon } = incident?.location ?? { lat: null, lon: null };
  // A status set without a connection shows at once, marked pending; the next buttons follow from it.
  const waiting = (outbox?.entries ?? []).flatMap((e) => (e.item.kind === 'status' ? [e.item] : []));
  const pending = waiting.at(-1)?.payload.status ?? null;
  const pressedAt = waiting.at(-1)?.payload.pressedAt;
  const shown = pending ?? unit?.status;
  const next = shown ? CREW_STATUSES.filter((s) => UNIT_TRANSITIONS[shown].includes(s)) : [];

  return (
    <main className="layout responder">
      <section className="panel" aria-labelledby="responder-title">
        <h2 id="responder-title">
          {t('resp.title')}
          {unit && `: ${unit.callsign}`}
        </h2>
        {unit && shown && (
          <p
            className="responder-status"
            data-testid="responder-status"
            data-status={unit.status}
            data-pending={pending ?? ''}
          >
            {t('resp.status')}: <strong className={`unit-${shown}`}>{t(`unit.${shown}`)}</strong>
            {pending && (
              <span className="responder-pending" data-testid="responder-pressed">
                {' '}
                ({t('resp.pending')}
                {pressedAt !== undefined &&
                  `, ${t('resp.pressedAt', { time: formatClock(pressedAt, lang) })}`}
                )
              </span>
            )}
          </p>
        )}
        {waiting.length > 0 && (
          <p className="responder-queued" data-testid="responder-queued" role="status">
            {t('resp.pendingCount', { n: waiting.length })}: {t('resp.queued')}
          </p>
        )}
        {!incident && <p className="muted">{t('resp.noAssignment')}</p>}
        {incident && (
          <dl className="responder-task" data-testid="responder-task">
            <dt>{categoryName(store.state, incident.category, lang)}</dt>
            <dd>{incident.number}</dd>
            <dt>{t('resp.address')}</dt>
            <dd>{placeText(store.state, incident)}</dd>
            {lat !== null && lon !== null && (
              <dd>
                <a href={`geo:${lat},${lon}?q=${lat},${lon}`}>
                  {t('resp.navigate')} ({lat.toFixed(5)}, {lon.toFixed(5)})
                </a>
              </dd>
            )}
            {(incident.triage?.answers.length ?? 0) > 0 && (
              <>
                <dt>{t('triage.answers')}</dt>
                <dd>
                  <ul className="compact" data-testid="responder-triage">
                    {incident.triage!.answers.map((a) => (
                      <li key={a.questionId}>
                        {a.question[lang]}: <AnswerText answer={a} />
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            <dt>{t('resp.notes')}</dt>
            <dd>{incident.description}</dd>
          </dl>
        )}
        {incident && (
          <TaskMap
            location={incident.location}
            own={(unit && store.positions.get(unit.id)) ?? fix}
            station={(unit?.stationId && store.state.ref.stations.get(unit.stationId)) || null}
          />
        )}
        {unit && (
          <div className="responder-buttons">
            {next.map((s) => (
              <button
                key={s}
                type="button"
                disabled={!outbox}
                onClick={() =>
                  // The press time goes with the change: sent later, it still says when the crew pressed.
                  void outbox?.add({
                    kind: 'status',
                    key: newKey(),
                    payload: { unitId: unit.id, status: s, pressedAt: serverNow() },
                  })
                }
              >
                {t(`resp.set.${s}`)}
              </button>
            ))}
          </div>
        )}
        {outbox?.refusals.map((r) => (
          <div className="form-error" role="alert" key={r.item.key}>
            {r.item.kind === 'status' && `${t(`unit.${r.item.payload.status}`)}: `}
            {errorText(t, r.error)}
          </div>
        ))}
        {outbox && <SharePosition outbox={outbox} onFix={setFix} />}
        {install && (
          <button type="button" className="responder-install" onClick={install}>
            {t('resp.install')}
          </button>
        )}
      </section>
    </main>
  );
}

/** Sends the phone's position while the crew allows it; the browser asks for permission on the first click. */
function SharePosition({
  outbox,
  onFix,
}: {
  outbox: Outbox;
  onFix: (fix: { lat: number; lon: number }) => void;
}) {
  const { t } = useI18n();
  const [sharing, setSharing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (!sharing) return;
    const watch = navigator.geolocation.watchPosition(
      (p) => {
        setFailure(null);
        onFix({ lat: p.coords.latitude, lon: p.coords.longitude });
        // Kept in the outbox like a status change: without a signal the newest fix waits and goes first thing after.
        void outbox.add({
          kind: 'position',
          key: newKey(),
          body: {
            lat: p.coords.latitude,
            lon: p.coords.longitude,
            accuracy: p.coords.accuracy,
            speedKmh: p.coords.speed === null ? null : p.coords.speed * 3.6,
            bearing: p.coords.heading,
            at: Math.round(p.timestamp),
          },
        });
      },
      (error) => setFailure(error.message),
      { enableHighAccuracy: true, maximumAge: 10_000 },
    );
    return () => navigator.geolocation.clearWatch(watch);
  }, [sharing, outbox, onFix]);
  if (!('geolocation' in navigator)) return null;
  return (
    <p>
      <label>
        <input type="checkbox" checked={sharing} onChange={(e) => setSharing(e.target.checked)} />{' '}
        {sharing ? t('resp.sharing') : t('resp.share')}
      </label>
      {failure && <span className="error"> {t('resp.shareFailed', { reason: failure })}</span>}
    </p>
  );
}

/**
 * The task drawn small from the boundaries the page keeps (offline too, from the service worker's copy): the
 * incident's kecamatan with its neighbours and the regency's outline around it, the incident's point (or its desa
 * shaded when it has none), and the unit where its phone last was, else at its station. Folds away under its
 * heading. Without the boundaries there is no drawing and the address above says where to go.
 */
function TaskMap({
  location,
  own,
  station,
}: {
  location: Location;
  own: { lat: number; lon: number } | null;
  station: { lat: number; lon: number } | null;
}) {
  const { t } = useI18n();
  const geo = useGeo();
  if (!geo) return null;
  const markers: MapMarker[] = [];
  if (location.lat !== null && location.lon !== null)
    markers.push({
      id: 'incident',
      kind: 'incident',
      lat: location.lat,
      lon: location.lon,
      color: '#c62828',
      label: '!',
      title: t('resp.map.incident'),
    });
  const unitAt = own ?? station;
  if (unitAt)
    markers.push({
      id: 'unit',
      kind: 'unit',
      lat: unitAt.lat,
      lon: unitAt.lon,
      color: '#1565c0',
      label: '',
      title: own ? t('resp.map.unit') : t('resp.map.station'),
    });
  const noPoint = location.lat === null || location.lon === null;
  const area = location.desa ?? (noPoint ? location.kecamatan : null);
  const legend = [
    noPoint ? t('resp.map.noPoint') : t('resp.map.incidentKey'),
    own ? t('resp.map.unitKey') : station ? t('resp.map.stationKey') : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <details className="responder-map-box" open>
      <summary>{t('resp.map.toggle')}</summary>
      <SvgMap
        className="responder-map"
        kecamatan={[]}
        markers={markers}
        area={area}
        frame={location.kecamatan}
        note={legend}
      />
    </details>
  );
}
