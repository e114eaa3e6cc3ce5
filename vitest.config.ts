import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn bin/etiq.cjs, which runs the compiled dist/: build first
    // (npm test does), so a stale build cannot pass for the source.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default leaves one core free: on a 2-core machine that is one worker and a
    // serial run (54 s here instead of 23 s). The tests wait on child processes and SQLite
    // much of the time, so one worker per core pays.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
