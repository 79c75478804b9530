// The SOP editor in the browser: the draft edited as forms, every fault beside the field it concerns in
// Indonesian (a schema fault and a reference fault of one category together), the JSON view kept for experts.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

const canRun = chromiumAvailable();

/** Replaces the JSON view's text at once, as a paste would (the document is 90 kB). */
async function pasteJson(page: Page, change: (doc: { categories: Record<string, unknown>[] }) => void) {
  const editor = page.locator('textarea[name=sop]');
  const doc = JSON.parse(await editor.inputValue());
  change(doc);
  await editor.evaluate(
    (el, value) => {
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
      setter?.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    JSON.stringify(doc, null, 2),
  );
}

describe.skipIf(!canRun)('SOP editor as forms', () => {
  const room = browserRoom();

  it('shows each fault beside its field in Indonesian, lets the admin fix them in the form, and keeps the JSON in step', {
    timeout: 180_000,
  }, async () => {
    const admin = await openConsole(room.browser(), room.server.url, 'admin');
    const page = admin.page;
    await page.getByRole('button', { name: 'Rancangan SOP' }).click();
    const list = page.locator('[data-testid=sop-categories]');
    await list.locator('li[data-code=kebakaran_bangunan]').waitFor();
    const index = await list
      .locator('li[data-code]')
      .evaluateAll((items) => items.findIndex((li) => li.getAttribute('data-code') === 'kebakaran_bangunan'));
    const at = `categories[${index}]`;

    // Break it in the JSON view: a priority the schema refuses and an agency nobody knows.
    await page.getByRole('button', { name: 'JSON (untuk ahli)' }).click();
    await pasteJson(page, (doc) => {
      const fire = doc.categories[index]!;
      fire.defaultPriority = 5;
      fire.defaultAgencies = ['damkar', 'pemadam_entah'];
    });
    await page.getByRole('button', { name: 'Periksa rancangan' }).click();
    const faults = page.locator('[data-testid=sop-faults]');
    await faults.waitFor();
    const summary = (await faults.textContent()) ?? '';
    // Both at once, in words, with no JSON path in sight.
    expect(summary).toContain('Prioritas kategori Kebakaran bangunan harus 1–4');
    expect(summary).toContain('menyebut instansi yang tidak dikenal: pemadam_entah');
    expect(summary).not.toMatch(/categories\[/);

    // The form: the category carries its fault count; each fault stands beside its own field.
    await page.getByRole('button', { name: 'Formulir' }).click();
    const item = list.locator('li[data-code=kebakaran_bangunan] button');
    expect(await item.locator('.fault-count').textContent()).toBe('2');
    await item.click();
    const form = page.locator('[data-testid=sop-category][data-code=kebakaran_bangunan]');
    const priority = form.locator(`select[name="${at}.defaultPriority"]`);
    const priorityField = form.locator('label', {
      has: page.locator(`select[name="${at}.defaultPriority"]`),
    });
    await priorityField.locator('.field-error', { hasText: 'harus 1–4' }).waitFor();
    const agencies = form.locator('fieldset.agency-choice', {
      has: page.locator(`input[name="${at}.defaultAgencies"]`),
    });
    await agencies.locator('.field-error', { hasText: 'pemadam_entah' }).first().waitFor();
    expect(await priority.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'admin-sop-form-faults');

    // Fixed in the form; the faults go by themselves once the typing pauses.
    await priority.selectOption('1');
    // The unknown agency's box goes away once unticked.
    await agencies.locator('input[value=pemadam_entah]').click();
    await item.locator('.fault-count').waitFor({ state: 'detached' });
    expect(await form.locator('.field-error').count()).toBe(0);

    // A question's text and a rule's condition, as fields; Enter in a field sends nothing.
    const question = form.locator(`input[name="${at}.questions[0].textId"]`);
    await question.fill('Bangunan apa yang sedang terbakar?');
    await question.press('Enter');
    const ruleQuestion = form.locator(`select[name="${at}.priorityRules[0].when.q"]`);
    expect(await ruleQuestion.inputValue()).not.toBe('');
    await page.getByRole('button', { name: 'Periksa rancangan' }).click();
    await page.getByText('Rancangan SOP lolos pemeriksaan').waitFor();
    await screenshot(page, 'admin-sop-form');

    // The JSON view holds what the form changed.
    await page.getByRole('button', { name: 'JSON (untuk ahli)' }).click();
    const json = JSON.parse(await page.locator('textarea[name=sop]').inputValue());
    expect(json.categories[index].defaultPriority).toBe(1);
    expect(json.categories[index].defaultAgencies).toEqual(['damkar']);
    expect(json.categories[index].questions[0].textId).toBe('Bangunan apa yang sedang terbakar?');
    await admin.context.close();
  });
});
