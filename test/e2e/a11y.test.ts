// axe-core over every view in Chromium, with work on the screens: no serious or critical violation anywhere
// (contrast, names, scrollable regions reachable by keyboard), and each view has its one <h1>.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiUser,
  chromiumAvailable,
  ensureWebBuilt,
  launchChromium,
  openConsole,
  PinisiServer,
  screenshot,
} from './harness.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's violations on the page as it stands (evaluated over CDP, so the page's CSP does not apply). */
async function violations(page: Page, exclude: string[] = []): Promise<Violation[]> {
  await page.evaluate(AXE);
  return page.evaluate(async (excluded) => {
    const axe = (
      window as unknown as { axe: { run: (context: unknown) => Promise<{ violations: Violation[] }> } }
    ).axe;
    const result = await axe.run({ include: [document], exclude: excluded.map((selector) => [selector]) });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, exclude);
}

/** The violations that fail the test: serious and critical ones, and a view without its <h1>. */
function blocking(found: Violation[]): Violation[] {
  return found.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'page-has-heading-one',
  );
}

const describeViolations = (found: Violation[]) =>
  found
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');

describe.skipIf(!chromiumAvailable())('accessibility of every view (axe-core)', () => {
  const server = new PinisiServer();
  let browser: Browser;

  beforeAll(async () => {
    ensureWebBuilt();
    await server.start();
    browser = await launchChromium();
    // Work on the screens: a fire forwarded to Damkar with its unit on the way, a flood waiting for the dispatcher.
    const dispatcher = new ApiUser(server.url);
    await dispatcher.login('pengarah1');
    const operator = new ApiUser(server.url);
    await operator.login('operator2');
    await operator.forwardedIncident('73.02.05', 'banjir', 3);
    const { incidentId } = await dispatcher.command('incident.create', {
      category: 'kebakaran_bangunan',
      location: { kecamatan: '73.02.06', lat: -5.335, lon: 120.345, address: 'Jl. Poros Kajang' },
      description: 'Rumah terbakar, dua orang di dalam',
      priority: 1,
    });
    await dispatcher.command('incident.forward', { incidentId });
    const { assignmentIds } = await dispatcher.command('incident.request_agencies', {
      incidentId,
      agencies: ['damkar'],
      note: 'uji aksesibilitas',
    });
    const damkar = new ApiUser(server.url);
    await damkar.login('opd-damkar');
    const assignmentId = (assignmentIds as string[])[0];
    await damkar.command('assignment.acknowledge', { assignmentId });
    await damkar.command('assignment.assign_unit', { assignmentId, unitId: 'damkar-01' });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });

  const views: {
    name: string;
    user: string | null;
    viewport?: { width: number; height: number };
    open?: (page: Page) => Promise<void>;
    /** Parts axe leaves out, each with the reason. */
    exclude?: string[];
  }[] = [
    { name: 'login', user: null },
    { name: 'call-taker', user: 'operator1' },
    { name: 'dispatcher', user: 'pengarah1' },
    { name: 'agency', user: 'opd-damkar' },
    { name: 'supervisor', user: 'koordinator' },
    { name: 'admin', user: 'admin' },
    {
      name: 'sop-editor',
      user: 'admin',
      open: async (page) => {
        await page.getByRole('button', { name: 'Rancangan SOP' }).click();
        await page.locator('[data-testid=sop-editor]').waitFor();
      },
    },
    {
      name: 'reports',
      user: 'koordinator',
      open: async (page) => {
        await page.getByRole('link', { name: 'Laporan' }).click();
        await page.locator('#reports-title').waitFor();
        await page.locator('[data-testid=chart-answer] svg').waitFor();
      },
    },
    { name: 'responder', user: 'kru-damkar-01', viewport: { width: 360, height: 640 } },
    { name: 'wall-display', user: 'koordinator', viewport: { width: 1920, height: 1080 } },
  ];

  for (const view of views) {
    it(`has no serious or critical violation and one <h1>: ${view.name}`, { timeout: 120_000 }, async () => {
      let page: Page;
      if (view.user) {
        page = (await openConsole(browser, server.url, view.user, view.viewport)).page;
      } else {
        const context = await browser.newContext({
          viewport: { width: 1366, height: 768 },
          baseURL: server.url,
        });
        page = await context.newPage();
        await page.goto('/');
        await page.locator('input[name=username]').waitFor();
      }
      await view.open?.(page);
      // The view's own chunk and its lazy parts have rendered when the loading text is gone.
      await page.locator('p.loading').waitFor({ state: 'detached' });
      await page.locator('h1').first().waitFor();
      const found = await violations(page, view.exclude);
      await screenshot(page, `a11y-${view.name}`);
      await page.context().close();
      expect(describeViolations(blocking(found))).toBe('');
    });
  }
});
