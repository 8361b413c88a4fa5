import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { CHROMIUM } from './test/chromium.js';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // A stray real request must fail the test, never leave the machine.
          setupFiles: ['test/unit/setup.ts'],
          // The SDK's default logger says each rate-limit wait the tests provoke; the tests that read the log
          // give their own logger and level (and the test of the default clears this).
          env: { NEMO_LOG: 'off' },
        },
      },
      {
        // The runnable examples of docs/testing.md: each brings its own msw server, so no shared setup here.
        test: { name: 'examples', include: ['examples/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Renders use both cores: one file at a time keeps timings sane on a 2-core machine.
          fileParallelism: false,
        },
      },
      {
        // The built ESM bundle (dist/, so `npm run build` first) in real headless Chromium (test/chromium.ts picks
        // it), against the emulator's HTTP server, which test/browser/global-setup.ts starts and hands over with
        // provide/inject.
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: CHROMIUM }),
            instances: [{ browser: 'chromium' }],
            // A bound, not a sleep: on a loaded 2-core machine the page's first connect took over the 30 s default.
            connectTimeout: 120_000,
          },
        },
        // The bundle's own dependencies, pre-bundled up front: found late, they would reload the page mid-run.
        optimizeDeps: { include: ['ky', 'zod/mini', 'eventsource-parser'] },
      },
    ],
  },
});
