// The admin's call-taking desks: which desk phone (extension and SIP contact) rings at which position; each is set up,
// changed or taken away by a command (desk.save / desk.remove) and an event in the log.
import { type FormEvent, useState } from 'react';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { FieldError, FormError } from '../../errors.tsx';
import { useAction } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { useLive } from '../../live.ts';
import { ctrlEnterSubmits } from './form-keys.ts';

const EMPTY = { positionId: '', name: '', extension: '', contact: '' };
const FIELDS = [
  { name: 'positionId', label: 'adm.deskId' },
  { name: 'name', label: 'adm.name' },
  { name: 'extension', label: 'adm.extension' },
  { name: 'contact', label: 'adm.contact' },
] as const;

export function DesksPanel() {
  const { t } = useI18n();
  const store = useLive();
  const action = useAction();
  const remover = useAction();
  const [editing, setEditing] = useState<string | null>(null);
  const [values, setValues] = useState(EMPTY);
  const [saved, setSaved] = useState(false);
  const { desks, positions } = store.state.telephony;
  const rows = [...desks.values()].sort((a, b) => a.id.localeCompare(b.id));

  const choose = (id: string | null) => {
    const desk = id ? desks.get(id) : undefined;
    setEditing(desk ? desk.id : null);
    setSaved(false);
    setValues(
      desk
        ? { positionId: desk.id, name: desk.name, extension: desk.extension, contact: desk.contact }
        : EMPTY,
    );
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const result = await action.run('desk.save', {
      positionId: values.positionId.trim(),
      name: values.name.trim(),
      extension: values.extension.trim(),
      contact: values.contact.trim(),
    });
    if (result === null) return;
    setSaved(true);
    if (!editing) setValues(EMPTY);
  };

  return (
    <div className="admin-grid">
      <section className="panel" aria-labelledby="adm-desks">
        <h2 id="adm-desks">{t('adm.desks')}</h2>
        {rows.length === 0 ? <p className="muted">{t('adm.desks.none')}</p> : null}
        <table className="admin-table" data-testid="desks-admin">
          <thead>
            <tr>
              <th>{t('adm.deskId')}</th>
              <th>{t('adm.name')}</th>
              <th>{t('adm.extension')}</th>
              <th>{t('adm.contact')}</th>
              <th>{t('adm.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => {
              const inUse = positions.get(d.id);
              return (
                <tr key={d.id} data-desk={d.id} aria-selected={d.id === editing}>
                  <td>{d.id}</td>
                  <td>{d.name}</td>
                  <td>{d.extension}</td>
                  <td>{d.contact}</td>
                  <td>
                    {inUse
                      ? t('adm.deskInUse', {
                          user: store.state.users.get(inUse.userId)?.username ?? inUse.userId,
                        })
                      : t('adm.deskFree')}
                  </td>
                  <td>
                    <button type="button" onClick={() => choose(d.id)}>
                      {t('adm.edit')}
                    </button>{' '}
                    <ConfirmAction
                      label={t('adm.deskRemove')}
                      action={remover}
                      question={t('adm.deskRemove.question', { name: d.name })}
                      confirmLabel={t('adm.deskRemove')}
                      className="danger"
                      testId={`desk-remove-${d.id}`}
                      onConfirm={async () => {
                        const result = await remover.run('desk.remove', { positionId: d.id });
                        if (result !== null && editing === d.id) choose(null);
                        return result !== null;
                      }}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <form
          className="admin-form"
          onSubmit={submit}
          onKeyDown={ctrlEnterSubmits}
          aria-label={editing ? t('adm.edit') : t('adm.newDesk')}
        >
          <h3>{editing ? `${t('adm.edit')}: ${editing}` : t('adm.newDesk')}</h3>
          {FIELDS.filter((f) => !(editing && f.name === 'positionId')).map((f) => (
            <label key={f.name} htmlFor={`desk-${f.name}`}>
              {t(f.label)}
              <input
                id={`desk-${f.name}`}
                name={f.name}
                value={values[f.name]}
                placeholder={f.name === 'contact' ? 'sip:1001@10.0.0.5' : undefined}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                required
              />
              <FieldError error={action.error} field={f.name} />
            </label>
          ))}
          <FormError error={action.error} fields={FIELDS.map((f) => f.name)} />
          {saved && !action.error && (
            <p className="notice" role="status">
              {t('adm.done')}
            </p>
          )}
          <button type="submit" className="primary" disabled={action.busy} aria-keyshortcuts="Control+Enter">
            {t('adm.create')} <kbd>Ctrl+Enter</kbd>
          </button>
          {editing && (
            <button type="button" onClick={() => choose(null)}>
              {t('cancel')}
            </button>
          )}
        </form>
      </section>
    </div>
  );
}
