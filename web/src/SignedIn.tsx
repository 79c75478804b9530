// The signed-in part of the app, its own chunk (the sign-in page loads none of it): choosing a password or a second
// factor where the account must, else the console of the user's role with its live state.
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { PERMISSIONS } from '../../src/domain/policy.ts';
import type { EscalationsBody, ReferenceBody, SnapshotBody } from '../../src/protocol/bodies.ts';
import { ApiError, getJson, postJson } from './api.ts';
import { ConnectionBanner } from './components/ConnectionBanner.tsx';
import { ConnectionDot } from './components/ConnectionDot.tsx';
import { LoadFailure } from './components/LoadFailure.tsx';
import { ViewNotLoaded } from './components/ViewNotLoaded.tsx';
import { errorText } from './errors.tsx';
import { GeoContext, GeoSource, regencyOf } from './geo.ts';
import { useI18n } from './i18n.ts';
import { backoffDelay, LiveContext, LiveStore, StartingStream, toReference } from './live.ts';
import { type MapConfig, MapConfigContext } from './map-config.ts';
import { forgetOfflineData } from './pwa.ts';
import { preloadView, viewOf } from './role-views.tsx';
import { type Session, SessionContext } from './session.ts';
import { ChangePasswordView } from './views/ChangePasswordView.tsx';
import { mayReport, ReportsLink, useReportsRoute } from './views/reports/route.tsx';
import { SecondFactorView } from './views/SecondFactorView.tsx';

export function SignedIn({
  session,
  onSession,
  onLogout,
}: {
  session: Session;
  /** The account's session after a change of password or second factor. */
  onSession: (session: Session) => void;
  onLogout: () => void;
}) {
  const [changingPassword, setChangingPassword] = useState(false);
  const [settingUpFactor, setSettingUpFactor] = useState(false);
  // A temporary password allows nothing else; anyone may change theirs from the header at any time.
  if (session.user.mustChangePassword || changingPassword)
    return (
      <ChangePasswordView
        session={session}
        onChanged={(next) => {
          setChangingPassword(false);
          onSession(next);
        }}
        {...(session.user.mustChangePassword ? {} : { onCancel: () => setChangingPassword(false) })}
      />
    );
  // A role that requires a second factor sets it up before anything else; anyone else may choose to.
  if (session.user.mustEnrolSecondFactor || settingUpFactor)
    return (
      <SecondFactorView
        session={session}
        onDone={(next) => {
          setSettingUpFactor(false);
          onSession(next);
        }}
        {...(session.user.mustEnrolSecondFactor ? {} : { onCancel: () => setSettingUpFactor(false) })}
      />
    );
  return (
    <SessionContext.Provider value={session}>
      <Console
        session={session}
        onLogout={onLogout}
        onChangePassword={() => setChangingPassword(true)}
        onSecondFactor={() => setSettingUpFactor(true)}
      />
    </SessionContext.Provider>
  );
}

/** What a console loads before it shows anything: its socket (which brings the snapshot) and the other reads. */
interface ConsoleStart {
  stream: StartingStream;
  rest: Promise<[ReferenceBody, MapConfig, EscalationsBody]>;
}

function startLoading(session: Session): ConsoleStart {
  const readsEscalations = PERMISSIONS['escalations.read'].includes(session.user.role);
  const rest = Promise.all([
    getJson<ReferenceBody>('/api/reference'),
    getJson<MapConfig>('/api/config').catch(() => ({})),
    // A console that reloads still shows the escalations that stand; the stream brings the later ones.
    readsEscalations
      ? getJson<EscalationsBody>('/api/escalations')
      : Promise.resolve<EscalationsBody>({ escalations: [] }),
  ]);
  // Unheard until the console awaits it (a failure is handled there).
  rest.catch(() => undefined);
  return { stream: new StartingStream(), rest };
}

/** Started the moment the session is known (the sign-in's answer), before React renders the console for it. */
let started: { session: Session; start: ConsoleStart } | null = null;

/** A session that may open its console starts loading it at once: the socket, the reads and the view's code. */
export function startEarly(session: Session): void {
  if (session.user.mustChangePassword || session.user.mustEnrolSecondFactor) return;
  started?.start.stream.close();
  started = { session, start: startLoading(session) };
  // The reports view (#laporan) is another chunk: the Console preloads that one.
  if (location.hash !== '#laporan') preloadView(session.user.role);
}

/** The loading started early for this session, or a new one. */
function takeStart(session: Session): ConsoleStart {
  const early = started?.session === session ? started.start : null;
  started = null;
  return early ?? startLoading(session);
}

function Console({
  session,
  onLogout,
  onChangePassword,
  onSecondFactor,
}: {
  session: Session;
  onLogout: () => void;
  onChangePassword: () => void;
  onSecondFactor: () => void;
}) {
  const { t } = useI18n();
  const [store, setStore] = useState<LiveStore | null>(null);
  const [config, setConfig] = useState<MapConfig>({});
  const [failure, setFailure] = useState<string | null>(null);
  // The effect below loads the state once per session; a language switch must not reload it.
  const tRef = useRef(t);
  tRef.current = t;

  const followsPositions = PERMISSIONS['positions.read'].includes(session.user.role);

  useEffect(() => {
    let live: LiveStore | null = null;
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | null = null;
    /** The stream's socket, opened with the other requests: it brings the snapshot, then the events after it. */
    let early: StartingStream | null = null;
    const boot = async (attempt: number): Promise<void> => {
      try {
        await load(attempt === 0 ? takeStart(session) : startLoading(session));
        setFailure(null);
      } catch (error) {
        early?.close();
        early = null;
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 401) {
          onLogout();
          return;
        }
        // The server is unreachable while the console starts: say so and keep trying by itself.
        setFailure(error instanceof ApiError ? errorText(tRef.current, error) : String(error));
        retry = setTimeout(() => void boot(attempt + 1), backoffDelay(attempt));
      }
    };
    const load = async (start: ConsoleStart) => {
      early = start.stream;
      const [[reference, cfg, standing], snapshot] = await Promise.all([
        start.rest,
        // Without a socket (a proxy that refuses it, a server stopping), the snapshot comes over HTTP.
        start.stream.snapshot.catch(() => {
          start.stream.close();
          return getJson<SnapshotBody>('/api/snapshot');
        }),
      ]);
      if (cancelled) return;
      live = new LiveStore(toReference(reference), snapshot);
      live.showStanding(standing.escalations);
      live.followsPositions = followsPositions;
      live.onUnauthorized = onLogout;
      live.start(early);
      early = null;
      setConfig(cfg);
      setStore(live);
    };
    void boot(0);
    return () => {
      cancelled = true;
      if (retry) clearTimeout(retry);
      early?.close();
      live?.stop();
    };
  }, [session, onLogout, followsPositions]);

  const firstKecamatan = store ? [...store.state.ref.kecamatan.keys()][0] : undefined;
  const home = firstKecamatan ? regencyOf(firstKecamatan) : null;
  // Fetched when a view first asks (useGeo), not by every console.
  const geo = useMemo(() => new GeoSource(home), [home]);

  const reports = useReportsRoute(session);
  const view = reports ? 'reports' : session.user.role;
  const View = viewOf(view);
  // The view's code downloads while the live state loads, not after.
  useEffect(() => preloadView(view), [view]);

  const logout = useCallback(async () => {
    await postJson('/api/auth/logout', {}).catch(() => undefined);
    // What the crew page kept to open offline belongs to the user who leaves.
    await forgetOfflineData().catch(() => undefined);
    onLogout();
  }, [onLogout]);

  return (
    <div className={`console role-${session.user.role}`}>
      <Header
        session={session}
        onLogout={logout}
        onChangePassword={onChangePassword}
        onSecondFactor={onSecondFactor}
        store={store}
        reports={reports}
      />
      {failure && (
        <div className="banner banner-offline" role="alert">
          {failure}
        </div>
      )}
      {!store ? (
        <p className="loading">{t('loading')}</p>
      ) : (
        <LiveContext.Provider value={store}>
          <MapConfigContext.Provider value={config}>
            <GeoContext.Provider value={geo}>
              <ConnectionBanner />
              <LoadFailure fallback={<ViewNotLoaded />}>
                <Suspense fallback={<p className="loading">{t('loading')}</p>}>
                  <View />
                </Suspense>
              </LoadFailure>
            </GeoContext.Provider>
          </MapConfigContext.Provider>
        </LiveContext.Provider>
      )}
    </div>
  );
}

function Header({
  session,
  onLogout,
  onChangePassword,
  onSecondFactor,
  store,
  reports,
}: {
  session: Session;
  onLogout: () => void;
  onChangePassword: () => void;
  onSecondFactor: () => void;
  store: LiveStore | null;
  reports: boolean;
}) {
  const { t, lang, setLang } = useI18n();
  const role = session.user.role;
  return (
    <header className="topbar">
      {/* The page's one <h1>; the reports view has its own title as <h1>. */}
      {reports ? (
        <strong className="brand">{t('app.title')}</strong>
      ) : (
        <h1 className="brand">{t('app.title')}</h1>
      )}
      <span className="who">
        {session.user.displayName} · {t(`role.${role}`)}
      </span>
      {store && <ConnectionDot store={store} />}
      {mayReport(session) && <ReportsLink open={reports} />}
      <button
        type="button"
        onClick={() => setLang(lang === 'id' ? 'en' : 'id')}
        lang={lang === 'id' ? 'en' : 'id'}
      >
        {t('lang.switch')}
      </button>
      <button type="button" onClick={onChangePassword}>
        {t('pw.open')}
      </button>
      <button type="button" onClick={onSecondFactor}>
        {t('tfa.open')}
      </button>
      <button type="button" onClick={onLogout}>
        {t('logout')}
      </button>
    </header>
  );
}
