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
  },
});
