import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';

/** The fault suite (run-faults.ts): one worker, each spec bounded, faults undone by each spec. */
export default defineConfig({
  testDir: './tests',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../test-results/faults',
  use: {
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
