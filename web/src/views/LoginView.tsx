// Sign-in form; the language switch is available before signing in.
import { type FormEvent, useState } from 'react';
import { ApiError, postJson } from '../api.ts';
import { errorText } from '../errors.tsx';
import { useI18n } from '../i18n.ts';
import type { Session } from '../session.ts';

/** The password was right; POST /api/auth/second-factor with the code next. */
type SecondFactorDue = { secondFactor: 'totp' };

export function LoginView({ onLogin }: { onLogin: (session: Session) => void }) {
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The password was right and the account asks for an authenticator code. */
  const [codeDue, setCodeDue] = useState(false);
  const [code, setCode] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
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
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, 'unknown', String(err));
      if (apiError.code === 'auth.challenge_expired') {
        setCodeDue(false);
        setCode('');
      }
      const wrongPassword = !codeDue && (apiError.status === 401 || apiError.status === 400);
      setError(wrongPassword ? t('login.failed') : errorText(t, apiError));
    } finally {
      setBusy(false);
    }
  };

  if (codeDue)
    return (
      <main className="login">
        <form onSubmit={submit} className="card" aria-labelledby="tfa-title">
          <h1 id="tfa-title">{t('tfa.title')}</h1>
          <p>{username.trim()}</p>
          <label>
            {t('tfa.code')}
            <input
              name="code"
              autoComplete="one-time-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              required
              // biome-ignore lint/a11y/noAutofocus: the code is the only thing to type on this step
              autoFocus
            />
          </label>
          <p className="hint">{t('tfa.codeHint')}</p>
          {error && (
            <div className="form-error" role="alert">
              {error}
            </div>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {t('tfa.submit')}
          </button>
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
      <form onSubmit={submit} className="card">
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
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
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
