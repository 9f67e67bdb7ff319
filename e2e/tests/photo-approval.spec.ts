import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { writeEmptyWallVideo } from '../face-video';
import { loadFixtures, queryDb as query } from '../fixtures';
import { callAnswered, operatorAvailable, residentWalksUp } from '../journey';

/**
 * Issue 12, defect 2: a picture with no face failed its nine checks (sixteen since issue 19), yet "承認 / Approve" stayed
 * enabled, the photo was approved and the booth said "この写真で申請します". Here the booth runs
 * in its own Chromium whose fake camera sees only the wall (as photo.spec.ts's sees a face).
 */
const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });
const opA = fixtures.municipalityA.logins.find((l) => l.loginId === 'op-a')!;

let dir: string;
let wallBrowser: Browser;
test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-wall-'));
  const wall = await writeEmptyWallVideo(dir);
  const args = chromiumLaunchOptions.args.filter((a) => !a.startsWith('--use-file-for-fake-video-capture='));
  wallBrowser = await chromium.launch({ ...chromiumLaunchOptions, args: [...args, `--use-file-for-fake-video-capture=${wall}`] });
});
test.afterAll(async () => {
  await wallBrowser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a photo with no face cannot be approved: the button is disabled with the reason, the server refuses it, the booth never says it is approved', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const operatorContext = await browser.newContext({ baseURL: fixtures.baseURL });
  const operator = await operatorAvailable(operatorContext, opA);
  const boothContext = await wallBrowser.newContext({ baseURL: fixtures.baseURL });
  const booth = await residentWalksUp(boothContext, fixtures.municipalityA.boothCredential, 'new_application');
  const sessionId = await callAnswered(booth, operator);
  await expect(booth.getByTestId('call-screen')).toBeVisible();

  const panel = operator.getByTestId('photo-panel');
  await operator.evaluate(() => sessionStorage.setItem('madoguchi.photo.countdownSeconds', '0'));
  await panel.getByRole('button', { name: '写真撮影モード' }).click();
  await expect(booth.getByTestId('photo-preview')).toBeVisible();
  await panel.getByRole('button', { name: '撮影', exact: true }).click();
  await expect(panel.getByTestId('photo-image')).toBeVisible({ timeout: 30_000 });
  const photoId = (await panel.getByTestId('photo-result').getAttribute('data-photo-id'))!;

  // Every check (16: app/domain/photo/checks.ts) failing, and the console says why it cannot be approved.
  await expect(panel.getByTestId('photo-level')).toHaveAttribute('data-level', 'fail');
  await expect(panel.locator('[data-check-id][data-level="fail"]')).toHaveCount(16);
  const approve = panel.getByTestId('photo-approve');
  await expect(approve).toBeDisabled();
  await expect(approve).toHaveText('承認');
  await expect(approve).toHaveAccessibleDescription(/承認できません。不可の項目（顔がひとつ、/);
  // No exception is offered when no face was found (nothing else could be judged).
  await expect(panel.getByTestId('photo-overrides')).toHaveCount(0);
  await expect(panel.getByTestId('photo-retake')).toBeEnabled();

  // Not only the button: the server refuses the approval, whatever the request carries.
  const refused = await operator.request.post(`/api/v1/console/sessions/${sessionId}/photos/${photoId}/approve`, {
    headers: { 'Accept-Language': 'en' },
    data: { acknowledgedWarnings: ['pose'], overrides: [{ check: 'eyes', reason: 'natural_feature' }] },
  });
  expect(refused.status()).toBe(422);
  const problem = (await refused.json()) as { code: string; detail: string; messages: { ja: string } };
  expect(problem.code).toBe('photo_checks_failed');
  expect(problem.detail).toMatch(/failed checks \(One face, /);
  expect(problem.messages.ja).toMatch(/承認できません/);
  expect((await operator.request.post(`/api/v1/console/sessions/${sessionId}/photos/${photoId}/approve`)).status()).toBe(422);

  const [row] = await query('SELECT status, approved_at FROM photo WHERE id = ?', [photoId]);
  expect(row).toMatchObject({ status: 'candidate', approved_at: null });
  expect(await query("SELECT type FROM session_event WHERE session_id = ? AND type = 'photo_approved'", [sessionId])).toHaveLength(0);
  expect((await operator.request.post(`/api/v1/console/sessions/${sessionId}/photos/${photoId}/download`)).status()).toBe(409);
  // The booth never shows "この写真で申請します".
  await expect(booth.getByTestId('photo-approved')).toHaveCount(0);
  await expect(booth.getByTestId('photo-stage')).not.toContainText('この写真で申請します');

  // Retake is the way on.
  await panel.getByRole('button', { name: '撮り直し', exact: true }).click();
  await expect(panel.getByTestId('photo-retakes')).toContainText('撮り直し 1 回');
  await operator.getByRole('button', { name: /通話を終了/ }).click();
  await expect(operator).toHaveURL(/\/console$/);
  await boothContext.close();
  await operatorContext.close();
});
