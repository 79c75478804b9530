// The parts of the admin screens: a list beside its forms; a form sending with Ctrl+Enter (never a stray Enter),
// shows the error no field claims and "saved", and cancels a change; a table heading its columns; the unit picker.
import { type FormEvent, type ReactNode, useState } from 'react';
import type { ApiError } from '../../api.ts';
import { FieldError, FormError } from '../../errors.tsx';
import { ctrlEnterSubmits } from '../../form-keys.ts';
import type { Action } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { useLive } from '../../live.ts';

export function AdminForm({
  label,
  heading = label,
  action,
  onSubmit,
  submitLabel,
  fields,
  saved = false,
  onCancel,
  children,
}: {
  /** The form's accessible name; also its heading unless `heading` says otherwise (null: none). */
  label: string;
  heading?: string | null;
  action: Action;
  onSubmit: (e: FormEvent) => void;
  submitLabel: string;
  /** The fields that show their own errors; given, an error none of them claims shows above the button. */
  fields?: string[];
  /** The last send went through: "saved" shows until the next error. */
  saved?: boolean;
  /** Given, a cancel button (stop changing the chosen row). */
  onCancel?: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <form className="admin-form" onSubmit={onSubmit} onKeyDown={ctrlEnterSubmits} aria-label={label}>
      {heading !== null && <h3>{heading}</h3>}
      {children}
      {fields && <FormError error={action.error} fields={fields} />}
      {saved && !action.error && (
        <p className="notice" role="status">
          {t('adm.done')}
        </p>
      )}
      <button type="submit" className="primary" disabled={action.busy} aria-keyshortcuts="Control+Enter">
        {submitLabel} <kbd>Ctrl+Enter</kbd>
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      )}
    </form>
  );
}

/**
 * The state of a form that creates a row or changes the chosen one: `choose` picks a row (null: a new one) and
 * fills the form from `valuesOf`; `save` sends, and on success says "saved" and empties a new row's form.
 */
export function useRowForm<V>(empty: V, valuesOf: (id: string) => V | undefined) {
  const [editing, setEditing] = useState<string | null>(null);
  const [values, setValues] = useState(empty);
  const [saved, setSaved] = useState(false);
  const choose = (id: string | null) => {
    const chosen = id === null ? undefined : valuesOf(id);
    setEditing(chosen ? id : null);
    setSaved(false);
    setValues(chosen ?? empty);
  };
  const save = async (send: () => Promise<unknown>) => {
    setSaved(false);
    if ((await send()) === null) return;
    setSaved(true);
    if (!editing) setValues(empty);
  };
  return { editing, values, setValues, saved, choose, save };
}

/** A table of the admin screens: its column heads, and an empty last head over the rows' buttons if `buttons`. */
export function AdminTable({
  testId,
  headers,
  buttons = false,
  children,
}: {
  testId: string;
  headers: string[];
  buttons?: boolean;
  children: ReactNode;
}) {
  return (
    <table className="admin-table" data-testid={testId}>
      <thead>
        <tr>
          {headers.map((h) => (
            <th key={h}>{h}</th>
          ))}
          {buttons && <th />}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** An admin screen: the list under its title in the left panel, the forms in the right one. */
export function AdminScreen({
  id,
  title,
  form,
  children,
}: {
  id: string;
  title: string;
  form: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="admin-grid">
      <section className="panel" aria-labelledby={id}>
        <h2 id={id}>{title}</h2>
        {children}
      </section>
      <section className="panel">{form}</section>
    </div>
  );
}

/** The unit picker of the admin forms: every unit by callsign, with its agency's code. */
export function UnitField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (unitId: string) => void;
  error: ApiError | null;
}) {
  const { t } = useI18n();
  const store = useLive();
  const units = [...store.state.units.values()].sort((a, b) => a.callsign.localeCompare(b.callsign));
  return (
    <label>
      {t('adm.unit')}
      <select name="unitId" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('adm.choose')}</option>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.callsign} · {store.state.ref.agencies.get(u.agencyId)?.code ?? u.agencyId}
          </option>
        ))}
      </select>
      <FieldError error={error} field="unitId" />
    </label>
  );
}
