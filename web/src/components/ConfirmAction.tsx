// A button that asks before it acts: the first press opens a short confirmation (with the fields it needs), the
// second sends. Enter in its fields never sends and Escape steps back, so no key press ends anything by accident.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { FormError } from '../errors.tsx';
import type { Action } from '../hooks.ts';
import { useI18n } from '../i18n.ts';

export interface ConfirmActionProps {
  /** The button's text; also names the confirmation. */
  label: string;
  /** The key shown on the button (the view binds it). */
  shortcut?: string;
  className?: string;
  action: Action;
  /** Fields of the confirmation; `valid` says whether the confirm button may be pressed. */
  fields?: ReactNode;
  valid?: boolean;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  /** Opened from outside (a key press). */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  testId?: string;
}

export function ConfirmAction(props: ConfirmActionProps) {
  const { t } = useI18n();
  const [ownOpen, setOwnOpen] = useState(false);
  const open = props.open ?? ownOpen;
  const panel = useRef<HTMLFieldSetElement>(null);
  // Opened: the first field (or the confirm button) takes the focus, so the keyboard goes on from there.
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, [open]);
  const setOpen = (next: boolean) => {
    setOwnOpen(next);
    props.onOpenChange?.(next);
  };
  if (!open) {
    return (
      <span className="confirm-action" data-testid={props.testId}>
        <button
          type="button"
          className={props.className}
          disabled={props.action.busy}
          data-shortcut={props.shortcut}
          onClick={() => setOpen(true)}
        >
          {props.label}
          {props.shortcut && <kbd>{props.shortcut}</kbd>}
        </button>
        <FormError error={props.action.error} />
      </span>
    );
  }
  return (
    <fieldset
      ref={panel}
      className="confirm-panel"
      aria-label={props.label}
      data-testid={props.testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
        // A text field's Enter must not send: only the confirm button does.
        if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
      }}
    >
      <p className="confirm-question">{props.question}</p>
      {props.fields}
      <div className="confirm-buttons">
        <button
          type="button"
          className={props.className ?? 'primary'}
          disabled={props.action.busy || props.valid === false}
          onClick={async () => {
            const done = await props.onConfirm();
            if (done) setOpen(false);
          }}
        >
          {props.confirmLabel}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
      <FormError error={props.action.error} />
    </fieldset>
  );
}
