// Test runner configuration: unit tests beside the code, cross-cutting tests under test/.
import { realpathSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // node_modules may be a link to another checkout's (git worktrees); Vite serves files only from allowed folders.
  server: { fs: { allow: ['.', realpathSync('node_modules')] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.{ts,tsx}'],
    // Migrated template databases and demo password hashes, made once per run instead of once per test server.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
