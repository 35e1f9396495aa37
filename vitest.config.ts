import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // long runs live in test/soak and run with `npm run soak` (vitest.soak.config.ts)
    exclude: [...configDefaults.exclude, 'test/soak/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { shuffle: false },
    pool: 'forks',
    // tests that spawn the built CLI fail loudly when dist/ is older than src/ (test/helpers/check-build.ts)
    globalSetup: ['test/helpers/check-build.ts'],
  },
});
