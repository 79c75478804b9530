// Choosing one's own password: required before anything else after a temporary one, and open to anyone at any time.
import { type FormEvent, useRef, useState } from 'react';
import { newKey, postJson } from '../api.ts';
import { ctrlEnterSubmits } from '../form-keys.ts';
import { useI18n } from '../i18n.ts';
import type { Session } from '../session.ts';
import { ErrorLine, useAttempt } from './AuthForm.tsx';

export function ChangePasswordView({
  session,
  onChanged,
  onCancel,
}: {
  session: Session;
  onChanged: (session: Session) => void;
  /** Absent when the change is required (a temporary password): there is nothing to go back to. */
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, error, setError, attempt } = useAttempt();
  // One key per attempt with the same words: a retried request changes the password once.
  const key = useRef(newKey());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setError(t('pw.mismatch'));
      return;
    }
    return attempt(
      async () => {
        onChanged(
          await postJson<Session>(
            '/api/auth/password',
            { currentPassword: current, newPassword: next },
            { 'Idempotency-Key': key.current },
          ),
        );
      },
      () => {
        key.current = newKey();
        return undefined;
      },
    );
  };

  const field = (
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    autoComplete: string,
  ) => (
    <label>
      {label}
      <input
        name={name}
        type="password"
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => set(e.target.value)}
        required
      />
    </label>
  );

  return (
    <main className="login">
      <form onSubmit={submit} onKeyDown={ctrlEnterSubmits} className="card" aria-labelledby="pw-title">
        <h1 id="pw-title">{t('pw.title')}</h1>
        <p>
          {session.user.displayName} ({session.user.username})
        </p>
        {session.user.mustChangePassword && (
          <p className="notice" role="status">
            {t('pw.required')}
          </p>
        )}
        {/* The username for password managers, which save the new password under it. */}
        <input type="hidden" name="username" autoComplete="username" value={session.user.username} />
        {field('currentPassword', t('pw.current'), current, setCurrent, 'current-password')}
        {field('newPassword', t('pw.new'), next, setNext, 'new-password')}
        {field('repeatPassword', t('pw.repeat'), repeat, setRepeat, 'new-password')}
        <p className="hint">{t('pw.rules')}</p>
        <ErrorLine text={error} />
        <button type="submit" className="primary" disabled={busy} aria-keyshortcuts="Control+Enter">
          {t('pw.submit')} <kbd>Ctrl+Enter</kbd>
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('pw.close')}
          </button>
        )}
      </form>
    </main>
  );
}
