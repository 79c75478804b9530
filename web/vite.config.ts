// Build of the consoles: root is web/, output web/dist, served by the Pinisi server at /.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { bundlePlugin } from './bundle-plugin.ts';
import { pwaPlugin } from './pwa-plugin.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.PINISI_API ?? 'http://127.0.0.1:8112';

export default defineConfig({
  root,
  plugins: [react(), bundlePlugin(), pwaPlugin()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200, reportCompressedSize: false },
  server: {
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': { target: api, ws: true } },
  },
});
