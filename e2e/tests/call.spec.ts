import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { loadFixtures, loginNamed, queryDb } from '../fixtures';
import { cardShown, operatorAvailable, residentWaits, residentWalksUp } from '../journey';
import { type InboundTotals, inboundTotals, trackPeerConnections } from './webrtc';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

/** Each figure must keep growing: media is flowing now, not just once. */
async function expectFlowing(page: Page, what: (keyof InboundTotals)[]) {
  const before = await inboundTotals(page);
  await expect
    .poll(
      async () => {
        const now = await inboundTotals(page);
        return what.filter((k) => now[k] > before[k] && now[k] > 0);
      },
      { timeout: 20_000, intervals: [500] },
    )
    .toEqual(what);
}

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: fixtures.baseURL });
  await trackPeerConnections(context);
  return context;
}

/** An operator logs in to the console and makes themselves available. */
async function operatorReady(browser: Browser, login: { loginId: string; password: string }) {
  const context = await newContext(browser);
  return { context, page: await operatorAvailable(context, login) };
}

/** The resident walks up: start, Japanese, a procedure; returns the booth page on the next screen. */
async function boothStart(browser: Browser, credential: string, procedure: string) {
  const context = await newContext(browser);
  return { context, page: await residentWalksUp(context, credential, procedure) };
}

async function consentAndCall(booth: Page) {
  await expect(booth.getByTestId('consent-screen')).toBeVisible();
  const sessionId = await residentWaits(booth);
  expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
  return sessionId;
}

async function sessionRecord(sessionId: string) {
  const [session] = await queryDb(
    'SELECT status, outcome, operator_id, procedure, language, consent_version, answered_at FROM session WHERE id = ?',
    [sessionId],
  );
  const events = (await queryDb('SELECT type, detail FROM session_event WHERE session_id = ? ORDER BY occurred_at, id', [sessionId])).map(
    (r) => ({ type: String(r.type), detail: r.detail ? JSON.parse(String(r.detail)) : null }),
  );
  return { session, events, types: events.map((e) => e.type) };
}

test('the resident consents and calls; the operator answers, guides, takes the PIN step privately, and ends with an outcome', async ({
  browser,
}) => {
  const operator = await operatorReady(browser, loginNamed(fixtures.municipalityA, 'op-a'));
  const booth = await boothStart(browser, fixtures.municipalityA.boothCredential, 'health_insurance');
  const sessionId = await consentAndCall(booth.page);
  await expect(booth.page.getByRole('status').first()).toContainText('オペレーターにおつなぎしています');

  // The offer rings on the console; the operator accepts.
  const offer = operator.page.getByTestId('offer');
  await expect(offer).toBeVisible();
  await expect(offer.getByTestId('offer-booth')).toHaveText('E2E 役場ブース A');
  await offer.getByRole('button', { name: /応答する/ }).click();
  await expect(operator.page).toHaveURL(new RegExp(`/console/sessions/${sessionId}$`));

  // The resident sees who is helping them, and both sides see and hear each other.
  await expect(booth.page.getByTestId('operator-name')).toContainText('オペレーター 田中');
  await expect(booth.page.getByTestId('remote-video')).toBeVisible();
  await expect(operator.page.getByTestId('remote-video')).toBeVisible();
  await expectFlowing(booth.page, ['framesDecoded', 'audioPacketsReceived', 'audioSamplesReceived']);
  await expectFlowing(operator.page, ['framesDecoded', 'audioPacketsReceived', 'audioSamplesReceived']);

  // A guidance card pushed from the console appears on the booth.
  await cardShown(operator.page, booth.page);

  // PIN privacy: the operator's incoming video stops while the resident types, and resumes after.
  await operator.page.getByTestId('pin-start').click();
  await expect(booth.page.getByTestId('pin-privacy-screen')).toBeVisible();
  await expect(operator.page.getByTestId('pin-active')).toBeVisible();
  await operator.page.waitForTimeout(1500);
  const frozen = (await inboundTotals(operator.page)).framesDecoded;
  await operator.page.waitForTimeout(2500);
  expect((await inboundTotals(operator.page)).framesDecoded).toBe(frozen);
  await booth.page
    .getByTestId('pin-privacy-screen')
    .getByRole('button', { name: /入力が終わりました/ })
    .click();
  await expect(operator.page.getByTestId('pin-active')).toHaveCount(0);
  await expectFlowing(operator.page, ['framesDecoded']);

  // The operator ends with an outcome; the booth thanks the resident and returns to its start.
  await operator.page.getByLabel(/メモ区分/).selectOption('none');
  await operator.page.getByRole('button', { name: /通話を終了/ }).click();
  await expect(operator.page).toHaveURL(/\/console$/);
  await expect(booth.page.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });

  // The record holds every step, with nothing about the resident.
  await expect
    .poll(async () => (await sessionRecord(sessionId)).types, { timeout: 10_000 })
    .toEqual(
      expect.arrayContaining([
        'requested',
        'offered',
        'accepted',
        'connected',
        'guidance-shown',
        'pin-privacy-on',
        'pin-privacy-off',
        'outcome',
        'ended',
        'livekit.participant_joined',
      ]),
    );
  const { session } = await sessionRecord(sessionId);
  expect(session).toMatchObject({
    status: 'ended',
    outcome: 'completed',
    procedure: 'health_insurance',
    language: 'ja',
    consent_version: 'terms:1:ja,privacy:1:ja',
  });
  await booth.context.close();
  await operator.context.close();
});

test('an offer nobody answers passes to the second operator, and the first goes away', async ({ browser }) => {
  const first = await operatorReady(browser, loginNamed(fixtures.municipalityB, 'op-b1'));
  const second = await operatorReady(browser, loginNamed(fixtures.municipalityB, 'op-b2'));
  const booth = await boothStart(browser, fixtures.municipalityB.boothCredential, 'health_insurance');
  const sessionId = await consentAndCall(booth.page);

  await expect(first.page.getByTestId('offer')).toBeVisible();
  await expect(second.page.getByTestId('offer')).toHaveCount(0);
  // The first lets it ring out (6 s in this run); it moves to the second.
  await expect(second.page.getByTestId('offer')).toBeVisible({ timeout: 15_000 });
  await expect(first.page.getByTestId('offer')).toHaveCount(0);
  await expect(first.page.getByTestId('operator-status')).toContainText('離席');
  await second.page
    .getByTestId('offer')
    .getByRole('button', { name: /応答する/ })
    .click();
  await expect(booth.page.getByTestId('operator-name')).toContainText('オペレーター 二号');

  await expect
    .poll(async () => (await sessionRecord(sessionId)).types.filter((t) => ['offered', 'timed-out', 'accepted'].includes(t)))
    .toEqual(['offered', 'timed-out', 'offered', 'accepted']);
  await second.page.getByRole('button', { name: /通話を終了/ }).click();
  await expect(booth.page.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });
  for (const c of [booth, first, second]) await c.context.close();
});

test('a resident who gives up while waiting is recorded as abandoned, with the wait', async ({ browser }) => {
  // Town C's operator is on duty (nobody on duty: the call is refused, queue.spec.ts), and it rings there meanwhile.
  const operator = await operatorReady(browser, loginNamed(fixtures.municipalityC, 'op-c'));
  const booth = await boothStart(browser, fixtures.municipalityC.boothCredential, 'health_insurance');
  const sessionId = await consentAndCall(booth.page);
  await expect(booth.page.getByTestId('queue-position')).toHaveAttribute('data-position', '1');
  await expect(operator.page.getByTestId('offer')).toBeVisible();
  await booth.page.getByRole('button', { name: /相談をやめる/ }).click();
  await expect(booth.page.getByTestId('attract-screen')).toBeVisible();
  // The ring stops; the operator keeps their place.
  await expect(operator.page.getByTestId('offer')).toHaveCount(0);
  await expect(operator.page.getByTestId('operator-status')).toHaveText(/受付可/);
  await operator.context.close();
  await expect.poll(async () => (await sessionRecord(sessionId)).session?.status).toBe('ended');
  // The end and its 'abandoned' event are two writes (sessions.server.ts abandon): wait for both.
  await expect.poll(async () => (await sessionRecord(sessionId)).events.some((e) => e.type === 'abandoned')).toBe(true);
  const { session, events } = await sessionRecord(sessionId);
  expect(session).toMatchObject({ status: 'ended', operator_id: null, outcome: null });
  const abandoned = events.find((e) => e.type === 'abandoned');
  expect(abandoned?.detail.waitMs).toBeGreaterThan(0);
  await booth.context.close();
});

test('a booth outside its opening hours shows the closed screen and cannot call', async ({ browser }) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`/booth/?provision=${fixtures.closedBooth.boothCredential}`);
  await expect(page.getByTestId('closed-screen')).toBeVisible();
  await expect(page.getByRole('button', { name: /ビデオ通話で相談する/ })).toHaveCount(0);
  await context.close();
});

test('an answer that rules the booth out shows where to go, records a referral, and makes no call', async ({ browser }) => {
  const booth = await boothStart(browser, fixtures.municipalityA.boothCredential, 'renewal');
  await expect(booth.page.getByTestId('eligibility-screen')).toContainText('有効期限通知書をお持ちですか');
  await booth.page.getByRole('button', { name: 'いいえ' }).click();
  await expect(booth.page.getByTestId('referral-screen')).toContainText('住民課窓口');
  await expect
    // Town A's own: other specs refer residents of other towns.
    .poll(
      async () =>
        (
          await queryDb("SELECT count(*) FROM session WHERE outcome = 'referred' AND procedure = 'renewal' AND municipality_id = ?", [
            fixtures.municipalityA.municipalityId,
          ])
        )[0]![0],
    )
    .toBe(1);
  const calls = await queryDb(
    "SELECT count(*) FROM session_event e JOIN session s ON s.id = e.session_id WHERE s.outcome = 'referred' AND e.type = 'offered'",
  );
  expect(Number(calls[0]![0])).toBe(0);
  await booth.context.close();
});
