// The caller location telephony attached to a live call (PIDF-LO or AML), with one key to put it in the report.
import { useEffect, useState } from 'react';
import type { CallerLocation } from '../../../src/intake/location/types.ts';
import { getJson } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { isTyping } from '../keys.ts';
import { PointPlace } from './PointPlace.tsx';

const ACCEPT_KEY = 'L';
const POLL_MS = 5_000;

export interface LiveLocation {
  location: CallerLocation;
  /** True outside the service area: the call may belong to a neighbouring kabupaten. */
  outsideServiceArea: boolean;
}

interface LiveCallAnswer {
  location: CallerLocation | null;
  outsideServiceArea: boolean | null;
}

/**
 * The location the switch holds for this call: asked once when the call appears, and every few seconds while
 * `poll` is set (the call in hand). Unknown calls (404), calls without a location and errors all give null.
 */
export function useCallerLocation(callId: string | null, poll: boolean): LiveLocation | null {
  const [found, setFound] = useState<LiveLocation | null>(null);
  useEffect(() => {
    setFound(null);
    if (!callId) return;
    let live = true;
    const ask = () =>
      getJson<LiveCallAnswer>(`/api/telephony/calls/${encodeURIComponent(callId)}`).then(
        (answer) => {
          if (!live) return;
          const location = answer?.location;
          if (location && Number.isFinite(location.lat) && Number.isFinite(location.lon)) {
            setFound({ location, outsideServiceArea: answer.outsideServiceArea === true });
          }
        },
        () => undefined,
      );
    void ask();
    const timer = poll ? setInterval(() => void ask(), POLL_MS) : null;
    return () => {
      live = false;
      if (timer) clearInterval(timer);
    };
  }, [callId, poll]);
  return found;
}

interface Props {
  found: LiveLocation | null;
  /** Puts the coordinates into the incident form; without it the box only shows the location. */
  onAccept?: (lat: number, lon: number) => void;
  /** True when the form's point already is this location. */
  used?: boolean;
}

export function CallerLocationBox({ found, onAccept, used = false }: Props) {
  const { t } = useI18n();
  const lat = found?.location.lat ?? null;
  const lon = found?.location.lon ?? null;

  useEffect(() => {
    if (!onAccept || lat === null || lon === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) return;
      if (e.key.toUpperCase() !== ACCEPT_KEY) return;
      e.preventDefault();
      onAccept(lat, lon);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onAccept, lat, lon]);

  if (!found) return null;
  const { location, outsideServiceArea } = found;
  const accuracy =
    location.accuracyM === null
      ? t('ct.location.accuracyUnknown')
      : t('ct.location.accuracy', { n: Math.round(location.accuracyM) });
  const source = [t(`ct.location.source.${location.source}`), location.method].filter(Boolean).join(' ');
  return (
    <div className={`caller-location${outsideServiceArea ? ' outside' : ''}`} data-testid="caller-location">
      <p>
        {t('ct.location', {
          lat: location.lat.toFixed(5),
          lon: location.lon.toFixed(5),
          accuracy,
          source,
        })}{' '}
        <PointPlace lat={location.lat} lon={location.lon} />
      </p>
      {outsideServiceArea && (
        <div className="junk-warning" role="alert">
          ⚠ {t('ct.location.outside')}
        </div>
      )}
      {onAccept && (
        <button
          type="button"
          onClick={() => onAccept(location.lat, location.lon)}
          aria-keyshortcuts={ACCEPT_KEY}
          aria-pressed={used}
        >
          {used ? `✓ ${t('ct.location.used')}` : t('ct.location.use')} <kbd>{ACCEPT_KEY}</kbd>
        </button>
      )}
    </div>
  );
}
