// Build step of the consoles: writes brotli and gzip copies of every asset (served as they are by the server) and
// prints what a first visit downloads before the sign-in form works, failing the build when it passes the budget.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress as brotliCallback, constants, gzip as gzipCallback } from 'node:zlib';
import type { Plugin } from 'vite';

/** Issue 11: the main bundle (what the sign-in page loads) stays under this, gzipped. */
const MAIN_BUDGET_GZIP = 300 * 1024;
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest)$/;

const gzip = promisify(gzipCallback);
const brotliCompress = promisify(brotliCallback);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function bundlePlugin(): Plugin {
  let outDir = '';
  return {
    name: 'pinisi-bundle',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      // The main bundle: the entry chunk, what it imports statically, and their CSS (loaded before the form works).
      const main = new Set<string>();
      const visit = (file: string) => {
        const chunk = bundle[file];
        if (!chunk || main.has(file)) return;
        main.add(file);
        if (chunk.type !== 'chunk') return;
        for (const css of chunk.viteMetadata?.importedCss ?? []) main.add(css);
        for (const next of chunk.imports) visit(next);
      };
      for (const [file, chunk] of Object.entries(bundle))
        if (chunk.type === 'chunk' && chunk.isEntry) visit(file);
      const sizes = new Map<string, { raw: number; gzip: number; brotli: number }>();
      const compress = async (file: string) => {
        const path = join(outDir, file);
        const body = await readFile(path);
        const [gzipped, brotli] = await Promise.all([
          gzip(body, { level: 9 }),
          // Brotli's best (11) costs seconds per megabyte: spent on what every sign-in page loads, not on the map.
          brotliCompress(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: main.has(file) ? 11 : 9,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
        ]);
        await Promise.all([writeFile(`${path}.gz`, gzipped), writeFile(`${path}.br`, brotli)]);
        sizes.set(file, { raw: body.length, gzip: gzipped.length, brotli: brotli.length });
      };
      await Promise.all(
        Object.keys(bundle)
          .filter((file) => COMPRESSIBLE.test(file))
          .map(compress),
      );
      const total = (files: Iterable<string>) => {
        const sum = { raw: 0, gzip: 0, brotli: 0 };
        for (const f of files) {
          const s = sizes.get(f);
          if (!s) continue;
          sum.raw += s.raw;
          sum.gzip += s.gzip;
          sum.brotli += s.brotli;
        }
        return sum;
      };
      const line = (name: string, s: { raw: number; gzip: number; brotli: number }) =>
        `  ${name.padEnd(48)} ${kb(s.raw).padStart(10)} ${kb(s.gzip).padStart(10)} ${kb(s.brotli).padStart(10)}`;
      const rows = [...sizes].sort((a, b) => b[1].gzip - a[1].gzip);
      console.log(`Consoles bundle (${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'brotli'.padStart(10)})`);
      for (const [file, s] of rows) console.log(line(`${main.has(file) ? '* ' : '  '}${file}`, s));
      const mainSize = total(main);
      console.log(line('= main bundle (*: loaded by the sign-in page)', mainSize));
      console.log(line('= everything', total(sizes.keys())));
      if (mainSize.gzip > MAIN_BUDGET_GZIP)
        throw new Error(
          `The main bundle is ${kb(mainSize.gzip)} gzipped, over the ${kb(MAIN_BUDGET_GZIP)} budget: load the new code lazily (import()) from the view that needs it`,
        );
    },
  };
}
