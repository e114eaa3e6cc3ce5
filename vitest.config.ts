import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn bin/etiq.js, which runs the compiled dist/: build first
    // (npm test does), so a stale build cannot pass for the source.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
