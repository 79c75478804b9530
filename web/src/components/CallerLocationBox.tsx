// The caller location telephony attached to a live call (PIDF-LO or AML), with one key to put it in the report.
import { useEffect } from 'react';
import type { CallerLocation } from '../../../src/domain/acd/types.ts';
import type { State } from '../../../src/domain/state.ts';
import { useI18n } from '../i18n.ts';
import { isTyping } from '../keys.ts';
import { useLive } from '../live.ts';
import { PointPlace } from './PointPlace.tsx';

const ACCEPT_KEY = 'L';

export interface LiveLocation {
  location: CallerLocation;
  /** True outside the service area: the call may belong to a neighbouring kabupaten. */
  outsideServiceArea: boolean;
}

/** The latest location telephony recorded for this Pinisi call (PIDF-LO with the INVITE, AML later), or null. */
export function callerLocationOf(state: State, callId: string | null): LiveLocation | null {
  if (!callId) return null;
  const t = state.telephony;
  const call = [...t.calls.values(), ...t.ended.values()].find((c) => c.callId === callId);
  if (!call?.location || !Number.isFinite(call.location.lat) || !Number.isFinite(call.location.lon))
    return null;
  return { location: call.location, outsideServiceArea: call.outsideServiceArea === true };
}

/** The caller's location as it arrives on the stream (`telephony.location_received`): no request of its own. */
export function useCallerLocation(callId: string | null): LiveLocation | null {
  return callerLocationOf(useLive().state, callId);
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
