import { defineConfig } from '@playwright/test';
import { suiteBase } from '../playwright-base';

/** The fault suite (run-faults.ts): one worker, each spec bounded, faults undone by each spec. */
export default defineConfig({
  ...suiteBase,
  testDir: './tests',
  timeout: 180_000,
  outputDir: '../../test-results/faults',
});
