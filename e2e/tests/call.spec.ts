import { expect, test, type Page } from '@playwright/test';
import { createClient } from '@libsql/client';
import { loadFixtures } from '../fixtures';
import { inboundTotals, trackPeerConnections, type InboundTotals } from './webrtc';

const fixtures = loadFixtures();
const operator = fixtures.townA.logins.find((l) => l.role === 'operator')!;

/** Each figure must keep growing: media is flowing now, not just once. */
async function expectFlowing(page: Page, what: (keyof InboundTotals)[]) {
  const before = await inboundTotals(page);
  await expect
    .poll(async () => {
      const now = await inboundTotals(page);
      return what.filter((k) => now[k] > before[k] && now[k] > 0);
    }, { timeout: 20_000, intervals: [500] })
    .toEqual(what);
}

test('a booth calls, an operator answers, and both see and hear each other through livekit-server', async ({
  browser,
}) => {
  const boothContext = await browser.newContext({ baseURL: fixtures.baseURL });
  const operatorContext = await browser.newContext({ baseURL: fixtures.baseURL });
  await trackPeerConnections(boothContext);
  await trackPeerConnections(operatorContext);
  const booth = await boothContext.newPage();
  const console_ = await operatorContext.newPage();

  // The operator logs in and sees an empty queue.
  await console_.goto('/console');
  await expect(console_).toHaveURL(/\/login/);
  await console_.getByLabel(/ログイン ID/).fill(operator.loginId);
  await console_.getByLabel(/パスワード/).fill(operator.password);
  await console_.getByRole('button', { name: /ログイン/ }).click();
  await expect(console_.getByTestId('no-calls')).toBeVisible();

  // The booth is provisioned through its link (the credential leaves the address bar) and calls.
  await booth.goto(`/booth/?provision=${fixtures.townA.boothCredential}`);
  await expect(booth).toHaveURL(/\/booth\/$/);
  await booth.getByRole('button', { name: /ビデオ通話で相談する/ }).click();
  await expect(booth.getByRole('status')).toContainText('オペレーターにおつなぎしています');
  const sessionId = await booth.locator('[data-session-id]').getAttribute('data-session-id');
  expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);

  // The console shows the waiting call; the operator answers it.
  const row = console_.locator(`[data-session-id="${sessionId}"]`);
  await expect(row).toContainText('E2E 役場ブース A');
  await row.getByRole('button', { name: /応答する/ }).click();
  await expect(console_).toHaveURL(new RegExp(`/console/sessions/${sessionId}$`));

  // The resident sees who is helping them.
  await expect(booth.getByTestId('operator-name')).toContainText(operator.displayName);
  await expect(booth.getByTestId('remote-video')).toBeVisible();
  await expect(console_.getByTestId('remote-video')).toBeVisible();

  // Real media both ways: decoded video frames and received audio keep growing on each side.
  await expectFlowing(booth, ['framesDecoded', 'audioPacketsReceived', 'audioSamplesReceived']);
  await expectFlowing(console_, ['framesDecoded', 'audioPacketsReceived', 'audioSamplesReceived']);

  // The operator ends the call; LiveKit closes the room and the booth returns to its start screen.
  await console_.getByRole('button', { name: /通話を終了/ }).click();
  await expect(console_).toHaveURL(/\/console$/);
  await expect(booth.getByRole('button', { name: /ビデオ通話で相談する/ })).toBeVisible();

  // The record: status and the events from the booth, the operator and LiveKit's webhooks.
  const db = createClient({ url: fixtures.databaseUrl });
  try {
    const session = await db.execute({ sql: 'SELECT status, operator_id, answered_at, ended_at FROM session WHERE id = ?', args: [sessionId!] });
    expect(session.rows[0]).toMatchObject({ status: 'ended' });
    expect(session.rows[0]!.answered_at).not.toBeNull();
    await expect
      .poll(async () => {
        const events = await db.execute({ sql: 'SELECT DISTINCT type FROM session_event WHERE session_id = ?', args: [sessionId!] });
        return events.rows.map((r) => String(r.type)).sort();
      })
      .toEqual(
        expect.arrayContaining(['requested', 'accepted', 'connected', 'ended', 'livekit.participant_joined', 'livekit.track_published']),
      );
  } finally {
    db.close();
  }
  await boothContext.close();
  await operatorContext.close();
});
