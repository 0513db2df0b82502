import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __LICENSECTL_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // e2e tests spawn the built binary; keep the 2-core machine from thrashing
    maxWorkers: 2,
  },
});
