// Setting up two-step verification: a QR code and the key as text for the authenticator app, a first code to confirm,
// then the recovery codes shown once. Required before anything else for the roles that must use it.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { SecondFactorSetupBody } from '../../../src/protocol/bodies.ts';
import { getJson, newKey, postJson } from '../api.ts';
import { useI18n } from '../i18n.ts';
import type { Session } from '../session.ts';
import { CodeEntry, ErrorLine, useAttempt } from './AuthForm.tsx';

type Enrolled = Session & { recoveryCodes: string[] };

export function SecondFactorView({
  session,
  onDone,
  onCancel,
}: {
  session: Session;
  onDone: (session: Session) => void;
  /** Absent when the role requires it: there is nothing to go back to. */
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [setup, setSetup] = useState<SecondFactorSetupBody | null>(null);
  const [code, setCode] = useState('');
  const [enrolled, setEnrolled] = useState<Enrolled | null>(null);
  const { busy, error, attempt: tryOnce } = useAttempt();
  /** With the factor on: how many recovery codes are left, and a new set once made. */
  const [left, setLeft] = useState<number | null>(null);
  const [renewed, setRenewed] = useState<string[] | null>(null);
  const on = session.user.secondFactor === true;
  useEffect(() => {
    if (!on) return;
    getJson<{ left: number }>('/api/auth/second-factor/recovery-codes').then(
      (body) => setLeft(body.left),
      () => setLeft(null),
    );
  }, [on]);
  const key = useRef(newKey());
  // A failed request's key is spent: the next try is a new request.
  const attempt = (run: () => Promise<void>) =>
    tryOnce(run, () => {
      key.current = newKey();
      return undefined;
    });

  const start = () =>
    attempt(async () => {
      setSetup(await postJson<SecondFactorSetupBody>('/api/auth/second-factor/setup', {}));
    });

  const renew = (e: FormEvent) => {
    e.preventDefault();
    return attempt(async () => {
      const body = await postJson<{ recoveryCodes: string[] }>('/api/auth/second-factor/recovery-codes', {
        code: code.trim(),
      });
      setRenewed(body.recoveryCodes);
      setCode('');
    });
  };

  const confirm = (e: FormEvent) => {
    e.preventDefault();
    return attempt(async () => {
      setEnrolled(
        await postJson<Enrolled>(
          '/api/auth/second-factor/confirm',
          { code: code.trim() },
          { 'Idempotency-Key': key.current },
        ),
      );
    });
  };

  return (
    <main className="login">
      <section className="card tfa" aria-labelledby="tfa-title">
        <h1 id="tfa-title">{t('tfa.title')}</h1>
        <p>
          {session.user.displayName} ({session.user.username})
        </p>
        {on ? (
          renewed ? (
            <>
              <h2>{t('tfa.recovery')}</h2>
              <p>{t('tfa.recoveryHint')}</p>
              <ol className="recovery-codes" data-testid="recovery-codes">
                {renewed.map((c) => (
                  <li key={c}>
                    <code>{c}</code>
                  </li>
                ))}
              </ol>
              <button type="button" className="primary" onClick={() => onDone(session)}>
                {t('tfa.saved')}
              </button>
            </>
          ) : (
            <form onSubmit={renew}>
              <p className="notice" role="status">
                {t('tfa.on')}
              </p>
              {left !== null && <p data-testid="recovery-left">{t('tfa.left', { n: String(left) })}</p>}
              <CodeEntry
                label={t('tfa.renew')}
                value={code}
                onChange={setCode}
                numeric
                error={error}
                busy={busy}
                submitLabel={t('tfa.renewSubmit')}
              />
            </form>
          )
        ) : enrolled ? (
          <>
            <p className="notice" role="status">
              {t('tfa.on')}
            </p>
            <h2>{t('tfa.recovery')}</h2>
            <p>{t('tfa.recoveryHint')}</p>
            <ol className="recovery-codes" data-testid="recovery-codes">
              {enrolled.recoveryCodes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ol>
            <button
              type="button"
              className="primary"
              onClick={() => onDone({ user: enrolled.user, commands: enrolled.commands })}
            >
              {t('tfa.saved')}
            </button>
          </>
        ) : setup ? (
          <form onSubmit={confirm}>
            <p>{t('tfa.scan')}</p>
            <img
              className="tfa-qr"
              alt={t('tfa.qr')}
              width={220}
              height={220}
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
            />
            <p>{t('tfa.secret')}</p>
            <p>
              <code className="tfa-secret" data-testid="tfa-secret">
                {setup.secret.replace(/(.{4})(?=.)/g, '$1 ')}
              </code>
            </p>
            <CodeEntry
              label={t('tfa.confirm')}
              value={code}
              onChange={setCode}
              numeric
              error={error}
              busy={busy}
              submitLabel={t('tfa.confirmSubmit')}
            />
          </form>
        ) : (
          <>
            <p className={session.user.mustEnrolSecondFactor ? 'notice' : undefined}>
              {session.user.mustEnrolSecondFactor ? t('tfa.required') : t('tfa.choice')}
            </p>
            <ErrorLine text={error} />
            <button type="button" className="primary" disabled={busy} onClick={start}>
              {t('tfa.start')}
            </button>
          </>
        )}
        {onCancel && !enrolled && !renewed && (
          <button type="button" onClick={onCancel}>
            {t('tfa.close')}
          </button>
        )}
      </section>
    </main>
  );
}
