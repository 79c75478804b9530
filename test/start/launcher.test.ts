// `bin/pinisi.mjs`: the server runs from an esbuild bundle, built when the sources have none and reused otherwise.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');

describe('the pinisi launcher', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
  });
  const folder = (name: string, under = tmpdir()) => {
    mkdirSync(under, { recursive: true });
    const made = mkdtempSync(join(under, name));
    folders.push(made);
    return made;
  };

  it('builds the bundle once, reuses it, and builds again (dropping the old one) when it is not there', async () => {
    // Inside the checkout, as the bundle's packages are found from where it lies.
    const bundles = folder('test-', join(REPO, '.build'));
    const dataDir = folder('pinisi-launcher-');
    const run = () =>
      promisify(execFile)(process.execPath, ['bin/pinisi.mjs', 'migrate'], {
        cwd: REPO,
        env: { ...process.env, PINISI_BUNDLE_DIR: bundles, PINISI_DATA_DIR: dataDir, DATABASE_URL: '' },
      });
    expect((await run()).stdout).toContain('Migrations applied.');
    // The server's bundle and, beside it, its PDF thread's (src/reports/pdf-worker.ts) and its XLSX thread's.
    const files = readdirSync(bundles).sort();
    expect(files).toHaveLength(3);
    const [worker, bundle, xlsxWorker] = files;
    expect(bundle).toMatch(/^pinisi-[0-9a-f]{16}\.mjs$/);
    expect(worker).toBe(bundle!.replace(/^pinisi-/, 'pdf-worker-'));
    expect(xlsxWorker).toBe(bundle!.replace(/^pinisi-/, 'xlsx-worker-'));
    const built = statSync(join(bundles, bundle!)).mtimeMs;

    expect((await run()).stdout).toContain('Migrations applied.');
    expect(readdirSync(bundles).sort()).toEqual(files);
    expect(statSync(join(bundles, bundle!)).mtimeMs).toBe(built);

    // A bundle of other sources is left from an earlier version; this version's is missing.
    rmSync(join(bundles, bundle!));
    writeFileSync(join(bundles, 'pinisi-0123456789abcdef.mjs'), 'throw new Error("stale bundle run");\n');
    writeFileSync(join(bundles, 'pdf-worker-0123456789abcdef.mjs'), 'throw new Error("stale thread run");\n');
    writeFileSync(
      join(bundles, 'xlsx-worker-0123456789abcdef.mjs'),
      'throw new Error("stale thread run");\n',
    );
    expect((await run()).stdout).toContain('Migrations applied.');
    expect(readdirSync(bundles).sort()).toEqual(files);
  }, 120_000);
});
