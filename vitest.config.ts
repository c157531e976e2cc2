import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    // Browser tests drive one or two pages through many steps; on this 2-core machine under a full run's load some
    // take past 30 s (a quiet run: 15–20 s). A test that hangs still fails.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A page or a background job may take more than expect.poll's default second on a busy machine.
    expect: { poll: { timeout: 10_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          // The browser tests too: each starts its own server on its own database, like a server test.
          include: ['packages/*/test/**/*.test.ts', 'apps/server/test/**/*.test.ts', 'apps/web/test/**/*.e2e.test.ts'],
          // A worker loads kefu's ~500 modules once for all its files, not once per file: module loading was most of
          // the suite's time. Each file still makes its own app and database; none of these mocks a module.
          isolate: false,
        },
      },
      {
        extends: true,
        // The web app's own unit tests (some with fake timers and mocks) keep a fresh module graph per file.
        test: {
          name: 'web',
          include: ['apps/web/test/**/*.test.ts', 'apps/widget/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'apps/web/test/**/*.e2e.test.ts'],
        },
      },
    ],
  },
});
