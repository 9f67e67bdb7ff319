import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { loadFixtures } from '../fixtures';

/**
 * Issue 12, defect 8: the booth's text size (large by default, for each resident anew) and
 * "read aloud" in the resident's language where the kiosk's browser can speak it — and the same
 * booth without speech synthesis. The kiosk's voices are stood in for by a recording fake (a real
 * engine is not installed here); the booth sees it through the standard Web Speech API.
 */
const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });
// Town C: its operator is not logged in here, so a call is told nobody is on duty.
const credential = fixtures.municipalityC.boothCredential;

async function openBooth(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`/booth/?provision=${credential}`);
  await expect(page.getByTestId('attract-screen')).toBeVisible();
  return page;
}
const rootFontSize = (page: Page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));

test('text size: large by default, three steps that scale every text, and large again for the next resident', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: fixtures.baseURL, viewport: { width: 1080, height: 1920 } });
  const booth = await openBooth(context);
  const html = booth.locator('html');
  await expect(html).toHaveAttribute('data-text-size', 'large');
  await expect(booth.getByTestId('text-size-large')).toHaveAttribute('aria-pressed', 'true');
  await expect(booth.getByRole('group', { name: '文字の 大きさ' })).toBeVisible();
  const large = await rootFontSize(booth);
  // The portrait kiosk's own size (1080 px wide → 3.5vw = 37.8 px).
  expect(large).toBeCloseTo(37.8, 0);
  const title = booth.locator('h1');
  const titleLarge = (await title.boundingBox())!.height;

  await booth.getByTestId('text-size-largest').click();
  await expect(html).toHaveAttribute('data-text-size', 'largest');
  await expect(booth.getByTestId('text-size-largest')).toHaveAttribute('aria-pressed', 'true');
  await expect(booth.getByTestId('text-size-large')).toHaveAttribute('aria-pressed', 'false');
  expect(await rootFontSize(booth)).toBeCloseTo(large * 1.2, 0);
  expect((await title.boundingBox())!.height).toBeGreaterThan(titleLarge);
  await booth.getByTestId('text-size-standard').click();
  expect(await rootFontSize(booth)).toBeCloseTo(large * 0.85, 0);

  // The choice stays through the resident's journey, in their language…
  await booth.getByTestId('text-size-largest').click();
  await booth.locator('.big.start').click();
  await booth.locator('button[lang="vi"]').click();
  await expect(booth.getByTestId('procedure-screen')).toBeVisible();
  await expect(booth.getByRole('group', { name: 'Cỡ chữ' })).toBeVisible();
  await expect(booth.getByTestId('text-size-largest')).toHaveText('Rất lớn');
  await expect(html).toHaveAttribute('data-text-size', 'largest');
  // …and the next resident starts at the default.
  await booth.locator('footer .back').click();
  await booth.locator('footer .back').click();
  await expect(booth.getByTestId('attract-screen')).toBeVisible();
  await expect(html).toHaveAttribute('data-text-size', 'large');
  await context.close();
});

/** A kiosk voice per language in `tags`: the utterances are recorded, not played. */
function fakeSpeech(tags: string[]) {
  return `(() => {
    const voices = ${JSON.stringify(tags)}.map((lang) => ({ lang, name: 'kiosk-' + lang, voiceURI: 'kiosk-' + lang, localService: true, default: false }));
    const spoken = (window.__spoken = []);
    window.__cancelled = 0;
    const synth = new EventTarget();
    synth.getVoices = () => voices;
    synth.speak = (u) => spoken.push({ text: u.text, lang: u.lang, voice: u.voice && u.voice.name });
    synth.cancel = () => { window.__cancelled += 1; };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } };
  })();`;
}
const spoken = (page: Page) =>
  page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string; voice: string }[] }).__spoken);

test('read aloud: the screen in the resident language with its own voice, furigana and controls left out; stop; no button without a voice', async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: fixtures.baseURL });
  // Voices for every booth language but Portuguese.
  await context.addInitScript(fakeSpeech(['ja-JP', 'en-US', 'zh-CN', 'ko-KR', 'vi-VN']));
  const booth = await openBooth(context);
  const read = booth.getByTestId('read-aloud');
  await expect(read).toHaveText('声で読む');
  await read.click();
  await expect(read).toHaveText('読むのを止める');
  const [first] = await spoken(booth);
  expect(first).toMatchObject({ lang: 'ja-JP', voice: 'kiosk-ja-JP' });
  expect(first!.text).toContain('マイナンバーカードの手続きを、ビデオ通話でお手伝いします');
  expect(first!.text).toContain('ビデオ通話で相談する');
  expect(first!.text).not.toContain('大きさ');
  await read.click();
  await expect(read).toHaveText('声で読む');
  expect(await booth.evaluate(() => (window as unknown as { __cancelled: number }).__cancelled)).toBeGreaterThan(0);

  // Vietnamese: the procedure screen in Vietnamese, with the Vietnamese voice.
  await booth.locator('.big.start').click();
  await booth.locator('button[lang="vi"]').click();
  await expect(booth.getByTestId('procedure-screen')).toBeVisible();
  await booth.getByTestId('read-aloud').click();
  const vi = (await spoken(booth)).at(-1)!;
  expect(vi).toMatchObject({ lang: 'vi-VN', voice: 'kiosk-vi-VN' });
  // biome-ignore lint/performance/useDomNodeTextContent: the text as shown (and read aloud), not the markup's.
  expect(vi.text).toContain(await booth.locator('h1').innerText());
  expect(vi.text).not.toContain('Cỡ chữ');

  // Japanese furigana are read as the words, not twice.
  await booth.locator('footer .back').click();
  await booth.locator('button[lang="ja"]').click();
  await booth.locator('[data-procedure="health_insurance"]').click();
  await expect(booth.getByTestId('consent-screen')).toBeVisible();
  await booth.getByTestId('read-aloud').click();
  const consent = (await spoken(booth)).at(-1)!;
  expect(consent.text).toContain('利用規約と 個人情報の あつかい');
  expect(consent.text).not.toContain('りようきやく');

  // Portuguese: the kiosk has no voice for it, so no button; the rest is the same.
  await booth.locator('footer .back').click();
  await booth.locator('footer .back').click();
  await booth.locator('button[lang="pt"]').click();
  await expect(booth.getByTestId('procedure-screen')).toBeVisible();
  await expect(booth.getByTestId('display-controls')).toBeVisible();
  await expect(booth.getByTestId('read-aloud')).toHaveCount(0);
  await context.close();
});

test('without speech synthesis the booth works the same: no read-aloud button, the call is requested and answered as without it', async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: fixtures.baseURL });
  await context.addInitScript(() => {
    Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });
    delete (window as unknown as { SpeechSynthesisUtterance?: unknown }).SpeechSynthesisUtterance;
  });
  const booth = await openBooth(context);
  expect(await booth.evaluate(() => typeof window.speechSynthesis)).toBe('undefined');
  await expect(booth.getByTestId('display-controls')).toBeVisible();
  await expect(booth.getByTestId('read-aloud')).toHaveCount(0);
  await booth.locator('.big.start').click();
  await booth.locator('button[lang="ko"]').click();
  await booth.locator('[data-procedure="health_insurance"]').click();
  await booth.locator('.big.agree').click();
  // Town C's operator is not on duty in this spec: the booth says so (issue 12, defect 3); had they
  // been, the resident would wait. Either way the screen is the same as with speech.
  const noOperator = booth.getByTestId('no-operator-screen');
  const waiting = booth.getByTestId('waiting-screen');
  await noOperator.or(waiting).waitFor();
  await expect(booth.getByTestId('display-controls')).toBeVisible();
  await expect(booth.getByTestId('read-aloud')).toHaveCount(0);
  await ((await noOperator.isVisible())
    ? noOperator.locator('footer button, .big.secondary').first()
    : booth.locator('.big.cancel')
  ).click();
  await expect(booth.getByTestId('attract-screen')).toBeVisible();
  await context.close();
});
