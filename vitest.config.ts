import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __LICENSECTL_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary folder for the whole run, removed at its end (test/global-tmp.ts).
    globalSetup: ['test/global-tmp.ts'],
    // Sized for a loaded 2-core machine (CI runners often are): a spawn of the CLI there can take
    // five times as long as on an idle one. A real hang still fails, just later.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // e2e tests spawn the built binary; keep the 2-core machine from thrashing
    maxWorkers: 2,
  },
});
