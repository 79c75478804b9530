// The call taker's incident form: what, where (kecamatan → desa, point on the map), who, how urgent. Enter in a field
// never submits; Ctrl+Enter or the button does, once category, kecamatan, desa or point and description are there.
import { type FormEvent, useRef, useState } from 'react';
import type { CommandPayload } from '../../../src/domain/commands.ts';
import { PRIORITIES, type Priority } from '../../../src/domain/types.ts';
import { ApiError } from '../api.ts';
import { FieldError, FormError } from '../errors.tsx';
import { ctrlEnterSubmits } from '../form-keys.ts';
import { useAction } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { CallerFields } from './CallerFields.tsx';
import { PlaceFields, useCategoryOptions } from './PlaceFields.tsx';
import { SearchPicker } from './SearchPicker.tsx';
import { type TriageAnswers, TriagePanel, useTriage } from './TriagePanel.tsx';

export interface IncidentDraft {
  open: boolean;
  callId: string | null;
  category: string | null;
  kecamatan: string | null;
  desa: string | null;
  address: string;
  landmark: string;
  lat: number | null;
  lon: number | null;
  callerName: string;
  callerPhone: string;
  description: string;
  priority: Priority | null;
  /** Answers to the SOP's triage questions of the category. */
  answers: TriageAnswers;
}

export const EMPTY_DRAFT: IncidentDraft = {
  open: false,
  callId: null,
  category: null,
  kecamatan: null,
  desa: null,
  address: '',
  landmark: '',
  lat: null,
  lon: null,
  callerName: '',
  callerPhone: '',
  description: '',
  priority: null,
  answers: {},
};

const FIELDS = ['category', 'location', 'caller', 'description', 'priority', 'answers'];
const nullIfBlank = (s: string) => (s.trim() === '' ? null : s.trim());

/** The whole report as one command; without a chosen priority the server applies the SOP's. */
function toReportPayload(d: IncidentDraft): CommandPayload<'incident.report'> {
  return {
    callId: d.callId,
    category: d.category ?? '',
    location: {
      kecamatan: d.kecamatan ?? '',
      desa: d.desa,
      address: nullIfBlank(d.address),
      landmark: nullIfBlank(d.landmark),
      lat: d.lat,
      lon: d.lon,
    },
    caller: { name: nullIfBlank(d.callerName), phone: nullIfBlank(d.callerPhone) },
    description: d.description.trim(),
    ...(d.priority === null ? {} : { priority: d.priority }),
    answers: d.answers ?? {},
  };
}

/** The priority chosen, else the category's default, else P3. */
export function draftPriority(d: IncidentDraft, categoryDefault: Priority | undefined): Priority {
  return d.priority ?? categoryDefault ?? 3;
}

interface Props {
  draft: IncidentDraft;
  setDraft: (update: (d: IncidentDraft) => IncidentDraft) => void;
  onSaved: (number: string) => void;
  onDiscard: () => void;
}

export function IncidentForm({ draft, setDraft, onSaved, onDiscard }: Props) {
  const { t } = useI18n();
  const store = useLive();
  const { ref } = store.state;
  const action = useAction();
  const [missing, setMissing] = useState<string | null>(null);
  const categoryInput = useRef<HTMLInputElement>(null);
  const kecamatanInput = useRef<HTMLInputElement>(null);
  const desaInput = useRef<HTMLInputElement>(null);
  const descriptionInput = useRef<HTMLTextAreaElement>(null);

  const categories = useCategoryOptions();
  const category = draft.category ? ref.categories.get(draft.category) : undefined;
  const answers = draft.answers ?? {};
  const triage = useTriage(draft.category, answers);
  const evaluation = triage && triage.category === draft.category ? triage : null;
  const priority = draftPriority(draft, evaluation?.priority ?? category?.defaultPriority);

  const set = <K extends keyof IncidentDraft>(key: K, value: IncidentDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (action.busy) return;
    if (!draft.category) {
      setMissing('category');
      categoryInput.current?.focus();
      return;
    }
    if (!draft.kecamatan) {
      setMissing('location.kecamatan');
      kecamatanInput.current?.focus();
      return;
    }
    if (!draft.desa && draft.lat === null) {
      setMissing('location.desa');
      desaInput.current?.focus();
      return;
    }
    if (!draft.description.trim()) {
      setMissing('description');
      descriptionInput.current?.focus();
      return;
    }
    setMissing(null);
    // One command: the incident is created, triaged and forwarded together, or nothing happens. The call stays
    // on the line; ending it is the call taker's next step.
    const reported = await action.run('incident.report', toReportPayload(draft));
    if (!reported) return;
    onSaved(reported.number);
  };

  const err: ApiError | null =
    action.error ??
    (missing
      ? new ApiError(
          400,
          'required',
          t(missing === 'location.desa' ? 'form.required.place' : 'form.required'),
          missing,
        )
      : null);

  return (
    <form
      className="incident-form"
      onSubmit={submit}
      // Under stress Enter is pressed to "finish" a field: it must never send a half-typed report. Only Ctrl+Enter
      // (or the button) submits; Enter in a one-line field does nothing, in the description it starts a new line.
      onKeyDown={ctrlEnterSubmits}
      aria-label={t('form.title')}
    >
      <h2>{t('form.title')}</h2>
      <div className="grid2">
        <div>
          <SearchPicker
            label={t('form.category')}
            name="category"
            options={categories}
            value={draft.category}
            inputRef={categoryInput}
            invalid={err?.field === 'category'}
            onChange={(v) =>
              setDraft((d) => ({ ...d, category: v, answers: v === d.category ? (d.answers ?? {}) : {} }))
            }
          />
          <FieldError error={err} field="category" />
        </div>
        <div>
          <label htmlFor="priority">{t('form.priority')}</label>
          <select
            id="priority"
            name="priority"
            value={priority}
            className={`priority-${priority}`}
            onChange={(e) => set('priority', Number(e.target.value) as Priority)}
          >
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
          <FieldError error={err} field="priority" />
        </div>
        <PlaceFields
          place={draft}
          onChange={(change) => setDraft((d) => ({ ...d, ...change }))}
          error={err}
          kecamatanRef={kecamatanInput}
          desaRef={desaInput}
        />
        <CallerFields
          caller={draft}
          onChange={(change) => setDraft((d) => ({ ...d, ...change }))}
          error={err}
        />
      </div>
      {evaluation && (
        <TriagePanel evaluation={evaluation} answers={answers} onChange={(next) => set('answers', next)} />
      )}
      <FieldError error={err} field="answers" />
      <label>
        {t('form.description')}
        <textarea
          name="description"
          ref={descriptionInput}
          rows={3}
          value={draft.description}
          onChange={(e) => set('description', e.target.value)}
        />
        <FieldError error={err} field="description" />
      </label>
      <fieldset className="point">
        <legend>
          {t('form.point')}:{' '}
          {draft.lat !== null && draft.lon !== null
            ? `${draft.lat.toFixed(5)}, ${draft.lon.toFixed(5)}`
            : t('form.point.hint')}
        </legend>
        <button
          type="button"
          disabled={!draft.kecamatan}
          onClick={() => {
            const k = draft.kecamatan ? ref.kecamatan.get(draft.kecamatan) : undefined;
            if (k) setDraft((d) => ({ ...d, lat: k.lat, lon: k.lon }));
          }}
        >
          {t('form.point.center')}
        </button>
        <button
          type="button"
          disabled={draft.lat === null}
          onClick={() => setDraft((d) => ({ ...d, lat: null, lon: null }))}
        >
          {t('form.point.clear')}
        </button>
        <FieldError error={err} field="location.lat" />
      </fieldset>
      <FormError error={err} fields={FIELDS} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy} aria-keyshortcuts="Control+Enter">
          {t('form.submit')} <kbd>Ctrl+Enter</kbd>
        </button>
        <button type="button" onClick={onDiscard} disabled={action.busy}>
          {t('form.discard')}
        </button>
      </div>
    </form>
  );
}
