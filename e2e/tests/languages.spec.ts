/**
 * Residents read what they consent to (issue 12, item 5): the administrator writes the terms, the
 * privacy policy and an eligibility question per language in the municipality's form (no JSON),
 * sees which languages are missing, and a Vietnamese resident then reads Vietnamese — or the
 * やさしい日本語 the town wrote — and the session records the language each document was shown in.
 * Town D (e2e/multilingual-municipality.ts) has terms in five languages, not Vietnamese.
 */
import { expect, test } from '@playwright/test';
import { loadFixtures, loginNamed, queryDb } from '../fixtures';
import { operatorAvailable } from '../journey';
import { logIn } from '../login';

const fixtures = loadFixtures();
test.use({ baseURL: fixtures.baseURL });

const vietnameseTerms = 'Điều khoản sử dụng: quầy này giúp quý vị làm thủ tục thẻ My Number qua cuộc gọi video.';
const easyPrivacy = 'あなたの なまえや じゅうしょは きろく しません。';

test('the administrator writes Vietnamese terms and a question in the form; a Vietnamese resident reads them and the session records vi', async ({
  browser,
}) => {
  const admin = await logIn(
    browser,
    `/admin/municipalities/${fixtures.municipalityD.municipalityId}`,
    loginNamed(fixtures.municipalityA, 'admin-a'),
  );

  // Terms: Vietnamese is missing, and the admin sees it so; Japanese is required.
  const terms = admin.getByTestId('consent-terms');
  await expect(terms.getByTestId('consent-terms-missing')).toHaveAttribute('data-missing', /\bvi\b/);
  await expect(terms.locator('[data-language="vi"]')).toHaveAttribute('data-missing', 'true');
  await expect(terms.locator('[data-language="vi"]')).toContainText('未入力');
  await terms.getByLabel(/^日本語（/).fill('');
  await terms.getByRole('button', { name: /第 2 版として公開/ }).click();
  await expect(terms.locator('#terms-texts-ja-error')).toContainText('日本語は必須です');
  await terms.getByLabel(/^日本語（/).fill('利用規約：この窓口は、マイナンバーカードの手続きをビデオ通話でお手伝いします。');
  await terms.getByLabel(/^ベトナム語（/).fill(vietnameseTerms);
  await terms.getByRole('button', { name: /第 2 版として公開/ }).click();
  await expect(admin.getByRole('status').filter({ hasText: '第 2 版を公開しました' })).toBeVisible();
  await expect(terms.getByTestId('consent-terms-missing')).not.toHaveAttribute('data-missing', /\bvi\b/);

  // Privacy: no Vietnamese, but やさしい日本語.
  const privacy = admin.getByTestId('consent-privacy');
  await privacy.getByLabel(/^やさしい日本語（/).fill(easyPrivacy);
  await privacy.getByRole('button', { name: /第 2 版として公開/ }).click();
  await expect(admin.getByRole('status').filter({ hasText: '第 2 版を公開しました' })).toBeVisible();
  await expect(privacy.getByTestId('consent-privacy-missing')).toHaveAttribute('data-missing', /\bvi\b/);

  // An eligibility question for renewals, added in the form in Japanese and Vietnamese.
  const questions = admin.getByTestId('eligibility-form');
  const renewal = questions.locator('[data-testid="eligibility-procedure"][data-procedure="renewal"]');
  await expect(renewal.getByTestId('eligibility-question')).toHaveCount(0);
  await renewal.getByRole('button', { name: /質問を追加/ }).click();
  await expect(renewal.getByTestId('eligibility-question')).toHaveCount(1);
  await expect(questions.getByRole('status')).toContainText('未保存');
  // Saving without the Japanese question is refused at its field.
  await questions.getByRole('button', { name: /質問を保存/ }).click();
  await expect(renewal.locator('#q-renewal-0-text-ja-error')).toContainText('この質問の日本語を入力してください');
  const question = renewal.getByTestId('eligibility-question').first();
  await question.locator('#q-renewal-0-text-ja').fill('有効期限通知書をお持ちですか？');
  // The other languages are folded away under each text.
  await question.getByTestId('q-renewal-0-text-fields').locator('summary').click();
  await question.locator('#q-renewal-0-text-vi').fill('Quý vị có giấy thông báo hết hạn không?');
  await question.locator('#q-renewal-0-guidance-ja').fill('通知書がない場合は市役所 1 階の市民課へお越しください。');
  await question.getByTestId('q-renewal-0-guidance-fields').locator('summary').click();
  await question.locator('#q-renewal-0-guidance-vi').fill('Nếu không có giấy thông báo, vui lòng đến Phòng Thị dân ở tầng 1.');
  await question.getByLabel(/相談へ進める答え/).selectOption('yes');
  await questions.getByRole('button', { name: /質問を保存/ }).click();
  await expect(questions.getByRole('status')).toContainText('質問を保存しました');
  await expect(renewal.getByTestId('eligibility-question')).toHaveAttribute('data-question-id', /^q-[0-9a-f]{8}$/);
  await expect(renewal.locator('[data-testid="q-renewal-0-text-missing"]')).toHaveAttribute('data-missing', 'ja-x-easy en zh-Hans ko pt');
  await admin.screenshot({ path: 'test-results/languages-admin.png', fullPage: true });

  // Town D's operator (every language) is on duty: otherwise the call is refused before it opens (queue.spec.ts).
  const operator = await operatorAvailable(
    await browser.newContext({ baseURL: fixtures.baseURL }),
    loginNamed(fixtures.municipalityD, 'op-d'),
  );

  // The resident chooses Vietnamese: the question and the terms in Vietnamese, the privacy policy in やさしい日本語.
  const booth = await (await browser.newContext({ baseURL: fixtures.baseURL, viewport: { width: 1080, height: 1920 } })).newPage();
  await booth.goto(`/booth/?provision=${fixtures.municipalityD.boothCredential}`);
  await booth.locator('.big.start').click();
  await booth.locator('.choice[lang="vi"]').click();
  await booth.locator('[data-procedure="renewal"]').click();
  const eligibility = booth.getByTestId('eligibility-screen');
  await expect(eligibility.locator('.question')).toHaveText('Quý vị có giấy thông báo hết hạn không?');
  await expect(eligibility.locator('.question')).toHaveAttribute('lang', 'vi');
  await expect(eligibility.locator('.ja-only')).toHaveCount(0);
  await booth.locator('.answer.yes').click();

  const consent = booth.getByTestId('consent-screen');
  const shownTerms = consent.locator('[data-consent="terms"]');
  await expect(shownTerms).toHaveAttribute('data-version', '2');
  await expect(shownTerms.locator('.document')).toHaveText(vietnameseTerms);
  await expect(shownTerms.locator('.document')).toHaveAttribute('data-shown-language', 'vi');
  await expect(shownTerms.locator('.ja-only')).toHaveCount(0);
  const shownPrivacy = consent.locator('[data-consent="privacy"]');
  await expect(shownPrivacy.locator('.document')).toHaveText(easyPrivacy);
  await expect(shownPrivacy.locator('.document')).toHaveAttribute('data-shown-language', 'ja-x-easy');
  await expect(shownPrivacy.locator('.ja-only')).toHaveText('Nội dung này chỉ có bằng tiếng Nhật đơn giản (やさしい日本語).');
  await booth.screenshot({ path: 'test-results/languages-booth-consent-vi.png' });

  await booth.locator('.big.agree').click();
  await expect(booth.getByTestId('waiting-screen')).toBeVisible();
  const sessionId = (await booth.locator('[data-session-id]').getAttribute('data-session-id'))!;
  const [session] = await queryDb('SELECT language, consent_version FROM session WHERE id = ?', [sessionId]);
  expect(session).toMatchObject({ language: 'vi', consent_version: 'terms:2:vi,privacy:2:ja-x-easy' });
  await booth.locator('.big.cancel').click();
  await expect(booth.getByTestId('attract-screen')).toBeVisible();

  await booth.context().close();
  await operator.context().close();
  await admin.context().close();
});

test('a question added in the form can be removed before it is saved', async ({ browser }) => {
  const admin = await logIn(
    browser,
    `/admin/municipalities/${fixtures.municipalityD.municipalityId}`,
    loginNamed(fixtures.municipalityA, 'admin-a'),
  );
  const lost = admin.locator('[data-testid="eligibility-procedure"][data-procedure="lost_reissue"]');
  await lost.getByRole('button', { name: /質問を追加/ }).click();
  await lost.getByRole('button', { name: /質問を追加/ }).click();
  await expect(lost.getByTestId('eligibility-question')).toHaveCount(2);
  await lost.locator('#q-lost_reissue-1-text-ja').fill('二問目');
  await lost.getByRole('button', { name: /質問 1 を削除/ }).click();
  await expect(lost.getByTestId('eligibility-question')).toHaveCount(1);
  await expect(lost.locator('#q-lost_reissue-0-text-ja')).toHaveValue('二問目');
  // Not saved: a reload shows the saved questions (none).
  await admin.reload();
  await expect(lost.getByTestId('eligibility-question')).toHaveCount(0);
  await admin.context().close();
});
