import { type APIRequestContext, expect, test } from '@playwright/test';
import { loadFixtures, loginOf } from '../fixtures';
import { logInOn } from '../login';

const fixtures = loadFixtures();
const admin = loginOf(fixtures.municipalityA, 'admin');
const operator = loginOf(fixtures.municipalityA, 'operator');

test.use({ baseURL: fixtures.baseURL });

/** What the booth itself sees, authenticated only by its device credential. */
const boothMe = (request: APIRequestContext, credential: string) =>
  request.get('/api/v1/booth/me', { headers: { Authorization: `Bearer ${credential}` } });

test('an administrator provisions a booth, sets its calendar and revokes its credential', async ({ page, request }) => {
  await logInOn(page, '/admin', admin);
  await page
    .getByRole('navigation', { name: /管理メニュー/ })
    .getByRole('link', { name: /ブース/ })
    .click();
  await expect(page).toHaveURL(/\/admin\/booths$/);

  // Provision a booth for town A: the credential and its provisioning link are shown once.
  await page.getByLabel('自治体', { exact: true }).selectOption({ label: '東員町（E2E）（243248）' });
  await page.getByLabel(/ブース名/).fill('E2E 新設ブース');
  await page.getByLabel(/種類/).selectOption('mall');
  await page.getByLabel(/設置場所/).fill('ショッピングモール 2階');
  await page.getByRole('button', { name: /設置して認証情報を発行/ }).click();
  const once = page.getByTestId('credential-once');
  await expect(once).toBeVisible();
  await expect(once.getByRole('alert')).toContainText('今回だけ表示');
  const credential = await page.getByTestId('device-credential').inputValue();
  expect(credential).toMatch(/^mdgb_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId('provision-link')).toHaveValue(`${fixtures.baseURL}/booth/?provision=${credential}`);
  // Nothing of ours carries it: not the address bar, not a cookie.
  expect(page.url()).not.toContain(credential);
  expect((await page.context().cookies()).some((c) => c.value.includes(credential))).toBe(false);

  // Reloading shows the booth in the list, but never the credential again.
  await page.reload();
  await expect(page.getByTestId('booths')).toContainText('E2E 新設ブース');
  await expect(page.getByTestId('credential-once')).toHaveCount(0);
  expect(await page.content()).not.toContain(credential);

  // The booth can use it.
  const me = await boothMe(request, credential);
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({
    booth: { name: 'E2E 新設ブース', kind: 'mall' },
    municipality: { id: fixtures.municipalityA.municipalityId },
  });

  // A new booth has no opening hours yet; set Monday to Friday 08:15-17:00.
  await page.getByTestId('booths').getByRole('link', { name: 'E2E 新設ブース' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E2E 新設ブース');
  await expect(page.getByTestId('no-hours')).toBeVisible();
  const calendar = page.getByTestId('calendar-form');
  for (const day of ['月曜日', '火曜日', '水曜日', '木曜日', '金曜日']) {
    await calendar.getByLabel(new RegExp(`^${day}`)).fill('08:15-17:00');
  }
  await expect(calendar.getByLabel(/国民の祝日/)).toBeChecked();
  await expect(calendar.getByLabel(/年末年始/)).toBeChecked();
  await calendar.getByLabel(/臨時休業日/).fill('2030-05-07');
  await calendar.getByRole('button', { name: /営業カレンダーを保存/ }).click();
  await expect(calendar.getByRole('status')).toContainText('営業カレンダーを保存しました');
  await expect(page.getByTestId('no-hours')).toHaveCount(0);
  await expect(page.getByTestId('opening-now')).not.toContainText('次回の営業予定はありません');

  await page.reload();
  await expect(calendar.getByLabel(/^月曜日/)).toHaveValue('08:15-17:00');
  await expect(calendar.getByLabel(/^金曜日/)).toHaveValue('08:15-17:00');
  await expect(calendar.getByLabel(/^土曜日/)).toHaveValue('');
  await expect(calendar.getByLabel(/臨時休業日/)).toHaveValue('2030-05-07');

  // A time that does not exist is refused beside its field, in both languages, and nothing changes.
  await calendar.getByLabel(/^月曜日/).fill('08:15-25:00');
  await calendar.getByLabel(/^火曜日/).fill('09:00-12:00');
  await calendar.getByRole('button', { name: /営業カレンダーを保存/ }).click();
  const mondayError = page.locator('#weekly-1-error');
  await expect(mondayError).toHaveAttribute('role', 'alert');
  await expect(mondayError).toContainText('時刻は HH:MM 形式で入力してください');
  await expect(calendar.getByLabel(/^月曜日/)).toHaveAttribute('aria-invalid', 'true');
  await expect(calendar.getByLabel(/^月曜日/)).toHaveValue('08:15-25:00');
  await page.reload();
  await expect(calendar.getByLabel(/^月曜日/)).toHaveValue('08:15-17:00');
  await expect(calendar.getByLabel(/^火曜日/)).toHaveValue('08:15-17:00');

  // Revoke, with a confirm step; the booth's credential stops working at once.
  const credentialSection = page.getByRole('region', { name: /端末認証情報/ });
  await credentialSection.getByText(/認証情報を失効…/).click();
  await credentialSection.getByRole('button', { name: /失効する/ }).click();
  await expect(credentialSection.getByRole('status')).toContainText('認証情報を失効しました');
  await expect(page.getByTestId('credential-status')).toContainText('未発行または失効済み');
  expect((await boothMe(request, credential)).status()).toBe(401);
});

test('an operator cannot open the account administration', async ({ page }) => {
  await logInOn(page, '/console', operator);
  const response = await page.goto('/admin/accounts');
  expect(response?.status()).toBe(403);
  await expect(page.getByTestId('admin-error')).toContainText('この画面を表示する権限がありません');
  // The staff screens speak one language at a time: English once the user switches (kept in a cookie).
  await page.goto('/console');
  await page.getByTestId('language-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/admin/accounts');
  await expect(page.getByTestId('admin-error')).toContainText('You are not allowed to see this page');
});

test('a refusal from a service is a form error in both languages, not a server error', async ({ page }) => {
  await logInOn(page, '/admin', admin);
  await page.goto('/admin/municipalities');
  // Town A's code is registered already: the service refuses with a 409 Problem.
  await page.getByLabel(/団体コード/).fill('243248');
  await page.getByLabel(/^名称/).fill('重複する町');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/admin/municipalities')),
    page.getByRole('button', { name: /登録/ }).click(),
  ]);
  expect(response.status()).toBe(409);
  await expect(page.getByRole('alert')).toContainText('既に登録されています');
  await expect(page.getByRole('alert')).toContainText('already exists');
});

test("an administrator sets the town's outage alert; a URL that is not http(s), or points inside the network, is refused in both languages", async ({
  page,
  request,
}) => {
  await logInOn(page, `/admin/municipalities/${fixtures.municipalityA.municipalityId}`, admin);
  await page.getByLabel(/停止通知までの分数/).fill('15');
  await page.getByLabel(/停止通知の送信先 URL/).fill('ftp://127.0.0.1/alerts');
  await page.getByRole('button', { name: /保存/ }).first().click();
  await expect(page.getByText(/停止通知の送信先は http:\/\/ か https:\/\/ の URL にしてください/)).toBeVisible();
  await expect(page.getByText(/The alert webhook must be an http:\/\/ or https:\/\/ URL/)).toBeVisible();

  // Decision 0017: never a loopback, private or metadata address.
  await page.getByLabel(/停止通知の送信先 URL/).fill('http://127.0.0.1:9/madoguchi-alerts');
  await page.getByRole('button', { name: /保存/ }).first().click();
  await expect(page.getByText(/ループバック・プライベート・リンクローカル/)).toBeVisible();
  await expect(page.getByText(/cannot point at a loopback, private, link-local/)).toBeVisible();

  // Saving sends nothing: a public name is only resolved when an alert goes out.
  await page.getByLabel(/停止通知の送信先 URL/).fill('https://hooks.example.jp/madoguchi-alerts');
  await page.getByRole('button', { name: /保存/ }).first().click();
  await expect(page.getByText('保存しました', { exact: true })).toBeVisible();
  const saved = await request.get(`/api/v1/municipalities/${fixtures.municipalityA.municipalityId}`, {
    headers: { Cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
  });
  expect(await saved.json()).toMatchObject({ outageAlertMinutes: 15, alertWebhookUrl: 'https://hooks.example.jp/madoguchi-alerts' });

  // Back as it was (an empty URL means "no webhook"), for the scenarios that follow.
  await page.getByLabel(/停止通知までの分数/).fill('5');
  await page.getByLabel(/停止通知の送信先 URL/).fill('');
  await page.getByRole('button', { name: /保存/ }).first().click();
  await expect(page.getByText('保存しました', { exact: true })).toBeVisible();
  await expect(page.getByLabel(/停止通知の送信先 URL/)).toHaveValue('');
});
