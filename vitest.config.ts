import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each file starts its own loopback servers and SQLite files; forks keep
    // native modules (better-sqlite3) isolated per worker.
    pool: 'forks',
    reporters: ['default'],
    // On the 2-core CI machine the browser and multi-process tests share the
    // CPU; a test that fails there is run once more before the run is red
    // (a real regression fails both times). Locally a failure is final.
    retry: process.env.CI ? 1 : 0,
  },
});
