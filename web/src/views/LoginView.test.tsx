// @vitest-environment happy-dom
// Signing in: a refused password says so in plain words; an account with two-step verification asks for the code
// next, words the code's own errors, and an expired step (or "back") returns to the password.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoginView } from './LoginView.tsx';

/** The server's answers in order, as fetch would give them. */
function answers(...list: [number, unknown][]) {
  const fetch = vi.fn(async () => {
    const [status, body] = list.shift() ?? [500, {}];
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const error = (code: string, message: string) => ({ error: { code, message } });

function signIn() {
  fireEvent.change(screen.getByLabelText('Nama pengguna'), { target: { value: ' koordinator ' } });
  fireEvent.change(screen.getByLabelText('Kata sandi'), { target: { value: 'pinisi112' } });
  fireEvent.click(screen.getByRole('button', { name: 'Masuk' }));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the sign-in screen', () => {
  it('says a refused password in plain words and may be tried again', async () => {
    answers([401, error('auth.failed', 'no')]);
    const onLogin = vi.fn();
    render(<LoginView onLogin={onLogin} />);
    signIn();
    expect((await screen.findByRole('alert')).textContent).toBe('Nama pengguna atau kata sandi salah');
    expect((screen.getByRole('button', { name: 'Masuk' }) as HTMLButtonElement).disabled).toBe(false);
    expect(onLogin).not.toHaveBeenCalled();
  });

  it('asks for the code next, words its errors, and goes back to the password when the step expired', async () => {
    const fetch = answers(
      [200, { secondFactor: 'totp' }],
      [400, error('auth.code_failed', 'wrong')],
      [401, error('auth.challenge_expired', 'over')],
    );
    render(<LoginView onLogin={vi.fn()} />);
    signIn();
    const code = (await screen.findByLabelText('Kode verifikasi')) as HTMLInputElement;
    expect(document.activeElement).toBe(code);
    expect(code.autocomplete).toBe('one-time-code');
    expect(screen.getByText(/atau salah satu kode pemulihan/)).toBeTruthy();
    expect(screen.getByText('koordinator')).toBeTruthy();
    fireEvent.change(code, { target: { value: ' 123456 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verifikasi' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Kode verifikasi salah atau sudah dipakai');
    const [path, init] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(path).toBe('/api/auth/second-factor');
    expect(JSON.parse(String(init.body))).toEqual({ code: '123456' });
    fireEvent.click(screen.getByRole('button', { name: 'Verifikasi' }));
    await screen.findByLabelText('Kata sandi');
    expect(screen.getByRole('alert').textContent).toBe(
      'Langkah verifikasi berakhir; masuk lagi dengan kata sandi',
    );
    expect((screen.getByLabelText('Kata sandi') as HTMLInputElement).value).toBe('');
  });

  it('goes back to the password from the code step', async () => {
    answers([200, { secondFactor: 'totp' }]);
    render(<LoginView onLogin={vi.fn()} />);
    signIn();
    await screen.findByLabelText('Kode verifikasi');
    fireEvent.click(screen.getByRole('button', { name: 'Kembali ke kata sandi' }));
    await waitFor(() => expect(screen.queryByLabelText('Kode verifikasi')).toBeNull());
    expect(screen.getByRole('button', { name: 'Masuk' })).toBeTruthy();
  });
});
