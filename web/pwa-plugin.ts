// Build step of the crew page as an installable app: writes /sw.js (web/sw.ts) with the app shell it keeps offline,
// which is the entry chunk and the chunks OFFLINE_VIEWS names with what they import, their CSS, the page, manifest and
// icons.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Plugin, transformWithOxc } from 'vite';

const SOURCE = fileURLToPath(new URL('./sw.ts', import.meta.url));
const PUBLIC = fileURLToPath(new URL('./public', import.meta.url));
/** The views a crew's phone must open without a network. */
/** What a crew's phone must open without a network: the signed-in part, the responder view, the boundaries' lookup. */
const OFFLINE_VIEWS = /[\\/](SignedIn\.tsx|geo-lookup\.ts|views[\\/]ResponderView\.tsx)$/;

export function pwaPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'pinisi-pwa',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const shell = new Set<string>();
      const visit = (file: string) => {
        const chunk = bundle[file];
        if (!chunk || shell.has(file)) return;
        shell.add(file);
        if (chunk.type !== 'chunk') return;
        for (const css of chunk.viteMetadata?.importedCss ?? []) shell.add(css);
        for (const next of chunk.imports) visit(next);
      };
      for (const [file, chunk] of Object.entries(bundle))
        if (chunk.type === 'chunk' && (chunk.isEntry || OFFLINE_VIEWS.test(chunk.facadeModuleId ?? '')))
          visit(file);
      const files = [
        '/index.html',
        ...readdirSync(PUBLIC, { recursive: true, encoding: 'utf8' })
          .filter((f) => /\.\w+$/.test(f))
          .map((f) => `/${f.replaceAll('\\', '/')}`),
        ...[...shell].map((f) => `/${f}`),
      ].sort();
      const source = readFileSync(SOURCE, 'utf8');
      const version = createHash('sha256')
        .update(JSON.stringify(files))
        .update(source)
        .digest('hex')
        .slice(0, 12);
      const { code } = await transformWithOxc(source, SOURCE, { lang: 'ts' });
      const header = `const PINISI_SHELL = ${JSON.stringify(files)};\nconst PINISI_VERSION = '${version}';\n`;
      await writeFile(join(outDir, 'sw.js'), header + code);
      console.log(`Service worker: ${files.length} files kept offline (version ${version})`);
    },
  };
}
