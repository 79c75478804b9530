// Two-step verification in Chromium: the supervisor, whose role requires it, sets up an authenticator app at first
// sign-in (QR code and key, a first code, recovery codes shown once); the next sign-ins ask for a code from the app,
// or take a recovery code. The codes are computed here as the phone's app would.
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totpCode } from '../../src/server/totp.ts';
import { browserRoom, chromiumAvailable, screenshot } from './harness.ts';

const canRun = chromiumAvailable();

/** A fresh browser at the sign-in form, the password of the supervisor typed and sent. */
async function signIn(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: url });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto('/');
  await page.getByLabel('Nama pengguna').fill('koordinator');
  await page.getByLabel('Kata sandi').fill('pinisi112');
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  return page;
}

describe.skipIf(!canRun)('two-step verification in the browser', () => {
  const room = browserRoom({ PINISI_SECOND_FACTOR_ROLES: 'admin,supervisor' });

  it('enrols the supervisor at first sign-in, then signs in with a code and with a recovery code', {
    timeout: 180_000,
  }, async () => {
    const first = await signIn(room.browser(), room.server.url);
    await first.getByText('Peran Anda wajib memakai verifikasi dua langkah').waitFor();
    await first.getByRole('button', { name: 'Mulai pendaftaran' }).click();
    const qr = first.getByRole('img', { name: 'Kode QR untuk aplikasi autentikator' });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const secret = ((await first.getByTestId('tfa-secret').textContent()) ?? '').replaceAll(' ', '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await screenshot(first, 'second-factor-setup');

    // A wrong code is refused in Indonesian; the app's code turns it on.
    await first.getByLabel('Masukkan kode 6 angka').fill('000000');
    await first.getByRole('button', { name: 'Aktifkan' }).click();
    await first.getByRole('alert').getByText('Kode verifikasi salah').waitFor();
    await first.getByLabel('Masukkan kode 6 angka').fill(totpCode(secret, Date.now()));
    await first.getByRole('button', { name: 'Aktifkan' }).click();
    const codes = first.getByTestId('recovery-codes').locator('li');
    await expect.poll(() => codes.count()).toBe(10);
    const recovery = (await codes.allTextContents()).map((c) => c.trim());
    for (const code of recovery) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await screenshot(first, 'second-factor-recovery-codes');
    await first.getByRole('button', { name: 'Saya sudah menyimpan kode pemulihan' }).click();
    await first.waitForSelector('[data-testid=connection][data-state=online]');
    await first.context().close();

    // The next sign-in asks for the code; the app's next code (its current one was used to confirm) signs in.
    const second = await signIn(room.browser(), room.server.url);
    const code = second.getByLabel('Kode verifikasi');
    await code.waitFor();
    await screenshot(second, 'second-factor-code');
    const usedStep = Math.floor((Date.now() + 30_000) / 30_000);
    await code.fill(totpCode(secret, Date.now() + 30_000));
    await second.getByRole('button', { name: 'Verifikasi' }).click();
    await second.waitForSelector('[data-testid=connection][data-state=online]');
    await second.context().close();

    // A recovery code signs in once.
    const third = await signIn(room.browser(), room.server.url);
    await third.getByLabel('Kode verifikasi').fill(recovery[0]!);
    await third.getByRole('button', { name: 'Verifikasi' }).click();
    await third.waitForSelector('[data-testid=connection][data-state=online]');
    // The header's button shows how many recovery codes are left and makes a new set with the app's code, which must
    // be of a later step than the one used above (an app code works once): the phone's clock moves on to it.
    await third.getByRole('button', { name: 'Verifikasi dua langkah' }).click();
    await expect.poll(() => third.getByTestId('recovery-left').textContent()).toContain('9 dari 10');
    await expect
      .poll(() => Math.floor(Date.now() / 30_000), { timeout: 40_000, interval: 500 })
      .toBeGreaterThanOrEqual(usedStep);
    await third.getByLabel('kode 6 angka dari aplikasi').fill(totpCode(secret, Date.now() + 30_000));
    await third.getByRole('button', { name: 'Buat kode baru' }).click();
    const renewed = third.getByTestId('recovery-codes').locator('li');
    await expect.poll(() => renewed.count()).toBe(10);
    const fresh = (await renewed.allTextContents()).map((c) => c.trim());
    expect(fresh).not.toContain(recovery[1]);
    await screenshot(third, 'second-factor-renewed-codes');
    await third.getByRole('button', { name: 'Saya sudah menyimpan kode pemulihan' }).click();
    await third.waitForSelector('[data-testid=connection][data-state=online]');
    await third.context().close();

    const fourth = await signIn(room.browser(), room.server.url);
    await fourth.getByLabel('Kode verifikasi').fill(recovery[0]!);
    await fourth.getByRole('button', { name: 'Verifikasi' }).click();
    await fourth.getByRole('alert').getByText('Kode verifikasi salah atau sudah dipakai').waitFor();
    await fourth.context().close();
  });
});
