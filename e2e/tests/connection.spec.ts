/**
 * What the operator (and the resident) are told about the call's connection (issue 12 item 6,
 * decision 0020): the console shows the booth's link — connected, reconnecting with the time since
 * it was cut, lost — from LiveKit's own signals; the low-resolution fallback's notice follows the
 * booth both ways; a call whose media never connects says so on both sides, with a way out.
 * The booth's link is cut inside its page (link-cut.ts): LiveKit and the browsers are real.
 */
import { expect, type Page, test } from '@playwright/test';
import { loadFixtures, queryDb } from '../fixtures';
import { cutLink, cuttableCall, stopVideo } from './link-cut';
import { inboundTotals } from './webrtc';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

const callInProgress = cuttableCall;

/** The console's line about the booth's link. */
const boothLink = (operator: Page) => operator.getByTestId('booth-link');

async function framesGrow(page: Page) {
  const before = (await inboundTotals(page)).framesDecoded;
  await expect.poll(async () => (await inboundTotals(page)).framesDecoded, { timeout: 20_000 }).toBeGreaterThan(before);
}

test('a 30 s cut at the booth: the console says it is reconnecting, counts the seconds, and is connected again after', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { operator, booth, close } = await callInProgress(browser);
  await expect(boothLink(operator)).toHaveAttribute('data-status', 'connected');
  await expect(operator.getByTestId('booth-quality')).not.toHaveAttribute('data-quality', 'lost');
  await framesGrow(operator);

  await cutLink(booth, true);
  const cutAt = Date.now();
  // Within about 3 s of the booth's media stopping: whose link, and since when.
  await expect(boothLink(operator)).toHaveAttribute('data-status', 'reconnecting', { timeout: 5_000 });
  const noticedMs = Date.now() - cutAt;
  expect(noticedMs).toBeLessThan(5_000);
  await expect(boothLink(operator)).toHaveAttribute('data-cause', 'peer');
  await expect(boothLink(operator)).toContainText('ブースの通信が途切れています');
  await expect(operator.getByTestId('booth-quality')).toHaveAttribute('data-quality', 'lost');
  // The time counts up with the cut.
  await expect
    .poll(async () => Number(await boothLink(operator).getAttribute('data-seconds')), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(10);
  await expect(boothLink(operator)).toContainText(/（1\d 秒）/);
  // The booth's own LiveKit notices when its signalling goes unanswered, and says so.
  await expect(booth.getByTestId('reconnecting')).toBeVisible({ timeout: 25_000 });
  await operator.screenshot({ path: 'test-results/connection-console-reconnecting.png', fullPage: true });

  await operator.waitForTimeout(Math.max(0, 30_000 - (Date.now() - cutAt)));
  await cutLink(booth, false);
  await expect(boothLink(operator)).toHaveAttribute('data-status', 'connected', { timeout: 30_000 });
  await framesGrow(operator);
  await expect(booth.getByTestId('reconnecting')).toHaveCount(0, { timeout: 15_000 });
  await expect(operator.getByTestId('quality-banner')).toHaveCount(0, { timeout: 40_000 });
  await operator.screenshot({ path: 'test-results/connection-console-connected.png', fullPage: true });
  await close();
});

test("the low-resolution fallback starts when the booth's video stops reaching LiveKit, and ends once it flows again", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { operator, booth, sessionId, close } = await callInProgress(browser);
  await expect(boothLink(operator)).toHaveAttribute('data-status', 'connected');
  await framesGrow(operator);

  // The camera's packets stop (the microphone's go on): LiveKit scores the booth poor, the booth falls back.
  await stopVideo(booth, true);
  await expect(operator.getByTestId('quality-banner')).toBeVisible({ timeout: 30_000 });
  await expect(booth.getByTestId('degraded-notice')).toBeVisible();
  await stopVideo(booth, false);

  // The link is good again: the booth goes back to full video, and both notices clear by themselves.
  await expect(operator.getByTestId('quality-banner')).toHaveCount(0, { timeout: 60_000 });
  await expect(booth.getByTestId('degraded-notice')).toHaveCount(0);
  await expect(boothLink(operator)).toHaveAttribute('data-status', 'connected');
  await expect
    .poll(async () =>
      (
        await queryDb(
          "SELECT type FROM session_event WHERE session_id = ? AND type IN ('degraded', 'recovered') ORDER BY occurred_at, id",
          [sessionId],
        )
      ).map((r) => String(r.type)),
    )
    .toEqual(['degraded', 'recovered']);
  await close();
});

test('a call whose media cannot connect: the console says so with a way out, ends it as dropped, and the booth is told', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { operator, booth, sessionId, close } = await callInProgress(browser, { blockOperatorWebRtc: true });
  await expect(boothLink(operator)).toHaveAttribute('data-status', 'connecting');
  // LiveKit gives up joining after 15 s; the console says it cannot connect, and why.
  await expect(boothLink(operator)).toHaveAttribute('data-status', 'failed', { timeout: 25_000 });
  await expect(boothLink(operator)).toHaveAttribute('data-cause', 'self');
  await expect(boothLink(operator)).toContainText('通話の映像・音声につながりません');
  await expect(operator.getByTestId('retry-call')).toBeVisible();
  await operator.screenshot({ path: 'test-results/connection-console-failed.png', fullPage: true });
  // The booth says so too: the operator answered, but nothing of them arrives.
  await expect(booth.getByTestId('connect-failed')).toBeVisible({ timeout: 10_000 });

  await operator.getByTestId('end-dropped').click();
  await expect(operator).toHaveURL(/\/console$/);
  const [session] = await queryDb('SELECT status, outcome FROM session WHERE id = ?', [sessionId]);
  expect(session).toMatchObject({ status: 'ended', outcome: 'dropped' });
  // The booth never had its operator: a lost link for the resident, not a finished call.
  await expect(booth.getByTestId('problem-screen')).toBeVisible({ timeout: 15_000 });
  await close();
});
