import { defineConfig } from 'vitest/config';

/** `npm run test:security`: the real server (built app, loopback) against the hardening promises. */
export default defineConfig({
  test: {
    include: ['app/test/security/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
