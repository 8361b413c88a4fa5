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
    ],
  },
});
