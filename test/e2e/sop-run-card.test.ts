// The run card in the SOP editor (browser): the units a category always sends and the rules that send more, edited
// as fields, including a category that had no run card yet; the check passes and the JSON holds the change.
import { describe, expect, it } from 'vitest';
import { browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

interface Doc {
  categories: {
    code: string;
    units?: { kind: string; count: number }[];
    unitRules?: { units: { kind: string; count: number }[] }[];
  }[];
}

describe.skipIf(!chromiumAvailable())('SOP editor: run card', () => {
  const room = browserRoom();

  it('edits which kinds of unit a category needs and how many, by rule too', {
    timeout: 180_000,
  }, async () => {
    const { page, context } = await openConsole(room.browser(), room.server.url, 'admin');
    await page.getByRole('button', { name: 'Rancangan SOP' }).click();
    const list = page.locator('[data-testid=sop-categories]');
    await list.locator('li[data-code=kebakaran_bangunan]').waitFor();
    await page.getByRole('button', { name: 'JSON (untuk ahli)' }).click();
    const before = JSON.parse(await page.locator('textarea[name=sop]').inputValue()) as Doc;
    const fire = before.categories.findIndex((c) => c.code === 'kebakaran_bangunan');
    const bare = before.categories.findIndex((c) => !c.units && !c.unitRules);
    expect(before.categories[fire]!.unitRules?.length).toBeGreaterThan(0);
    expect(bare).toBeGreaterThanOrEqual(0);
    await page.getByRole('button', { name: 'Formulir' }).click();

    // The house fire: two engines always, a water tanker besides, three of the rule's first kind.
    await list.locator('li[data-code=kebakaran_bangunan] button').click();
    const form = page.locator('[data-testid=sop-category][data-code=kebakaran_bangunan]');
    const card = form.getByRole('region', { name: 'Kebutuhan unit', exact: true });
    const at = `categories[${fire}]`;
    await card.locator(`input[name="${at}.units[0].count"]`).fill('2');
    await card
      .locator(`section.sop-list[data-path="${at}.units"] > button`, { hasText: 'Tambah jenis unit' })
      .click();
    await card.locator(`select[name="${at}.units[1].kind"]`).selectOption('tanker');
    await card.locator(`input[name="${at}.unitRules[0].units[0].count"]`).fill('3');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-sop-run-card');

    // A category without a run card gets its first line.
    const bareCode = before.categories[bare]!.code;
    await list.locator(`li[data-code=${bareCode}] button`).click();
    const bareCard = page
      .locator(`[data-testid=sop-category][data-code=${bareCode}]`)
      .getByRole('region', { name: 'Kebutuhan unit', exact: true });
    await bareCard
      .locator(`section.sop-list[data-path="categories[${bare}].units"] > button`, {
        hasText: 'Tambah jenis unit',
      })
      .click();
    await bareCard.locator(`select[name="categories[${bare}].units[0].kind"]`).selectOption('ambulance');

    await page.getByRole('button', { name: 'Periksa rancangan' }).click();
    await page.getByText('Rancangan SOP lolos pemeriksaan').waitFor();
    await page.getByRole('button', { name: 'JSON (untuk ahli)' }).click();
    const after = JSON.parse(await page.locator('textarea[name=sop]').inputValue()) as Doc;
    expect(after.categories[fire]!.units).toEqual([
      { kind: before.categories[fire]!.units![0]!.kind, count: 2 },
      { kind: 'tanker', count: 1 },
    ]);
    expect(after.categories[fire]!.unitRules![0]!.units[0]!.count).toBe(3);
    expect(after.categories[bare]!.units).toEqual([{ kind: 'ambulance', count: 1 }]);
    await context.close();
  });
});
