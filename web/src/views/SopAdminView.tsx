// The admin's SOP editor: the draft as JSON, checked with the exact path of each fault, saved and published.
import { useEffect, useState } from 'react';
import { getJson } from '../api.ts';
import { useDraft } from '../draft.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n.ts';

interface Fault {
  path: string;
  code: string;
  message: string;
}

interface VersionInfo {
  version: number;
  title: string;
  publishedAt: number;
  publishedBy: string;
}

interface Answer {
  ok: boolean;
  body: { faults?: Fault[]; error?: { message?: string }; version?: number };
}

/** Like request(), but keeps the body of a 400 answer: it carries the list of faults. */
async function send(method: string, path: string, body?: unknown): Promise<Answer> {
  try {
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { ok: response.ok, body: (await response.json().catch(() => ({}))) as Answer['body'] };
  } catch {
    return { ok: false, body: {} };
  }
}

export function SopAdminView() {
  const { t, lang } = useI18n();
  const [text, setText] = useDraft<{ json: string | null }>('pinisi.draft.sop', { json: null });
  const [faults, setFaults] = useState<Fault[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const json = text.json ?? '';

  const loadVersions = () =>
    getJson<{ versions: VersionInfo[] }>('/api/sop/versions').then(
      (answer) => setVersions(answer.versions),
      () => setVersions([]),
    );

  const loadServerDraft = () =>
    getJson<{ doc: unknown; faults: Fault[] }>('/api/sop/draft').then(
      (draft) => {
        setText({ json: JSON.stringify(draft.doc, null, 2) });
        setFaults(draft.faults);
      },
      () => setMessage(t('error.network')),
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
      setMessage(`${t('sop.badJson')}: ${(error as Error).message}`);
      return undefined;
    }
  };

  const refusal = (answer: Answer) => {
    const n = answer.body.faults?.length ?? 0;
    return n > 0 ? t('sop.invalid', { n }) : (answer.body.error?.message ?? t('error.network'));
  };

  const run = async (action: 'validate' | 'save' | 'publish') => {
    setMessage(null);
    const doc = parsed();
    if (doc === undefined) return;
    if (action === 'validate') {
      const answer = await send('POST', '/api/sop/validate', { doc });
      setFaults(answer.body.faults ?? []);
      setMessage(answer.ok ? t('sop.valid') : refusal(answer));
      return;
    }
    const saved = await send('PUT', '/api/sop/draft', { doc });
    if (!saved.ok) {
      setMessage(saved.body.error?.message ?? t('error.network'));
      return;
    }
    setFaults(saved.body.faults ?? []);
    if (action === 'save') {
      setMessage(t('sop.saved'));
      return;
    }
    const published = await send('POST', '/api/sop/publish');
    if (!published.ok) {
      setFaults(published.body.faults ?? []);
      setMessage(refusal(published));
      return;
    }
    setMessage(t('sop.published', { version: published.body.version ?? '?' }));
    void loadVersions();
  };

  return (
    <main className="layout sop-admin">
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
          <div className={faults && faults.length > 0 ? 'form-error' : 'notice'} role="status">
            {message}
          </div>
        )}
        {faults && faults.length > 0 && (
          <>
            <h3>
              {t('sop.faults')} <span className="count">{faults.length}</span>
            </h3>
            <ul className="list faults" data-testid="sop-faults">
              {faults.map((f) => (
                <li key={`${f.path}-${f.code}`} className="not-acked">
                  <code>{f.path || '(dokumen)'}</code> — {f.message}
                </li>
              ))}
            </ul>
          </>
        )}
        <h3>{t('sop.versions')}</h3>
        <ul className="compact">
          {versions.map((v) => (
            <li key={v.version}>
              v{v.version} · {v.title} · {formatDateTime(v.publishedAt, lang)} · {v.publishedBy}
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
