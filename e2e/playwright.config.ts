import { defineConfig } from '@playwright/test';
import { suiteBase } from './playwright-base';

export default defineConfig({
  ...suiteBase,
  testDir: './tests',
  timeout: 90_000,
  outputDir: '../test-results',
});
