// The facts of an incident as a definition list (place, map point, caller, description, status): the same on the
// dispatcher's detail of an open incident and on a closed one opened from the history.
import type { ReactNode } from 'react';
import type { State } from '../../../src/domain/state.ts';
import type { Incident } from '../../../src/domain/types.ts';
import { placeText, pointText } from '../describe.ts';
import { useI18n } from '../i18n.ts';

export function IncidentFacts({
  incident,
  state,
  status,
  children,
}: {
  incident: Incident;
  state: State;
  /** The status line: live with its clock on an open incident, with its end on a closed one. */
  status: ReactNode;
  /** More facts after the status (dt/dd pairs). */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <dl className="facts">
      <dt>{t('dp.place')}</dt>
      <dd>{placeText(state, incident)}</dd>
      <dt>{t('dp.point')}</dt>
      <dd data-testid="map-point">{pointText(incident.location) ?? t('dp.point.none')}</dd>
      <dt>{t('form.callerName')}</dt>
      <dd>
        {incident.caller.name ?? '–'} {incident.caller.phone && `· ${incident.caller.phone}`}
      </dd>
      <dt>{t('form.description')}</dt>
      <dd>{incident.description || '–'}</dd>
      <dt>Status</dt>
      <dd>{status}</dd>
      {children}
    </dl>
  );
}
