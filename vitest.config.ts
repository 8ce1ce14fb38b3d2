import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/browser/**', 'src/**/test/browser/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          // The journeys across modules, and each module's own (in its test/browser folder).
          include: ['test/browser/**/*.test.ts', 'src/**/test/browser/**/*.test.ts'],
          // One browser at a time keeps a 2-core machine responsive.
          fileParallelism: false,
        },
      },
    ],
  },
});
