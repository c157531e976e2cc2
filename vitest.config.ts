import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    // Each worker loads kefu's ~500 modules once for all its files, not once per file (docs/decisions/0019): the suite
    // takes about 40% less time. Each file still makes its own app and database.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A page or a background job may take more than expect.poll's default second on a busy machine.
    expect: { poll: { timeout: 10_000 } },
  },
});
