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
    expect((await drawn()).unit).toBeNull();
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
});
