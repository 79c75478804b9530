// Corrects an incident after it was reported (place, caller, description, priority with its reason): one
// `incident.amend` with only what changed; it lands in the timeline and reaches the agencies working on it.
import { type FormEvent, type KeyboardEvent, useState } from 'react';
import type { CommandPayload } from '../../../src/domain/commands.ts';
import { type Incident, PRIORITIES, type Priority } from '../../../src/domain/types.ts';
import { ApiError } from '../api.ts';
import { FieldError, FormError } from '../errors.tsx';
import { ctrlEnterSubmits } from '../form-keys.ts';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { CallerFields } from './CallerFields.tsx';
import { PlaceFields, useCategoryOptions } from './PlaceFields.tsx';
import { SearchPicker } from './SearchPicker.tsx';

const FIELDS = ['category', 'location', 'caller', 'description', 'priority', 'reason'];

interface Fields {
  category: string | null;
  kecamatan: string | null;
  desa: string | null;
  address: string;
  landmark: string;
  callerName: string;
  callerPhone: string;
  description: string;
  priority: Priority;
  reason: string;
}

function fieldsOf(i: Incident): Fields {
  return {
    category: i.category,
    kecamatan: i.location.kecamatan,
    desa: i.location.desa,
    address: i.location.address ?? '',
    landmark: i.location.landmark ?? '',
    callerName: i.caller.name ?? '',
    callerPhone: i.caller.phone ?? '',
    description: i.description,
    priority: i.priority,
    reason: '',
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Only the parts that differ from the incident; null when nothing does. */
function amendment(incident: Incident, f: Fields): CommandPayload<'incident.amend'> | null {
  const was = fieldsOf(incident);
  const payload: CommandPayload<'incident.amend'> = { incidentId: incident.id };
  const placeChanged = (['kecamatan', 'desa', 'address', 'landmark'] as const).some(
    (k) => (orNull(f[k] ?? '') ?? null) !== (orNull(was[k] ?? '') ?? null),
  );
  if (placeChanged) {
    // A new desa or kecamatan makes the old map point meaningless; a changed address alone keeps it.
    const samePlace = f.kecamatan === was.kecamatan && f.desa === was.desa;
    payload.location = {
      kecamatan: f.kecamatan ?? '',
      desa: f.desa,
      address: orNull(f.address),
      landmark: orNull(f.landmark),
      lat: samePlace ? incident.location.lat : null,
      lon: samePlace ? incident.location.lon : null,
    };
  }
  if (orNull(f.callerName) !== orNull(was.callerName) || orNull(f.callerPhone) !== orNull(was.callerPhone)) {
    payload.caller = { name: orNull(f.callerName), phone: orNull(f.callerPhone) };
  }
  if (f.category && f.category !== was.category) payload.category = f.category;
  if (f.description.trim() !== was.description.trim()) payload.description = f.description.trim();
  if (f.priority !== was.priority) {
    payload.priority = f.priority;
    payload.reason = orNull(f.reason);
  }
  return Object.keys(payload).length > 1 ? payload : null;
}

export function AmendIncident({
  incident,
  onDone,
}: {
  incident: Incident;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const action = useAction();
  const [f, setF] = useState<Fields>(() => fieldsOf(incident));
  const [nothing, setNothing] = useState(false);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setF((x) => ({ ...x, [key]: value }));

  const categories = useCategoryOptions();

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (action.busy) return;
    const payload = amendment(incident, f);
    setNothing(payload === null);
    if (!payload) return;
    if (await action.run('incident.amend', payload)) onDone(true);
  };
  const onKey = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onDone(false);
    }
    ctrlEnterSubmits(e);
  };
  const err =
    action.error ?? (nothing ? new ApiError(400, 'amend.empty', t('amend.nothing'), 'incidentId') : null);

  return (
    <form
      className="amend-form"
      onSubmit={submit}
      onKeyDown={onKey}
      aria-label={t('amend.title', { number: incident.number })}
      data-testid="amend-form"
    >
      <h3>{t('amend.title', { number: incident.number })}</h3>
      <div className="grid2">
        <div>
          <SearchPicker
            label={t('form.category')}
            name="amend-category"
            options={categories}
            value={f.category}
            onChange={(v) => set('category', v)}
          />
          <FieldError error={err} field="category" />
        </div>
        <PlaceFields
          place={f}
          onChange={(change) => setF((x) => ({ ...x, ...change }))}
          error={err}
          namePrefix="amend-"
        />
        <CallerFields
          caller={f}
          onChange={(change) => setF((x) => ({ ...x, ...change }))}
          error={err}
          namePrefix="amend-"
        />
        <label>
          {t('form.priority')}
          <select
            name="amend-priority"
            value={f.priority}
            className={`priority-${f.priority}`}
            onChange={(e) => set('priority', Number(e.target.value) as Priority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {f.priority !== incident.priority && (
          <label>
            {t('amend.reason')}
            <input name="amend-reason" value={f.reason} onChange={(e) => set('reason', e.target.value)} />
            <FieldError error={err} field="reason" />
          </label>
        )}
      </div>
      <label>
        {t('form.description')}
        <textarea
          name="amend-description"
          rows={3}
          value={f.description}
          onChange={(e) => set('description', e.target.value)}
        />
        <FieldError error={err} field="description" />
      </label>
      <FormError error={err} fields={FIELDS} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy} aria-keyshortcuts="Control+Enter">
          {t('amend.submit')} <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" onClick={() => onDone(false)} disabled={action.busy}>
          {t('cancel')} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
