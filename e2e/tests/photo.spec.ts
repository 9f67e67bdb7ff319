import { readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, expect, test } from '@playwright/test';
import sharp from 'sharp';
import { loadFixtures, queryDb as query } from '../fixtures';
import { callAnswered, operatorAvailable, residentWalksUp } from '../journey';

/**
 * The photo step end to end (issue 5, decision 0013): the booth's fake camera shows a real face
 * (run-e2e.ts writes the .y4m; chromium.ts feeds it to Chromium). Photos are deleted 1.5 s after
 * the session ends in this run (PHOTO_GRACE_MS), swept every 0.5 s.
 */
const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

const opA = fixtures.municipalityA.logins.find((l) => l.loginId === 'op-a')!;

async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ baseURL: fixtures.baseURL, acceptDownloads: true });
}

test('the operator takes the face photo through the booth camera, approves it, downloads it once, and it is deleted after the call', async ({
  browser,
}) => {
  // Two captures with their 3 s countdowns and face detection on a shared 2-core machine.
  test.setTimeout(180_000);
  // The operator is available; the resident asks for a new card application and consents.
  const operatorContext = await newContext(browser);
  const operator = await operatorAvailable(operatorContext, opA);
  const boothContext = await newContext(browser);
  const booth = await residentWalksUp(boothContext, fixtures.municipalityA.boothCredential, 'new_application');
  const sessionId = await callAnswered(booth, operator);
  await expect(operator.getByTestId('remote-video')).toBeVisible();
  await expect(booth.getByTestId('call-screen')).toBeVisible();

  // Photo mode: the booth shows the resident a mirrored preview with the guide and what to do;
  // the console shows the booth camera large with the same guide.
  const panel = operator.getByTestId('photo-panel');
  await panel.getByRole('button', { name: '写真撮影モード' }).click();
  await expect(panel.getByTestId('photo-mode')).toHaveAttribute('aria-pressed', 'true');
  const preview = booth.getByTestId('photo-preview');
  await expect(preview).toBeVisible();
  await expect(preview).toHaveCSS('transform', 'matrix(-1, 0, 0, 1, 0, 0)');
  await expect(booth.getByTestId('photo-guide')).toBeVisible();
  await expect(booth.getByTestId('photo-stage')).toContainText('カメラを まっすぐ見てください');
  await expect(booth.getByTestId('photo-stage')).toContainText('ぼうし'); // furigana of 帽子 (no hat)
  await expect(operator.getByTestId('photo-console-guide')).toBeVisible();
  await expect(operator.getByTestId('photo-console-video').getByTestId('remote-video')).toBeVisible();

  // First capture: the booth counts down, the console shows the processed photo and its checks.
  await panel.getByRole('button', { name: '撮影', exact: true }).click();
  await expect(booth.getByTestId('photo-countdown')).toBeVisible();
  const image = panel.getByTestId('photo-image');
  await expect(image).toBeVisible({ timeout: 30_000 });
  const firstId = (await panel.getByTestId('photo-result').getAttribute('data-photo-id'))!;
  const checks = panel.getByTestId('photo-checks').locator('li');
  await expect(checks).toHaveCount(16);
  const ids = await checks.evaluateAll((items) =>
    items.map((li) => `${li.getAttribute('data-check-id')}:${li.getAttribute('data-level')}`),
  );
  expect(ids.map((s) => s.split(':')[0]).sort()).toEqual([
    'background',
    'centred',
    'compression',
    'dynamic_range',
    'exposure',
    'expression',
    'eyes',
    'eyes_hidden',
    'glare',
    'head_size',
    'one_face',
    'pose',
    'red_eye',
    'resolution',
    'shadow',
    'sharpness',
  ]);
  for (const s of ids) expect(['pass', 'warn', 'fail']).toContain(s.split(':')[1]);
  // A real face was found: exactly one.
  await expect(panel.locator('[data-check-id="one_face"]')).toHaveAttribute('data-level', 'pass');
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth / img.naturalHeight)).toBeCloseTo(35 / 45, 2);

  // Retake: counted, and a second capture replaces it.
  await panel.getByRole('button', { name: '撮り直し', exact: true }).click();
  await expect(panel.getByTestId('photo-retakes')).toContainText('撮り直し 1 回');
  await expect(panel.getByTestId('photo-image')).toHaveCount(0);
  await panel.getByRole('button', { name: '撮影', exact: true }).click();
  await expect(panel.getByTestId('photo-result')).not.toHaveAttribute('data-photo-id', firstId, { timeout: 30_000 });
  await expect(panel.getByTestId('photo-image')).toBeVisible();
  const photoId = (await panel.getByTestId('photo-result').getAttribute('data-photo-id'))!;
  expect(photoId).toMatch(/^[0-9a-f-]{36}$/);

  // Approve: the fake camera's face passes the checks that decide (one face, eyes, exposure…) but
  // may warn (head size, pose): then approval waits for the operator to tick the confirmation.
  const level = await panel.getByTestId('photo-level').getAttribute('data-level');
  expect(['pass', 'warn']).toContain(level);
  const approve = panel.getByRole('button', { name: '承認', exact: true });
  if (level === 'warn') {
    await expect(approve).toBeDisabled();
    await expect(panel.getByTestId('photo-approve-why')).toContainText('注意の項目');
    await panel.getByTestId('photo-confirm-warnings').check();
  }
  // The booth shows the resident the approved photo.
  await approve.click();
  await expect(panel.getByTestId('photo-result')).toHaveAttribute('data-status', 'approved');
  const approved = booth.getByTestId('photo-approved');
  await expect(approved).toBeVisible();
  await expect(approved).toContainText('この写真で申請します');
  await expect.poll(() => approved.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // Download once: a JPEG of 35:45; then the button is spent and the API refuses a second one.
  const [download] = await Promise.all([
    operator.waitForEvent('download'),
    panel.getByRole('button', { name: 'ダウンロード（1回のみ）' }).click(),
  ]);
  const file = readFileSync((await download.path())!);
  expect([...file.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  const meta = await sharp(file).metadata();
  expect(meta.format).toBe('jpeg');
  expect(meta.width! * 45).toBeGreaterThan(meta.height! * 35 - 45);
  expect(meta.width! * 45).toBeLessThan(meta.height! * 35 + 45);
  await expect(panel.getByTestId('photo-download')).toBeDisabled();
  await expect(panel.getByTestId('photo-download')).toHaveText('ダウンロード済み');
  const photoUrl = `/api/v1/console/sessions/${sessionId}/photos/${photoId}`;
  expect((await operator.request.post(`${photoUrl}/download`)).status()).toBe(410);
  // Download once: the console cannot fetch the photo again either.
  expect((await operator.request.get(`${photoUrl}/image`)).status()).toBe(410);

  // Leaving photo mode takes the photo off the booth screen.
  await panel.getByRole('button', { name: '写真撮影モードを終了' }).click();
  await expect(booth.getByTestId('photo-approved')).toHaveCount(0);
  await expect(booth.getByTestId('remote-video')).toBeVisible();

  // The call ends; after the grace period the photo is gone and the ledger holds its whole life.
  await operator.getByRole('button', { name: /通話を終了/ }).click();
  await expect(operator).toHaveURL(/\/console$/);
  await expect(booth.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(async () => (await query('SELECT status, deleted_at FROM photo WHERE id = ?', [photoId]))[0]?.status, {
      timeout: 15_000,
      intervals: [250],
    })
    .toBe('deleted');
  const [session] = await query('SELECT ended_at FROM session WHERE id = ?', [sessionId]);
  const [row] = await query('SELECT deleted_at FROM photo WHERE id = ?', [photoId]);
  // Kept for the grace period (1.5 s) after the end, not deleted at once.
  expect(Number(row!.deleted_at) - Number(session!.ended_at)).toBeGreaterThanOrEqual(1400);
  expect((await operator.request.get(`${photoUrl}/image`)).status()).toBe(404);

  const ledger = async (itemId: string) =>
    (await query('SELECT action FROM personal_data_ledger WHERE item_id = ? ORDER BY id', [itemId])).map((r) => String(r.action));
  const actions = await ledger(photoId);
  for (const action of ['created', 'viewed', 'downloaded', 'deleted']) expect(actions).toContain(action);
  expect(actions[0]).toBe('created');
  expect(actions.at(-1)).toBe('deleted');
  // The retaken photo was deleted at the retake.
  expect(await ledger(firstId)).toEqual(expect.arrayContaining(['created', 'viewed', 'deleted']));
  const [retaken] = await query('SELECT status FROM photo WHERE id = ?', [firstId]);
  expect(retaken!.status).toBe('retaken');

  await boothContext.close();
  await operatorContext.close();
});
