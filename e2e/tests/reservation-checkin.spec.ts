import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { type APIRequestContext, chromium, expect, type Page, test } from '@playwright/test';
import { solveChallenge } from 'altcha-lib/v1';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { createAudit } from '../axe';
import { chromiumLaunchOptions } from '../chromium';
import { FACE_VIDEO, y4mFromRgb } from '../face-video';
import { loadFixtures, loginNamed, queryDb } from '../fixtures';
import { operatorAvailable, residentWaits, residentWalksUp } from '../journey';
import { logIn } from '../login';
import { snap } from '../screens';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

/**
 * Issue 17, check-in at the booth: a resident books in English on the public API, shows the QR
 * code to the booth camera (a Y4M of the QR code as the fake camera), consents, and the call is
 * answered ahead of an earlier walk-in waiting at another booth of the same town; the session is
 * recorded as reserved. A typed code works too (after a mistyped one is refused).
 */

const town = fixtures.municipalityA;
const LOCATION = 'E2E 予約会場';
const siteKey = `l-${createHash('sha256').update(LOCATION).digest('hex').slice(0, 12)}`;
const jstToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

/** A proof-of-work solved as the resident's browser would (altcha), or none when the server needs none. */
async function proofOfWork(request: APIRequestContext): Promise<string | undefined> {
  const challenge = (await (await request.get('/api/v1/public/reservation-challenge')).json()) as {
    algorithm: string;
    challenge: string;
    maxnumber?: number;
    salt: string;
    signature: string;
  };
  if (challenge.maxnumber === 0) return undefined;
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  const { algorithm, salt, signature } = challenge;
  return Buffer.from(JSON.stringify({ algorithm, challenge: challenge.challenge, number: solution!.number, salt, signature })).toString(
    'base64',
  );
}

/** Books the next slot with a place at the test site, in English; returns the code (`XXXX-XXXX`). */
async function book(request: APIRequestContext): Promise<string> {
  const [row] = await queryDb('SELECT code FROM municipality WHERE id = ?', [town.municipalityId]);
  const townCode = String(row!.code);
  const slots = await request.get(`/api/v1/public/municipalities/${townCode}/reservation-slots?from=${jstToday()}&days=2&site=${siteKey}`);
  expect(slots.status(), await slots.text()).toBe(200);
  const body = (await slots.json()) as { sites: { days: { slots: { start: string; remaining: number }[] }[] }[] };
  const open = body.sites[0]!.days.flatMap((d) => d.slots).filter((s) => s.remaining > 0);
  const slotStart = open[0]!.start;
  const response = await request.post(`/api/v1/public/municipalities/${townCode}/reservations`, {
    data: { siteKey, slotStart, procedure: 'health_insurance', language: 'en', altcha: await proofOfWork(request) },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { code: string }).code;
}

/** The QR code of `text` on a white 1280×720 picture, as a one-frame Y4M the fake camera loops. */
async function qrVideo(text: string): Promise<string> {
  const { width, height } = FACE_VIDEO;
  const qr = await QRCode.toBuffer(text, { type: 'png', width: 480, margin: 4 });
  const { data } = await sharp({ create: { width, height, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: qr, gravity: 'center' }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'madoguchi-qr-')), 'qr.y4m');
  writeFileSync(file, y4mFromRgb(data, width, height));
  return file;
}

async function typeCode(booth: Page, code: string) {
  const keypad = booth.locator('.keypad');
  for (const key of code.replace('-', '')) await keypad.getByRole('button', { name: key, exact: true }).click();
  await expect(booth.getByTestId('code-display')).toHaveText(code);
  await keypad.getByRole('button', { name: /^(決定|OK)$/ }).click();
}

test('a reservation checks in by QR code and is answered ahead of an earlier walk-in; a typed code works too', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const audit = createAudit();
  // A booth at its own site, open around the clock; 5-minute slots, check-in from 30 minutes before.
  const admin = await logIn(browser, '/console', loginNamed(town, 'admin-a'));
  const provisioned = await admin.request.post('/api/v1/booths', {
    data: {
      municipalityId: town.municipalityId,
      name: 'E2E 予約ブース',
      kind: 'mall',
      location: LOCATION,
      calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
    },
  });
  expect(provisioned.status(), await provisioned.text()).toBe(201);
  const reservedBooth = (await provisioned.json()) as { booth: { id: string }; credential: string };
  await admin.context().close();
  await queryDb(
    `INSERT OR REPLACE INTO reservation_policy (municipality_id, slot_minutes, walk_in_share_percent, fixed_capacity, check_in_early_minutes, check_in_late_minutes, reservation_only)
     VALUES (?, 5, 0, 10, 30, 30, 0)`,
    [town.municipalityId],
  );

  try {
    const first = await book(request);
    const second = await book(request);
    expect(first).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);

    // The reserved resident's booth: its camera shows the QR code of the first reservation.
    const qrBrowser = await chromium.launch({
      ...chromiumLaunchOptions,
      args: [
        ...chromiumLaunchOptions.args.filter((a) => !a.startsWith('--use-file-for-fake-video-capture')),
        `--use-file-for-fake-video-capture=${await qrVideo(first)}`,
      ],
    });
    const reserved = await (await qrBrowser.newContext({ baseURL: fixtures.baseURL })).newPage();
    await reserved.goto(`/booth/?provision=${reservedBooth.credential}`);
    // The camera preview may read the code within a frame or two and move on: the page records
    // that the preview was shown rather than the test racing it.
    await reserved.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { seenScreens: Set<string> }).seenScreens = seen;
      new MutationObserver(() => {
        for (const id of ['check-in-screen', 'qr-preview']) if (document.querySelector(`[data-testid="${id}"]`)) seen.add(id);
      }).observe(document.body, { subtree: true, childList: true });
    });
    await reserved.getByTestId('have-reservation').click();
    await expect(reserved.getByTestId('check-in-screen').or(reserved.getByTestId('consent-screen'))).toBeVisible();
    if (await reserved.getByTestId('qr-preview').isVisible()) await snap(reserved, 'i17-check-in');
    // Read from the camera: checked in, no language or procedure screens, consent in English.
    const consent = reserved.getByTestId('consent-screen');
    await expect(consent).toBeVisible({ timeout: 15_000 });
    expect(await reserved.evaluate(() => [...(window as unknown as { seenScreens: Set<string> }).seenScreens].sort())).toEqual([
      'check-in-screen',
      'qr-preview',
    ]);
    await expect(reserved.locator('html')).toHaveAttribute('lang', 'en');
    // The camera of the check-in screen is off again.
    await expect.poll(() => reserved.evaluate(() => document.querySelectorAll('video').length)).toBe(0);

    // The operator is on duty; a walk-in at the town's other booth asks first and it rings there.
    const operator = await operatorAvailable(await browser.newContext({ baseURL: fixtures.baseURL }), loginNamed(town, 'op-a'));
    const walkInPage = await residentWalksUp(
      await browser.newContext({ baseURL: fixtures.baseURL }),
      town.boothCredential,
      'health_insurance',
    );
    const walkInId = await residentWaits(walkInPage);
    const offer = operator.getByTestId('offer');
    await expect(offer).toBeVisible();
    // Meanwhile the reserved resident agrees: the call waits too.
    await consent.getByRole('button', { name: 'Agree and start' }).click();
    await expect(reserved.getByTestId('waiting-screen')).toBeVisible();
    const reservedId = (await reserved.locator('[data-session-id]').getAttribute('data-session-id'))!;
    // The operator lets the walk-in's offer go and comes back: the reserved call is offered first.
    await offer.getByRole('button', { name: /辞退する/ }).click();
    await expect(operator.getByTestId('operator-status')).toContainText('離席');
    await operator.getByRole('button', { name: /受付可/ }).click();
    await offer.getByRole('button', { name: /応答する/ }).click();
    await expect(operator).toHaveURL(new RegExp(`/console/sessions/${reservedId}$`));
    await expect(walkInPage.getByTestId('waiting-screen')).toBeVisible();
    const [session] = await queryDb('SELECT reservation_id, language, procedure FROM session WHERE id = ?', [reservedId]);
    expect(session).toMatchObject({ language: 'en', procedure: 'health_insurance' });
    const [reservation] = await queryDb('SELECT id, state, session_id FROM reservation WHERE code = ?', [first.replace('-', '')]);
    expect(reservation).toMatchObject({ state: 'checked_in', session_id: reservedId });
    expect(session!.reservation_id).toBe(reservation!.id);
    const [walkIn] = await queryDb('SELECT reservation_id, answered_at FROM session WHERE id = ?', [walkInId]);
    expect(walkIn).toMatchObject({ reservation_id: null, answered_at: null });
    // The walk-in gives up (before "are you still there?"); the reserved call ends.
    await walkInPage.getByRole('button', { name: /相談をやめる/ }).click();
    await expect(walkInPage.getByTestId('attract-screen')).toBeVisible();
    await operator.getByRole('button', { name: /通話を終了/ }).click();
    await expect(reserved.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });
    await qrBrowser.close();

    // At the other booth the second resident types the code (a mistyped one first).
    await walkInPage.getByTestId('have-reservation').click();
    await walkInPage.getByRole('button', { name: 'English' }).click();
    await audit.check(walkInPage, 'booth en: check-in');
    const swapped = `${second.slice(0, 3)}${second[3] === '2' ? '3' : '2'}${second.slice(4)}`;
    await typeCode(walkInPage, swapped);
    const refused = walkInPage.getByTestId('check-in-refused-screen');
    await expect(refused).toContainText('That code is not right');
    await snap(walkInPage, 'i17-check-in-refused');
    await audit.check(walkInPage, 'booth en: check-in refused');
    await refused.getByRole('button', { name: 'Type the code again' }).click();
    await typeCode(walkInPage, second);
    await walkInPage.getByTestId('consent-screen').getByRole('button', { name: 'Agree and start' }).click();
    await expect(walkInPage.getByTestId('waiting-screen')).toBeVisible();
    const typedId = (await walkInPage.locator('[data-session-id]').getAttribute('data-session-id'))!;
    const [typed] = await queryDb('SELECT r.code FROM session s JOIN reservation r ON r.id = s.reservation_id WHERE s.id = ?', [typedId]);
    expect(typed?.code).toBe(second.replace('-', ''));
    await walkInPage.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(walkInPage.getByTestId('attract-screen')).toBeVisible();
    await walkInPage.context().close();
    // The operator's list of the day shows both, by site and slot, with their state.
    await operator.goto(`/console/reservations?municipalityId=${town.municipalityId}`);
    const list = operator.getByTestId('reservations');
    // Served once the sweep (each minute) sees its call answered.
    await expect(list.locator(`[data-code="${first}"]`)).toHaveAttribute('data-state', /^(checked_in|served)$/);
    await expect(list.locator(`[data-code="${second}"]`)).toHaveAttribute('data-state', 'checked_in');
    await audit.check(operator, 'console: reservations');
    await operator.context().close();
    audit.expectClean();
  } finally {
    await queryDb('DELETE FROM reservation_policy WHERE municipality_id = ?', [town.municipalityId]);
    await queryDb('UPDATE booth SET enabled = 0 WHERE id = ?', [reservedBooth.booth.id]);
  }
});
