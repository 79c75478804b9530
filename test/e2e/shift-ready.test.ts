// The consoles at 1366×768 as a shift sees them, with the scrollbars a desktop Chromium draws (15 px taken from
// every pane that scrolls): the units board fits its pane, incident markers and place names stay readable.
import { describe, expect, it } from 'vitest';
import { ApiUser, browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

describe.skipIf(!chromiumAvailable())('consoles at 1366×768 with scrollbars', () => {
  const { server, browser } = browserRoom({}, { scrollbars: true });

  /** An incident the dispatcher created, forwarded and asked of Damkar, and Damkar accepted. */
  async function acceptedByDamkar(incident: Record<string, unknown>) {
    const dispatcher = new ApiUser(server.url);
    await dispatcher.login('pengarah1');
    const { incidentId, number } = await dispatcher.command('incident.create', incident);
    await dispatcher.command('incident.forward', { incidentId });
    const { assignmentIds } = await dispatcher.command('incident.request_agencies', {
      incidentId,
      agencies: ['damkar'],
    });
    const damkar = new ApiUser(server.url);
    await damkar.login('opd-damkar');
    const assignmentId = (assignmentIds as string[])[0];
    await damkar.command('assignment.acknowledge', { assignmentId });
    return { incidentId, number, assignmentId, damkar };
  }

  it('fits the units board in the dispatcher pane, its last column whole, with units at work', {
    timeout: 120_000,
  }, async () => {
    // A fire in Kajang with two engines on it and three crews reporting their phones' positions.
    const { assignmentId, damkar } = await acceptedByDamkar({
      category: 'kebakaran_bangunan',
      location: { kecamatan: '73.02.06', lat: -5.335, lon: 120.345, address: 'Jl. Poros Kajang' },
      description: 'Rumah terbakar',
      priority: 1,
    });
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

  it('draws the incidents apart, over nothing, and the kecamatan names beside them, readable', {
    timeout: 120_000,
  }, async () => {
    // Incidents without a point of their own stand on their kecamatan's label point, where its name is written.
    const operator = new ApiUser(server.url);
    await operator.login('operator2');
    const places = { '73.02.02': 'Ujung Bulu', '73.02.01': 'Gantarang' };
    const ids: Record<string, string> = {};
    for (const [kecamatan, priority] of [
      ['73.02.02', 1],
      ['73.02.01', 3],
    ] as const) {
      await operator.forwardedIncident(kecamatan, 'pohon_tumbang', priority);
    }
    // A flood reported for Kajang without a point, a few kilometres from a fire there with one: from the whole
    // regency their markers would lie one over the other.
    await operator.forwardedIncident('73.02.06', 'banjir', 2);
    const { incidentId: fire } = await operator.command('incident.create', {
      category: 'kebakaran_bangunan',
      location: { kecamatan: '73.02.06', lat: -5.335, lon: 120.345, address: 'Jl. Poros Kajang' },
      description: 'Rumah terbakar',
      priority: 1,
    });
    await operator.command('incident.forward', { incidentId: fire });
    const snapshot = await operator.get<{ incidents: { id: string; location: { kecamatan: string } }[] }>(
      '/api/snapshot',
    );
    for (const i of snapshot.incidents) if (i.location.kecamatan in places) ids[i.location.kecamatan] = i.id;

    const { page, context } = await openConsole(browser(), server.url, 'koordinator');
    await page.locator('.map[data-ready=boundaries]').waitFor({ timeout: 30_000 });
    const markers = Object.values(ids).map((id) => page.locator(`[data-marker="incident:${id}"]`));
    for (const marker of markers) await marker.waitFor();
    // No incident's marker meets another's; no name shown meets an incident's marker, nor does a moved name meet
    // another name.
    const layout = () =>
      page.evaluate(() => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        };
        type Box = ReturnType<typeof box>;
        const meet = (a: Box, b: Box) =>
          a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const names = [...document.querySelectorAll('.map-label.kecamatan')]
          .filter((e) => getComputedStyle(e).visibility !== 'hidden')
          .map((e) => ({ name: e.textContent, box: box(e), moved: e.classList.contains('moved') }));
        const incidents = [...document.querySelectorAll('.map-marker.incident')].map(box);
        return {
          incidentsMeeting: incidents.filter((m, i) => incidents.some((o, j) => j !== i && meet(m, o)))
            .length,
          underIncident: names.filter((n) => incidents.some((m) => meet(n.box, m))).map((n) => n.name),
          onEachOther: names
            .filter((n) => n.moved && names.some((o) => o !== n && meet(n.box, o.box)))
            .map((n) => n.name),
          moved: names.filter((n) => n.moved).map((n) => n.name),
        };
      });
    await expect.poll(layout, { timeout: 10_000 }).toMatchObject({
      incidentsMeeting: 0,
      underIncident: [],
      onEachOther: [],
    });
    await screenshot(page, 'supervisor-map-labels-clear');
    // Both names were under their incident: each is moved beside it, none hidden (there is room at this zoom); the
    // fire of the test before moves Kajang's.
    expect((await layout()).moved).toEqual(expect.arrayContaining(['Gantarang', 'Ujung Bulu']));
    // The incidents are drawn over the map's names: at a marker's centre the topmost element is the marker.
    for (const marker of markers) {
      const top = await marker.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
      });
      expect(top).toBe(true);
    }
    // What the map says of itself is in Indonesian too: its buttons' titles and the units' statuses in their titles.
    expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Perbesar');
    expect(await page.locator('.maplibregl-ctrl-zoom-out').getAttribute('title')).toBe('Perkecil');
    expect(await page.locator('.maplibregl-canvas').getAttribute('aria-label')).toBe('Peta');
    const titles = await page
      .locator('.map-marker.unit, .map-marker.cluster')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''));
    expect(titles.join('\n')).toContain('(Siap)');
    expect(titles.join('\n')).not.toMatch(/\((available|dispatched|en_route|on_scene|returning)\)/);
    await context.close();
  });

  it("lets the liaison send the handling report with Ctrl+Enter, the key shown on its button as on the notes'", {
    timeout: 120_000,
  }, async () => {
    const { number } = await acceptedByDamkar({
      category: 'pohon_tumbang',
      location: { kecamatan: '73.02.04' },
      description: 'Pohon tumbang menutup jalan',
      priority: 3,
    });

    const { page, context } = await openConsole(browser(), server.url, 'opd-damkar');
    const card = page.locator(`[data-testid=assignment][data-number="${number}"]`);
    const report = card.locator('textarea[name=report]');
    await report.waitFor();
    expect(await card.locator('.outcome-form button[type=submit] kbd').textContent()).toBe('Ctrl+Enter');
    await report.fill('Pohon sudah dipotong, jalan terbuka');
    // Enter alone writes a new line; Ctrl+Enter sends.
    await report.press('Enter');
    expect(await card.getAttribute('data-status')).not.toBe('done');
    await report.press('Control+Enter');
    await page.locator(`[data-testid=assignment][data-number="${number}"][data-status=done]`).waitFor();
    await context.close();
  });
});
