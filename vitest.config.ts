import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Browser tests drive one or two pages through many steps; on this 2-core machine under a full run's load some
    // take past 30 s (a quiet run: 15–20 s). A test that hangs still fails.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A page or a background job may take more than expect.poll's default second on a busy machine.
    expect: { poll: { timeout: 10_000 } },
  },
});
