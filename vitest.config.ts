import { defineConfig } from 'vitest/config';

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
    ],
  },
});
