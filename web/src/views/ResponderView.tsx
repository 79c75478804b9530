// Responder crew page, phone-sized: the crew's own unit, its current task with address and point, its status buttons.
import { useEffect, useState } from 'react';
import { UNIT_TRANSITIONS } from '../../../src/domain/decide.ts';
import type { UnitStatus } from '../../../src/domain/types.ts';
import { postJson } from '../api.ts';
import { categoryName, placeText } from '../describe.ts';
import { FormError } from '../errors.tsx';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { useSession } from '../session.ts';

/** The statuses a crew sets itself, in the order it goes through them. */
const CREW_STATUSES = [
  'en_route',
  'on_scene',
  'transporting',
  'at_hospital',
  'returning',
  'available',
] as const;

export function ResponderView() {
  const { t, lang } = useI18n();
  const store = useLive();
  const session = useSession();
  const status = useAction();
  const unit = session.user.unitId ? store.state.units.get(session.user.unitId) : undefined;
  const incident = unit?.incidentId ? store.state.incidents.get(unit.incidentId) : undefined;
  const { lat, lon } = incident?.location ?? { lat: null, lon: null };
  const next = unit
    ? CREW_STATUSES.filter((s): s is UnitStatus & (typeof CREW_STATUSES)[number] =>
        UNIT_TRANSITIONS[unit.status].includes(s),
      )
    : [];

  return (
    <main className="layout responder">
      <section className="panel" aria-labelledby="responder-title">
        <h2 id="responder-title">
          {t('resp.title')}
          {unit && `: ${unit.callsign}`}
        </h2>
        {unit && (
          <p data-testid="responder-status" data-status={unit.status}>
            {t('resp.status')}: <strong className={`unit-${unit.status}`}>{t(`unit.${unit.status}`)}</strong>
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
            <dt>{t('resp.notes')}</dt>
            <dd>{incident.description}</dd>
          </dl>
        )}
        {unit && (
          <div className="responder-buttons">
            {next.map((s) => (
              <button
                key={s}
                type="button"
                disabled={status.busy}
                onClick={() => status.run('unit.set_status', { unitId: unit.id, status: s })}
              >
                {t(`resp.set.${s}`)}
              </button>
            ))}
          </div>
        )}
        <FormError error={status.error} />
        <SharePosition />
      </section>
    </main>
  );
}

/** Sends the phone's position while the crew allows it; the browser asks for permission on the first click. */
function SharePosition() {
  const { t } = useI18n();
  const [sharing, setSharing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (!sharing) return;
    const watch = navigator.geolocation.watchPosition(
      (p) => {
        setFailure(null);
        postJson('/api/avl/responder', {
          lat: p.coords.latitude,
          lon: p.coords.longitude,
          accuracy: p.coords.accuracy,
          speedKmh: p.coords.speed === null ? null : p.coords.speed * 3.6,
          bearing: p.coords.heading,
          at: p.timestamp,
        }).catch((error: Error) => setFailure(error.message));
      },
      (error) => setFailure(error.message),
      { enableHighAccuracy: true, maximumAge: 10_000 },
    );
    return () => navigator.geolocation.clearWatch(watch);
  }, [sharing]);
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
