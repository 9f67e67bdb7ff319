import { type Browser, expect, type Page } from '@playwright/test';
import { loadFixtures } from './fixtures';

/**
 * Logs in through the login form on `page`, which opens `path` and is sent to /login first. The
 * login returns to the path and its query.
 */
export async function logInOn(page: Page, path: string, login: { loginId: string; password: string }) {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel(/ログイン ID/).fill(login.loginId);
  await page.getByLabel(/パスワード/).fill(login.password);
  await page.getByRole('button', { name: /ログイン/ }).click();
  const [pathname, query] = path.split('?');
  await expect(page).toHaveURL((url) => url.pathname === pathname);
  // The login returns to the path with its query; ask again only if the query was lost.
  if (query && new URL(page.url()).search !== `?${query}`) await page.goto(path);
}

/** A fresh browser context (its own cookies; downloads allowed), logged in as `login` on `path`. */
export async function logIn(browser: Browser, path: string, login: { loginId: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: loadFixtures().baseURL, acceptDownloads: true })).newPage();
  await logInOn(page, path, login);
  return page;
}
