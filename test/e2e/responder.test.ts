// A unit's crew on its phone in Chromium: no task, then the incident its unit was sent to with its point, and the
// status buttons that take the unit there and back, seen by the agency on the same stream.
import { describe, expect, it } from 'vitest';
import { ApiUser, browserRoom, chromiumAvailable, openConsole, screenshot } from './harness.ts';

const KAJANG = { kecamatan: '73.02.06', lat: -5.335, lon: 120.345, address: 'Jl. Poros Kajang' };

describe.skipIf(!chromiumAvailable())('responder page in the browser', () => {
  const { server, browser } = browserRoom();

  it('shows the crew its task and point and lets it set its unit on the way, on scene and back', {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await openConsole(browser(), server.url, 'kru-damkar-01', {
      width: 360,
      height: 640,
    });
    await page.locator('text=Belum ada tugas').waitFor();
    await page.locator('[data-testid=responder-status][data-status=available]').waitFor();

    const dispatcher = new ApiUser(server.url);
    await dispatcher.login('pengarah1');
    // Reported from a call with the SOP's triage answers, which the crew reads with its task.
    const operator = new ApiUser(server.url);
    await operator.login('operator1');
    const { callId } = await operator.command('call.register', { channel: 'voice', number: '081234500777' });
    await operator.command('call.answer', { callId });
    const { incidentId } = await operator.command('incident.report', {
      callId,
      category: 'kebakaran_bangunan',
      location: KAJANG,
      description: 'Rumah terbakar, dua orang di dalam',
      answers: { jenis_bangunan: 'rumah', api_menyala: true, orang_terjebak: true, jumlah_terjebak: 2 },
    });
    const { assignmentIds } = await dispatcher.command('incident.request_agencies', {
      incidentId,
      agencies: ['damkar'],
      note: 'uji kru',
    });
    const assignmentId = (assignmentIds as string[])[0];
    const damkar = new ApiUser(server.url);
    await damkar.login('opd-damkar');
    await damkar.command('assignment.acknowledge', { assignmentId });
    await damkar.command('assignment.assign_unit', { assignmentId, unitId: 'damkar-01' });

    const task = page.locator('[data-testid=responder-task]');
    await task.locator('text=Rumah terbakar, dua orang di dalam').waitFor();
    // A task that arrives on a connection never lost is no reconnection (the page loads it with the snapshot).
    expect(await page.locator('[data-testid=recovered-banner]').count()).toBe(0);
    expect(await task.textContent()).toContain('Jl. Poros Kajang');
    expect(await task.locator('[data-testid=responder-triage] li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/: Ya$/), expect.stringMatching(/: 2$/)]),
    );
    expect(await task.locator('a[href^="geo:"]').getAttribute('href')).toBe(
      `geo:${KAJANG.lat},${KAJANG.lon}?q=${KAJANG.lat},${KAJANG.lon}`,
    );
    // The task's map: Kajang framed, the incident's marker where its point is and inside Kajang's outline only.
    const map = page.locator('.responder-map svg[data-frame="73.02.06"]');
    await map.locator('[data-marker=incident]').waitFor();
    expect(await map.getAttribute('aria-label')).toContain('lokasi kejadian');
    const drawn = () =>
      map.evaluate((svg: SVGSVGElement) => {
        const [minLon = 0, maxLat = 0, w = 0, h = 0] = (svg.dataset.bounds ?? '').split(',').map(Number);
        const box = svg.viewBox.baseVal;
        const at = (id: string) => {
          const c = svg.querySelector<SVGCircleElement>(`[data-marker=${id}] circle`);
          if (!c) return null;
          const point = new DOMPoint(c.cx.baseVal.value, c.cy.baseVal.value);
          return {
            lat: maxLat - (point.y / box.height) * h,
            lon: minLon + (point.x / box.width) * w,
            within: [...svg.querySelectorAll<SVGPathElement>('path[data-district]')]
              .filter((p) => p.isPointInFill(point))
              .map((p) => p.dataset.district),
            title: svg.querySelector(`[data-marker=${id}] title`)?.textContent,
          };
        };
        return { incident: at('incident'), unit: at('unit') };
      });
    const incidentMark = (await drawn()).incident!;
    expect(incidentMark.lat).toBeCloseTo(KAJANG.lat, 4);
    expect(incidentMark.lon).toBeCloseTo(KAJANG.lon, 4);
    expect(incidentMark.within).toEqual(['73.02.06']);
    expect(incidentMark.title).toBe('Lokasi kejadian');
    // Without a position the unit is drawn at its station in Ujung Bulu, which the drawing takes in too.
    const atStation = (await drawn()).unit!;
    expect(atStation.title).toBe('Pos unit ini (belum ada posisi GPS)');
    expect(atStation.within).toEqual(['73.02.02']);
    // Sharing the phone's position adds the unit's own marker where the phone is.
    await context.grantPermissions(['geolocation'], { origin: server.url });
    await context.setGeolocation({ latitude: -5.31, longitude: 120.29 });
    await page.getByLabel('Bagikan posisi saya').check();
    await map.locator('[data-marker=unit]').waitFor();
    const unitMark = (await drawn()).unit!;
    expect(unitMark.lat).toBeCloseTo(-5.31, 4);
    expect(unitMark.lon).toBeCloseTo(120.29, 4);
    expect(unitMark.title).toBe('Posisi unit ini');
    expect(await map.getAttribute('aria-label')).toContain('posisi unit ini');
    await screenshot(page, 'responder-task');

    await page.getByRole('button', { name: 'Menuju lokasi' }).click();
    await page.locator('[data-testid=responder-status][data-status=en_route]').waitFor();
    await page.getByRole('button', { name: 'Tiba di lokasi' }).click();
    await page.locator('[data-testid=responder-status][data-status=on_scene]').waitFor();
    const units = await damkar.get<{ units: { id: string; status: string }[] }>('/api/snapshot');
    expect(units.units.find((u) => u.id === 'damkar-01')?.status).toBe('on_scene');

    await page.getByRole('button', { name: 'Selesai, kembali' }).click();
    await page.locator('[data-testid=responder-status][data-status=returning]').waitFor();
    await page.locator('text=Belum ada tugas').waitFor();
    await page.getByRole('button', { name: 'Siap' }).click();
    await page.locator('[data-testid=responder-status][data-status=available]').waitFor();

    // A task with a desa but no point: the desa is shaded on the map, no incident marker is drawn.
    const { incidentId: second } = await dispatcher.command('incident.create', {
      category: 'kebakaran_bangunan',
      location: { kecamatan: '73.02.06', desa: '73.02.06.1002', address: 'Dusun Laikang' },
      description: 'Asap dari rumah panggung',
      priority: 2,
    });
    await dispatcher.command('incident.forward', { incidentId: second });
    const { assignmentIds: more } = await dispatcher.command('incident.request_agencies', {
      incidentId: second,
      agencies: ['damkar'],
      note: 'uji tanpa titik',
    });
    await damkar.command('assignment.acknowledge', { assignmentId: (more as string[])[0] });
    await damkar.command('assignment.assign_unit', {
      assignmentId: (more as string[])[0],
      unitId: 'damkar-01',
    });
    await task.locator('text=Asap dari rumah panggung').waitFor();
    await map.locator('path[data-area="73.02.06.1002"]').waitFor();
    expect(await map.locator('[data-marker=incident]').count()).toBe(0);
    expect(await map.getAttribute('aria-label')).toContain('Titik kejadian belum ada');
    await screenshot(page, 'responder-task-desa');
  });

  it('keeps the status buttons in view on a phone, under a small map of the task and its surroundings', {
    timeout: 240_000,
  }, async () => {
    const operator = new ApiUser(server.url);
    await operator.login('operator1');
    const { callId } = await operator.command('call.register', { channel: 'voice', number: '081234500666' });
    await operator.command('call.answer', { callId });
    const { incidentId } = await operator.command('incident.report', {
      callId,
      category: 'kebakaran_bangunan',
      location: {
        ...KAJANG,
        address: 'Jl. Poros Kajang, dekat masjid raya, rumah panggung kayu bercat hijau',
      },
      description:
        'Rumah panggung terbakar, api menjalar ke rumah sebelah, dua orang terjebak di lantai atas',
      answers: { jenis_bangunan: 'rumah', api_menyala: true, orang_terjebak: true, jumlah_terjebak: 2 },
    });
    const dispatcher = new ApiUser(server.url);
    await dispatcher.login('pengarah1');
    const { assignmentIds } = await dispatcher.command('incident.request_agencies', {
      incidentId,
      agencies: ['damkar'],
      note: 'uji layar ponsel',
    });
    const damkar = new ApiUser(server.url);
    await damkar.login('opd-damkar');
    const assignmentId = (assignmentIds as string[])[0];
    await damkar.command('assignment.acknowledge', { assignmentId });
    await damkar.command('assignment.assign_unit', { assignmentId, unitId: 'damkar-05' });
    await damkar.command('unit.set_status', { unitId: 'damkar-05', status: 'en_route' });
    await damkar.command('unit.set_status', { unitId: 'damkar-05', status: 'on_scene' });

    for (const viewport of [
      { width: 360, height: 740 },
      { width: 412, height: 915 },
    ]) {
      const { context, page } = await openConsole(browser(), server.url, 'kru-damkar-05', viewport);
      await page.locator('[data-testid=responder-task] >> text=dua orang terjebak di lantai atas').waitFor();
      const map = page.locator('.responder-map svg[data-frame="73.02.06"]');
      await map.locator('[data-marker=unit]').waitFor();
      await map.locator('[data-marker=incident]').waitFor();

      // Every status button the crew may press next is on the screen, unscrolled, and nothing lies over it.
      const buttons = page.locator('.responder-buttons button');
      expect(await buttons.allTextContents()).toEqual(['Mengantar pasien', 'Selesai, kembali', 'Siap']);
      const outOfReach = await buttons.evaluateAll((els) =>
        els
          .filter((b) => {
            const r = b.getBoundingClientRect();
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return r.top < 0 || r.bottom > window.innerHeight || !top || !b.contains(top);
          })
          .map((b) => b.textContent),
      );
      expect(outOfReach).toEqual([]);
      await screenshot(page, `responder-phone-${viewport.width}x${viewport.height}`);

      // The map is small, and shows the incident and the unit among the neighbouring kecamatan.
      const box = (await map.boundingBox())!;
      expect(box.height).toBeLessThanOrEqual(viewport.height * 0.4);
      const inside = await map.evaluate((svg: SVGSVGElement) => {
        const { width, height } = svg.viewBox.baseVal;
        const within = (x: number, y: number) => x >= 0 && x <= width && y >= 0 && y <= height;
        return {
          marks: [...svg.querySelectorAll<SVGCircleElement>('[data-marker] circle')]
            .filter((c) => within(c.cx.baseVal.value, c.cy.baseVal.value))
            .map((c) => c.parentElement?.dataset.marker),
          labels: [...svg.querySelectorAll<SVGTextElement>('text[data-label]')]
            .filter((t) => within(t.x.baseVal[0]!.value, t.y.baseVal[0]!.value))
            .map((t) => t.textContent),
          outlines: [...svg.querySelectorAll<SVGPathElement>('path[data-district]')].filter((p) => {
            const b = p.getBBox();
            return b.x < width && b.x + b.width > 0 && b.y < height && b.y + b.height > 0;
          }).length,
        };
      });
      expect(inside.marks.sort()).toEqual(['incident', 'unit']);
      expect(inside.labels).toContain('Kajang');
      expect(inside.labels.length).toBeGreaterThanOrEqual(2);
      expect(inside.outlines).toBeGreaterThanOrEqual(4);

      // The crew folds the map away under its heading and opens it again.
      await page.getByText('Peta tugas').click();
      await map.waitFor({ state: 'hidden' });
      await page.getByText('Peta tugas').click();
      await map.waitFor({ state: 'visible' });
      await context.close();
    }
  });

  // Last in this block: it stops and restarts the server.
  it('says what changed while disconnected only after a real disconnection, with the right count', {
    timeout: 240_000,
  }, async () => {
    const { context, page } = await openConsole(browser(), server.url, 'kru-psc119-01', {
      width: 360,
      height: 740,
    });
    await page.locator('text=Belum ada tugas').waitFor();
    const dispatcher = new ApiUser(server.url);
    await dispatcher.login('pengarah1');
    const { incidentId } = await dispatcher.command('incident.create', {
      category: 'kecelakaan_lalu_lintas',
      location: KAJANG,
      description: 'Tabrakan motor dengan pikap, satu korban',
      priority: 1,
    });
    await dispatcher.command('incident.forward', { incidentId });
    const { assignmentIds } = await dispatcher.command('incident.request_agencies', {
      incidentId,
      agencies: ['psc119'],
    });
    const psc = new ApiUser(server.url);
    await psc.login('opd-psc119');
    const assignmentId = (assignmentIds as string[])[0];
    await psc.command('assignment.acknowledge', { assignmentId });
    await psc.command('assignment.assign_unit', { assignmentId, unitId: 'psc119-01' });
    // Sent on a task over a connection never lost: the task shows, no word of a disconnection.
    await page.locator('[data-testid=responder-task] >> text=Tabrakan motor dengan pikap').waitFor();
    expect(await page.locator('[data-testid=recovered-banner]').count()).toBe(0);

    // The phone loses its network while the liaison sets the unit on its way and on scene: two changes missed.
    await context.setOffline(true);
    await page.locator('[data-testid=offline-banner]').waitFor();
    await psc.command('unit.set_status', { unitId: 'psc119-01', status: 'en_route' });
    await psc.command('unit.set_status', { unitId: 'psc119-01', status: 'on_scene' });
    await context.setOffline(false);
    const recovered = page.locator('[data-testid=recovered-banner]');
    await recovered.waitFor();
    expect(await recovered.textContent()).toMatch(/^2 perubahan saat terputus/);
    await page.locator('[data-testid=responder-status][data-status=on_scene]').waitFor();
    await screenshot(page, 'responder-reconnected');
    await recovered.getByRole('button').click();
    await recovered.waitFor({ state: 'detached' });

    // The server stops and starts again with nothing changed meanwhile: the page says so.
    await server.stop();
    await page.locator('[data-testid=offline-banner]').waitFor();
    await server.start();
    await recovered.waitFor({ timeout: 30_000 });
    expect(await recovered.textContent()).toMatch(/^Tersambung kembali; tidak ada perubahan saat terputus/);
    await context.close();
  });
});
