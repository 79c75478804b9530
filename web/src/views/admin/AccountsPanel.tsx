// The admin's accounts screen: every user with role, agency or unit and failed logins; create one (temporary password
// shown once), change role and placement, disable/enable, reset the password, unlock, list and end its sessions.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { load } from '../../../../src/domain/state.ts';
import { ROLES, type Role, type UserAccount } from '../../../../src/domain/types.ts';
import type { AccountSessionsBody, AccountsBody } from '../../../../src/protocol/bodies.ts';
import { getJson } from '../../api.ts';
import { FieldError, FormError } from '../../errors.tsx';
import { formatDateTime } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { useLive } from '../../live.ts';
import { AdminForm, AdminScreen, AdminTable, UnitField } from './AdminForm.tsx';

type FailedLogins = AccountsBody[number]['failedLogins'];
/** The commands that take just the account. */
type AccountCommand =
  | 'user.disable'
  | 'user.enable'
  | 'user.unlock'
  | 'user.revoke_sessions'
  | 'user.reset_second_factor';

interface Placement {
  role: Role;
  agencyId: string;
  unitId: string;
}

/** The command fields a role takes: a liaison's agency, a responder's unit, nothing for the centre's staff. */
function placementPayload(p: Placement): { agencyId?: string | null; unitId?: string | null } {
  if (p.role === 'agency') return { agencyId: p.agencyId || null, unitId: null };
  if (p.role === 'responder') return { agencyId: null, unitId: p.unitId || null };
  return { agencyId: null, unitId: null };
}

/** Role, agency and unit pickers; the agency shows for liaisons, the unit for responders. */
function PlacementFields({
  value,
  onChange,
  error,
}: {
  value: Placement;
  onChange: (next: Placement) => void;
  error: Parameters<typeof FieldError>[0]['error'];
}) {
  const { t } = useI18n();
  const store = useLive();
  const agencies = [...store.state.ref.agencies.values()];
  return (
    <>
      <label>
        {t('adm.role')}
        <select
          name="role"
          value={value.role}
          onChange={(e) => onChange({ ...value, role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <FieldError error={error} field="role" />
      </label>
      {value.role === 'agency' && (
        <label>
          {t('adm.agency')}
          <select
            name="agencyId"
            value={value.agencyId}
            onChange={(e) => onChange({ ...value, agencyId: e.target.value })}
          >
            <option value="">{t('adm.choose')}</option>
            {agencies.map((a) => (
              <option key={a.id} value={a.id}>
                {a.code} · {a.name}
              </option>
            ))}
          </select>
          <FieldError error={error} field="agencyId" />
        </label>
      )}
      {value.role === 'responder' && (
        <UnitField value={value.unitId} onChange={(unitId) => onChange({ ...value, unitId })} error={error} />
      )}
    </>
  );
}

/** A temporary password, shown once to the admin who must hand it over. */
function TemporaryPassword({ user, password }: { user: string; password: string }) {
  const { t } = useI18n();
  return (
    <div className="notice secret" role="status" data-testid="temporary-password">
      <strong>{t('adm.tempPassword', { user, password })}</strong>
      <p>{t('adm.tempPassword.once')}</p>
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: (username: string, password: string) => void }) {
  const { t } = useI18n();
  const action = useAction();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [placement, setPlacement] = useState<Placement>({ role: 'call_taker', agencyId: '', unitId: '' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await action.run('user.create', {
      username: username.trim(),
      displayName: displayName.trim(),
      role: placement.role,
      ...placementPayload(placement),
    });
    const password = result?.temporaryPassword;
    if (typeof password === 'string') {
      onCreated(username.trim(), password);
      setUsername('');
      setDisplayName('');
    }
  };
  return (
    <AdminForm
      label={t('adm.newUser')}
      action={action}
      onSubmit={submit}
      submitLabel={t('adm.create')}
      fields={['username', 'displayName', 'role', 'agencyId', 'unitId']}
    >
      <label>
        {t('adm.username')}
        <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <FieldError error={action.error} field="username" />
      </label>
      <label>
        {t('adm.displayName')}
        <input
          name="displayName"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          required
        />
        <FieldError error={action.error} field="displayName" />
      </label>
      <PlacementFields value={placement} onChange={setPlacement} error={action.error} />
    </AdminForm>
  );
}

function Sessions({ userId, version }: { userId: string; version: number }) {
  const { t, lang } = useI18n();
  const [sessions, setSessions] = useState<AccountSessionsBody | null>(null);
  useEffect(() => {
    let live = true;
    void version;
    getJson<AccountSessionsBody>(`/api/admin/users/${encodeURIComponent(userId)}/sessions`).then(
      (s) => live && setSessions(s),
      () => live && setSessions([]),
    );
    return () => {
      live = false;
    };
  }, [userId, version]);
  if (!sessions) return <p className="loading">{t('loading')}</p>;
  if (sessions.length === 0) return <p>{t('adm.sessions.none')}</p>;
  return (
    <AdminTable
      testId="sessions"
      headers={[t('adm.session.started'), t('adm.session.seen'), t('adm.status')]}
    >
      {sessions.map((s) => (
        <tr key={s.id}>
          <td>{formatDateTime(s.createdAt, lang)}</td>
          <td>{formatDateTime(s.lastSeenAt, lang)}</td>
          <td>{s.active ? t('adm.session.on') : t('adm.session.off')}</td>
        </tr>
      ))}
    </AdminTable>
  );
}

function SelectedUser({
  user,
  failed,
  onPassword,
  onChanged,
}: {
  user: UserAccount;
  failed: FailedLogins;
  onPassword: (username: string, password: string) => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const action = useAction();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [placement, setPlacement] = useState<Placement>({
    role: user.role,
    agencyId: user.agencyId ?? '',
    unitId: user.unitId ?? '',
  });
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState(false);
  const after = (ok: unknown) => {
    setVersion((v) => v + 1);
    setSaved(ok !== null);
    onChanged();
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const changes = {
      ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
      ...(placement.role !== user.role ? { role: placement.role } : {}),
      ...placementPayload(placement),
    };
    after(await action.run('user.update', { userId: user.id, ...changes }));
  };
  const reset = async () => {
    const result = await action.run('user.reset_password', { userId: user.id });
    if (typeof result?.temporaryPassword === 'string') onPassword(user.username, result.temporaryPassword);
    after(result);
  };
  /** A button that sends one command about this account (`off`: it has nothing to do now). */
  const send = (type: AccountCommand, label: string, off = false) => (
    <button
      type="button"
      disabled={action.busy || off}
      onClick={async () => after(await action.run(type, { userId: user.id }))}
    >
      {label}
    </button>
  );
  return (
    <section className="admin-selected" aria-label={t('adm.selected', { name: user.username })}>
      <h3>{t('adm.selected', { name: `${user.displayName} (${user.username})` })}</h3>
      <AdminForm
        label={t('adm.edit')}
        heading={null}
        action={action}
        onSubmit={save}
        submitLabel={t('adm.edit')}
      >
        <label>
          {t('adm.displayName')}
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          <FieldError error={action.error} field="displayName" />
        </label>
        <PlacementFields value={placement} onChange={setPlacement} error={action.error} />
      </AdminForm>
      <div className="admin-actions">
        {user.active ? send('user.disable', t('adm.disable')) : send('user.enable', t('adm.enable'))}
        <button type="button" disabled={action.busy} onClick={reset}>
          {t('adm.reset')}
        </button>
        {send('user.unlock', t('adm.unlock'), failed.length === 0)}
        {send('user.revoke_sessions', t('adm.revoke'))}
        {user.secondFactorAt != null && send('user.reset_second_factor', t('adm.tfaReset'))}
      </div>
      <FormError error={action.error} fields={['displayName', 'role', 'agencyId', 'unitId']} />
      {saved && !action.error && (
        <p className="notice" role="status">
          {t('adm.done')}
        </p>
      )}
      <h4>{t('adm.sessions')}</h4>
      <Sessions userId={user.id} version={version} />
    </section>
  );
}

/**
 * The accounts are read once (GET /api/admin/users) into the live state, where the stream's `user.*` events keep
 * them current; failed logins are read again after each change made here.
 */
export function AccountsPanel() {
  const { t } = useI18n();
  const store = useLive();
  const [failed, setFailed] = useState<Map<string, FailedLogins>>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [shown, setShown] = useState<{ user: string; password: string } | null>(null);
  const refresh = useCallback(async () => {
    const rows = await getJson<AccountsBody>('/api/admin/users');
    load(store.state, { users: rows.map((r) => r.account) });
    setFailed(new Map(rows.map((r) => [r.account.id, r.failedLogins])));
    setLoaded(true);
  }, [store]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const users = [...store.state.users.values()].sort((a, b) => a.username.localeCompare(b.username));
  const user = selected ? store.state.users.get(selected) : undefined;
  const placeOf = (u: UserAccount) =>
    u.role === 'responder'
      ? (store.state.units.get(u.unitId ?? '')?.callsign ?? u.unitId)
      : u.agencyId
        ? (store.state.ref.agencies.get(u.agencyId)?.code ?? u.agencyId)
        : '';
  const onPassword = (username: string, password: string) => {
    setShown({ user: username, password });
    void refresh();
  };
  return (
    <AdminScreen
      id="adm-users"
      title={t('adm.users')}
      form={
        <>
          {user ? (
            <SelectedUser
              key={user.id}
              user={user}
              failed={failed.get(user.id) ?? []}
              onPassword={onPassword}
              onChanged={() => void refresh()}
            />
          ) : null}
          <CreateUser onCreated={onPassword} />
        </>
      }
    >
      {shown && <TemporaryPassword user={shown.user} password={shown.password} />}
      {!loaded ? (
        <p className="loading">{t('loading')}</p>
      ) : (
        <AdminTable
          testId="users"
          headers={[
            t('adm.username'),
            t('adm.displayName'),
            t('adm.role'),
            `${t('adm.agency')} / ${t('adm.unit')}`,
            t('adm.status'),
          ]}
          buttons
        >
          {users.map((u) => (
            <tr key={u.id} aria-selected={u.id === selected} data-username={u.username}>
              <td>{u.username}</td>
              <td>{u.displayName}</td>
              <td>{t(`role.${u.role}`)}</td>
              <td>{placeOf(u)}</td>
              <td>
                {u.active ? t('adm.active') : <strong>{t('adm.inactive')}</strong>}
                {u.mustChangePassword && <span className="badge">{t('adm.mustChange')}</span>}
                {u.secondFactorAt != null && <span className="badge">{t('adm.tfa')}</span>}
                {(failed.get(u.id) ?? []).map((f) => (
                  <span key={f.ip} className="badge warn">
                    {t('adm.failed', { n: f.failures, ip: f.ip })}
                  </span>
                ))}
              </td>
              <td>
                <button type="button" onClick={() => setSelected(u.id)}>
                  {t('adm.select')}
                </button>
              </td>
            </tr>
          ))}
        </AdminTable>
      )}
    </AdminScreen>
  );
}
