// The admin's call-taking desks: which desk phone (extension and SIP contact) rings at which position; each is set up,
// changed or taken away by a command (desk.save / desk.remove) and an event in the log.
import type { FormEvent } from 'react';
import { ConfirmAction } from '../../components/ConfirmAction.tsx';
import { FieldError } from '../../errors.tsx';
import { useAction } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { useLive } from '../../live.ts';
import { AdminForm, AdminScreen, AdminTable, useRowForm } from './AdminForm.tsx';

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
  const { desks, positions } = store.state.telephony;
  const rows = [...desks.values()].sort((a, b) => a.id.localeCompare(b.id));
  const { editing, values, setValues, saved, choose, save } = useRowForm(EMPTY, (id) => {
    const desk = desks.get(id);
    return desk && { positionId: desk.id, name: desk.name, extension: desk.extension, contact: desk.contact };
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return save(() =>
      action.run('desk.save', {
        positionId: values.positionId.trim(),
        name: values.name.trim(),
        extension: values.extension.trim(),
        contact: values.contact.trim(),
      }),
    );
  };

  return (
    <AdminScreen
      id="adm-desks"
      title={t('adm.desks')}
      form={
        <AdminForm
          label={editing ? t('adm.edit') : t('adm.newDesk')}
          heading={editing ? `${t('adm.edit')}: ${editing}` : t('adm.newDesk')}
          action={action}
          onSubmit={submit}
          submitLabel={t('adm.create')}
          fields={FIELDS.map((f) => f.name)}
          saved={saved}
          onCancel={editing ? () => choose(null) : undefined}
        >
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
        </AdminForm>
      }
    >
      {rows.length === 0 ? <p className="muted">{t('adm.desks.none')}</p> : null}
      <AdminTable testId="desks-admin" headers={[...FIELDS.map((f) => t(f.label)), t('adm.status')]} buttons>
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
      </AdminTable>
    </AdminScreen>
  );
}
