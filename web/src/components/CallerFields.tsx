// Who reported it, as the call taker's form and the amendment both ask it: the caller's name and callback number.
// Rendered into the form's grid.
import type { ApiError } from '../api.ts';
import { FieldError } from '../errors.tsx';
import { useI18n } from '../i18n.ts';

export interface Caller {
  callerName: string;
  callerPhone: string;
}

export function CallerFields({
  caller,
  onChange,
  error,
  namePrefix = '',
}: {
  caller: Caller;
  onChange: (change: Partial<Caller>) => void;
  error: ApiError | null;
  /** Prefix of the fields' names (e.g. `amend-`), so two forms on one screen stay apart. */
  namePrefix?: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('form.callerName')}
        <input
          name={`${namePrefix}callerName`}
          value={caller.callerName}
          onChange={(e) => onChange({ callerName: e.target.value })}
        />
        <FieldError error={error} field="caller.name" />
      </label>
      <label>
        {t('form.callerPhone')}
        <input
          name={`${namePrefix}callerPhone`}
          inputMode="tel"
          value={caller.callerPhone}
          onChange={(e) => onChange({ callerPhone: e.target.value })}
        />
        <FieldError error={error} field="caller.phone" />
      </label>
    </>
  );
}
