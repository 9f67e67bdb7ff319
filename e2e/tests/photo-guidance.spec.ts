import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { writeTurningFaceVideo } from '../face-video';
import { loadFixtures } from '../fixtures';
import { callAnswered, operatorAvailable, residentWalksUp } from '../journey';

/**
 * Issue 19 item 3 (decision 0038): in photo mode the booth runs BlazeFace on its own preview
 * (onnxruntime-web in a worker, model and .wasm from the booth's origin) and tells the resident
 * what to do; the operator's panel shows the same state as a ready light. The booth runs in its
 * own Chromium whose fake camera turns (e2e/face-video.ts, writeTurningFaceVideo, one frame a
 * second): 4 s of the usual face (re-posed to the pose check's zero), centred but tilted 12° (eye
 * line), past the 8° roll limit — the booth asks to hold the head straight and the light is not
 * ready — then 4 s of the same face upright — the booth says ready and the light turns green —,
 * and again.
 */
const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });
const opA = fixtures.municipalityA.logins.find((l) => l.loginId === 'op-a')!;

let dir: string;
let turningBrowser: Browser;
test.beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-turning-'));
  const video = await writeTurningFaceVideo(dir);
  const args = chromiumLaunchOptions.args.filter((a) => !a.startsWith('--use-file-for-fake-video-capture='));
  turningBrowser = await chromium.launch({ ...chromiumLaunchOptions, args: [...args, `--use-file-for-fake-video-capture=${video}`] });
});
test.afterAll(async () => {
  await turningBrowser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('the booth guides the resident from its preview and the operator sees the ready light', async ({ browser }) => {
  test.setTimeout(120_000);
  const operator = await operatorAvailable(await browser.newContext({ baseURL: fixtures.baseURL }), opA);
  const boothContext = await turningBrowser.newContext({ baseURL: fixtures.baseURL });
  const booth = await residentWalksUp(boothContext, fixtures.municipalityA.boothCredential, 'new_application');
  const violations: string[] = [];
  booth.on('console', (m) => {
    if (/Content Security Policy|wasm/i.test(m.text()) && m.type() === 'error') violations.push(m.text());
  });
  await callAnswered(booth, operator);

  const panel = operator.getByTestId('photo-panel');
  await panel.getByRole('button', { name: '写真撮影モード' }).click();
  // Each state lasts 4 s of the camera's 8-s loop: an attribute and its text are checked in one
  // locator, so both come from the same moment.
  const live = (instruction: string) => booth.locator(`[data-testid="photo-live"][data-instruction="${instruction}"]`);
  const light = (instruction: string, ready: boolean) =>
    panel.locator(`[data-testid="photo-ready-light"][data-instruction="${instruction}"][data-ready="${ready}"]`);
  // The tilted head: an instruction on the booth, amber on the console.
  await expect(live('look-straight')).toHaveText(/^顔を まっすぐ カメラに向/, { timeout: 30_000 });
  await expect(light('look-straight', false)).toHaveText('準備中：正面を向くよう案内中', { timeout: 20_000 });
  // The upright head: ready on the booth, green on the console.
  await expect(live('ready')).toHaveText(/^そのまま動/, { timeout: 20_000 });
  await expect(light('ready', true)).toHaveText('準備OK', { timeout: 20_000 });
  // The analysis ran in the worker, a few times a second, without a CSP refusal.
  const runs = await booth.evaluate(() => performance.getEntriesByName('photo-guidance').length);
  expect(runs).toBeGreaterThan(2);
  expect(violations).toEqual([]);
  // The operator can still capture while the light is not ready.
  await expect(panel.getByTestId('photo-capture')).toBeEnabled();

  await panel.getByTestId('photo-mode').click();
  await expect(panel.getByTestId('photo-ready-light')).toHaveCount(0);

  // The call ends, so town A's operator is free for the next spec (photo.spec.ts logs them in).
  await operator.getByRole('button', { name: /通話を終了/ }).click();
  await expect(operator).toHaveURL(/\/console$/);
  await expect(booth.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });
});
