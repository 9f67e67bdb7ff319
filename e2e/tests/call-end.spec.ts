import { expect, type Page, test } from '@playwright/test';
import { loadFixtures, loginNamed, queryDb } from '../fixtures';
import { callAnswered, operatorAvailable, residentWalksUp } from '../journey';
import { logIn, logInOn } from '../login';
import { snap } from '../screens';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });
const opA = loginNamed(fixtures.municipalityA, 'op-a');

async function statusOf(page: Page) {
  return page.getByTestId('operator-status');
}

/**
 * Issue 12, defect 1: both browsers closed mid-call. The session ends through LiveKit (the booth
 * leaving, then the room closing); the operator must not stay "on a call": their console — after
 * a reload, and after logging out and in — shows after-call work for that call, lets them record
 * its outcome, and then lets them choose a status.
 */
test('both browsers closed mid-call: the console shows after-call work (reload, log out and in), takes the outcome, then a chosen status', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const operatorContext = await browser.newContext({ baseURL: fixtures.baseURL });
  const boothContext = await browser.newContext({ baseURL: fixtures.baseURL });
  const console1 = await operatorAvailable(operatorContext, opA);
  const booth = await residentWalksUp(boothContext, fixtures.municipalityA.boothCredential, 'health_insurance');
  const sessionId = await callAnswered(booth, console1);
  await expect(booth.getByTestId('operator-name')).toContainText('オペレーター 田中');
  await expect(console1.getByTestId('remote-video')).toBeVisible();

  // Both browsers go at once, mid-call.
  await Promise.all([boothContext.close(), operatorContext.close()]);

  // The operator comes back on another browser: the call is over (LiveKit noticed), so after-call work.
  const page = await logIn(browser, '/console', opA);
  await expect(await statusOf(page)).toHaveText(/後処理/, { timeout: 75_000 });
  await snap(page, 'i12-item1-console');
  const afterCall = page.getByTestId('after-call');
  await expect(afterCall).toContainText('通話は終了しました');
  await expect(page.getByRole('link', { name: /通話に戻る/ })).toHaveCount(0);
  await expect.poll(async () => (await queryDb('SELECT status FROM session WHERE id = ?', [sessionId]))[0]?.status).toBe('ended');
  // LiveKit told the app (a participant gone for good, the room closed); nobody pressed "end".
  const told = (
    await queryDb("SELECT type FROM session_event WHERE session_id = ? AND type IN ('livekit.room_finished', 'livekit.participant_left')", [
      sessionId,
    ])
  ).length;
  expect(told).toBeGreaterThan(0);

  // A reload, and a new login, tell the same truth; the status buttons are there to use.
  await page.reload();
  await expect(await statusOf(page)).toHaveText(/後処理/);
  await expect(page.getByTestId('after-call')).toBeVisible();
  await page.getByRole('button', { name: /ログアウト/ }).click();
  await expect(page).toHaveURL(/\/login/);
  await logInOn(page, '/console', opA);
  await expect(await statusOf(page)).toHaveText(/後処理/);
  for (const name of [/受付可/, /休憩/, /オフライン/]) await expect(page.getByRole('button', { name })).toBeEnabled();

  // The outcome of the call that ended, recorded in its after-call work.
  await page.getByRole('link', { name: /結果を記録/ }).click();
  await expect(page).toHaveURL(new RegExp(`/console/sessions/${sessionId}$`));
  await expect(page.getByTestId('call-ended')).toBeVisible();
  await page.getByLabel(/未完了/).check();
  await page.getByLabel(/メモ区分/).selectOption('technical-issue');
  await page.getByRole('button', { name: /結果を記録/ }).click();
  await expect(page).toHaveURL(/\/console$/);
  await expect.poll(async () => (await queryDb('SELECT outcome FROM session WHERE id = ?', [sessionId]))[0]?.outcome).toBe('incomplete');

  // Then a status of their choosing.
  await page.getByRole('button', { name: /休憩/ }).click();
  await expect(await statusOf(page)).toHaveText(/休憩/);
  await page.getByRole('button', { name: /受付可/ }).click();
  await expect(await statusOf(page)).toHaveText(/受付可/);
  await page.context().close();
});
