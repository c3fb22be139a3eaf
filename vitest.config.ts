import { defineConfig } from 'vitest/config';

/** Tests that need the real Kafka broker: their project's global setup starts it. */
const KAFKA_TESTS = ['packages/kafka/src/**/*.int.spec.ts', 'test/**/*.kafka.spec.ts'];

export default defineConfig({
  test: {
    // Dates in tests are written in the plan's zone; the process zone must not leak into results.
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'ledger',
          include: ['packages/*/src/**/*.spec.ts', 'test/**/*.spec.ts'],
          exclude: [...KAFKA_TESTS, '**/node_modules/**'],
          // The browser tests serve the built dashboard: build it (when missing or stale) before any test file.
          globalSetup: ['packages/dashboards/src/build/vitest-global-setup.ts'],
        },
      },
      // Vitest runs a project's global setup only when files of that project are in the run.
      {
        extends: true,
        test: {
          name: 'kafka',
          include: KAFKA_TESTS,
          globalSetup: ['packages/kafka/src/testing/vitest-global-setup.ts'],
        },
      },
    ],
  },
});
