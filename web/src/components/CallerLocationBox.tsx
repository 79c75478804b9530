// The caller location telephony attached to a live call (PIDF-LO or AML), with one key to put it in the report, and
// always the location's state: waiting, none, by reference (fetched or not) or received, with a civic address as text.
import { useEffect } from 'react';
import type { CallerLocation } from '../../../src/domain/acd/types.ts';
import type { State } from '../../../src/domain/state.ts';
import { useNow } from '../hooks.ts';
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

/** A location for AML still counts as awaited this long after the call came in. */
const AML_WAIT_MS = 30_000;

/** What the console knows of a call's location besides the point: always one of these states. */
export interface LocationStatus {
  state: 'waiting' | 'none' | 'referenced' | 'received';
  civicAddress: string | null;
  /** The Geolocation reference (HELD URI) when the location came by reference. */
  reference: string | null;
  /** Why there is none (unreadable PIDF-LO, reference not fetched). */
  error: string | null;
}

/** The location state of a Pinisi call as telephony recorded it; null for a call the switch does not know. */
export function locationStatusOf(state: State, callId: string | null, now: number): LocationStatus | null {
  if (!callId) return null;
  const t = state.telephony;
  const call = [...t.calls.values(), ...t.ended.values()].find((c) => c.callId === callId);
  if (!call) return null;
  const civicAddress = call.civicAddress ?? null;
  const reference = call.locationRef ?? null;
  const error = call.locationError;
  if (call.location) return { state: 'received', civicAddress, reference, error: null };
  if (call.locationRefState === 'failed') return { state: 'referenced', civicAddress, reference, error };
  if (civicAddress !== null) return { state: 'received', civicAddress, reference, error: null };
  const live = call.status !== 'ended' && call.status !== 'abandoned';
  if (call.locationRefState === 'fetching' || (live && now - call.offeredAt < AML_WAIT_MS))
    return { state: 'waiting', civicAddress, reference, error: null };
  return { state: 'none', civicAddress, reference, error };
}

export function useLocationStatus(callId: string | null): LocationStatus | null {
  const now = useNow();
  return locationStatusOf(useLive().state, callId, now);
}

/** The caller's location as it arrives on the stream (`telephony.location_received`): no request of its own. */
export function useCallerLocation(callId: string | null): LiveLocation | null {
  return callerLocationOf(useLive().state, callId);
}

interface Props {
  found: LiveLocation | null;
  /** The location's state; without it the box shows only a location that arrived. */
  status?: LocationStatus | null;
  /** Puts the coordinates into the incident form; without it the box only shows the location. */
  onAccept?: (lat: number, lon: number) => void;
  /** True when the form's point already is this location. */
  used?: boolean;
}

export function CallerLocationBox({ found, status = null, onAccept, used = false }: Props) {
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

  const civic = status?.civicAddress ? (
    <p data-testid="caller-civic">{t('ct.location.civic', { civic: status.civicAddress })}</p>
  ) : null;
  if (!found) {
    if (!status) return null;
    return (
      <div className="caller-location" data-testid="caller-location" data-state={status.state}>
        {status.state === 'referenced' ? (
          <p role="status">
            {t('ct.location.referenced')}: <code>{status.reference}</code>
            {status.error && <span className="muted"> ({status.error})</span>}
          </p>
        ) : status.state === 'waiting' ? (
          <p role="status">
            {t('ct.location.waiting')}
            {status.reference && (
              <>
                {' '}
                {t('ct.location.fetching')}: <code>{status.reference}</code>
              </>
            )}
          </p>
        ) : status.state === 'none' ? (
          <p role="status">
            {t('ct.location.none')}
            {status.error && <span className="muted"> ({status.error})</span>}
          </p>
        ) : null}
        {civic}
      </div>
    );
  }
  const { location, outsideServiceArea } = found;
  const accuracy =
    location.accuracyM === null
      ? t('ct.location.accuracyUnknown')
      : t('ct.location.accuracy', { n: Math.round(location.accuracyM) });
  const source = [t(`ct.location.source.${location.source}`), location.method].filter(Boolean).join(' ');
  return (
    <div
      className={`caller-location${outsideServiceArea ? ' outside' : ''}`}
      data-testid="caller-location"
      data-state="received"
    >
      <p>
        {t('ct.location', {
          lat: location.lat.toFixed(5),
          lon: location.lon.toFixed(5),
          accuracy,
          source,
        })}{' '}
        <PointPlace lat={location.lat} lon={location.lon} />
      </p>
      {civic}
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
