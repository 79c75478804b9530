// The admin's SOP editor: the draft as forms (the document's timers, then each category), checked as it is edited
// with every fault beside its field in Indonesian; the JSON view stays for experts. Saved and published from here.
import { useEffect, useMemo, useState } from 'react';
import type { SopDocument } from '../../../src/domain/sop/document.ts';
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
import { useLive } from '../live.ts';
import { CategoryForm, DocumentForm } from './sop/CategoryForm.tsx';
import { faultIsAt, faultsAfterRemoval, type SopEdit, SopEditContext, setAt } from './sop/edit.ts';
import { faultView } from './sop-faults.ts';
import './sop/sop.css';

/** How long the editor waits after the last change before it checks the draft again. */
const CHECK_AFTER_MS = 700;

/** The document the JSON text holds, or null while it does not parse. */
function parse(json: string): SopDocument | null {
  try {
    const doc = JSON.parse(json) as unknown;
    return typeof doc === 'object' && doc !== null && Array.isArray((doc as SopDocument).categories)
      ? (doc as SopDocument)
      : null;
  } catch {
    return null;
  }
}

export function SopAdminView() {
  const { t, lang } = useI18n();
  const store = useLive();
  const [text, setText] = useDraft<{ json: string | null }>('pinisi.draft.sop', { json: null });
  const [faults, setFaults] = useState<FaultBody[] | null>(null);
  const [message, setMessageState] = useState<{ text: string; error: boolean } | null>(null);
  const setMessage = (text: string | null, error = false) => setMessageState(text ? { text, error } : null);
  const [versions, setVersions] = useState<SopVersionInfoBody[]>([]);
  const [mode, setMode] = useState<'form' | 'json'>('form');
  /** The category shown in the form, by index; null for the document's own fields. */
  const [open, setOpen] = useState<number | null>(0);
  const json = text.json ?? '';
  const doc = useMemo(() => parse(json), [json]);

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

  // Every change is checked once the typing pauses, so the faults beside the fields follow the draft.
  useEffect(() => {
    if (!doc) return;
    let live = true;
    const timer = setTimeout(() => {
      postJson<SopFaultsBody>('/api/sop/validate', { doc }).then(
        (answer) => live && setFaults(answer.faults),
        () => {},
      );
    }, CHECK_AFTER_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [doc]);

  /** A refusal shows its faults (an invalid SOP) or its message in the user's language. */
  const refused = (error: unknown) => {
    if (!(error instanceof ApiError)) throw error;
    if (error.faults.length > 0) setFaults(error.faults);
    const n = error.faults.length;
    setMessage(n > 0 ? t('sop.invalid', { n }) : errorText(t, error), true);
  };

  const run = async (action: 'validate' | 'save' | 'publish') => {
    setMessage(null);
    if (!doc) {
      setFaults(null);
      try {
        JSON.parse(json);
        setMessage(t('sop.jsonBroken'), true);
      } catch (error) {
        setMessage(`${t('sop.badJson')}: ${(error as Error).message}`, true);
      }
      return;
    }
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

  const edit: SopEdit | null = doc
    ? {
        doc,
        faults: faults ?? [],
        set: (path, value) => {
          setText({ json: JSON.stringify(setAt(doc, path, value), null, 2) });
          // What was removed takes its faults along, and the faults of later items move up with those items.
          if (value === undefined) setFaults((current) => current && faultsAfterRemoval(current, path));
        },
        agencies: [...store.state.ref.agencies.values()].map((a) => ({ id: a.id, code: a.code })),
      }
    : null;
  const countAt = (path: string) => (faults ?? []).filter((f) => faultIsAt(f, path, true)).length;
  const documentFaults = (faults ?? []).filter((f) => !f.path.startsWith('categories[')).length;
  const shown = open !== null ? doc?.categories[open] : undefined;

  return (
    <main className="layout sop-admin" data-testid="sop-editor">
      <nav className="panel sop-nav" aria-labelledby="sop-title">
        <h2 id="sop-title">{t('sop.title')}</h2>
        <div className="tabs">
          <button type="button" aria-pressed={mode === 'form'} onClick={() => setMode('form')}>
            {t('sop.tab.form')}
          </button>
          <button type="button" aria-pressed={mode === 'json'} onClick={() => setMode('json')}>
            {t('sop.tab.json')}
          </button>
        </div>
        {doc && (
          <ul className="sop-categories" data-testid="sop-categories">
            <li>
              <button
                type="button"
                aria-pressed={mode === 'form' && open === null}
                onClick={() => {
                  setMode('form');
                  setOpen(null);
                }}
              >
                {t('sop.document')}
                {documentFaults > 0 && <span className="fault-count">{documentFaults}</span>}
              </button>
            </li>
            {doc.categories.map((c, i) => {
              const n = countAt(`categories[${i}]`);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: a category is its place in the document
                <li key={i} data-code={c.code}>
                  <button
                    type="button"
                    aria-pressed={mode === 'form' && open === i}
                    onClick={() => {
                      setMode('form');
                      setOpen(i);
                    }}
                  >
                    {(lang === 'en' ? c.nameEn : c.nameId) || c.code || `#${i + 1}`}
                    {n > 0 && (
                      <span className="fault-count" title={t('sop.faultCount', { n })}>
                        {n}
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {doc && edit && (
          <button
            type="button"
            onClick={() => {
              edit.set(`categories[${doc.categories.length}]`, {
                code: `kategori_${doc.categories.length + 1}`,
                nameId: t('sop.category.new'),
                nameEn: 'New category',
                group: 'other',
                defaultPriority: 3,
                defaultAgencies: [],
                questions: [],
                priorityRules: [],
                agencyRules: [],
              });
              setMode('form');
              setOpen(doc.categories.length);
            }}
          >
            {t('sop.category.add')}
          </button>
        )}
      </nav>
      <section className="panel sop-form" aria-label={shown ? shown.nameId : t('sop.document')}>
        {mode === 'json' ? (
          <textarea
            className="sop-json"
            name="sop"
            spellCheck={false}
            aria-label={t('sop.tab.json')}
            value={json}
            onChange={(e) => setText({ json: e.target.value })}
          />
        ) : !edit ? (
          <p className="form-error" role="alert">
            {t('sop.jsonBroken')}
          </p>
        ) : (
          <SopEditContext.Provider value={edit}>
            {open === null || !shown ? (
              <DocumentForm />
            ) : (
              <>
                <CategoryForm key={open} path={`categories[${open}]`} category={shown} />
                <button
                  type="button"
                  className="danger"
                  onClick={() => {
                    edit.set(`categories[${open}]`, undefined);
                    setOpen(null);
                  }}
                >
                  {t('sop.category.remove')}
                </button>
              </>
            )}
          </SopEditContext.Provider>
        )}
      </section>
      <section className="panel" aria-label={t('sop.faults')}>
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
                const view = faultView(f, doc, lang);
                return (
                  <li key={`${f.path}-${f.code}`} className="not-acked">
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        setMode('form');
                        setOpen(view.category);
                      }}
                    >
                      <strong>{view.field}</strong>
                    </button>{' '}
                    {view.text}
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
