import type { PlaywrightTestConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

/**
 * What both Playwright suites share (playwright.config.ts, faults/playwright.config.ts): one worker
 * in order against one stack, no retries, a trace kept when a test fails, Debian's Chromium.
 */
export const suiteBase = {
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
} satisfies PlaywrightTestConfig;
