// The supervisor's desks: every desk's state live (signed out too), signing a desk out, why calls went to the hunt group,
// and how each call of the last hour ended (who hung up, refused by desk phones).
import type { FallbackReason, TelephonyState } from '../../../src/domain/acd/types.ts';
import { formatClock } from '../format.ts';
import { useAction } from '../hooks.ts';
import { type Lang, useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import { finishedCalls, outcomeText } from './call-outcome.ts';
import { Elapsed } from './Elapsed.tsx';

const WORDS: Record<Lang, Record<string, string>> = {
  id: {
    title: 'Meja operator penerima panggilan',
    desk: 'Meja',
    extension: 'Ekstensi',
    state: 'Keadaan',
    since: 'Sejak',
    none: 'Belum ada meja yang pernah dimasuki.',
    available: 'siap',
    ringing: 'berdering',
    on_call: 'dalam panggilan',
    wrap_up: 'menyelesaikan catatan',
    on_break: 'istirahat',
    signed_out: 'keluar',
    signOut: 'Keluarkan',
    signOutQuestion:
      'Keluarkan petugas dari meja {desk}? Panggilan 112 tidak lagi berdering di telepon meja ini.',
    signOutConfirm: 'Ya, keluarkan',
    fallbackTitle: 'Panggilan ke kelompok cadangan (1 jam terakhir)',
    fallbackNone: 'Tidak ada.',
    no_desk: 'tidak ada meja yang dapat menjawab',
    all_failed: 'semua meja gagal dihubungi',
    queue_timeout: 'antrean melewati batas waktu tunggu',
    refused: 'telepon meja menolak panggilan ini (media atau isinya)',
    pinisi_down: 'Pinisi tidak terhubung',
    pinisi_silent: 'Pinisi tidak menjawab',
    pinisi_gone: 'Pinisi terputus saat penelepon menunggu',
    unknown: 'alasan tidak dilaporkan',
    withheld: 'nomor disembunyikan',
    finishedTitle: 'Panggilan selesai (1 jam terakhir)',
  },
  en: {
    title: 'Call-taking desks',
    desk: 'Desk',
    extension: 'Extension',
    state: 'State',
    since: 'Since',
    none: 'No desk has been signed in yet.',
    available: 'available',
    ringing: 'ringing',
    on_call: 'in a call',
    wrap_up: 'wrap-up',
    on_break: 'on break',
    signed_out: 'signed out',
    signOut: 'Sign out',
    signOutQuestion:
      'Sign the call taker out of desk {desk}? 112 calls will no longer ring this desk’s phone.',
    signOutConfirm: 'Yes, sign out',
    fallbackTitle: 'Calls sent to the hunt group (last hour)',
    fallbackNone: 'None.',
    no_desk: 'no desk could answer',
    all_failed: 'every desk failed',
    queue_timeout: 'queue waited its maximum',
    refused: 'the desk phones refused the call itself (media or body)',
    pinisi_down: 'Pinisi not connected',
    pinisi_silent: 'Pinisi did not answer',
    pinisi_gone: 'Pinisi went away while callers waited',
    unknown: 'reason not reported',
    withheld: 'number withheld',
    finishedTitle: 'Finished calls (last hour)',
  },
};

interface DeskRow {
  id: string;
  extension: string;
  state: string;
  since: number;
  signedIn: boolean;
}

/** Signed-in desks first, then signed-out ones, each by desk id. */
function deskRows(t: TelephonyState): DeskRow[] {
  const signedIn = [...t.positions.values()].map((p) => ({
    id: p.id,
    extension: p.extension,
    state: p.state,
    since: p.since,
    signedIn: true,
  }));
  const signedOut = [...(t.signedOut?.values() ?? [])]
    .filter((d) => !t.positions.has(d.id))
    .map((d) => ({ id: d.id, extension: d.extension, state: 'signed_out', since: d.since, signedIn: false }));
  const byId = (a: DeskRow, b: DeskRow) => a.id.localeCompare(b.id);
  return [...signedIn.sort(byId), ...signedOut.sort(byId)];
}

/** Calls of the last hour that rang the hunt group, newest first, with the reason the switch or Pinisi gave. */
function fallbackCalls(t: TelephonyState, now: number) {
  return [...t.calls.values(), ...t.ended.values()]
    .filter((c) => c.fallback && now - (c.rangAt ?? c.offeredAt) <= 3_600_000)
    .sort((a, b) => (b.rangAt ?? b.offeredAt) - (a.rangAt ?? a.offeredAt));
}

function SignOut({ desk, w }: { desk: DeskRow; w: Record<string, string> }) {
  const action = useAction();
  if (!desk.signedIn || desk.state === 'on_call') return null;
  return (
    <ConfirmAction
      label={w.signOut!}
      action={action}
      question={w.signOutQuestion!.replace('{desk}', desk.id)}
      confirmLabel={w.signOutConfirm!}
      onConfirm={() => action.run('telephony.sign_out', { positionId: desk.id })}
      testId={`desk-signout-${desk.id}`}
    />
  );
}

export function DeskBoard({ now }: { now: number }) {
  const { lang } = useI18n();
  const w = WORDS[lang];
  const telephony = useLive().state.telephony;
  const rows = deskRows(telephony);
  const fallbacks = fallbackCalls(telephony, now);
  const finished = finishedCalls(telephony, now).slice(0, FINISHED_SHOWN);
  return (
    <section aria-labelledby="desks-title" data-testid="desk-board">
      <h2 id="desks-title">{w.title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{w.none}</p>
      ) : (
        <table className="sessions">
          <thead>
            <tr>
              <th scope="col">{w.desk}</th>
              <th scope="col">{w.extension}</th>
              <th scope="col">{w.state}</th>
              <th scope="col">{w.since}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.map((desk) => (
              <tr key={desk.id} data-testid={`desk-${desk.id}`} className={desk.signedIn ? '' : 'muted'}>
                <th scope="row">{desk.id}</th>
                <td>{desk.extension}</td>
                <td data-testid={`desk-state-${desk.id}`}>{w[desk.state] ?? desk.state}</td>
                <td>
                  <Elapsed since={desk.since} />
                </td>
                <td>
                  <SignOut desk={desk} w={w} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{w.fallbackTitle}</h3>
      {fallbacks.length === 0 ? (
        <p className="muted">{w.fallbackNone}</p>
      ) : (
        <ul className="list" data-testid="fallbacks">
          {fallbacks.map((c) => (
            <li key={c.id} className="not-acked">
              {formatClock(c.rangAt ?? c.offeredAt, lang)} · {c.number ?? w.withheld} ·{' '}
              <strong data-testid="fallback-reason">{w[reasonKey(c.fallbackReason)]}</strong>
            </li>
          ))}
        </ul>
      )}
      <h3>{w.finishedTitle}</h3>
      {finished.length === 0 ? (
        <p className="muted">{w.fallbackNone}</p>
      ) : (
        <ul className="list" data-testid="finished">
          {finished.map((c) => (
            <li key={c.id} data-testid={`finished-${c.id}`}>
              {formatClock(c.endedAt ?? c.offeredAt, lang)} · {c.number ?? w.withheld}
              {c.answeredBy ? ` · ${w.desk} ${c.answeredBy}` : ''} · <strong>{outcomeText(c, lang)}</strong>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The newest finished calls the board lists. */
const FINISHED_SHOWN = 15;

function reasonKey(reason: FallbackReason | null): string {
  return reason ?? 'unknown';
}
