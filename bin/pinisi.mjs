// Runs the `pinisi` command from a bundle of src/ that esbuild builds only when the sources changed: no TypeScript
// loader and a few hundred fewer files to load at every start.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO = resolve(import.meta.dirname, '..');
/** Where the bundle goes; another folder only for the launcher's own test. */
const OUT = process.env.PINISI_BUNDLE_DIR || join(REPO, '.build', 'server');

/** One hash over what the bundle is made of: the server's sources (tests aside), the lock file and this file. */
function sourcesHash() {
  const hash = createHash('sha256');
  const files = readdirSync(join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => !/\.test\.tsx?$/.test(f))
    .sort()
    .map((f) => join('src', f));
  for (const file of [...files, 'package.json', 'package-lock.json', 'bin/pinisi.mjs']) {
    const full = join(REPO, file);
    if (!statSync(full).isFile()) continue;
    hash.update(`${file}\0`);
    hash.update(readFileSync(full));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Packages load from node_modules as they are (native modules and the files they read stay where they are), except
 * pure ES-module libraries of hundreds of small files, which load faster as part of the bundle.
 */
const INSIDE = new Set(['kysely', 'typebox']);

function outside() {
  const { dependencies = {}, devDependencies = {} } = JSON.parse(
    readFileSync(join(REPO, 'package.json'), 'utf8'),
  );
  const names = Object.keys({ ...dependencies, ...devDependencies }).filter((name) => !INSIDE.has(name));
  return names.flatMap((name) => [name, `${name}/*`]);
}

/**
 * The bundle built from the sources as they are now; built (and older bundles removed) when there is none. Beside it,
 * the monthly PDF's thread (src/reports/pdf-worker.ts) and the workbooks' (src/reports/xlsx-worker.ts), each a bundle
 * of its own, whose names the server's is given.
 */
async function bundle() {
  const hash = sourcesHash();
  const file = join(OUT, `pinisi-${hash}.mjs`);
  const worker = `pdf-worker-${hash}.mjs`;
  const xlsxWorker = `xlsx-worker-${hash}.mjs`;
  try {
    statSync(file);
    statSync(join(OUT, worker));
    statSync(join(OUT, xlsxWorker));
    return file;
  } catch {}
  const { buildSync } = await import('esbuild');
  const partial = join(OUT, `build-${hash}.${process.pid}.tmp`);
  mkdirSync(partial, { recursive: true });
  buildSync({
    entryPoints: {
      [`pinisi-${hash}`]: join(REPO, 'src', 'cli.ts'),
      [`pdf-worker-${hash}`]: join(REPO, 'src', 'reports', 'pdf-worker.ts'),
      [`xlsx-worker-${hash}`]: join(REPO, 'src', 'reports', 'xlsx-worker.ts'),
    },
    outdir: partial,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: outside(),
    define: { PINISI_PDF_WORKER: JSON.stringify(worker), PINISI_XLSX_WORKER: JSON.stringify(xlsxWorker) },
    logLevel: 'warning',
  });
  // A rename is atomic, and the threads' files come first: a start running alongside sees no server bundle, or a
  // whole one with its threads' files beside it.
  renameSync(join(partial, worker), join(OUT, worker));
  renameSync(join(partial, xlsxWorker), join(OUT, xlsxWorker));
  renameSync(join(partial, `pinisi-${hash}.mjs`), file);
  rmSync(partial, { recursive: true, force: true });
  for (const old of readdirSync(OUT)) {
    const name = /^(pinisi|pdf-worker|xlsx-worker)-([0-9a-f]{16})\.mjs$/.exec(old);
    if (name && name[2] !== hash) rmSync(join(OUT, old), { force: true });
  }
  return file;
}

await import(pathToFileURL(await bundle()).href);
