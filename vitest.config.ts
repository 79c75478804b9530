// Test runner configuration: unit tests beside the code, cross-cutting tests under test/.
import { realpathSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';

/** Tests of the HTTP API: each builds its own servers and databases and mocks nothing, so they share one module graph. */
const API = 'test/api/**/*.test.ts';
/** The server's own unit tests mock nothing and keep no state between files, so they share one module graph too. */
const UNIT = 'src/**/*.test.ts';
/** Assert what the first report of a process shapes, cold or after the warm-up (the fonts' cache is per process). */
const FIRST_IN_PROCESS = ['src/reports/pdf.test.ts', 'src/reports/pdf-warm.test.ts'];

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
        // Importing the modules again for each file took longer than these files' tests.
        test: {
          name: 'unit',
          include: [UNIT],
          exclude: [...configDefaults.exclude, ...FIRST_IN_PROCESS],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['test/**/*.test.ts', 'web/**/*.test.{ts,tsx}', ...FIRST_IN_PROCESS],
          exclude: [...configDefaults.exclude, API],
        },
      },
    ],
  },
});
