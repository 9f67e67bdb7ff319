import { type BrowserContext, expect, type Page } from '@playwright/test';
import { logInOn } from './login';

/**
 * The steps the call specs start from, in a context each spec makes for itself (its own options
 * and instruments): an operator available on the console, a resident who walks up to the booth and
 * picks a language and a procedure, and the call they ask for answered.
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

/** The resident consents and asks for a call; returns its session id once the booth is waiting. */
export async function residentWaits(booth: Page): Promise<string> {
  await booth.getByRole('button', { name: /同意して相談する/ }).click();
  await expect(booth.getByTestId('waiting-screen')).toBeVisible();
  return (await booth.locator('[data-session-id]').getAttribute('data-session-id'))!;
}

/** The resident consents and asks for a call, the operator answers it; returns the session id once the console is on it. */
export async function callAnswered(booth: Page, operator: Page): Promise<string> {
  const sessionId = await residentWaits(booth);
  await operator
    .getByTestId('offer')
    .getByRole('button', { name: /応答する/ })
    .click();
  await expect(operator).toHaveURL(new RegExp(`/console/sessions/${sessionId}$`));
  return sessionId;
}

/** In a call, the operator pushes the "card ready" guidance card from the checklist; the booth shows it. */
export async function cardShown(operator: Page, booth: Page): Promise<void> {
  await operator
    .locator('[data-step="card"]')
    .getByRole('button', { name: /カード表示/ })
    .click();
  await expect(booth.getByTestId('guidance-card')).toHaveAttribute('data-card', 'card-ready');
}
