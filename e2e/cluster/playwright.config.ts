import { defineConfig } from '@playwright/test';
import { suiteBase } from '../playwright-base';

/** The cross-node suite (run-cluster.ts): one worker against one cluster, each spec bounded; a node it kills it starts again. */
export default defineConfig({
  ...suiteBase,
  testDir: './tests',
  timeout: 180_000,
  outputDir: '../../test-results/cluster',
});
