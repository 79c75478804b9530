// The units board of the dispatcher and the supervisor: every unit by agency and station with its status, time in
// status, incident and position age; filtered by agency and status; a unit busy on a closed incident is flagged.
import { useState } from 'react';
import { UNIT_STATUSES, type UnitStatus } from '../../../src/domain/types.ts';
import { agencyCode, unitKind } from '../describe.ts';
import { formatDuration } from '../format.ts';
import { useNow } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { type BoardFilter, boardRows } from '../units-board.ts';
import { Elapsed } from './Elapsed.tsx';

export function UnitsBoard({ onSelectIncident }: { onSelectIncident?: (number: string) => void }) {
  const { t } = useI18n();
  const store = useLive();
  const now = useNow();
  const [filter, setFilter] = useState<BoardFilter>({ agencyId: null, status: null });
  const rows = boardRows(store.state, store.positions, filter, now);
  const busyOnClosed = boardRows(store.state, store.positions, { agencyId: null, status: null }, now).filter(
    (r) => r.busyOnClosed,
  );
  const agencies = [...store.state.ref.agencies.values()].sort((a, b) => a.code.localeCompare(b.code));
  let lastGroup = '';

  return (
    <section className="units-board" aria-labelledby="units-board-title" data-testid="units-board">
      <h2 id="units-board-title">
        {t('units.title')}{' '}
        <span className="count">
          {t('units.count', { shown: rows.length, total: store.state.units.size })}
        </span>
      </h2>
      {busyOnClosed.length > 0 && (
        <p className="banner banner-warning" role="alert" data-testid="busy-closed">
          ⚠ {t('units.busyClosedCount', { n: busyOnClosed.length })}:{' '}
          {busyOnClosed.map((r) => r.unit.callsign).join(', ')}
        </p>
      )}
      <fieldset className="inline filters" aria-label={t('units.filter')}>
        <label>
          {t('dp.agencies')}
          <select
            name="unitsAgency"
            value={filter.agencyId ?? ''}
            onChange={(e) => setFilter({ ...filter, agencyId: e.target.value || null })}
          >
            <option value="">{t('units.agency.all')}</option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.code}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('units.status')}
          <select
            name="unitsStatus"
            value={filter.status ?? ''}
            onChange={(e) => setFilter({ ...filter, status: (e.target.value || null) as UnitStatus | null })}
          >
            <option value="">{t('units.filter.all')}</option>
            {UNIT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`unit.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {rows.length === 0 ? (
        <p className="muted">{t('units.none')}</p>
      ) : (
        <table className="units-table">
          <thead>
            <tr>
              <th scope="col">{t('units.callsign')}</th>
              <th scope="col">{t('units.status')}</th>
              <th scope="col">{t('units.incident')}</th>
              <th scope="col">{t('units.position')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((r) => {
              const group = `${agencyCode(store.state, r.unit.agencyId)} · ${r.stationName ?? t('units.noStation')}`;
              const head =
                group === lastGroup
                  ? []
                  : [
                      <tr key={`g:${group}`} className="units-group">
                        <th colSpan={4} scope="rowgroup">
                          {group}
                        </th>
                      </tr>,
                    ];
              lastGroup = group;
              return [
                ...head,
                <tr
                  key={r.unit.id}
                  className={r.busyOnClosed ? 'busy-closed' : undefined}
                  data-testid="units-row"
                  data-callsign={r.unit.callsign}
                  data-status={r.unit.status}
                >
                  <th scope="row">
                    {r.unit.callsign} <small>{unitKind(r.unit.kind, t)}</small>
                  </th>
                  {/* The time in status under the status: one column fewer, so the board fits its pane at 1366×768. */}
                  <td className={`unit-${r.unit.status}`} data-testid="unit-status">
                    {t(`unit.${r.unit.status}`)}
                    {r.unit.updatedAt > 0 && (
                      <span className="in-status" title={t('units.inStatus')}>
                        <Elapsed since={r.unit.updatedAt} />
                      </span>
                    )}
                  </td>
                  <td>
                    {r.incident &&
                      (onSelectIncident ? (
                        <button
                          type="button"
                          className="link"
                          onClick={() => r.incident && onSelectIncident(r.incident.number)}
                        >
                          {r.incident.number}
                        </button>
                      ) : (
                        r.incident.number
                      ))}
                    {r.busyOnClosed && r.incident && (
                      <strong
                        className="escalated"
                        title={t('units.busyClosed', { number: r.incident.number })}
                      >
                        {' '}
                        ⚠ {t('units.busyClosed', { number: r.incident.number })}
                      </strong>
                    )}
                  </td>
                  <td className={r.stale ? 'stale' : undefined} data-testid="position-age">
                    {r.positionAgeMs === null
                      ? t('units.noPosition')
                      : `${t('units.positionAge', { age: formatDuration(r.positionAgeMs) })}${r.stale ? ` (${t('units.stale')})` : ''}`}
                  </td>
                </tr>,
              ];
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
