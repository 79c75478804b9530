// The SOP editor's fields: each edits one value of the document by its path and shows, right beside it, the
// faults the last check found there, in the admin's words.
import type { ReactNode } from 'react';
import type { SopCategory } from '../../../../src/domain/sop/document.ts';
import { useI18n } from '../../i18n.ts';
import { faultView } from '../sop-faults.ts';
import { faultIsAt, getAt, type Path, useSopEdit } from './edit.ts';

/** The faults at a path (and inside it when `deep`), as the sentence after the field's name. */
export function Faults({ path, deep }: { path: Path; deep?: boolean }) {
  const { lang } = useI18n();
  const { doc, faults } = useSopEdit();
  // The field is in sight, so the sentence's predicate is enough; the list beside the form names the field.
  const here = faults.filter((f) => faultIsAt(f, path, deep));
  if (here.length === 0) return null;
  return (
    <>
      {here.map((f) => {
        const view = faultView(f, doc, lang);
        return (
          <span key={`${f.path}-${f.code}`} className="field-error" data-fault={f.path}>
            {view.text}
          </span>
        );
      })}
    </>
  );
}

function useInvalid(path: Path): boolean {
  return useSopEdit().faults.some((f) => faultIsAt(f, path));
}

export function TextField({ path, label, wide }: { path: Path; label: string; wide?: boolean }) {
  const edit = useSopEdit();
  const value = getAt(edit.doc, path);
  return (
    <label className={wide ? 'wide' : undefined}>
      {label}
      <input
        name={path}
        value={typeof value === 'string' ? value : ''}
        aria-invalid={useInvalid(path) || undefined}
        onChange={(e) => edit.set(path, e.target.value)}
      />
      <Faults path={path} />
    </label>
  );
}

export function NumberField({ path, label, optional }: { path: Path; label: string; optional?: boolean }) {
  const edit = useSopEdit();
  const value = getAt(edit.doc, path);
  return (
    <label>
      {label}
      <input
        name={path}
        type="number"
        value={typeof value === 'number' ? String(value) : ''}
        aria-invalid={useInvalid(path) || undefined}
        onChange={(e) => {
          const text = e.target.value.trim();
          edit.set(path, text === '' ? (optional ? undefined : 0) : Number(text));
        }}
      />
      <Faults path={path} />
    </label>
  );
}

export function SelectField({
  path,
  label,
  options,
}: {
  path: Path;
  label: string;
  /** The values with their words; the value is stored as given (a number stays a number). */
  options: readonly { value: string | number; text: string }[];
}) {
  const edit = useSopEdit();
  const value = getAt(edit.doc, path);
  return (
    <label>
      {label}
      <select
        name={path}
        value={value === undefined ? '' : String(value)}
        aria-invalid={useInvalid(path) || undefined}
        onChange={(e) => {
          const picked = options.find((o) => String(o.value) === e.target.value);
          edit.set(path, picked?.value);
        }}
      >
        {!options.some((o) => o.value === value) && (
          <option value="">{value === undefined ? '—' : String(value)}</option>
        )}
        {options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.text}
          </option>
        ))}
      </select>
      <Faults path={path} />
    </label>
  );
}

/** A list of agency ids as one checkbox per agency the centre knows; ids it does not know stay listed, marked. */
export function AgencyChecks({ path, label }: { path: Path; label: string }) {
  const edit = useSopEdit();
  const raw = getAt(edit.doc, path);
  const chosen = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  const unknown = chosen.filter((id) => !edit.agencies.some((a) => a.id === id));
  const toggle = (id: string, on: boolean) =>
    edit.set(path, on ? [...chosen, id] : chosen.filter((x) => x !== id));
  return (
    <fieldset className="agency-choice" aria-invalid={useInvalid(path) || undefined}>
      <legend>{label}</legend>
      {edit.agencies.map((a) => (
        <label key={a.id}>
          <input
            type="checkbox"
            name={path}
            value={a.id}
            checked={chosen.includes(a.id)}
            onChange={(e) => toggle(a.id, e.target.checked)}
          />
          {a.code}
        </label>
      ))}
      {unknown.map((id) => (
        <label key={id} className="unknown">
          <input type="checkbox" name={path} value={id} checked onChange={() => toggle(id, false)} />
          {id}
        </label>
      ))}
      <Faults path={path} deep />
    </fieldset>
  );
}

/** A list of items with a title each, a button to remove one and a button to add one. */
export function ItemList<T>({
  path,
  title = '',
  itemTitle,
  addLabel,
  blank,
  children,
}: {
  path: Path;
  title?: string;
  itemTitle: (n: number) => string;
  addLabel: string;
  blank: () => T;
  children: (itemPath: Path, item: T, index: number) => ReactNode;
}) {
  const { t } = useI18n();
  const edit = useSopEdit();
  const raw = getAt(edit.doc, path);
  const items = (Array.isArray(raw) ? raw : []) as T[];
  return (
    <section className="sop-list" data-path={path}>
      {title && <h4>{title}</h4>}
      <Faults path={path} />
      {items.map((item, i) => {
        const at = `${path}[${i}]`;
        return (
          // The index is the item's place in the document: paths (and faults) are by index too.
          // biome-ignore lint/suspicious/noArrayIndexKey: items have no identity apart from their place
          <fieldset key={i} className="sop-item" data-path={at}>
            <legend>{itemTitle(i + 1)}</legend>
            {children(at, item, i)}
            <button type="button" className="remove" onClick={() => edit.set(at, undefined)}>
              {t('sop.remove')}
            </button>
          </fieldset>
        );
      })}
      <button type="button" onClick={() => edit.set(`${path}[${items.length}]`, blank())}>
        {addLabel}
      </button>
    </section>
  );
}

/** A new rule's condition: the category's first question answered (the admin narrows it down). */
export function firstLeaf(category: SopCategory) {
  const q = category.questions[0];
  return q ? { q: q.id, answered: true } : { q: '', answered: true };
}

/** A rule's reason in both languages and its code. */
export function RuleTexts({ at }: { at: Path }) {
  const { t } = useI18n();
  return (
    <div className="grid2">
      <TextField path={`${at}.reasonId`} label={t('sop.reasonId')} />
      <TextField path={`${at}.reasonEn`} label={t('sop.reasonEn')} />
      <TextField path={`${at}.id`} label={t('sop.rule.id')} />
    </div>
  );
}
