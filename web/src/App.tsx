// The app shell: language and sign-in; what comes after signing in is its own chunk (SignedIn.tsx), downloaded while
// the form is being filled in, so the sign-in page runs only what the form needs.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { getJson } from './api.ts';
import { LoadFailure } from './components/LoadFailure.tsx';
import { ViewNotLoaded } from './components/ViewNotLoaded.tsx';
import { I18nContext, type Lang, storedLang, storeLang, translator } from './i18n.ts';
import type { Session } from './session.ts';
import { LoginView } from './views/LoginView.tsx';

/** The signed-in part's code (fetched once, whoever asks first). */
const loadSignedIn = () => import('./SignedIn.tsx');
const SignedIn = lazy(() => loadSignedIn().then((m) => ({ default: m.SignedIn })));

export function App() {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const i18n = useMemo(
    () => ({
      lang,
      t: translator(lang),
      setLang: (next: Lang) => {
        storeLang(next);
        setLangState(next);
      },
    }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  /** The console's socket and reads start with the session's answer, before React renders the console. */
  const signedIn = useCallback((next: Session) => {
    loadSignedIn().then(
      (m) => m.startEarly(next),
      () => undefined,
    );
    setSession(next);
  }, []);

  const signedOut = useCallback(() => setSession(null), []);

  useEffect(() => {
    getJson<Session>('/api/me').then(signedIn, () => setSession(null));
  }, [signedIn]);
  // Once someone types into the form (which takes seconds), the code for after it downloads; not before, so the
  // form's first moments are the form's alone.
  const prepare = useCallback(() => void loadSignedIn().catch(() => undefined), []);

  return (
    <I18nContext.Provider value={i18n}>
      {session === undefined ? (
        <p className="loading">{i18n.t('loading')}</p>
      ) : session === null ? (
        <LoginView onLogin={signedIn} onTyping={prepare} />
      ) : (
        <LoadFailure fallback={<ViewNotLoaded />}>
          <Suspense fallback={<p className="loading">{i18n.t('loading')}</p>}>
            <SignedIn session={session} onSession={setSession} onLogout={signedOut} />
          </Suspense>
        </LoadFailure>
      )}
    </I18nContext.Provider>
  );
}
