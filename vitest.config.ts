import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{app,db,media-server,booth-client}/**/*.test.{ts,tsx}'],
    // The security suite needs the built app and runs as its own step (vitest.security.config.ts).
    exclude: ['**/node_modules/**', '**/build/**', '**/dist/**', 'app/test/security/**'],
    // Integration tests start real processes and write real files; keep the 2-core box calm.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
