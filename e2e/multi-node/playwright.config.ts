import { defineConfig } from '@playwright/test';
import { suiteBase } from '../playwright-base';

/** The multi-node suite (run-multi-node.ts): one worker, in order, against one cluster; each spec undoes its kills. */
export default defineConfig({
  ...suiteBase,
  testDir: './tests',
  timeout: 180_000,
  outputDir: '../../test-results/multi-node',
});
