import { expect, type Page, test } from '@playwright/test';
import { loadFixtures, loginOf } from '../fixtures';
import { logInOn } from '../login';

/**
 * Issue 11 (9): the Content-Security-Policy is strict (no inline script without the response's
 * nonce), and every screen still runs under it in a real Chromium: no violation is reported, and
 * the pages hydrate (client-side navigation and forms work).
 */
const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

/** Collects the CSP violations the page reports, from the DOM event and the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return violations;
}

test('console, staff and admin pages run under the policy without a violation', async ({ page }) => {
  const violations = await watchViolations(page);
  const response = await page.goto('/login');
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+'/);
  await logInOn(page, '/admin', loginOf(fixtures.municipalityA, 'admin'));
  // Client-side navigation needs the hydrated app.
  await page
    .getByRole('navigation', { name: /管理メニュー/ })
    .getByRole('link', { name: /ブース/ })
    .click();
  await expect(page).toHaveURL(/\/admin\/booths$/);
  for (const path of ['/staff', '/staff/reports', '/console', '/console/overview']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    await expect(page.locator('main').first()).toBeVisible();
  }
  expect(violations).toEqual([]);
});

test('the booth kiosk and the API reference run under theirs', async ({ page }) => {
  const violations = await watchViolations(page);
  const booth = await page.goto(`/booth/?provision=${fixtures.municipalityA.boothCredential}`);
  expect(booth?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
  await expect(page.getByRole('button', { name: /ビデオ通話で相談する/ })).toBeVisible();
  await page.goto('/api/v1/reference');
  await expect(page.locator('.swagger-ui')).toBeVisible();
  await expect(page.getByText('Madoguchi API')).toBeVisible();
  expect(violations).toEqual([]);
});
