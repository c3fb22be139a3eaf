import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.spec.ts', 'test/**/*.spec.ts'],
    // Dates in tests are written in the plan's zone; the process zone must not leak into results.
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The browser tests serve the built dashboard: build it (when missing or stale) before any test file.
    globalSetup: ['packages/dashboards/src/build/vitest-global-setup.ts'],
  },
});
