import { expect, type BrowserContext, type Page } from '@playwright/test';
import { logInOn } from './login';

/**
 * The two steps the call specs start from, in a context each spec makes for itself (its own
 * options and instruments): an operator available on the console, and a resident who walks up to
 * the booth and picks a language and a procedure.
 */

/** Logs the operator in on the console and makes them available; returns the console page. */
export async function operatorAvailable(context: BrowserContext, login: { loginId: string; password: string }): Promise<Page> {
  const page = await context.newPage();
  await logInOn(page, '/console', login);
  await expect(page.getByTestId('operator-status')).toBeVisible();
  await page.getByRole('button', { name: /受付可/ }).click();
  await expect(page.getByTestId('operator-status')).toHaveText(/受付可|着信中/);
  return page;
}

/** Opens the booth, starts, chooses Japanese and `procedure`; returns the booth page on the next screen. */
export async function residentWalksUp(context: BrowserContext, credential: string, procedure: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/booth/?provision=${credential}`);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await page.getByRole('button', { name: /ビデオ通話で相談する/ }).click();
  await page.getByRole('button', { name: '日本語' }).click();
  await page.locator(`[data-procedure="${procedure}"]`).click();
  return page;
}
