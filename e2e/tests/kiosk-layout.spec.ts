/**
 * Every booth screen fits the kiosk's screen without scrolling (issue 12, item 7): portrait
 * 1080×1920 and landscape 1920×1080, in the six booth languages, in town D (e2e/multilingual-municipality.ts:
 * every procedure, long Portuguese). For each screen the page is no taller than the viewport and
 * its key buttons lie inside it (e2e/kiosk-layout.ts).
 */
import { type Browser, expect, type Page, test } from '@playwright/test';
import { provisionBooth } from '../booths';
import { loadFixtures, loginNamed } from '../fixtures';
import { operatorAvailable } from '../journey';
import { boothLanguages, expectFits, kanjiGap, type Orientation, orientations } from '../kiosk-layout';
import { logIn } from '../login';
import { counterGuidance } from '../multilingual-municipality';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

async function boothPage(browser: Browser, orientation: Orientation, credential = fixtures.municipalityD.boothCredential): Promise<Page> {
  const context = await browser.newContext({ baseURL: fixtures.baseURL, viewport: orientations[orientation] });
  const page = await context.newPage();
  await page.goto(`/booth/?provision=${credential}`);
  return page;
}

/** Start, the language, a card application; then the eligibility question. */
async function upToEligibility(page: Page, language: string) {
  await page.locator('.big.start').click();
  await page.locator(`.choice[lang="${language}"]`).click();
  await page.locator('[data-procedure="new_application"]').click();
  await expect(page.getByTestId('eligibility-screen')).toBeVisible();
}

for (const orientation of ['portrait', 'landscape'] as const) {
  test(`${orientation}: every screen of the journey up to the call fits, in six languages`, async ({ browser }) => {
    test.setTimeout(180_000);
    // Town D's operator: on a break for the "nobody on duty" screen, available for the waiting one.
    const operator = await logIn(browser, '/console', loginNamed(fixtures.municipalityD, 'op-d'));
    const operatorTo = async (status: RegExp, label: RegExp) => {
      await operator.getByRole('button', { name: status }).click();
      await expect(operator.getByTestId('operator-status')).toHaveText(label);
    };
    const page = await boothPage(browser, orientation);
    const screen = (id: string) => page.getByTestId(id);
    await expect(screen('attract-screen')).toBeVisible();
    await expectFits(page, `${orientation} attract`, { start: page.locator('.big.start') });
    await page.locator('.big.start').click();
    await expectFits(page, `${orientation} language`, {
      ...Object.fromEntries(boothLanguages.map((l) => [l, page.locator(`.choice[lang="${l}"]`)])),
      back: page.locator('.back'),
    });
    await page.locator('.back').click();

    for (const language of boothLanguages) {
      const at = `${orientation} ${language}`;
      // Procedures, the question, and the referral its "no" leads to.
      await page.locator('.big.start').click();
      await page.locator(`.choice[lang="${language}"]`).click();
      await expect(screen('procedure-screen')).toBeVisible();
      await expectFits(page, `${at} procedure`, {
        ...Object.fromEntries((await page.locator('[data-procedure]').all()).map((button, i) => [`procedure ${i + 1}`, button])),
        back: page.locator('.back'),
      });
      await page.locator('[data-procedure="new_application"]').click();
      await expect(screen('eligibility-screen')).toBeVisible();
      await expectFits(page, `${at} eligibility`, {
        yes: page.locator('.answer.yes'),
        no: page.locator('.answer.no'),
        back: page.locator('.back'),
      });
      await page.locator('.answer.no').click();
      await expect(screen('referral-screen')).toBeVisible();
      await expectFits(page, `${at} referral`, { toStart: screen('referral-screen').locator('.big') });
      await screen('referral-screen').locator('.big').click();

      // Consent, then a request the server cannot take (the problem screen).
      await upToEligibility(page, language);
      await page.locator('.answer.yes').click();
      await expect(screen('consent-screen')).toBeVisible();
      await expectFits(page, `${at} consent`, {
        agree: page.locator('.big.agree'),
        back: page.locator('.back'),
        documents: page.locator('.documents'),
      });
      const documents = await page.locator('.documents').boundingBox();
      // The terms stay readable: at least a few lines of their own box.
      expect
        .soft(documents?.height ?? 0, `${at} consent: the documents box`)
        .toBeGreaterThanOrEqual(orientations[orientation].height * 0.2);
      await page.route(
        '**/api/v1/booth/sessions',
        (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"code":"call_unavailable"}' }),
        { times: 1 },
      );
      await page.locator('.big.agree').click();
      await expect(screen('problem-screen')).toBeVisible();
      await expectFits(page, `${at} problem`, { toStart: screen('problem-screen').locator('.big') });
      await screen('problem-screen').locator('.big').click();

      // A real request while nobody of town D is on duty: said before any wait (queue.spec.ts).
      await operatorTo(/休憩/, /休憩/);
      await upToEligibility(page, language);
      await page.locator('.answer.yes').click();
      await page.locator('.big.agree').click();
      await expect(screen('no-operator-screen')).toBeVisible();
      // Where to go instead: the town's counter, in the resident's language.
      await expect(screen('no-operator-screen').getByTestId('no-operator-counter')).toContainText(
        counterGuidance[language as keyof typeof counterGuidance]!.slice(0, 12),
      );
      await expectFits(page, `${at} no operator`, { toStart: screen('no-operator-screen').locator('.big') });
      await screen('no-operator-screen').locator('.big').click();

      // With the operator on duty: waiting (it rings there meanwhile), then the resident cancels.
      await operatorTo(/受付可/, /受付可/);
      await upToEligibility(page, language);
      await page.locator('.answer.yes').click();
      await page.locator('.big.agree').click();
      await expect(screen('waiting-screen')).toBeVisible();
      await expectFits(page, `${at} waiting`, { cancel: page.locator('.big.cancel') });
      await page.locator('.big.cancel').click();
      await expect(screen('attract-screen')).toBeVisible();
    }
    await page.context().close();
    await operator.context().close();
  });

  test(`${orientation}: the screens outside a journey fit (closed, unavailable in six languages, maintenance, not provisioned)`, async ({
    browser,
  }) => {
    // Cut from the network: "temporarily unavailable", in each language the resident can switch to.
    const cut = await boothPage(browser, orientation);
    await expect(cut.getByTestId('attract-screen')).toBeVisible();
    await cut.context().setOffline(true);
    const unavailable = cut.getByTestId('unavailable-screen');
    await expect(unavailable).toBeVisible({ timeout: 15_000 });
    for (const language of boothLanguages) {
      await unavailable.locator(`button[lang="${language}"]`).click();
      await expect(unavailable).toHaveAttribute('data-language', language);
      await expectFits(cut, `${orientation} ${language} unavailable`, {
        counter: unavailable.getByTestId('unavailable-counter'),
        languages: unavailable.locator('.unavailable-languages'),
      });
    }
    await cut.context().close();

    const closed = await boothPage(browser, orientation, fixtures.closedBooth.boothCredential);
    await expect(closed.getByTestId('closed-screen')).toBeVisible();
    await expectFits(closed, `${orientation} closed`, { nextOpening: closed.getByTestId('closed-screen').locator('.closed-main') });
    await closed.context().close();

    const unprovisioned = await (await browser.newContext({ baseURL: fixtures.baseURL, viewport: orientations[orientation] })).newPage();
    await unprovisioned.goto('/booth/');
    await expect(unprovisioned.getByTestId('device-screen')).toBeVisible();
    await expectFits(unprovisioned, `${orientation} not-provisioned`);
    await unprovisioned.context().close();

    // Maintenance, switched on by staff for a booth of its own.
    const admin = await logIn(browser, '/admin', loginNamed(fixtures.municipalityA, 'admin-a'));
    const { boothId, credential } = await provisionBooth(admin, fixtures.municipalityD.municipalityId, `E2E 保守ブース ${orientation}`);
    const page = await boothPage(browser, orientation, credential);
    await expect(page.getByTestId('attract-screen')).toBeVisible();
    expect((await admin.request.post(`/api/v1/booths/${boothId}/commands`, { data: { kind: 'maintenance_on' } })).status()).toBe(201);
    await expect(page.getByTestId('maintenance-screen')).toBeVisible({ timeout: 15_000 });
    await expectFits(page, `${orientation} maintenance`);
    await page.context().close();
    await admin.context().close();
  });
}

/**
 * The call: the operator's video and "end the call", the end confirmation, a guidance card, the
 * PIN screen, photo mode and the thank-you, in both orientations (the kiosk turns: the viewport
 * changes in the middle of the call).
 */
for (const [language, procedure] of [
  ['ja', 'new_application'],
  ['pt', 'new_application'],
  ['vi', 'health_insurance'],
] as const) {
  test(`the call screens fit both orientations (${language}, ${procedure})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const operator = await operatorAvailable(
      await browser.newContext({ baseURL: fixtures.baseURL }),
      loginNamed(fixtures.municipalityD, 'op-d'),
    );
    const page = await boothPage(browser, 'portrait');
    await page.locator('.big.start').click();
    await page.locator(`.choice[lang="${language}"]`).click();
    await page.locator(`[data-procedure="${procedure}"]`).click();
    if (procedure === 'new_application') await page.locator('.answer.yes').click();
    await page.locator('.big.agree').click();
    await operator
      .getByTestId('offer')
      .getByRole('button', { name: /応答する/ })
      .click();
    const call = page.getByTestId('call-screen');
    await expect(call).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('remote-video')).toBeVisible();

    const both = async (label: string, keys: () => Parameters<typeof expectFits>[2]) => {
      for (const orientation of ['portrait', 'landscape'] as const) {
        await page.setViewportSize(orientations[orientation]);
        await expectFits(page, `${orientation} ${language} ${label}`, keys());
      }
    };
    await both('call', () => ({
      operator: page.getByTestId('operator-name'),
      video: page.getByTestId('remote-video'),
      self: page.getByTestId('local-video'),
      end: call.locator('.footer .big'),
    }));
    await call.locator('.footer .big').click();
    await both('call end-confirm', () => ({ yes: call.locator('.confirm .big.danger'), no: call.locator('.confirm .big.secondary') }));
    await call.locator('.confirm .big.secondary').click();

    // A guidance card over the call.
    await operator
      .locator('[data-step]')
      .getByRole('button', { name: /カード表示/ })
      .first()
      .click();
    await expect(page.getByTestId('guidance-card')).toBeVisible();
    await both('guidance card', () => ({ close: page.getByTestId('guidance-card').locator('.big'), end: call.locator('.footer .big') }));
    await page.getByTestId('guidance-card').locator('.big').click();

    if (procedure === 'new_application') {
      // Photo mode: the resident's own picture, large, and what to do beside or under it.
      const panel = operator.getByTestId('photo-panel');
      await panel.getByRole('button', { name: '写真撮影モード' }).click();
      await expect(page.getByTestId('photo-preview')).toBeVisible();
      await both('photo', () => ({
        preview: page.getByTestId('photo-preview'),
        instructions: page.locator('.photo-instructions'),
        end: call.locator('.footer .big'),
      }));
      for (const orientation of ['portrait', 'landscape'] as const) {
        await page.setViewportSize(orientations[orientation]);
        const preview = await page.getByTestId('photo-preview').boundingBox();
        console.log(`layout ${orientation} ${language} photo preview: ${Math.round(preview!.width)}×${Math.round(preview!.height)}`);
        // Large enough to see one's face in the guide: at least 40 % of the screen's shorter side.
        expect
          .soft(Math.min(preview!.width, preview!.height), `${orientation} ${language}: photo preview`)
          .toBeGreaterThanOrEqual(0.4 * Math.min(orientations[orientation].width, orientations[orientation].height));
      }
      if (language === 'ja') {
        // Furigana wider than its kanji must not pry them apart: 表情 stays one word.
        const ruby = page.locator('.photo-instructions ruby', { hasText: '表情' });
        const em = await ruby.evaluate((r) => parseFloat(getComputedStyle(r).fontSize));
        const gap = await kanjiGap(page, ruby);
        console.log(`layout ja photo: ${gap} px between 表 and 情 at ${em} px`);
        expect.soft(gap, 'the blank between 表 and 情').toBeLessThan(0.25 * em);
      }
      await panel.getByRole('button', { name: '写真撮影モードを終了' }).click();
    } else {
      await operator.getByTestId('pin-start').click();
      await expect(page.getByTestId('pin-privacy-screen')).toBeVisible();
      await both('pin', () => ({ done: page.getByTestId('pin-privacy-screen').locator('.big') }));
      await page.getByTestId('pin-privacy-screen').locator('.big').click();
    }

    await operator.getByRole('button', { name: /通話を終了/ }).click();
    await expect(page.getByTestId('thanks-screen')).toBeVisible({ timeout: 20_000 });
    await both('thanks', () => ({}));
    await page.context().close();
    await operator.context().close();
  });
}
