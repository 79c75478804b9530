// The access log of personal data (UU PDP 27/2022) for the admin and the supervisor: who read a caller's data, what,
// about which call, incident or query, when (WITA) and from where, newest first, a page at a time; filtered by user.
import { useEffect, useState } from 'react';
import { getJson } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { hasMessage, type MessageKey, useI18n } from '../../i18n.ts';
import { AdminTable } from './AdminForm.tsx';

interface AccessLogRow {
  id: string;
  at: number;
  userId: string;
  username: string;
  role: string;
  what: string;
  subject: string | null;
  ip: string;
}

/** Rows per page; a full page offers the older ones. */
const PAGE = 100;

const WHAT: Record<string, MessageKey> = {
  snapshot: 'adm.log.snapshot',
  caller_history: 'adm.log.caller_history',
  timeline: 'adm.log.timeline',
  history_search: 'adm.log.history_search',
  report_calls: 'adm.log.report_calls',
  report_incidents: 'adm.log.report_incidents',
  report_file: 'adm.log.report_file',
};

export function AccessLogPanel() {
  const { t, lang } = useI18n();
  const [userId, setUserId] = useState('');
  const [rows, setRows] = useState<AccessLogRow[] | 'failed' | null>(null);
  // Every user seen in the log so far, so that the filter still offers the others while one is chosen.
  const [users, setUsers] = useState<Map<string, string>>(new Map());
  const [version, setVersion] = useState(0);
  /** The key of the next page (`at:id` of the last row shown), or '' for the newest. */
  const [before, setBefore] = useState('');
  const [more, setMore] = useState(false);
  useEffect(() => {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (userId) query.set('userId', userId);
    if (before) query.set('before', before);
    let current = true;
    void version;
    getJson<AccessLogRow[]>(`/api/admin/access-log?${query}`).then(
      (body) => {
        if (!current) return;
        setRows((shown) => (before && Array.isArray(shown) ? [...shown, ...body] : body));
        setMore(body.length === PAGE);
        setUsers((seen) => {
          const next = new Map(seen);
          for (const r of body) next.set(r.userId, r.username);
          return next;
        });
      },
      () => current && setRows('failed'),
    );
    return () => {
      current = false;
    };
  }, [userId, version, before]);
  const restart = () => {
    setBefore('');
    setVersion((v) => v + 1);
  };

  return (
    <section className="panel" aria-labelledby="adm-access-log">
      <h2 id="adm-access-log">{t('adm.accessLog')}</h2>
      <p className="muted">{t('adm.accessLog.about')}</p>
      <div className="admin-form">
        <label htmlFor="access-log-user">
          {t('adm.accessLog.user')}
          <select
            id="access-log-user"
            value={userId}
            onChange={(e) => {
              setBefore('');
              setUserId(e.target.value);
            }}
          >
            <option value="">{t('adm.accessLog.all')}</option>
            {[...users].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={restart}>
          {t('adm.accessLog.refresh')}
        </button>
      </div>
      {rows === null ? (
        <p className="loading">{t('loading')}</p>
      ) : rows === 'failed' ? (
        <p role="alert">{t('adm.accessLog.failed')}</p>
      ) : (
        <AdminTable
          testId="access-log"
          headers={[
            t('adm.accessLog.at'),
            t('adm.accessLog.user'),
            t('adm.role'),
            t('adm.accessLog.what'),
            t('adm.accessLog.subject'),
            t('adm.accessLog.ip'),
          ]}
        >
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id and never reorder in place
            <tr key={`${r.at}-${i}`} data-what={r.what}>
              <td>{formatDateTime(r.at, lang)}</td>
              <td>{r.username}</td>
              <td>{hasMessage(`role.${r.role}`) ? t(`role.${r.role}` as MessageKey) : r.role}</td>
              <td>{WHAT[r.what] ? t(WHAT[r.what]!) : r.what}</td>
              <td>{r.subject ?? '—'}</td>
              <td>{r.ip}</td>
            </tr>
          ))}
        </AdminTable>
      )}
      {Array.isArray(rows) && more && (
        <button
          type="button"
          onClick={() => {
            const last = rows.at(-1);
            if (last) setBefore(`${last.at}:${last.id}`);
          }}
        >
          {t('adm.accessLog.older')}
        </button>
      )}
    </section>
  );
}
