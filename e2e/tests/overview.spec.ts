import { expect, test } from '@playwright/test';
import { loadFixtures, loginNamed, loginOf, queryDb } from '../fixtures';
import { logIn } from '../login';
import { snap } from '../screens';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

/** Issue 12, defect 9: the supervisor's overview and the staff dashboard, labelled and complete. */

test('the live overview labels its operator table: headers, statuses in ja/en, times with units, skills', async ({ browser }) => {
  // Two of town B's operators: one available, one on a break.
  const first = await logIn(browser, '/console', loginNamed(fixtures.municipalityB, 'op-b1'));
  await first.getByRole('button', { name: /受付可/ }).click();
  await expect(first.getByTestId('operator-status')).toHaveText(/受付可/);
  const second = await logIn(browser, '/console', loginNamed(fixtures.municipalityB, 'op-b2'));
  await second.getByRole('button', { name: /休憩/ }).click();
  await expect(second.getByTestId('operator-status')).toHaveText(/休憩/);

  const page = await logIn(browser, '/console/overview', loginOf(fixtures.municipalityA, 'admin'));
  const table = page.getByTestId('operators');
  await expect(table).toBeVisible();
  await snap(page, 'i12-item9-overview');
  await expect(table.locator('thead th')).toHaveText([
    'オペレーター',
    '状態',
    '状態の開始（経過）',
    '現在の通話',
    '言語',
    '手続',
    '担当自治体',
  ]);
  const onBreak = table.locator('tr', { hasText: 'オペレーター 二号' });
  await expect(onBreak).toContainText('休憩');
  await expect(onBreak).not.toContainText(/\bbreak\b/);
  // A time of day and how long, with units.
  await expect(onBreak.locator('td').nth(1)).toHaveText(/^\d{2}:\d{2}（\d+ (秒|分)/);
  await expect(onBreak).toContainText('日本語');
  await expect(onBreak).toContainText('すべて'); // all six procedures
  await expect(onBreak).toContainText('人吉市（E2E）');
  await expect(table.locator('tr', { hasText: 'オペレーター 一号' })).toContainText('受付可');
  await expect(page.getByTestId('queues').locator('thead th')).toHaveText(['自治体', '待機中の呼び出し', '最長の待ち時間']);
  for (const p of [first, second, page]) await p.context().close();
});

test('the dashboard charts every hour the booths are open: a 04:00 call of a 24-hour booth is on it', async ({ browser }) => {
  // One call at 04:10 Japan time in the seeded month, at town B's booth (open around the clock).
  const at = new Date(`${fixtures.reportMonth}-03T04:10:00+09:00`).getTime();
  await queryDb(
    "INSERT INTO session (id, booth_id, municipality_id, room_name, status, requested_at, ended_at) VALUES (?, ?, ?, 'mdg-e2e-early', 'ended', ?, ?)",
    [crypto.randomUUID(), fixtures.municipalityB.boothId, fixtures.municipalityB.municipalityId, at, at + 45_000],
  );
  const page = await logIn(
    browser,
    `/staff?municipalityId=${fixtures.municipalityB.municipalityId}&from=${fixtures.reportMonth}-01&to=${fixtures.reportMonth}-28`,
    loginOf(fixtures.municipalityB, 'town_staff'),
  );
  const chart = page.getByTestId('chart-hour');
  await expect(chart).toBeVisible();
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await snap(page, 'i12-item9-dashboard');
  // Every hour of the day is on the axis, 04 included, each labelled ("00"–"23"; the count axis has one digit here).
  const hours = chart.locator('.recharts-cartesian-axis-tick-value', { hasText: /^\d{2}$/ });
  await expect(hours).toHaveCount(24);
  await expect(hours.nth(4)).toHaveText('04');
  // The same figures as a table: the 04:00 call is counted there (abandoned: it never got an answer).
  await page.getByText(/時間帯別の数値/).click();
  await expect(page.getByTestId('hour-table').locator('tr[data-hour="04"] td')).toHaveText(['0', '0', '1']);
  await page.context().close();
});

test('an operator going on a break drops town B below its minimum window: the overview and the town dashboard show it at once', async ({
  browser,
}) => {
  const admin = await logIn(browser, '/console/overview', loginOf(fixtures.municipalityA, 'admin'));
  const windows = `/api/v1/staffing/municipalities/${fixtures.municipalityB.municipalityId}/minimum-windows`;
  // Around the clock, every day: at least two operators on duty for town B.
  const set = await admin.request.put(windows, {
    data: [{ weekdays: [0, 1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 1440, operators: 2 }],
  });
  expect(set.status()).toBe(200);
  try {
    const first = await logIn(browser, '/console', loginNamed(fixtures.municipalityB, 'op-b1'));
    await first.getByRole('button', { name: /受付可/ }).click();
    await expect(first.getByTestId('operator-status')).toHaveText(/受付可/);
    const second = await logIn(browser, '/console', loginNamed(fixtures.municipalityB, 'op-b2'));
    await second.getByRole('button', { name: /受付可/ }).click();
    await expect(second.getByTestId('operator-status')).toHaveText(/受付可/);

    await admin.reload();
    const line = admin.getByTestId('staffing-lines').locator('tr', { hasText: '人吉市（E2E）' });
    await expect(line.getByTestId('on-duty')).toHaveText('2');
    await expect(admin.getByTestId('staffing-banner')).toHaveCount(0);

    // The second operator takes a break: one on duty of two required. The overview polls every 2 s.
    await second.getByRole('button', { name: /休憩/ }).click();
    await expect(second.getByTestId('operator-status')).toHaveText(/休憩/);
    const banner = admin.getByTestId('staffing-banner');
    await expect(banner).toBeVisible({ timeout: 10_000 });
    await expect(banner.getByTestId('staffing-breach')).toHaveText(/人吉市（E2E）：必要 2 名（最低窓口数）に対し対応可能 1 名/);
    await expect(line).toHaveAttribute('data-short', 'true');
    await snap(admin, 'i16-overview-breach');

    // Town B's staff see the same on their dashboard; town A's staff do not see town B's.
    const staffB = await logIn(browser, '/staff', loginOf(fixtures.municipalityB, 'town_staff'));
    await expect(staffB.getByTestId('staffing-banner')).toContainText('人吉市（E2E）');
    const staffA = await logIn(browser, '/staff', loginOf(fixtures.municipalityA, 'town_staff'));
    await expect(staffA.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(staffA.getByTestId('staffing-banner')).toHaveCount(0);

    // Back from the break: no longer short.
    await second.getByRole('button', { name: /受付可/ }).click();
    await expect(banner).toHaveCount(0, { timeout: 10_000 });
    for (const p of [first, second, staffB, staffA]) await p.context().close();
  } finally {
    await admin.request.put(windows, { data: [] });
    await admin.context().close();
  }
});
