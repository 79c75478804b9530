// Server errors in the user's language, next to the field at fault or above the form: never raw JSON.
import type { ApiError } from './api.ts';
import { hasMessage, type Translate, useI18n } from './i18n.ts';

export function errorText(t: Translate, error: ApiError): string {
  const specific = `error.${error.code}.${error.field ?? ''}`;
  if (hasMessage(specific)) return t(specific);
  const key = `error.${error.code}`;
  if (hasMessage(key)) return t(key);
  if (error.isNetwork) return t('error.network');
  return error.message || t('error.unknown');
}

/** Shows the error when it names this field (or a field inside it, e.g. `location.desa` for `location`). */
export function FieldError({ error, field }: { error: ApiError | null; field: string }) {
  const { t } = useI18n();
  if (!error?.field || !(error.field === field || error.field.startsWith(`${field}.`))) return null;
  return (
    <span className="field-error" role="alert">
      {errorText(t, error)}
    </span>
  );
}

/** Shows the error when no field on this form claims it. */
export function FormError({ error, fields = [] }: { error: ApiError | null; fields?: string[] }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error.field && fields.some((f) => error.field === f || error.field?.startsWith(`${f}.`))) return null;
  return (
    <div
      className={`form-error${error.code === 'command.queued' ? ' queued' : ''}`}
      role="alert"
      data-testid={error.code === 'command.queued' ? 'command-queued' : undefined}
    >
      {errorText(t, error)}
    </div>
  );
}
