// Builds the consoles (web/dist) only when their sources changed since the last build: `npm start` stays fast.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './paths.ts';

const DIST = join(REPO, 'web/dist');
const STAMP = join(DIST, '.sources-sha256');
/** What the build reads: the web app, the shared code it imports from src/, and the locked dependencies. */
const SOURCES = [
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
  'web/bundle-plugin.ts',
  'web/pwa-plugin.ts',
  'web/sw.ts',
  'web/public',
  'src',
  'package-lock.json',
];

/** One hash over the paths and contents of every source file, in a fixed order. */
export function webSourcesHash(repo = REPO): string {
  const hash = createHash('sha256');
  for (const source of SOURCES) {
    const path = join(repo, source);
    if (!existsSync(path)) continue;
    const files = statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, encoding: 'utf8' })
          .sort()
          .map((f) => join(source, f))
      : [source];
    for (const file of files) {
      const full = join(repo, file);
      if (!statSync(full).isFile()) continue;
      hash.update(`${file}\0`);
      hash.update(readFileSync(full));
    }
  }
  return hash.digest('hex');
}

/** Runs the Vite build unless web/dist was built from these very sources; true when it built. */
export function ensureWebBuilt(options: { force?: boolean } = {}): boolean {
  const sources = webSourcesHash();
  const built = existsSync(join(DIST, 'index.html')) && existsSync(STAMP);
  if (!options.force && built && readFileSync(STAMP, 'utf8').trim() === sources) return false;
  console.log('Building the consoles (web/dist)…');
  const vite = join(REPO, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    // A test runner's NODE_ENV=test would give a development build of React.
    { cwd: REPO, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (result.status !== 0) throw new Error(`The web build failed (exit ${result.status ?? result.signal})`);
  writeFileSync(STAMP, `${sources}\n`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureWebBuilt({ force: process.argv.includes('--force') });
}
