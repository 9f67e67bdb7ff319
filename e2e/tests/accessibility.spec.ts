import { languages } from '@madoguchi/db/vocabulary';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { createAudit } from '../axe';
import { loadFixtures, loginNamed, loginOf, queryDb } from '../fixtures';
import { logIn, logInOn } from '../login';

/**
 * Issue 12, defect 8: accessibility that is measured. axe-core audits every booth screen in every
 * booth language (town D: an operator who speaks them all, its question and terms in all of
 * them), the operator console, and the staff and admin pages: no serious or critical violation.
 * Screens that only a fault shows (unreachable server, a refused call, a lost link, maintenance)
 * are brought about by answering the booth's requests in the browser.
 */
const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

const municipalityE = fixtures.municipalityE;
/** journey/idle.ts: the warning comes after 90 s without a touch. */
const IDLE_MS = 90_000;

async function boothPage(browser: Browser, options: { clock?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: fixtures.baseURL });
  const page = await context.newPage();
  if (options.clock) await page.clock.install();
  await page.goto(`/booth/?provision=${municipalityE.boothCredential}`);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  return { context, page };
}

/** From wherever the booth is: the start screen, `language`, then `procedure` (if given). */
async function walkUp(booth: Page, language: string, procedure?: string) {
  await booth.goto('/booth/');
  await booth.locator('.big.start').click();
  await booth.locator(`.choices.languages button[lang="${language}"]`).click();
  await expect(booth.getByTestId('procedure-screen')).toBeVisible();
  await expect(booth.locator('html')).toHaveAttribute('lang', language);
  if (procedure) await booth.locator(`[data-procedure="${procedure}"]`).click();
}

/** A problem+json the booth's API would answer. */
const problem = (status: number, code: string) => ({
  status,
  contentType: 'application/problem+json',
  body: JSON.stringify({ type: 'about:blank', title: code, status, code, detail: code, messages: { ja: code, en: code } }),
});

const statusLabels = { available: /受付可/, break: /休憩/ } as const;
/** What the console shows once the status is set: a waiting call rings an available operator at once. */
const statusShown = { available: /受付可|着信中/, break: /休憩/ } as const;
/**
 * Puts the console's operator in `status` once the system lets them choose again (not ringing, on
 * a call or in after-call work). A call is asked for only with someone on duty: the booth tells a
 * resident at once when nobody who could take it is (issue 12, defect 3).
 */
async function setStatus(operator: Page, status: keyof typeof statusLabels) {
  const shown = operator.getByTestId('operator-status');
  await expect(shown).not.toHaveText(/後処理|着信中|通話中/, { timeout: 15_000 });
  const button = operator.getByRole('button', { name: statusLabels[status] });
  if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
  await expect(shown).toHaveText(statusShown[status]);
}

test('booth screens before a language is chosen, and those only a fault shows, in every language', async ({ browser }) => {
  test.setTimeout(300_000);
  const audit = createAudit();
  // Town E's operator, on duty when a call must wait (and never answering here).
  const operator = await logIn(browser, '/console', loginNamed(municipalityE, 'op-e'));

  // A booth that is not provisioned, and one whose server cannot be reached.
  const bare = await browser.newContext({ baseURL: fixtures.baseURL });
  const notProvisioned = await bare.newPage();
  await notProvisioned.goto('/booth/');
  await expect(notProvisioned.getByTestId('device-screen')).toBeVisible();
  await audit.check(notProvisioned, 'booth: not provisioned');
  await bare.close();

  const { context, page: booth } = await boothPage(browser, { clock: true });
  await audit.check(booth, 'booth: attract');
  await booth.locator('.big.start').click();
  await expect(booth.getByTestId('language-screen')).toBeVisible();
  await audit.check(booth, 'booth: language');

  // The idle warning, a refused call ("unavailable") and a lost link, in every language.
  for (const language of languages) {
    await walkUp(booth, language);
    await booth.clock.fastForward(IDLE_MS + 1_000);
    await expect(booth.getByTestId('idle-warning')).toBeVisible();
    await audit.check(booth, `booth ${language}: idle warning`);
    await booth.getByTestId('idle-warning').locator('button').click();

    await booth.locator('[data-procedure="health_insurance"]').click();
    await expect(booth.getByTestId('consent-screen')).toBeVisible();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await booth.route('**/api/v1/booth/sessions', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      await held;
      await route.fulfill(problem(503, 'call_unavailable'));
    });
    await booth.locator('.big.agree').click();
    await expect(booth.getByTestId('requesting-screen')).toBeVisible();
    await audit.check(booth, `booth ${language}: requesting`);
    release();
    await expect(booth.getByTestId('problem-screen')).toBeVisible();
    await audit.check(booth, `booth ${language}: problem (unavailable)`);
    await booth.unroute('**/api/v1/booth/sessions');

    // Nobody on duty: the booth says so before the resident waits.
    await setStatus(operator, 'break');
    await walkUp(booth, language, 'health_insurance');
    await booth.locator('.big.agree').click();
    await expect(booth.getByTestId('no-operator-screen')).toBeVisible();
    await audit.check(booth, `booth ${language}: no operator on duty`);

    // A real waiting call whose server gives it up: a lost link.
    await setStatus(operator, 'available');
    await booth.route('**/api/v1/booth/sessions/*/queue', (route) =>
      route.fulfill({ json: { status: 'ended', position: null, estimatedWaitSeconds: null, operatorName: null } }),
    );
    await walkUp(booth, language, 'health_insurance');
    await booth.locator('.big.agree').click();
    await expect(booth.getByTestId('problem-screen')).toBeVisible({ timeout: 20_000 });
    await audit.check(booth, `booth ${language}: problem (connection lost)`);
    await booth.unroute('**/api/v1/booth/sessions/*/queue');
    // Only the booth was told it ended: the server still has it waiting. Cancel it as the booth.
    for (const row of await queryDb("SELECT id FROM session WHERE booth_id = ? AND status = 'waiting'", [municipalityE.boothId]))
      await booth.request.post(`/api/v1/booth/sessions/${String(row.id)}/cancel`, {
        headers: { Authorization: `Bearer ${municipalityE.boothCredential}` },
      });
  }
  await context.close();
  await operator.context().close();

  // Cut from the network: "temporarily unavailable", Japanese first, every language a tap away.
  const offline = await boothPage(browser);
  await offline.context.setOffline(true);
  const unavailable = offline.page.getByTestId('unavailable-screen');
  await expect(unavailable).toBeVisible({ timeout: 15_000 });
  await audit.check(offline.page, 'booth ja: unavailable');
  for (const language of languages.filter((l) => l !== 'ja')) {
    await unavailable.locator(`button[lang="${language}"]`).click();
    await expect(offline.page.locator('html')).toHaveAttribute('lang', language);
    await audit.check(offline.page, `booth ${language}: unavailable`);
  }
  await offline.context.close();

  // The server cannot be reached; staff put the booth into maintenance.
  const down = await browser.newContext({ baseURL: fixtures.baseURL });
  const unreachable = await down.newPage();
  await unreachable.route('**/api/v1/booth/me', (route) => route.abort('connectionrefused'));
  await unreachable.goto(`/booth/?provision=${municipalityE.boothCredential}`);
  // Before its first answer the booth does not know its town: "unavailable", go to your town's counter.
  await expect(unreachable.getByTestId('unavailable-screen')).toBeVisible({ timeout: 15_000 });
  await audit.check(unreachable, 'booth: server unreachable at start');
  await unreachable.unroute('**/api/v1/booth/me');
  // Maintenance as the heartbeat's answer says it (and /me, for the first screen).
  for (const pattern of ['**/api/v1/booth/me', '**/api/v1/booth/heartbeat'])
    await unreachable.route(pattern, async (route) =>
      route.fulfill({ json: { ...(await (await route.fetch()).json()), maintenance: true } }),
    );
  await unreachable.goto('/booth/');
  await expect(unreachable.getByTestId('maintenance-screen')).toBeVisible();
  await audit.check(unreachable, 'booth: maintenance');
  await down.close();

  // A booth outside its hours.
  const closed = await browser.newContext({ baseURL: fixtures.baseURL });
  const closedPage = await closed.newPage();
  await closedPage.goto(`/booth/?provision=${fixtures.closedBooth.boothCredential}`);
  await expect(closedPage.getByTestId('closed-screen')).toBeVisible();
  await audit.check(closedPage, 'booth: closed');
  await closed.close();

  audit.expectClean();
});

test.describe('a resident in each language', () => {
  // One operator and one booth go through the languages in turn.
  test.describe.configure({ mode: 'serial' });
  let operatorContext: BrowserContext;
  let operator: Page;
  let boothContext: BrowserContext;
  let booth: Page;

  test.beforeAll(async ({ browser }) => {
    operatorContext = await browser.newContext({ baseURL: fixtures.baseURL });
    operator = await operatorContext.newPage();
    await logInOn(operator, '/console', loginNamed(municipalityE, 'op-e'));
    // The photo step without its 3 s countdown (the booth still validates it).
    await operator.evaluate(() => sessionStorage.setItem('madoguchi.photo.countdownSeconds', '0'));
    ({ context: boothContext, page: booth } = await boothPage(browser));
  });
  test.afterAll(async () => {
    await boothContext?.close();
    await operatorContext?.close();
  });

  /** The waiting call rings on the console (the operator made available if it rang out) and is answered. */
  async function answer() {
    const offer = operator.getByTestId('offer');
    if (!(await offer.isVisible())) await setStatus(operator, 'available');
    await expect(offer).toBeVisible();
    await offer.getByRole('button', { name: /応答する/ }).click();
    await expect(operator).toHaveURL(/\/console\/sessions\//);
    await expect(booth.getByTestId('call-screen')).toBeVisible();
    await expect(booth.getByTestId('operator-name')).toContainText('オペレーター 多言語');
  }

  async function endCall() {
    await operator.getByLabel(/メモ区分/).selectOption('none');
    await operator.getByRole('button', { name: /通話を終了/ }).click();
    await expect(booth.getByTestId('thanks-screen')).toBeVisible({ timeout: 20_000 });
  }

  for (const language of languages) {
    test(`every booth screen in ${language}`, async () => {
      test.setTimeout(180_000);
      const audit = createAudit();

      await walkUp(booth, language);
      await audit.check(booth, `booth ${language}: procedure`);
      await booth.locator('[data-procedure="renewal"]').click();
      await expect(booth.getByTestId('eligibility-screen')).toBeVisible();
      await audit.check(booth, `booth ${language}: eligibility`);
      await booth.locator('.big.answer.no').click();
      await expect(booth.getByTestId('referral-screen')).toBeVisible();
      await audit.check(booth, `booth ${language}: referral`);

      // A health-insurance call: consent, waiting (ringing, then nobody free, then "are you still
      // there?"), the call, a guidance card, the PIN step, thanks.
      await setStatus(operator, 'available');
      await walkUp(booth, language, 'health_insurance');
      await expect(booth.getByTestId('consent-screen')).toBeVisible();
      await audit.check(booth, `booth ${language}: consent`);
      await booth.locator('.big.agree').click();
      await expect(booth.getByTestId('waiting-screen')).toBeVisible();
      // The offer rings for 6 s only: seen first, then the waiting screen is audited (an audit on a
      // loaded machine can outlast the ring).
      const offer = operator.getByTestId('offer');
      await expect(offer).toBeVisible();
      if (language === languages[0]) {
        // While it rings the operator cannot change their status, and the buttons show it.
        const breakButton = operator.getByRole('button', { name: statusLabels.break });
        await expect(breakButton).toBeDisabled();
        await expect(breakButton).toHaveAccessibleDescription(/着信中・通話中は状態を変更できません/);
        await expect(breakButton).toHaveCSS('cursor', 'not-allowed');
        await expect(breakButton).toHaveCSS('background-color', 'rgb(236, 236, 239)');
        await audit.check(operator, 'console: an offer ringing');
      }
      await audit.check(booth, `booth ${language}: waiting`);
      // Unanswered, it rings out (6 s here): nobody free is left, and after 12 s without a touch
      // the booth asks whether the resident is still there (WAITING_CHECK_AFTER_MS in run-e2e.ts).
      await expect(offer).toHaveCount(0, { timeout: 15_000 });
      await expect(booth.getByTestId('queue-no-operator')).toBeVisible();
      const stillThere = booth.getByTestId('still-there');
      await expect(stillThere).toBeVisible({ timeout: 20_000 });
      await audit.check(booth, `booth ${language}: waiting, nobody free, "still there?"`);
      await stillThere.locator('button').click();
      await answer();
      await expect(booth.getByTestId('remote-video')).toBeVisible();
      await audit.check(booth, `booth ${language}: call`);
      if (language === languages[0]) await audit.check(operator, 'console: the call page');
      await operator
        .locator('[data-step="card"]')
        .getByRole('button', { name: /カード表示/ })
        .click();
      await expect(booth.getByTestId('guidance-card')).toBeVisible();
      await audit.check(booth, `booth ${language}: guidance card`);
      await booth.getByTestId('guidance-card').locator('button').click();
      await operator.getByTestId('pin-start').click();
      await expect(booth.getByTestId('pin-privacy-screen')).toBeVisible();
      await audit.check(booth, `booth ${language}: PIN step`);
      await booth.locator('.big.pin-done').click();
      await expect(booth.getByTestId('pin-privacy-screen')).toHaveCount(0);
      await endCall();
      await audit.check(booth, `booth ${language}: thanks`);

      // A card application: the photo step, and the approved photo.
      await setStatus(operator, 'available');
      await walkUp(booth, language, 'new_application');
      await booth.locator('.big.agree').click();
      await expect(booth.getByTestId('waiting-screen')).toBeVisible();
      await answer();
      const panel = operator.getByTestId('photo-panel');
      await panel.getByTestId('photo-mode').click();
      await expect(booth.getByTestId('photo-preview')).toBeVisible();
      await audit.check(booth, `booth ${language}: photo mode`);
      await panel.getByTestId('photo-capture').click();
      await expect(panel.getByTestId('photo-image')).toBeVisible({ timeout: 30_000 });
      if (language === languages[0]) await audit.check(operator, 'console: the photo and its checks');
      if ((await panel.getByTestId('photo-level').getAttribute('data-level')) === 'warn')
        await panel.getByTestId('photo-confirm-warnings').check();
      await panel.getByTestId('photo-approve').click();
      await expect(booth.getByTestId('photo-approved')).toBeVisible();
      await expect
        .poll(() =>
          booth
            .getByTestId('photo-approved')
            .locator('img')
            .evaluate((img: HTMLImageElement) => img.naturalWidth),
        )
        .toBeGreaterThan(0);
      await audit.check(booth, `booth ${language}: approved photo`);
      await panel.getByTestId('photo-mode').click();
      await endCall();

      audit.expectClean();
    });
  }
});

test('the console, the staff and the admin pages', async ({ browser }) => {
  test.setTimeout(180_000);
  const audit = createAudit();
  const [faq] = await queryDb('SELECT entry_id AS id FROM faq_revision LIMIT 1');
  const [opAccount] = await queryDb("SELECT id FROM account WHERE login_id = 'op-a'");

  // axe needs pages of a context made with newContext().
  const anonymous = await (await browser.newContext({ baseURL: fixtures.baseURL })).newPage();
  await anonymous.goto('/login');
  await audit.check(anonymous, '/login');
  await anonymous.context().close();

  const operator = await logIn(browser, '/console', loginNamed(fixtures.municipalityA, 'op-a'));
  await expect(operator.getByRole('heading', { level: 1 })).toHaveText('オペレーター');
  await expect(operator.getByRole('button', { name: /休憩/ })).toBeEnabled();
  await audit.check(operator, '/console (operator)');
  await operator.goto('/console/records');
  await audit.check(operator, '/console/records');
  await operator.context().close();

  const staff = await logIn(browser, '/staff', loginOf(fixtures.municipalityA, 'town_staff'));
  const staffPages = [
    '/staff',
    '/staff/booths',
    `/staff/booths/${fixtures.municipalityA.boothId}`,
    '/staff/reports',
    `/staff/reports?month=${fixtures.reportMonth}`,
    '/staff/incidents',
    '/staff/inquiries',
    '/staff/ledger',
    '/staff/staffing',
  ];
  await audit.checkPages(staff, staffPages);
  await staff.context().close();

  const admin = await logIn(browser, '/admin', loginOf(fixtures.municipalityA, 'admin'));
  const adminPages = [
    '/admin',
    '/admin/municipalities',
    `/admin/municipalities/${fixtures.municipalityA.municipalityId}`,
    '/admin/booths',
    `/admin/booths/${fixtures.municipalityA.boothId}`,
    '/admin/accounts',
    `/admin/accounts/${String(opAccount!.id)}`,
    '/admin/faq',
    ...(faq ? [`/admin/faq/${String(faq.id)}`] : []),
    '/admin/incidents',
    '/console/overview',
    '/console/shifts',
    '/staff/staffing?calls=100&intervalMinutes=30&handlingSeconds=180&answerWithinSeconds=20&goalPercent=80&shrinkagePercent=30&patienceSeconds=',
    '/account/security',
  ];
  await audit.checkPages(admin, adminPages);
  await admin.context().close();

  audit.expectClean();
});
