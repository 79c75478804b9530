// The consoles at 1366×768 as a shift sees them, with the scrollbars a desktop Chromium draws (15 px taken from
// every pane that scrolls): the units board fits its pane, incident markers and place names stay readable.
import { describe, expect, it } from 'vitest';
import { ApiUser, browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

describe.skipIf(!chromiumAvailable())('consoles at 1366×768 with scrollbars', () => {
  const { server, browser } = browserRoom({}, { scrollbars: true });

  it('fits the units board in the dispatcher pane, its last column whole, with units at work', {
    timeout: 120_000,
  }, async () => {
    // A fire in Kajang with two engines on it and three crews reporting their phones' positions.
    const dispatcher = new ApiUser(server.url);
    await dispatcher.login('pengarah1');
    const { incidentId } = await dispatcher.command('incident.create', {
      category: 'kebakaran_bangunan',
      location: { kecamatan: '73.02.06', lat: -5.335, lon: 120.345, address: 'Jl. Poros Kajang' },
      description: 'Rumah terbakar',
      priority: 1,
    });
    await dispatcher.command('incident.forward', { incidentId });
    const { assignmentIds } = await dispatcher.command('incident.request_agencies', {
      incidentId,
      agencies: ['damkar'],
    });
    const damkar = new ApiUser(server.url);
    await damkar.login('opd-damkar');
    const assignmentId = (assignmentIds as string[])[0];
    await damkar.command('assignment.acknowledge', { assignmentId });
    for (const unitId of ['damkar-01', 'damkar-05'])
      await damkar.command('assignment.assign_unit', { assignmentId, unitId });
    await damkar.command('unit.set_status', { unitId: 'damkar-05', status: 'en_route' });
    for (const crew of ['kru-damkar-01', 'kru-damkar-05', 'kru-psc119-01']) {
      const phone = new ApiUser(server.url);
      await phone.login(crew);
      await phone.post('/api/avl/responder', { lat: -5.3352, lon: 120.3451, accuracy: 10 });
    }

    const { page, context } = await openConsole(browser(), server.url, 'pengarah1');
    const board = page.locator('[data-testid=units-board]');
    const engine = board.locator('[data-testid=units-row][data-callsign=DAMKAR-05]');
    await expect.poll(() => engine.locator('[data-testid=position-age]').textContent()).toMatch(/lalu/);
    await engine.locator('button', { hasText: /^\d{4}-\d{6}$/ }).waitFor();
    await engine.scrollIntoViewIfNeeded();
    await screenshot(page, 'dispatcher-units-board-scrollbars');
    // Nothing to scroll sideways, and every column's right edge inside the board's visible width.
    const fit = await board.evaluate((el) => {
      const right = el.getBoundingClientRect().left + el.clientLeft + el.clientWidth;
      const columns = [...el.querySelectorAll('thead th')].map((th) => ({
        name: th.textContent,
        right: Math.round(th.getBoundingClientRect().right),
      }));
      return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, right: Math.round(right), columns };
    });
    expect(fit.scrollWidth, JSON.stringify(fit)).toBeLessThanOrEqual(fit.clientWidth);
    expect(fit.columns.at(-1)?.name).toBe('Posisi');
    expect(fit.columns.filter((c) => c.right > fit.right)).toEqual([]);
    // The time in status is still there, under the status of the engine on its way.
    expect(await engine.locator('[data-testid=unit-status]').textContent()).toMatch(
      /^Menuju lokasi\d\d:\d\d$/,
    );
    await context.close();
  });
});
