// The admin console in Chromium at 1366×768: an account made with a temporary password shown once, disabled and
// enabled, reference data, a GPS tracker and a desk added through the forms, the access log of personal data read;
// the new user must choose a password first.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulukumbaSeed } from '../../src/seed/bulukumba.ts';
import {
  chromiumAvailable,
  ensureWebBuilt,
  launchChromium,
  openConsole,
  PinisiServer,
  screenshot,
} from './harness.ts';

const canRun = chromiumAvailable();

/** Fills a form field found by its name inside the form with this accessible name. */
async function fill(page: Page, form: string, name: string, value: string): Promise<void> {
  const field = page.getByRole('form', { name: form }).locator(`[name=${name}]`);
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
}

describe.skipIf(!canRun)('the admin console', () => {
  let server: PinisiServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    server = new PinisiServer();
    await server.start();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('manages accounts, reference data and trackers; a new user chooses a password first', {
    timeout: 180_000,
  }, async () => {
    const { page, context, cspViolations } = await openConsole(browser, server.url, 'admin');
    await page.waitForSelector('[data-testid=users] tr[data-username=operator1]');
    await screenshot(page, 'admin-users');

    // A new call taker: the temporary password is shown once.
    await fill(page, 'Tambah pengguna', 'username', 'operator7');
    await fill(page, 'Tambah pengguna', 'displayName', 'Andi Operator Tujuh');
    // Enter in a field does not send the form.
    await page.getByRole('form', { name: 'Tambah pengguna' }).locator('[name=displayName]').press('Enter');
    await page
      .getByRole('form', { name: 'Tambah pengguna' })
      .locator('[name=displayName]')
      .press('Control+Enter');
    const shown = page.getByTestId('temporary-password');
    await shown.waitFor();
    const password = /: ([a-z2-9]{4}(?:-[a-z2-9]{4}){3})/.exec((await shown.textContent()) ?? '')?.[1];
    expect(password).toBeDefined();
    const row = page.locator('[data-testid=users] tr[data-username=operator7]');
    await expect.poll(() => row.textContent()).toContain('harus mengganti kata sandi');
    await screenshot(page, 'admin-user-created');

    // Disabled, then enabled again, from the selected user's buttons.
    await row.getByRole('button', { name: 'Pilih' }).click();
    await page.getByRole('button', { name: 'Nonaktifkan' }).click();
    await expect.poll(() => row.textContent()).toContain('Nonaktif');
    await page.getByRole('button', { name: 'Aktifkan' }).click();
    await expect.poll(() => row.textContent()).toContain('Aktif');
    await page.getByText('Belum pernah masuk').waitFor();
    await screenshot(page, 'admin-user-selected');

    // Reference data: an agency, its station and a unit.
    await page.getByRole('button', { name: 'Instansi', exact: true }).click();
    await fill(page, 'Instansi', 'id', 'tagana');
    await fill(page, 'Instansi', 'code', 'TAGANA');
    await fill(page, 'Instansi', 'name', 'Tagana Bulukumba');
    await page
      .getByRole('form', { name: 'Instansi' })
      .getByRole('button', { name: /Simpan/ })
      .click();
    await expect.poll(() => page.getByTestId('agencies').textContent()).toContain('Tagana Bulukumba');
    await screenshot(page, 'admin-agencies');

    const kecamatan = bulukumbaSeed().kecamatan[0]!;
    await page.getByRole('button', { name: 'Pos', exact: true }).click();
    await fill(page, 'Pos', 'agencyId', 'tagana');
    await fill(page, 'Pos', 'name', 'Posko Tagana');
    await fill(page, 'Pos', 'kecamatan', kecamatan.code);
    await fill(page, 'Pos', 'lat', '-5.55');
    await fill(page, 'Pos', 'lon', '120.19');
    await page
      .getByRole('form', { name: 'Pos' })
      .getByRole('button', { name: /Simpan/ })
      .click();
    await expect.poll(() => page.getByTestId('stations').textContent()).toContain('Posko Tagana');
    await screenshot(page, 'admin-stations');

    await page.getByRole('button', { name: 'Unit', exact: true }).click();
    await fill(page, 'Unit', 'agencyId', 'tagana');
    await fill(page, 'Unit', 'callsign', 'TAGANA-1');
    await fill(page, 'Unit', 'kind', 'perahu karet');
    await page
      .getByRole('form', { name: 'Unit' })
      .getByRole('button', { name: /Simpan/ })
      .click();
    await expect.poll(() => page.getByTestId('units-admin').textContent()).toContain('TAGANA-1');
    await screenshot(page, 'admin-units');

    // A tracker for the new unit: its secret is shown once and accepted by the OsmAnd endpoint.
    await page.getByRole('button', { name: 'Pelacak GPS' }).click();
    await fill(page, 'Daftarkan pelacak', 'deviceId', 'trk-tagana-1');
    const unitValue = await page
      .getByRole('form', { name: 'Daftarkan pelacak' })
      .locator('select[name=unitId] option', { hasText: 'TAGANA-1' })
      .getAttribute('value');
    await fill(page, 'Daftarkan pelacak', 'unitId', unitValue!);
    await page.getByRole('form', { name: 'Daftarkan pelacak' }).getByRole('button').click();
    const secretNote = page.getByTestId('device-secret');
    await secretNote.waitFor();
    const secret = /: ([A-Za-z0-9_-]{24})/.exec((await secretNote.textContent()) ?? '')?.[1];
    expect(secret).toBeDefined();
    await expect.poll(() => page.getByTestId('devices').textContent()).toContain('trk-tagana-1');
    const report = await fetch(
      `${server.url}/api/avl/osmand?id=trk-tagana-1&lat=-5.55&lon=120.19&key=${secret}`,
    );
    expect(report.status).toBe(200);
    await screenshot(page, 'admin-devices');

    // A desk: set up, listed, its phone changed, taken away after a confirmation.
    await page.getByRole('button', { name: 'Meja', exact: true }).click();
    await fill(page, 'Tambah meja', 'positionId', 'meja-9');
    await fill(page, 'Tambah meja', 'name', 'Meja sembilan');
    await fill(page, 'Tambah meja', 'extension', '1009');
    await fill(page, 'Tambah meja', 'contact', 'sip:1009@10.0.0.9');
    await page
      .getByRole('form', { name: 'Tambah meja' })
      .getByRole('button', { name: /Simpan/ })
      .click();
    const desk = page.locator('[data-testid=desks-admin] tr[data-desk=meja-9]');
    await expect.poll(() => desk.textContent()).toContain('sip:1009@10.0.0.9');
    expect(await desk.textContent()).toContain('Kosong');
    await desk.getByRole('button', { name: 'Ubah data' }).click();
    await fill(page, 'Ubah data', 'contact', 'sip:1010@10.0.0.10');
    await page
      .getByRole('form', { name: 'Ubah data' })
      .getByRole('button', { name: /Simpan/ })
      .click();
    await expect.poll(() => desk.textContent()).toContain('sip:1010@10.0.0.10');
    await screenshot(page, 'admin-desks');
    await desk.getByRole('button', { name: 'Hapus meja' }).click();
    await page.getByText('Hapus meja Meja sembilan?').waitFor();
    await page.getByTestId('desk-remove-meja-9').getByRole('button', { name: 'Hapus meja' }).click();
    await desk.waitFor({ state: 'detached' });

    // The access log of personal data: this admin's own console start-up is a read of personal data.
    await page.getByRole('button', { name: 'Log akses data pribadi' }).click();
    const read = page.locator('[data-testid=access-log] tr[data-what=snapshot]').first();
    await expect.poll(() => read.textContent()).toContain('admin');
    expect(await read.textContent()).toContain('WITA');
    expect(await read.textContent()).toContain('Data awal konsol');
    await page.locator('#access-log-user').selectOption({ label: 'admin' });
    await expect.poll(() => read.textContent()).toContain('admin');
    await screenshot(page, 'admin-access-log');
    expect(cspViolations).toEqual([]);
    await context.close();

    // The new user signs in with the temporary password and must choose a new one before anything else.
    const userContext = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      baseURL: server.url,
    });
    const user = await userContext.newPage();
    await user.goto('/');
    await user.fill('input[name=username]', 'operator7');
    await user.fill('input[name=password]', password!);
    await user.click('button[type=submit]');
    await user.getByRole('heading', { name: 'Ganti kata sandi' }).waitFor();
    await user.fill('input[name=currentPassword]', password!);
    await user.fill('input[name=newPassword]', 'operator7 baru');
    await user.fill('input[name=repeatPassword]', 'operator7 baru');
    await user.getByRole('button', { name: /Simpan kata sandi/ }).click();
    await user.getByRole('alert').waitFor();
    expect(await user.getByRole('alert').textContent()).toContain('nama pengguna');
    await screenshot(user, 'change-password-refused');
    await user.fill('input[name=newPassword]', 'kapal pinisi berlayar');
    await user.fill('input[name=repeatPassword]', 'kapal pinisi berlayar');
    await user.getByRole('button', { name: /Simpan kata sandi/ }).click();
    await user.waitForSelector('[data-testid=connection][data-state=online]');
    await userContext.close();
  });
});
