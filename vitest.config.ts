// Test runner configuration: unit tests beside the code, cross-cutting tests under test/.
import { realpathSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

/** Tests of the HTTP API: each builds its own servers and databases and mocks nothing, so they share one module graph. */
const API = 'test/api/**/*.test.ts';

export default defineConfig({
  // node_modules may be a link to another checkout's (git worktrees); Vite serves files only from allowed folders.
  server: { fs: { allow: ['.', realpathSync('node_modules')] } },
  test: {
    // Migrated template databases and demo password hashes, made once per run instead of once per test server.
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Importing the server's modules again for each API test file took about as long as its tests.
        test: { name: 'api', include: [API], isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, API],
        },
      },
    ],
  },
});
