import { defineConfig } from 'vitest/config';

// `npm run soak`: the long reliability runs (faults, crash/resume, concurrency, 10,000 fuzz cases), each test
// bounded by its own timeout, all against the simulator on 127.0.0.1. One file at a time: the runs measure
// behaviour under load and must not compete with each other for the CPU.
export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 60_000,
    sequence: { shuffle: false },
    pool: 'forks',
    // tests that spawn the built CLI fail loudly when dist/ is older than src/ (test/helpers/check-build.ts)
    globalSetup: ['test/helpers/check-build.ts'],
    fileParallelism: false,
  },
});
