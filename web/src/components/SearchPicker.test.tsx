// @vitest-environment happy-dom
// The type-to-search picker: filtering, keyboard choice, and Enter not submitting the form while choosing.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filterOptions, type PickerOption, SearchPicker } from './SearchPicker.tsx';

const KECAMATAN: PickerOption[] = [
  { value: '73.02.01', label: 'Gantarang' },
  { value: '73.02.02', label: 'Ujung Bulu' },
  { value: '73.02.03', label: 'Bonto Bahari' },
  { value: '73.02.04', label: 'Bonto Tiro' },
  { value: '73.02.05', label: 'Herlang' },
  { value: '73.02.09', label: 'Ujung Loe' },
  { value: '73.02.10', label: 'Bulukumpa' },
];

afterEach(cleanup);

describe('filterOptions', () => {
  it('keeps options containing every typed word, prefix matches first', () => {
    expect(filterOptions(KECAMATAN, 'bu').map((o) => o.label)).toEqual(['Bulukumpa', 'Ujung Bulu']);
    expect(filterOptions(KECAMATAN, 'ujung loe').map((o) => o.label)).toEqual(['Ujung Loe']);
    expect(filterOptions(KECAMATAN, 'xyz')).toEqual([]);
  });

  it('ignores case and diacritics', () => {
    const options = [{ value: 'a', label: 'Désa Éra' }];
    expect(filterOptions(options, 'DESA era')).toHaveLength(1);
  });
});

function Harness({ onSubmit }: { onSubmit: (value: string | null) => void }) {
  const [value, setValue] = useState<string | null>(null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(value);
      }}
    >
      <SearchPicker label="Kecamatan" options={KECAMATAN} value={value} onChange={setValue} />
      <button type="submit">ok</button>
    </form>
  );
}

describe('SearchPicker', () => {
  it('filters as one types and picks with arrows and Enter without submitting the form', () => {
    const submitted = vi.fn();
    render(<Harness onSubmit={submitted} />);
    const input = screen.getByRole('combobox');
    fireEvent.change(input, { target: { value: 'ujung' } });
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Ujung Bulu', 'Ujung Loe']);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(screen.getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(submitted).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();
    expect((input as HTMLInputElement).value).toBe('Ujung Loe');
    // With the list closed, Enter belongs to the form.
    act(() => {
      (input as HTMLInputElement).form?.requestSubmit();
    });
    expect(submitted).toHaveBeenCalledWith('73.02.09');
  });

  it('picks the first match with Tab and closes with Escape', () => {
    render(<Harness onSubmit={() => {}} />);
    const input = screen.getByRole('combobox') as HTMLInputElement;
    fireEvent.change(input, { target: { value: 'herl' } });
    fireEvent.keyDown(input, { key: 'Tab' });
    expect(input.value).toBe('Herlang');
    fireEvent.change(input, { target: { value: 'bon' } });
    expect(screen.getAllByRole('option')).toHaveLength(2);
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input.value).toBe('Herlang');
  });

  it('says so when nothing matches', () => {
    render(<Harness onSubmit={() => {}} />);
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'zzz' } });
    expect(screen.queryAllByRole('option')).toHaveLength(0);
    expect(screen.getByRole('listbox').textContent).toBe('Tidak ditemukan');
  });
});
