import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * A screenshot of `page` for the closing note of a change, when E2E_SCREENS_DIR is set
 * (`<dir>/<name>-<E2E_SCREENS_SUFFIX>.png`, e.g. run once before and once after a fix); nothing
 * otherwise.
 */
export async function snap(page: Page, name: string) {
  const dir = process.env.E2E_SCREENS_DIR;
  if (!dir) return;
  const suffix = process.env.E2E_SCREENS_SUFFIX ?? 'after';
  await page.screenshot({ path: path.join(dir, `${name}-${suffix}.png`), fullPage: true });
}
