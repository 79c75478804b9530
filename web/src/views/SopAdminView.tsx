// The admin's SOP editor: the draft as JSON, checked with the exact path of each fault, saved and published.
import { useEffect, useState } from 'react';
import type {
  FaultBody,
  SopDraftBody,
  SopFaultsBody,
  SopVersionInfoBody,
  SopVersionsBody,
} from '../../../src/protocol/sop-bodies.ts';
import { ApiError, getJson, postJson, request } from '../api.ts';
import { useDraft } from '../draft.ts';
import { errorText } from '../errors.tsx';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { faultView } from './sop-faults.ts';

type Fault = FaultBody;

export function SopAdminView() {
  const { t, lang } = useI18n();
  const [text, setText] = useDraft<{ json: string | null }>('pinisi.draft.sop', { json: null });
  const [faults, setFaults] = useState<Fault[] | null>(null);
  const [message, setMessageState] = useState<{ text: string; error: boolean } | null>(null);
  const setMessage = (text: string | null, error = false) => setMessageState(text ? { text, error } : null);
  const [versions, setVersions] = useState<SopVersionInfoBody[]>([]);
  const json = text.json ?? '';

  const loadVersions = () =>
    getJson<SopVersionsBody>('/api/sop/versions').then(
      (answer) => setVersions(answer.versions),
      () => setVersions([]),
    );

  const loadServerDraft = () =>
    getJson<SopDraftBody>('/api/sop/draft').then(
      (draft) => {
        setText({ json: JSON.stringify(draft.doc, null, 2) });
        setFaults(draft.faults);
      },
      () => setMessage(t('error.network'), true),
    );

  // biome-ignore lint/correctness/useExhaustiveDependencies: loads once; a kept local draft wins over the server's
  useEffect(() => {
    void loadVersions();
    if (text.json === null) void loadServerDraft();
  }, []);

  const parsed = (): unknown | undefined => {
    try {
      return JSON.parse(json);
    } catch (error) {
      setFaults(null);
      setMessage(`${t('sop.badJson')}: ${(error as Error).message}`, true);
      return undefined;
    }
  };

  /** A refusal shows its faults (an invalid SOP) or its message in the user's language. */
  const refused = (error: unknown) => {
    if (!(error instanceof ApiError)) throw error;
    if (error.faults.length > 0) setFaults(error.faults);
    const n = error.faults.length;
    setMessage(n > 0 ? t('sop.invalid', { n }) : errorText(t, error), true);
  };

  const run = async (action: 'validate' | 'save' | 'publish') => {
    setMessage(null);
    const doc = parsed();
    if (doc === undefined) return;
    try {
      if (action === 'validate') {
        const found = (await postJson<SopFaultsBody>('/api/sop/validate', { doc })).faults;
        setFaults(found);
        setMessage(
          found.length > 0 ? t('sop.invalid', { n: found.length }) : t('sop.valid'),
          found.length > 0,
        );
        return;
      }
      const saved = await request<SopDraftBody>('/api/sop/draft', {
        method: 'PUT',
        body: JSON.stringify({ doc }),
      });
      setFaults(saved.faults);
      if (action === 'save') {
        setMessage(t('sop.saved'));
        return;
      }
      const published = await postJson<SopVersionInfoBody>('/api/sop/publish', {});
      setMessage(t('sop.published', { version: published.version }));
      void loadVersions();
    } catch (error) {
      refused(error);
    }
  };

  const shownDoc = faults && faults.length > 0 ? docOrNull(json) : null;

  return (
    <main className="layout sop-admin" data-testid="sop-editor">
      <section className="panel" aria-labelledby="sop-title">
        <h2 id="sop-title">{t('sop.title')}</h2>
        <textarea
          className="sop-json"
          name="sop"
          spellCheck={false}
          aria-label={t('sop.title')}
          value={json}
          onChange={(e) => setText({ json: e.target.value })}
        />
        <div className="actions">
          <button type="button" onClick={() => run('validate')}>
            {t('sop.validate')}
          </button>
          <button type="button" onClick={() => run('save')}>
            {t('sop.save')}
          </button>
          <button type="button" className="primary" onClick={() => run('publish')}>
            {t('sop.publish')}
          </button>
          <button type="button" onClick={() => void loadServerDraft()}>
            {t('sop.reload')}
          </button>
        </div>
      </section>
      <section className="panel" aria-label={t('sop.faults')}>
        {message && (
          <div className={message.error ? 'form-error' : 'notice'} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </div>
        )}
        {faults && faults.length > 0 && (
          <>
            <h3>
              {t('sop.faults')} <span className="count">{faults.length}</span>
            </h3>
            <ul className="list faults" data-testid="sop-faults">
              {faults.map((f) => {
                const view = faultView(f, shownDoc, lang);
                return (
                  <li key={`${f.path}-${f.code}`} className="not-acked">
                    <strong>{view.field}</strong> {view.text} <code className="muted">{f.path}</code>
                  </li>
                );
              })}
            </ul>
          </>
        )}
        <h3>{t('sop.versions')}</h3>
        <ul className="compact">
          {versions.map((v) => (
            <li key={v.version}>
              v{v.version} · {v.title} ·{' '}
              {v.publishedAt > 0 ? formatDateTime(v.publishedAt, lang) : t('sop.builtIn')} · {v.publishedBy}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

/** The document being edited, for naming the categories in the faults; null while its JSON does not parse. */
function docOrNull(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}
