// Units in the browser at 1366×768: the dispatcher's units board (by agency and station, filtered) with a crew's live
// position on it and on the map, the run card of a house fire with people trapped (2 engines, 1 ambulance, 1 rescue
// team) in the dispatcher's detail, and the Damkar liaison assigning the suggested unit with one key (R).
import { describe, expect, it } from 'vitest';
import { ApiUser, browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

const KAJANG = { kecamatan: '73.02.06', lat: -5.335, lon: 120.345, address: 'Jl. Poros Kajang' };

describe.skipIf(!chromiumAvailable())('units board and run card in the browser', () => {
  const { server, browser } = browserRoom();

  it('shows every unit with its live position, the run card, and lets the liaison send the suggested unit with R', {
    timeout: 240_000,
  }, async () => {
    const { page } = await openConsole(browser(), server.url, 'pengarah1');
    const board = page.locator('[data-testid=units-board]');
    const rows = board.locator('[data-testid=units-row]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(27);
    await board.locator('select[name=unitsAgency]').selectOption('damkar');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(8);
    expect(await board.locator('th[scope=rowgroup]').allTextContents()).toContain(
      'DAMKAR · Pos Sektor Damkar Kajang',
    );

    // The crew of DAMKAR-01 shares its phone's position near Kajang: on the board and on the map, within a second or two.
    const crew = new ApiUser(server.url);
    await crew.login('kru-damkar-01');
    await crew.post('/api/avl/responder', { lat: -5.3352, lon: 120.3451, accuracy: 10 });
    const age = board.locator('[data-testid=units-row][data-callsign=DAMKAR-01] [data-testid=position-age]');
    await expect.poll(() => age.textContent(), { timeout: 15_000 }).toMatch(/lalu/);
    // On the map where it is: on its own, or in the marker of the units that would overlap it (Kajang's station).
    await page
      .locator('[data-marker="unit:damkar-01"].live, .map-marker.cluster[title*="DAMKAR-01 (Siap) · GPS"]')
      .waitFor({ timeout: 15_000 });

    // A house fire with people trapped in Kajang, reported by a call taker.
    const operator = new ApiUser(server.url);
    await operator.login('operator1');
    const { callId } = await operator.command('call.register', { channel: 'voice', number: '081234500888' });
    await operator.command('call.answer', { callId });
    const { incidentId, number } = await operator.command('incident.report', {
      callId,
      category: 'kebakaran_bangunan',
      location: KAJANG,
      description: 'Rumah terbakar, dua orang terjebak',
      answers: { jenis_bangunan: 'rumah', api_menyala: true, orang_terjebak: true, jumlah_terjebak: 2 },
    });
    await page.locator(`[data-testid=incident-row][data-number="${number}"] button`).first().click();
    const card = page.locator('[data-testid=incident-detail] [data-testid=run-card]');
    await card.locator('[data-testid=rec-need]').first().waitFor({ timeout: 15_000 });
    expect(
      await card.locator('[data-testid=rec-need]').evaluateAll((els) => els.map((e) => e.textContent)),
    ).toEqual([
      expect.stringMatching(/^Mobil pemadam: 0\/2/),
      expect.stringMatching(/^Ambulans: 0\/1/),
      expect.stringMatching(/^Kendaraan penyelamat: 0\/1/),
    ]);
    const firstEngine = card.locator('[data-kind=fire_engine] [data-testid=rec-candidate]').first();
    expect(await firstEngine.getAttribute('data-unit')).toBe('damkar-01');
    expect(await firstEngine.locator('[data-testid=rec-reason]').textContent()).toMatch(
      /^Pos Induk Damkar Ujung Bulu · 0,\d km · ±1 menit · posisi \d+ detik lalu$/,
    );
    await board.locator('select[name=unitsAgency]').selectOption('');
    await screenshot(page, 'dispatcher-units-run-card');

    const dispatcher = new ApiUser(server.url);
    await dispatcher.login('pengarah1');
    await dispatcher.command('incident.request_agencies', {
      incidentId,
      agencies: ['damkar', 'psc119', 'basarnas'],
    });

    const liaison = await openConsole(browser(), server.url, 'opd-damkar');
    const assignment = liaison.page.locator(`[data-testid=assignment][data-number="${number}"]`);
    await assignment.waitFor();
    await assignment.locator('text=Terima permintaan terlebih dahulu').waitFor({ timeout: 15_000 });
    await liaison.page.keyboard.press('t');
    const assign = assignment.locator('[data-testid=rec-assign]');
    await assign.waitFor({ timeout: 15_000 });
    expect(await assign.textContent()).toContain('DAMKAR-01');
    await screenshot(liaison.page, 'agency-run-card');
    await liaison.page.keyboard.press('r');
    await assignment.locator('[data-testid=assigned-unit]').first().waitFor({ timeout: 15_000 });
    const snapshot = await dispatcher.get<{
      units: { id: string; status: string; incidentId: string | null }[];
    }>('/api/snapshot');
    expect(snapshot.units.find((u) => u.id === 'damkar-01')).toMatchObject({
      status: 'dispatched',
      incidentId,
    });
    // The next suggestion is the second engine; the dispatcher's card counts the one sent.
    await expect.poll(() => assign.textContent(), { timeout: 15_000 }).not.toContain('DAMKAR-01');
    await card.locator('text=/^Mobil pemadam: 1\\/2/').waitFor({ timeout: 30_000 });
    await screenshot(page, 'dispatcher-run-card-after-assign');
  });

  it('draws stations that overlap at regency zoom as one marker with their count, opened by a click', {
    timeout: 120_000,
  }, async () => {
    const { page } = await openConsole(browser(), server.url, 'pengarah1');
    await page.locator('.map[data-ready=boundaries]').waitFor();
    // Ujung Bulu's stations (Damkar, PSC 119, BPBD, Polres, RSUD, …) lie within a kilometre and a half of each other.
    const cluster = page.locator('[data-marker^="cluster:"]', { hasText: /^\d+$/ }).first();
    await cluster.waitFor();
    // Its count is that of the units it stands for, each named in its title.
    expect((await cluster.getAttribute('title'))!.split('\n')).toHaveLength(
      Number(await cluster.textContent()),
    );
    // No marker of one station hides one of another: their boxes on the screen do not meet.
    const boxes = await page.locator('.map-marker.cluster, .map-marker[data-station]').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return {
          station: (e as HTMLElement).dataset.station ?? e.getAttribute('data-marker'),
          r: [r.left, r.top, r.right, r.bottom],
        };
      }),
    );
    const overlaps = boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter((b) => b.station !== a.station)
        .filter((b) => a.r[0]! < b.r[2]! && b.r[0]! < a.r[2]! && a.r[1]! < b.r[3]! && b.r[1]! < a.r[3]!)
        .map((b) => `${a.station} × ${b.station}`),
    );
    expect(overlaps).toEqual([]);
    await screenshot(page, 'dispatcher-map-clusters');
    // Opening it zooms the map in until its units are drawn each on its own.
    const id = (await cluster.getAttribute('data-marker'))!;
    const single = page.locator('.map-marker[data-station]');
    const before = await single.count();
    // By keyboard (an incident's marker may lie over it).
    await cluster.press('Enter');
    await page.locator(`[data-marker="${id}"]`).waitFor({ state: 'detached' });
    await expect.poll(() => single.count()).toBeGreaterThan(before);
    await screenshot(page, 'dispatcher-map-cluster-opened');
  });

  it('draws crews whose phones report one place as one marker beside the incident there, both clickable', {
    timeout: 180_000,
  }, async () => {
    // The four crews with a login report their phones at one spot in Kindang, where a fire is reported.
    const spot = { lat: -5.4, lon: 120.06 };
    const callsigns = ['DAMKAR-01', 'DAMKAR-05', 'PSC119-01', 'PSC119-02'];
    for (const [i, callsign] of callsigns.entries()) {
      const crew = new ApiUser(server.url);
      await crew.login(`kru-${callsign.toLowerCase()}`);
      await crew.post('/api/avl/responder', { lat: spot.lat + i * 0.00004, lon: spot.lon, accuracy: 10 });
    }
    const dispatcher = new ApiUser(server.url);
    await dispatcher.login('pengarah1');
    const { incidentId } = await dispatcher.command('incident.create', {
      category: 'kebakaran_hutan_lahan',
      location: { kecamatan: '73.02.08', ...spot, address: 'Kebun cengkeh Kindang' },
      description: 'Kebun terbakar, empat regu di lokasi',
      priority: 2,
    });

    const { page } = await openConsole(browser(), server.url, 'pengarah1');
    await page.locator('.map[data-ready=boundaries]').waitFor();
    const incident = page.locator(`[data-marker="incident:${incidentId}"]`);
    await incident.waitFor();
    // One marker stands for the four crews (and any station near enough), its count first in its name.
    const cluster = page.locator('.map-marker.cluster[title*="PSC119-02 ("]');
    await cluster.waitFor();
    const count = (await cluster.textContent())!;
    const title = (await cluster.getAttribute('title'))!.split('\n');
    expect(title).toHaveLength(Number(count));
    for (const callsign of callsigns)
      expect(title).toContainEqual(expect.stringMatching(`^${callsign} .* · GPS$`));
    expect(await cluster.getAttribute('aria-label')).toMatch(new RegExp(`^${count}: `));
    // It lies beside the incident, not under it: their boxes on the screen do not meet.
    const [a, b] = [(await cluster.boundingBox())!, (await incident.boundingBox())!];
    const meet = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(meet).toBe(false);
    await screenshot(page, 'dispatcher-map-crews-cluster');

    // A click with the mouse reaches it (Playwright refuses to click what another element covers) and zooms in,
    // again on any cluster still holding them, until the four crews stand apart.
    const crews = callsigns.map((c) => page.locator(`[data-marker="unit:${c.toLowerCase()}"].live`));
    for (let clicks = 0; (await crews[3]!.count()) === 0; clicks++) {
      expect(clicks).toBeLessThan(3);
      const id = (await cluster.getAttribute('data-marker'))!;
      await cluster.click();
      await page.locator(`[data-marker="${id}"]`).waitFor({ state: 'detached' });
    }
    await screenshot(page, 'dispatcher-map-crews-opened');
    const names = ['incident', ...callsigns];
    const boxes = await Promise.all([incident, ...crews].map(async (m) => (await m.boundingBox())!));
    const overlaps = boxes.flatMap((p, i) =>
      boxes
        .slice(i + 1)
        .flatMap((q, j) =>
          p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height
            ? [`${names[i]} × ${names[i + 1 + j]}: ${JSON.stringify([p, q])}`]
            : [],
        ),
    );
    expect(overlaps).toEqual([]);
  });
});
