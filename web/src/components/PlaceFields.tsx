// Where it happened, as the call taker's form and the amendment both ask it: kecamatan → desa pickers (a desa picks
// its kecamatan), address and landmark; and the category picker's options. Rendered into the caller's grid.
import { type Ref, useMemo } from 'react';
import type { ApiError } from '../api.ts';
import { FieldError } from '../errors.tsx';
import { useI18n } from '../i18n.ts';
import { useLive } from '../live.ts';
import { type PickerOption, SearchPicker } from './SearchPicker.tsx';

export interface Place {
  kecamatan: string | null;
  desa: string | null;
  address: string;
  landmark: string;
}

/** The categories the SOP in force offers, named in the user's language. */
export function useCategoryOptions(): PickerOption[] {
  const { lang } = useI18n();
  const { ref } = useLive().state;
  return useMemo(
    () =>
      [...ref.categories.values()]
        .filter((c) => !c.retired)
        .map((c) => ({
          value: c.code,
          label: lang === 'en' ? c.nameEn : c.nameId,
          hint: lang === 'en' ? c.nameId : c.nameEn,
        })),
    [ref, lang],
  );
}

export function PlaceFields({
  place,
  onChange,
  error,
  namePrefix = '',
  kecamatanRef,
  desaRef,
}: {
  place: Place;
  /** The fields that changed; a new kecamatan clears a desa outside it, a desa sets its kecamatan. */
  onChange: (change: Partial<Place>) => void;
  error: ApiError | null;
  /** Prefix of the fields' names (e.g. `amend-`), so two forms on one screen stay apart. */
  namePrefix?: string;
  kecamatanRef?: Ref<HTMLInputElement>;
  desaRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useI18n();
  const { ref } = useLive().state;
  const kecamatan: PickerOption[] = useMemo(
    () => [...ref.kecamatan.values()].map((k) => ({ value: k.code, label: k.name })),
    [ref],
  );
  const desa: PickerOption[] = useMemo(
    () =>
      [...ref.desa.values()]
        .filter((d) => !place.kecamatan || d.kecamatan === place.kecamatan)
        .map((d) => ({ value: d.code, label: d.name, hint: ref.kecamatan.get(d.kecamatan)?.name })),
    [ref, place.kecamatan],
  );
  return (
    <>
      <div>
        <SearchPicker
          label={t('form.kecamatan')}
          name={`${namePrefix}kecamatan`}
          options={kecamatan}
          value={place.kecamatan}
          inputRef={kecamatanRef}
          invalid={error?.field === 'location.kecamatan'}
          onChange={(v) => onChange({ kecamatan: v, desa: v === place.kecamatan ? place.desa : null })}
        />
        <FieldError error={error} field="location.kecamatan" />
      </div>
      <div>
        <SearchPicker
          label={t('form.desa')}
          name={`${namePrefix}desa`}
          options={desa}
          value={place.desa}
          inputRef={desaRef}
          invalid={error?.field === 'location.desa'}
          onChange={(v) =>
            onChange({
              desa: v,
              kecamatan: v ? (ref.desa.get(v)?.kecamatan ?? place.kecamatan) : place.kecamatan,
            })
          }
        />
        <FieldError error={error} field="location.desa" />
      </div>
      <label>
        {t('form.address')}
        <input
          name={`${namePrefix}address`}
          value={place.address}
          onChange={(e) => onChange({ address: e.target.value })}
        />
        <FieldError error={error} field="location.address" />
      </label>
      <label>
        {t('form.landmark')}
        <input
          name={`${namePrefix}landmark`}
          value={place.landmark}
          onChange={(e) => onChange({ landmark: e.target.value })}
        />
        <FieldError error={error} field="location.landmark" />
      </label>
    </>
  );
}
