// The call taker's desk: sign in at a desk (chosen from the desks the admin set up, or typed with its phone while there
// are none; this PC remembers it), take a break and come back, sign out; how the last call ended (who hung up) and
// calls this desk's phone refused.
import { type FormEvent, useState } from 'react';
import type { TelephonyState } from '../../../src/domain/acd/types.ts';
import { FormError } from '../errors.tsx';
import { formatClock } from '../format.ts';
import { useAction } from '../hooks.ts';
import { type Lang, useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { useSession } from '../session.ts';
import { hangupText, refusedAtDesk } from './call-outcome.ts';

const WORDS: Record<Lang, Record<string, string>> = {
  id: {
    title: 'Meja',
    signIn: 'Masuk ke meja',
    desk: 'Meja',
    extension: 'Ekstensi telepon',
    contact: 'Alamat SIP telepon',
    submit: 'Masuk',
    choose: '— pilih meja —',
    taken: 'dipakai',
    breakTake: 'Istirahat',
    back: 'Siap menerima',
    signOut: 'Keluar dari meja',
    available: 'siap',
    ringing: 'berdering',
    on_call: 'dalam panggilan',
    wrap_up: 'menyelesaikan catatan',
    on_break: 'istirahat',
    notSignedIn: 'Anda belum masuk ke meja: panggilan 112 tidak akan berdering di telepon Anda.',
    lastCall: 'Panggilan terakhir',
    refusedHere:
      'Telepon meja ini menolak panggilan {number} pukul {time}: media atau isi panggilan tidak didukung; panggilan diteruskan ke meja lain atau kelompok cadangan.',
    withheld: 'nomor disembunyikan',
    transfer: 'Alihkan panggilan',
    transferTo: 'Meja tujuan',
    transferChoose: '— pilih meja yang siap —',
    transferSubmit: 'Alihkan',
    transferNone: 'Tidak ada meja lain yang siap menerima panggilan.',
    transferring:
      'Mengalihkan ke {desk}: telepon meja itu berdering. Penelepon tetap tersambung dengan Anda sampai meja itu menjawab.',
    transferFailed: '{desk} tidak menerima panggilan (kode {code}); panggilan tetap pada Anda.',
  },
  en: {
    title: 'Desk',
    signIn: 'Sign in at a desk',
    desk: 'Desk',
    extension: 'Phone extension',
    contact: 'Phone SIP address',
    submit: 'Sign in',
    choose: '— choose a desk —',
    taken: 'in use',
    breakTake: 'Take a break',
    back: 'Ready',
    signOut: 'Sign out of the desk',
    available: 'ready',
    ringing: 'ringing',
    on_call: 'on a call',
    wrap_up: 'wrap-up',
    on_break: 'on break',
    notSignedIn: 'You are not signed in at a desk: 112 calls will not ring your phone.',
    lastCall: 'Last call',
    refusedHere:
      'This desk’s phone refused the call from {number} at {time}: its media or body is not supported; the call went on to another desk or the hunt group.',
    withheld: 'number withheld',
    transfer: 'Transfer the call',
    transferTo: 'Target desk',
    transferChoose: '— choose a free desk —',
    transferSubmit: 'Transfer',
    transferNone: 'No other desk is free to take the call.',
    transferring:
      'Transferring to {desk}: its phone is ringing. The caller stays connected to you until that desk answers.',
    transferFailed: '{desk} did not take the call (code {code}); the call stays with you.',
  },
};

const REMEMBERED = 'pinisi.desk';
interface DeskForm {
  positionId: string;
  extension: string;
  contact: string;
}

/** The desk this PC was last signed in at. */
function remembered(): DeskForm {
  try {
    const saved = JSON.parse(localStorage.getItem(REMEMBERED) ?? 'null') as DeskForm | null;
    if (saved && typeof saved.positionId === 'string') return saved;
  } catch {
    // a damaged entry is forgotten
  }
  return { positionId: '', extension: '', contact: '' };
}

export function DeskPanel() {
  const { lang } = useI18n();
  const w = WORDS[lang];
  const store = useLive();
  const session = useSession();
  const action = useAction();
  const [form, setForm] = useState<DeskForm>(remembered);
  const { positions, desks } = store.state.telephony;
  const mine = [...positions.values()].find((p) => p.userId === session.user.id);
  // Once the admin has set up desks, a call taker signs in at one by its id alone: the desk knows its phone.
  const setUp = [...desks.values()].sort((a, b) => a.id.localeCompare(b.id));

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    const desk = {
      positionId: form.positionId.trim(),
      extension: form.extension.trim(),
      contact: form.contact.trim(),
    };
    const command = setUp.length > 0 ? { positionId: desk.positionId } : desk;
    if ((await action.run('telephony.sign_in', command)) !== null)
      localStorage.setItem(REMEMBERED, JSON.stringify(desk));
  };
  const field = (key: keyof DeskForm, label: string) => (
    <label>
      {label}
      <input
        name={key}
        value={form[key]}
        required
        onChange={(e) => setForm((f) => ({ ...f, [key]: e.target.value }))}
      />
    </label>
  );

  if (!mine) {
    return (
      <section className="panel desk" aria-labelledby="desk-title">
        <h2 id="desk-title">{w.signIn}</h2>
        <p role="status">{w.notSignedIn}</p>
        <form onSubmit={signIn}>
          {setUp.length > 0 ? (
            <label>
              {w.desk}
              <select
                name="positionId"
                value={desks.has(form.positionId) ? form.positionId : ''}
                required
                onChange={(e) => setForm((f) => ({ ...f, positionId: e.target.value }))}
              >
                <option value="">{w.choose}</option>
                {setUp.map((d) => (
                  <option key={d.id} value={d.id} disabled={positions.has(d.id)}>
                    {d.name} · {d.extension}
                    {positions.has(d.id) ? ` (${w.taken})` : ''}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <>
              {field('positionId', w.desk!)}
              {field('extension', w.extension!)}
              {field('contact', w.contact!)}
            </>
          )}
          <button type="submit" disabled={action.busy}>
            {w.submit}
          </button>
        </form>
        <FormError error={action.error} />
      </section>
    );
  }
  const onBreak = mine.state === 'on_break';
  return (
    <section className="panel desk" aria-labelledby="desk-title">
      <h2 id="desk-title">
        {w.title} {mine.id} · {mine.extension}
      </h2>
      <p data-testid="desk-state">{w[mine.state]}</p>
      {onBreak ? (
        <button
          type="button"
          disabled={action.busy}
          onClick={() => action.run('telephony.set_available', { positionId: mine.id })}
        >
          {w.back}
        </button>
      ) : (
        <button
          type="button"
          disabled={action.busy || mine.state === 'on_call' || mine.state === 'ringing'}
          onClick={() => action.run('telephony.take_break', { positionId: mine.id, reason: 'break' })}
        >
          {w.breakTake}
        </button>
      )}
      <button
        type="button"
        disabled={action.busy || mine.state === 'on_call'}
        onClick={() => action.run('telephony.sign_out', { positionId: mine.id })}
      >
        {w.signOut}
      </button>
      <FormError error={action.error} />
      {mine.state === 'on_call' && mine.callId !== null && (
        <TransferBox telephony={store.state.telephony} positionId={mine.id} sipCallId={mine.callId} w={w} />
      )}
      <DeskCalls telephony={store.state.telephony} positionId={mine.id} userId={session.user.id} w={w} />
    </section>
  );
}

/** A desk as the call taker knows it: the admin's name for it, else its id, with its extension. */
function deskLabel(telephony: TelephonyState, positionId: string): string {
  const desk = telephony.desks.get(positionId);
  const position = telephony.positions.get(positionId);
  const extension = desk?.extension ?? position?.extension;
  return `${desk?.name ?? positionId}${extension ? ` · ${extension}` : ''}`;
}

/**
 * Passing the call in hand to another desk that is signed in and free ("Alihkan"): the switch rings that desk and moves
 * the caller only once it answers, so the caller is never dropped; a desk that does not answer leaves the call here.
 */
function TransferBox({
  telephony,
  positionId,
  sipCallId,
  w,
}: {
  telephony: TelephonyState;
  positionId: string;
  sipCallId: string;
  w: Record<string, string>;
}) {
  const action = useAction();
  const [target, setTarget] = useState('');
  const call = telephony.calls.get(sipCallId);
  const free = [...telephony.positions.values()]
    .filter((p) => p.id !== positionId && p.state === 'available')
    .sort((a, b) => a.id.localeCompare(b.id));
  const chosen = free.some((p) => p.id === target) ? target : '';
  if (call?.transferTo)
    return (
      <p role="status" data-testid="transfer-state">
        {w.transferring!.replace('{desk}', deskLabel(telephony, call.transferTo))}
      </p>
    );
  const failed = call?.transferFailed;
  return (
    <fieldset className="transfer">
      <legend>{w.transfer}</legend>
      {failed && (
        <p role="status" className="not-acked" data-testid="transfer-state">
          {w
            .transferFailed!.replace('{desk}', deskLabel(telephony, failed.positionId))
            .replace('{code}', String(failed.code ?? '—'))}
        </p>
      )}
      {free.length === 0 ? (
        <p>{w.transferNone}</p>
      ) : (
        <>
          <label>
            {w.transferTo}
            <select name="transferTo" value={chosen} onChange={(e) => setTarget(e.target.value)}>
              <option value="">{w.transferChoose}</option>
              {free.map((p) => (
                <option key={p.id} value={p.id}>
                  {deskLabel(telephony, p.id)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={action.busy || chosen === ''}
            onClick={() => action.run('telephony.transfer', { sipCallId, toPositionId: chosen })}
          >
            {w.transferSubmit}
          </button>
        </>
      )}
      <FormError error={action.error} />
    </fieldset>
  );
}

/** How this call taker's last call ended (who hung up), and the calls of the last hour this desk's phone refused. */
function DeskCalls({
  telephony,
  positionId,
  userId,
  w,
}: {
  telephony: TelephonyState;
  positionId: string;
  userId: string;
  w: Record<string, string>;
}) {
  const { lang } = useI18n();
  const now = Date.now();
  const last = [...telephony.ended.values()]
    .filter((c) => c.answeredByUser === userId && c.status === 'ended' && now - (c.endedAt ?? 0) <= 3_600_000)
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0))[0];
  const refused = refusedAtDesk(telephony, positionId, now);
  return (
    <>
      {last && (
        <p data-testid="last-call">
          {w.lastCall} ({last.number ?? w.withheld}, {formatClock(last.endedAt ?? now, lang)}):{' '}
          <strong>{hangupText(last, lang)}</strong>
        </p>
      )}
      {refused.map((c) => (
        <p key={c.id} className="not-acked" data-testid="refused-here">
          {w
            .refusedHere!.replace('{number}', c.number ?? w.withheld!)
            .replace('{time}', formatClock(c.offeredAt, lang))}
        </p>
      ))}
    </>
  );
}
