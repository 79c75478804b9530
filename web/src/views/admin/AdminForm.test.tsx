// @vitest-environment happy-dom
// The admin screens' shared form: Enter in a field never sends, Ctrl+Enter does; "saved" after a send that went
// through (and a new row's form emptied), nothing after a refused one; a chosen row fills the form until cancelled.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api.ts';
import type { Action } from '../../hooks.ts';
import { AdminForm, useRowForm } from './AdminForm.tsx';

const ROWS: Record<string, { name: string }> = { 'meja-1': { name: 'Meja satu' } };

function Harness({
  send,
  error = null,
}: {
  send: (editing: string | null, name: string) => Promise<unknown>;
  error?: ApiError | null;
}) {
  const { editing, values, setValues, saved, choose, save } = useRowForm({ name: '' }, (id) => ROWS[id]);
  const action: Action = { busy: false, error, queued: false, run: async () => null, clear: () => {} };
  return (
    <>
      <button type="button" onClick={() => choose('meja-1')}>
        pilih
      </button>
      <AdminForm
        label={editing ? 'Ubah data' : 'Tambah meja'}
        heading={editing ? `Ubah data: ${editing}` : null}
        action={action}
        onSubmit={(e) => {
          e.preventDefault();
          void save(() => send(editing, values.name));
        }}
        submitLabel="Simpan"
        fields={['name']}
        saved={saved}
        onCancel={editing ? () => choose(null) : undefined}
      >
        <input name="name" value={values.name} onChange={(e) => setValues({ name: e.target.value })} />
      </AdminForm>
    </>
  );
}

const field = () => screen.getByRole('textbox') as HTMLInputElement;

afterEach(cleanup);

describe('the admin form', () => {
  it('sends on Ctrl+Enter only, then says saved and empties a new row', async () => {
    const send = vi.fn(async () => ({}));
    render(<Harness send={send} />);
    expect(screen.getByRole('form', { name: 'Tambah meja' })).toBeTruthy();
    expect(screen.queryByRole('heading')).toBeNull();
    fireEvent.change(field(), { target: { value: 'Meja dua' } });
    fireEvent.keyDown(field(), { key: 'Enter' });
    expect(send).not.toHaveBeenCalled();
    fireEvent.keyDown(field(), { key: 'Enter', ctrlKey: true });
    await screen.findByText('Tersimpan');
    expect(send).toHaveBeenCalledWith(null, 'Meja dua');
    expect(field().value).toBe('');
    expect(screen.queryByRole('button', { name: 'Batal' })).toBeNull();
  });

  it('keeps the words and says nothing saved when the send was refused', async () => {
    const send = vi.fn(async () => null);
    render(<Harness send={send} />);
    fireEvent.change(field(), { target: { value: 'Meja dua' } });
    fireEvent.click(screen.getByRole('button', { name: /Simpan/ }));
    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(screen.queryByText('Tersimpan')).toBeNull();
    expect(field().value).toBe('Meja dua');
  });

  it('fills the form from the chosen row, keeps it after saving, and empties it on cancel', async () => {
    const send = vi.fn(async () => ({}));
    render(<Harness send={send} />);
    fireEvent.click(screen.getByRole('button', { name: 'pilih' }));
    expect(screen.getByRole('heading').textContent).toBe('Ubah data: meja-1');
    expect(field().value).toBe('Meja satu');
    fireEvent.click(screen.getByRole('button', { name: /Simpan/ }));
    await screen.findByText('Tersimpan');
    expect(send).toHaveBeenCalledWith('meja-1', 'Meja satu');
    expect(field().value).toBe('Meja satu');
    fireEvent.click(screen.getByRole('button', { name: 'Batal' }));
    expect(screen.getByRole('form', { name: 'Tambah meja' })).toBeTruthy();
    expect(field().value).toBe('');
    expect(screen.queryByText('Tersimpan')).toBeNull();
  });

  it('shows above the button only the errors no field claims', () => {
    const { rerender } = render(
      <Harness send={async () => null} error={new ApiError(400, 'validation', 'nama kosong', 'name')} />,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    rerender(<Harness send={async () => null} error={new ApiError(409, 'conflict', 'sudah ada')} />);
    expect(screen.getByRole('alert').textContent).toBeTruthy();
  });
});
