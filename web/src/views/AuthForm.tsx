// The parts of the sign-in screens (sign-in, two-step verification, own password): one request at a time with its
// error in the user's language, the error line, and the authenticator code step.
import { useState } from 'react';
import { type ApiError, asApiError } from '../api.ts';
import { errorText } from '../errors.tsx';
import { useI18n } from '../i18n.ts';

/**
 * Busy while a request runs, its failure's text after: `failed` sees the error first (to start over, or to word it
 * otherwise by returning the text; undefined keeps the usual one).
 */
export function useAttempt() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const attempt = async (run: () => Promise<void>, failed?: (error: ApiError) => string | undefined) => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      const apiError = asApiError(err);
      setError(failed?.(apiError) ?? errorText(t, apiError));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, attempt };
}

/** The error above a sign-in screen's button, if any. */
export function ErrorLine({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="form-error" role="alert">
      {text}
    </div>
  );
}

/** The code from the authenticator app: the one field (with the focus), a hint, the error and the send button. */
export function CodeEntry({
  label,
  value,
  onChange,
  numeric = false,
  hint,
  error,
  busy,
  submitLabel,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  /** Digits only (a recovery code has letters too). */
  numeric?: boolean;
  hint?: string;
  error: string | null;
  busy: boolean;
  submitLabel: string;
}) {
  return (
    <>
      <label>
        {label}
        <input
          name="code"
          inputMode={numeric ? 'numeric' : undefined}
          autoComplete="one-time-code"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required
          // biome-ignore lint/a11y/noAutofocus: the code is the only thing to type on this step
          autoFocus
        />
      </label>
      {hint && <p className="hint">{hint}</p>}
      <ErrorLine text={error} />
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </>
  );
}
