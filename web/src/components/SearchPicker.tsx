// Type-to-search picker (combobox): typing filters, arrows move, Enter or Tab picks, Escape closes.
import { type KeyboardEvent, type Ref, useId, useState } from 'react';
import { useI18n } from '../i18n.ts';

export interface PickerOption {
  value: string;
  label: string;
  hint?: string;
}

const normalize = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** Options whose label (or hint) contains every typed word; labels starting with the query come first. */
export function filterOptions(options: PickerOption[], query: string, limit = 50): PickerOption[] {
  const q = normalize(query);
  if (!q) return options.slice(0, limit);
  const words = q.split(/\s+/);
  const scored: { option: PickerOption; score: number }[] = [];
  for (const option of options) {
    const label = normalize(option.label);
    const text = `${label} ${normalize(option.hint ?? '')} ${normalize(option.value)}`;
    if (!words.every((w) => text.includes(w))) continue;
    const score = label.startsWith(q)
      ? 0
      : label.split(/\s+/).some((w) => w.startsWith(words[0] ?? ''))
        ? 1
        : 2;
    scored.push({ option, score });
  }
  scored.sort((a, b) => a.score - b.score || a.option.label.localeCompare(b.option.label));
  return scored.slice(0, limit).map((s) => s.option);
}

interface Props {
  label: string;
  options: PickerOption[];
  value: string | null;
  onChange: (value: string | null) => void;
  inputRef?: Ref<HTMLInputElement>;
  disabled?: boolean;
  invalid?: boolean;
  name?: string;
}

export function SearchPicker({ label, options, value, onChange, inputRef, disabled, invalid, name }: Props) {
  const { t } = useI18n();
  const id = useId();
  const selected = options.find((o) => o.value === value) ?? null;
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const open = query !== null;
  const matches = open ? filterOptions(options, query) : [];

  const pick = (option: PickerOption | undefined) => {
    if (!option) return;
    onChange(option.value);
    setQuery(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setQuery('');
      setActive((i) => Math.min(i + 1, Math.max(0, matches.length - 1)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      e.stopPropagation();
      pick(matches[active]);
    } else if (e.key === 'Tab' && open && query) {
      pick(matches[active]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setQuery(null);
    }
  };

  return (
    <div className={`picker${invalid ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        name={name}
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && matches[active] ? `${id}-opt-${active}` : undefined}
        aria-invalid={invalid || undefined}
        autoComplete="off"
        disabled={disabled}
        placeholder={t('picker.search')}
        value={open ? query : (selected?.label ?? '')}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          if (e.target.value === '' && value !== null) onChange(null);
        }}
        onKeyDown={onKeyDown}
        onFocus={(e) => e.target.select()}
        onBlur={() => setQuery(null)}
      />
      {open && (
        <div className="picker-list" id={`${id}-list`} role="listbox" aria-label={label}>
          {matches.length === 0 && <div className="picker-empty">{t('picker.noMatch')}</div>}
          {matches.map((option, i) => (
            <div
              key={option.value}
              id={`${id}-opt-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(option);
              }}
            >
              {option.label}
              {option.hint && <small> {option.hint}</small>}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
