// A call taker signs in at a desk from the console in Chromium, takes a break, finds the desk as left after a
// Pinisi restart (desk state is in the log), comes back, signs out; the PC remembers the desk for next time.
import { describe, expect, it } from 'vitest';
import { accepted } from '../api/helpers.ts';
import { Client } from '../support/pinisi.ts';
import { browserRoom, chromiumAvailable, openConsole } from './harness.ts';

const canRun = chromiumAvailable();

describe.skipIf(!canRun)('desk sign-in in the call taker console', () => {
  const { server, browser } = browserRoom();

  it('signs in at a desk, takes a break, keeps it across a restart, comes back and signs out', {
    timeout: 180_000,
  }, async () => {
    const { page } = await openConsole(browser(), server.url, 'operator1');
    await page.waitForSelector('h2:text-is("Masuk ke meja")');
    await page.fill('input[name=positionId]', 'meja-3');
    await page.fill('input[name=extension]', '1003');
    await page.fill('input[name=contact]', 'sip:1003@10.0.0.13:5060');
    await page.click('button:text-is("Masuk")');
    await page.waitForSelector('[data-testid=desk-state]:text-is("siap")');
    expect(await page.textContent('#desk-title')).toContain('meja-3 · 1003');

    await page.click('button:text-is("Istirahat")');
    await page.waitForSelector('[data-testid=desk-state]:text-is("istirahat")');

    await server.stop();
    await server.start();
    await page.reload();
    await page.waitForSelector('[data-testid=desk-state]:text-is("istirahat")');

    await page.click('button:text-is("Siap menerima")');
    await page.waitForSelector('[data-testid=desk-state]:text-is("siap")');
    await page.click('button:text-is("Keluar dari meja")');
    await page.waitForSelector('h2:text-is("Masuk ke meja")');
    // This PC remembers its desk: the form is filled in for the next sign-in.
    expect(await page.inputValue('input[name=positionId]')).toBe('meja-3');
    expect(await page.inputValue('input[name=contact]')).toBe('sip:1003@10.0.0.13:5060');
  });

  it('once the admin set up desks, picks one from the list (a desk in use cannot be picked) and signs in by its id', {
    timeout: 180_000,
  }, async () => {
    const admin = await Client.login(server.url, 'admin');
    await accepted(admin, 'desk.save', {
      positionId: 'meja-7',
      name: 'Meja 7',
      extension: '1007',
      contact: 'sip:1007@10.0.0.17',
    });
    await accepted(admin, 'desk.save', {
      positionId: 'meja-8',
      name: 'Meja 8',
      extension: '1008',
      contact: 'sip:1008@10.0.0.18',
    });
    const other = await Client.login(server.url, 'operator2');
    expect((await other.post('/api/telephony/positions/login', { positionId: 'meja-7' })).status).toBe(200);

    const { page } = await openConsole(browser(), server.url, 'operator1');
    await page.waitForSelector('h2:text-is("Masuk ke meja")');
    // No typing of extensions or SIP addresses: a list of the desks, the one in use disabled.
    expect(await page.locator('input[name=extension]').count()).toBe(0);
    const select = page.locator('select[name=positionId]');
    await expect.poll(() => select.locator('option').count()).toBe(3);
    expect(await select.locator('option[value=meja-7]').isDisabled()).toBe(true);
    expect(await select.locator('option[value=meja-7]').textContent()).toContain('dipakai');
    await select.focus();
    await select.selectOption('meja-8');
    await page.click('button:text-is("Masuk")');
    await page.waitForSelector('[data-testid=desk-state]:text-is("siap")');
    expect(await page.textContent('#desk-title')).toContain('meja-8 · 1008');
    await page.click('button:text-is("Keluar dari meja")');
    await page.waitForSelector('h2:text-is("Masuk ke meja")');
  });
});
