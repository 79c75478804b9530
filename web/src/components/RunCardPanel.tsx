// The run card of an incident: the units the SOP asks for (kind, count, how many are there) and, per kind, the
// available units ranked by ETA with their reason. The liaison assigns the suggested unit with one key (R); the
// dispatcher sees the same suggestion across agencies.
import { useEffect, useState } from 'react';
import type { Assignment, Incident, Unit } from '../../../src/domain/types.ts';
import type { RunCardBody } from '../../../src/protocol/unit-bodies.ts';
import { ApiError, getJson } from '../api.ts';
import { agencyCode, unitKind } from '../describe.ts';
import { errorText, FormError } from '../errors.tsx';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';

type Candidate = RunCardBody['needs'][number]['candidates'][number];

/** Refresh the card this often even when nothing changed, so position ages and moving units stay current. */
const REFRESH_MS = 20_000;

/**
 * The units to send: per kind, the best `count − assigned` candidates; without a run card in the SOP, the best
 * candidate of each agency. `own` keeps the liaison's agency only.
 */
export function suggestedUnits(card: RunCardBody, own: string | null): Candidate[] {
  const picked: Candidate[] = [];
  const seen = new Set<string>();
  const take = (candidates: Candidate[], n: number) => {
    let left = n;
    for (const c of candidates) {
      if (left <= 0) break;
      if (seen.has(c.unitId) || (own && c.agencyId !== own)) continue;
      picked.push(c);
      seen.add(c.unitId);
      left--;
    }
  };
  if (card.needs.length > 0) for (const need of card.needs) take(need.candidates, need.count - need.assigned);
  else for (const row of card.agencies) take(row.candidates, 1);
  return picked;
}

/**
 * The card as a liaison needs it: the SOP's needs of the kinds its agency has (PSC 119 is not shown "fire engines:
 * none available here" while its ambulances stand ready), and its own row; with no need of its kinds, its own best
 * units by arrival, as without a run card.
 */
function forAgency(card: RunCardBody, agencyId: string, units: Iterable<Unit>): RunCardBody {
  const kinds = new Set([...units].filter((u) => u.agencyId === agencyId).map((u) => u.kind));
  return {
    ...card,
    needs: card.needs.filter((need) => kinds.has(need.kind)),
    agencies: card.agencies.filter((row) => row.agencyId === agencyId),
  };
}

function useRunCard(incident: Incident): { card: RunCardBody | null; error: ApiError | null } {
  const store = useLive();
  const [card, setCard] = useState<RunCardBody | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Fetched again when the incident's assignments or any unit's status change (units come and go).
  const assignments = [...store.state.assignments.values()]
    .filter((a) => a.incidentId === incident.id)
    .map((a) => `${a.id}:${a.status}:${a.unitIds.length}`)
    .join(',');
  const units = [...store.state.units.values()].map((u) => u.status[0]).join('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the keys stand for the changes that move the card
  useEffect(() => {
    let live = true;
    getJson<RunCardBody>(`/api/incidents/${incident.id}/recommendation`).then(
      (body) => {
        if (!live) return;
        setCard(body);
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e))),
    );
    return () => {
      live = false;
    };
  }, [incident.id, incident.updatedAt, assignments, units, tick]);
  return { card, error };
}

export function RunCardPanel({
  incident,
  assignment,
  keys,
}: {
  incident: Incident;
  /** The liaison's own assignment: its suggested unit is assigned with one key. Absent for the dispatcher. */
  assignment?: Assignment;
  /** This card holds the console's keys (the first card of the liaison's list). */
  keys?: boolean;
}) {
  const { t, lang } = useI18n();
  const store = useLive();
  const assign = useAction();
  const { card: loaded, error } = useRunCard(incident);
  if (error && !loaded) return <p className="muted">{t('rec.failed', { reason: errorText(t, error) })}</p>;
  if (!loaded) return <p className="muted">{t('rec.loading')}</p>;
  const own = assignment?.agencyId ?? null;
  const card = own ? forAgency(loaded, own, store.state.units.values()) : loaded;
  const suggested = suggestedUnits(card, own);
  const suggestedIds = new Set(suggestedUnits(card, null).map((c) => c.unitId));
  const next = suggested[0];
  const canAssign = assignment?.status === 'acknowledged';

  const line = (c: Candidate) => (
    <li
      key={c.unitId}
      data-testid="rec-candidate"
      data-unit={c.unitId}
      data-suggested={suggestedIds.has(c.unitId) || undefined}
    >
      <strong>{c.callsign}</strong>
      {suggestedIds.has(c.unitId) && <span className="new-badge">{t('rec.suggest')}</span>}
      {own === null && <small> {agencyCode(store.state, c.agencyId)}</small>}{' '}
      <span className="reason" data-testid="rec-reason">
        {c.reason[lang]}
      </span>
    </li>
  );

  return (
    <section className="run-card" aria-label={t('rec.title')} data-testid="run-card">
      <h4>{t('rec.title')}</h4>
      {card.pointFrom === 'kecamatan' && <p className="muted">{t('rec.noPoint')}</p>}
      {card.needs.length > 0 ? (
        <>
          <p className="muted">{t('rec.needs')}</p>
          {card.needs.map((need) => (
            <div key={need.kind} data-testid="rec-need" data-kind={need.kind}>
              <span className={need.assigned >= need.count ? 'need-met' : undefined}>
                {t('rec.need', {
                  kind: unitKind(need.kind, t),
                  assigned: need.assigned,
                  count: need.count,
                })}
              </span>
              {need.candidates.length === 0 ? (
                <p className="muted">{t('rec.none')}</p>
              ) : (
                <ol>{need.candidates.slice(0, 3).map(line)}</ol>
              )}
            </div>
          ))}
        </>
      ) : (
        card.agencies.map((row) => (
          <div key={row.agencyId}>
            <span>{t('rec.byAgency', { agency: agencyCode(store.state, row.agencyId) })}</span>
            {row.candidates.length === 0 ? (
              <p className="muted">{t('rec.none')}</p>
            ) : (
              <ol>{row.candidates.slice(0, 3).map(line)}</ol>
            )}
          </div>
        ))
      )}
      {assignment && next && !canAssign && <p className="muted">{t('rec.mustAccept')}</p>}
      {assignment && next && canAssign && (
        <button
          type="button"
          className="primary"
          disabled={assign.busy}
          data-shortcut={keys ? 'R' : undefined}
          data-testid="rec-assign"
          onClick={() =>
            assign.run('assignment.assign_unit', { assignmentId: assignment.id, unitId: next.unitId })
          }
        >
          {t('rec.dispatch')} {next.callsign}
          {keys && <kbd>R</kbd>}
        </button>
      )}
      <FormError error={assign.error} />
    </section>
  );
}
