import { type Browser, expect, test } from '@playwright/test';
import { loadFixtures, loginNamed, queryDb } from '../fixtures';
import { operatorAvailable, residentWaits } from '../journey';
import { logIn } from '../login';
import { snap } from '../screens';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

/**
 * Issue 12, defect 3: the booth promises only what the queue can keep. Nobody who could take the
 * call on duty → the booth says so before the resident waits, in their language, and it is
 * recorded; a waiting resident who walked away is asked "are you still there?" and, with no
 * answer, gives the place up (WAITING_CHECK_AFTER_MS 12 s, WAITING_CHECK_ANSWER_MS 8 s here).
 */

async function boothPage(browser: Browser, credential: string) {
  const page = await (await browser.newContext({ baseURL: fixtures.baseURL })).newPage();
  await page.goto(`/booth/?provision=${credential}`);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  await page.getByRole('button', { name: /ビデオ通話で相談する/ }).click();
  return page;
}

async function lastSessionOf(boothId: string) {
  const [row] = await queryDb('SELECT id, status, outcome, language FROM session WHERE booth_id = ? ORDER BY requested_at DESC LIMIT 1', [
    boothId,
  ]);
  const events = (await queryDb('SELECT type, detail FROM session_event WHERE session_id = ? ORDER BY at, id', [String(row!.id)])).map(
    (e) => ({ type: String(e.type), detail: e.detail ? JSON.parse(String(e.detail)) : null }),
  );
  return { row: row!, events };
}

test('a Vietnamese resident, and no operator speaks Vietnamese: told so in Vietnamese before waiting, where to go, and recorded', async ({
  browser,
}) => {
  // Town A's operator is available — in Japanese and English only.
  const operator = await logIn(browser, '/console', loginNamed(fixtures.municipalityA, 'op-a'));
  await operator.getByRole('button', { name: /受付可/ }).click();
  await expect(operator.getByTestId('operator-status')).toHaveText(/受付可/);

  const booth = await boothPage(browser, fixtures.municipalityA.boothCredential);
  await booth.getByRole('button', { name: 'Tiếng Việt' }).click();
  await booth.locator('[data-procedure="health_insurance"]').click();
  await booth.getByRole('button', { name: 'Đồng ý và bắt đầu' }).click();
  const screen = booth.getByTestId('no-operator-screen');
  await screen.or(booth.getByTestId('waiting-screen')).waitFor();
  await snap(booth, 'i12-item3-booth-vi');
  await expect(screen).toBeVisible();
  await expect(screen).toContainText('Hiện không thể kết nối cuộc gọi video');
  await expect(screen).toContainText('bằng ngôn ngữ của bạn');
  await expect(screen).toContainText('quầy tiếp nhận');
  await expect(booth.locator('html')).toHaveAttribute('lang', 'vi');
  // Nothing rang, nobody waits; a referral at the booth with the reason.
  await expect(operator.getByTestId('offer')).toHaveCount(0);
  const { row, events } = await lastSessionOf(fixtures.municipalityA.boothId);
  expect(row).toMatchObject({ status: 'ended', outcome: 'referred', language: 'vi' });
  expect(events).toEqual([{ type: 'no-operator', detail: { reason: 'not-served' } }]);
  // It goes back to the start on a tap (or by itself).
  await screen.locator('.big').click();
  await expect(booth.getByTestId('attract-screen')).toBeVisible();
  await booth.context().close();
  await operator.context().close();
});

test('every operator who could take it is on a break: told so before waiting, and recorded', async ({ browser }) => {
  const operator = await logIn(browser, '/console', loginNamed(fixtures.municipalityC, 'op-c'));
  await operator.getByRole('button', { name: /休憩/ }).click();
  await expect(operator.getByTestId('operator-status')).toHaveText(/休憩/);

  const booth = await boothPage(browser, fixtures.municipalityC.boothCredential);
  await booth.getByRole('button', { name: '日本語' }).click();
  await booth.locator('[data-procedure="health_insurance"]').click();
  await booth.getByRole('button', { name: /同意して相談する/ }).click();
  const screen = booth.getByTestId('no-operator-screen');
  await screen.or(booth.getByTestId('waiting-screen')).waitFor();
  await snap(booth, 'i12-item3-booth-break');
  await expect(screen).toContainText('ただいま ビデオ通話で おつなぎできません');
  await expect(screen).toContainText('休憩中');
  await expect(screen).toContainText('窓口');
  const { row, events } = await lastSessionOf(fixtures.municipalityC.boothId);
  expect(row).toMatchObject({ status: 'ended', outcome: 'referred' });
  expect(events).toEqual([{ type: 'no-operator', detail: { reason: 'none-on-duty' } }]);
  await booth.context().close();
  await operator.context().close();
});

test('a waiting resident is asked "are you still there?": a tap keeps the place, no answer gives it up (abandoned, recorded)', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const operator = await operatorAvailable(
    await browser.newContext({ baseURL: fixtures.baseURL }),
    loginNamed(fixtures.municipalityC, 'op-c'),
  );
  const booth = await boothPage(browser, fixtures.municipalityC.boothCredential);
  await booth.getByRole('button', { name: '日本語' }).click();
  await booth.locator('[data-procedure="health_insurance"]').click();
  const sessionId = await residentWaits(booth);
  // The operator declines (away): nobody on duty is left for the call, and the booth says so.
  await operator
    .getByTestId('offer')
    .getByRole('button', { name: /辞退する/ })
    .click();
  await expect(booth.getByTestId('queue-no-operator')).toBeVisible();
  await expect(booth.getByTestId('queue-no-operator')).toContainText('このままお待ちいただくか、窓口へお越しください');

  // 12 s without a touch: the question, with one big button.
  const check = booth.getByTestId('still-there');
  await expect(check).toBeVisible({ timeout: 20_000 });
  await snap(booth, 'i12-item3-still-there');
  await expect(check).toContainText('まだ お待ちですか？');
  await check.getByRole('button', { name: 'はい、待っています' }).click();
  await expect(check).toHaveCount(0);
  await expect(booth.getByTestId('waiting-screen')).toBeVisible();

  // Asked again, and nobody answers: the place is given up.
  await expect(check).toBeVisible({ timeout: 20_000 });
  await expect(booth.getByTestId('attract-screen')).toBeVisible({ timeout: 15_000 });
  await expect.poll(async () => (await queryDb('SELECT status FROM session WHERE id = ?', [sessionId]))[0]?.status).toBe('ended');
  const types = (await queryDb('SELECT type FROM session_event WHERE session_id = ? ORDER BY at, id', [sessionId])).map((r) =>
    String(r.type),
  );
  expect(types).toEqual(expect.arrayContaining(['requested', 'offered', 'declined', 'idle-timeout', 'abandoned']));
  await booth.context().close();
  await operator.context().close();
});
