// Sign-in form; the language switch is available before signing in.
import { type FormEvent, useState } from 'react';
import { postJson } from '../api.ts';
import { useI18n } from '../i18n.ts';
import type { Session } from '../session.ts';
import { CodeEntry, ErrorLine, useAttempt } from './AuthForm.tsx';

/** The password was right; POST /api/auth/second-factor with the code next. */
type SecondFactorDue = { secondFactor: 'totp' };

export function LoginView({
  onLogin,
  onTyping,
}: {
  onLogin: (session: Session) => void;
  /** Someone is filling the form in: what comes after signing in may start downloading. */
  onTyping?: () => void;
}) {
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, attempt } = useAttempt();
  /** The password was right and the account asks for an authenticator code. */
  const [codeDue, setCodeDue] = useState(false);
  const [code, setCode] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onTyping?.();
    return attempt(
      async () => {
        if (codeDue) {
          onLogin(await postJson<Session>('/api/auth/second-factor', { code: code.trim() }));
          return;
        }
        const answer = await postJson<Session | SecondFactorDue>('/api/auth/login', {
          username: username.trim(),
          password,
        });
        if ('secondFactor' in answer) {
          setPassword('');
          setCodeDue(true);
        } else onLogin(answer);
      },
      (apiError) => {
        if (apiError.code === 'auth.challenge_expired') {
          setCodeDue(false);
          setCode('');
        }
        const wrongPassword = !codeDue && (apiError.status === 401 || apiError.status === 400);
        return wrongPassword ? t('login.failed') : undefined;
      },
    );
  };

  if (codeDue)
    return (
      <main className="login">
        <form onSubmit={submit} className="card" aria-labelledby="tfa-title">
          <h1 id="tfa-title">{t('tfa.title')}</h1>
          <p>{username.trim()}</p>
          <CodeEntry
            label={t('tfa.code')}
            value={code}
            onChange={setCode}
            hint={t('tfa.codeHint')}
            error={error}
            busy={busy}
            submitLabel={t('tfa.submit')}
          />
          <button
            type="button"
            className="link"
            onClick={() => {
              setCodeDue(false);
              setCode('');
              setError(null);
            }}
          >
            {t('tfa.back')}
          </button>
        </form>
      </main>
    );

  return (
    <main className="login">
      <form onSubmit={submit} onInput={onTyping} className="card">
        <h1>{t('app.title')}</h1>
        <h2>{t('login.title')}</h2>
        <label>
          {t('login.username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            // biome-ignore lint/a11y/noAutofocus: the only thing to do on this screen is to sign in
            autoFocus
          />
        </label>
        <label>
          {t('login.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <ErrorLine text={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <button type="button" className="link" onClick={() => setLang(lang === 'id' ? 'en' : 'id')}>
          {t('lang.switch')}
        </button>
      </form>
    </main>
  );
}
