// An incident's heading and its facts as a definition list (place, map point, caller, description, status): the same
// on the dispatcher's detail of an open incident and on a closed one opened from the history.
import type { ReactNode } from 'react';
import type { State } from '../../../src/domain/state.ts';
import type { Incident } from '../../../src/domain/types.ts';
import { categoryName, placeText, pointText } from '../describe.ts';
import { formatTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';

/** Priority badge, number and category: the title of an incident wherever it is shown whole. */
export function IncidentTitle({ incident }: { incident: Incident }) {
  const { lang } = useI18n();
  const { state } = useLive();
  return (
    <>
      <span className={`prio prio-${incident.priority}`}>P{incident.priority}</span> {incident.number} ·{' '}
      {categoryName(state, incident.category, lang)}
    </>
  );
}

/** The title as a heading, then the facts; the status line starts with the status and the time it was reported. */
export function IncidentHeading({
  incident,
  statusEnd,
  children,
}: {
  incident: Incident;
  /** What follows the report time on the status line: its clock when open, its end when closed. */
  statusEnd: ReactNode;
  /** More facts after the status (dt/dd pairs). */
  children?: ReactNode;
}) {
  const { t, lang } = useI18n();
  const { state } = useLive();
  return (
    <>
      <h2>
        <IncidentTitle incident={incident} />
      </h2>
      <IncidentFacts
        incident={incident}
        state={state}
        status={
          <>
            {t(`incident.${incident.status}`)} · {formatTime(incident.createdAt, lang)}
            {statusEnd}
          </>
        }
      >
        {children}
      </IncidentFacts>
    </>
  );
}

function IncidentFacts({
  incident,
  state,
  status,
  children,
}: {
  incident: Incident;
  state: State;
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
