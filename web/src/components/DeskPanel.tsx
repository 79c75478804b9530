// The call taker's desk: sign in at a desk (chosen from the desks the admin set up, or typed with its phone while there
// are none; this PC remembers it), take a break and come back, sign out; pass the call in hand on (TransferBox); how
// the last call ended (who hung up), calls passed to an outside number, and calls this desk's phone refused.
import { type FormEvent, useState } from 'react';
import type { TelephonyState } from '../../../src/domain/acd/types.ts';
import { FormError } from '../errors.tsx';
import { formatClock } from '../format.ts';
import { useAction } from '../hooks.ts';
import { type Lang, useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { useSession } from '../session.ts';
import { hangupText, refusedAtDesk } from './call-outcome.ts';
import { TransferBox } from './TransferBox.tsx';

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
    transferredOut: 'Panggilan {number} diteruskan ke {target}.',
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
    transferredOut: 'The call from {number} was passed on to {target}.',
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

/** `category`: the incident category chosen for the call in hand, which suggests where to transfer it. */
export function DeskPanel({ category = null }: { category?: string | null } = {}) {
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
        <TransferBox
          telephony={store.state.telephony}
          positionId={mine.id}
          sipCallId={mine.callId}
          category={category}
        />
      )}
      <DeskCalls telephony={store.state.telephony} positionId={mine.id} userId={session.user.id} w={w} />
    </section>
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
  const passedOn = [...telephony.calls.values()].filter(
    (c) => c.transferredOut && c.answeredByUser === userId && c.status === 'answered',
  );
  return (
    <>
      {passedOn.map((c) => (
        <p key={c.id} role="status" data-testid="transferred-out">
          {w
            .transferredOut!.replace('{number}', c.number ?? w.withheld!)
            .replace('{target}', c.transferredOut?.name ?? '')}
        </p>
      ))}
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
