import { expect, test } from '@playwright/test';
import { loadFixtures, loginOf, queryDb } from '../fixtures';
import { operatorAvailable, residentWalksUp } from '../journey';
import { logIn } from '../login';

const fixtures = loadFixtures();
const admin = loginOf(fixtures.municipalityA, 'admin');
const operator = loginOf(fixtures.municipalityA, 'operator');
// Created by the administrator through the API at the start (run-e2e.ts seeds no staff or supervisor).
const supervisor = { loginId: 'rec-supervisor', password: 'records e2e supervisor' };
const staffA = { loginId: 'rec-staff-a', password: 'records e2e staff a' };
const staffB = { loginId: 'rec-staff-b', password: 'records e2e staff b' };

test.beforeAll(async ({ browser }) => {
  const page = await logIn(browser, '/admin', admin);
  for (const [login, role, municipalityId, displayName] of [
    [supervisor, 'supervisor', null, 'SV 記録E2E'],
    [staffA, 'town_staff', fixtures.municipalityA.municipalityId, '東員町 住民課'],
    [staffB, 'town_staff', fixtures.municipalityB.municipalityId, '人吉市 市民課'],
  ] as const) {
    const created = await page.request.post('/api/v1/accounts', {
      data: {
        loginId: login.loginId,
        password: login.password,
        displayName,
        role,
        municipalityIds: municipalityId ? [municipalityId] : [],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
  }
  await page.context().close();
});

test('FAQ editions reach the operator once approved; an escalation reaches town A staff only, naming who was notified', async ({
  browser,
}) => {
  const adminPage = await logIn(browser, '/admin', admin);

  // --- FAQ: a draft is invisible to operators; approved by someone other than its author, it appears.
  const sv = await logIn(browser, '/admin/faq', supervisor);
  const question = 'E2E: 写真の背景に物が写り込む';
  await sv.getByLabel('質問', { exact: true }).fill(question);
  await sv.getByLabel('回答', { exact: true }).fill('無地の壁の前に立っていただき、撮り直してください。');
  await sv.getByRole('button', { name: /下書きを保存/ }).click();
  await expect(sv).toHaveURL(/\/admin\/faq\/[0-9a-f-]{36}$/);
  const entryPath = new URL(sv.url()).pathname;
  const history = sv.getByTestId('faq-history');
  await expect(history.locator('tr[data-version="1"]')).toContainText('初版');
  // The author cannot approve their own draft.
  await expect(history.locator('tr[data-version="1"]').getByRole('button', { name: /承認する/ })).toHaveCount(0);

  const op = await logIn(browser, '/console/records', operator);
  const panel = op.getByTestId('faq-panel');
  await expect(panel.getByText(/読み込み中/)).toHaveCount(0);
  await expect(panel).not.toContainText(question);

  await adminPage.goto(entryPath);
  await adminPage
    .getByTestId('faq-history')
    .locator('tr[data-version="1"]')
    .getByRole('button', { name: /承認する/ })
    .click();
  await expect(adminPage.getByRole('status')).toContainText('承認しました');
  await expect(adminPage.getByTestId('faq-history').locator('tr[data-version="1"]')).toContainText('管理者 E2E');

  // The supervisor drafts the revised edition; the administrator approves it.
  await sv.reload();
  await sv.getByLabel('回答', { exact: true }).fill('改訂: 背景布を使い、影が出ないよう照明を確認してから撮り直してください。');
  await sv.getByRole('button', { name: /下書きを保存/ }).click();
  await expect(sv.getByRole('status')).toContainText('改訂版');
  await expect(sv.getByTestId('faq-history').locator('tr[data-version="2"]')).toContainText('承認待ち');

  await op.reload();
  const item = panel.getByTestId('faq-item').filter({ hasText: question });
  await expect(item.getByTestId('faq-edition')).toHaveText(/初版/);
  await op.getByLabel('検索').fill('写り込む');
  await expect(panel.getByTestId('faq-item')).toHaveCount(1);

  await adminPage.reload();
  await adminPage
    .getByTestId('faq-history')
    .locator('tr[data-version="2"]')
    .getByRole('button', { name: /承認する/ })
    .click();
  await expect(adminPage.getByRole('status')).toContainText('承認しました');
  await op.reload();
  await expect(item.getByTestId('faq-edition')).toHaveText(/改訂版（第2版）/);
  await item.locator('summary').click();
  await expect(item.getByTestId('faq-answer')).toContainText('背景布');

  // --- Incident: the operator records it, the supervisor escalates it naming who at the town was told.
  const summary = 'E2E: ブースのスピーカーから音が出ない';
  await op.getByLabel('自治体', { exact: true }).last().selectOption(fixtures.municipalityA.municipalityId);
  await op.getByLabel('重要度').selectOption('high');
  await op.getByLabel('内容').fill(summary);
  await op.getByRole('button', { name: '記録する' }).click();
  await expect(op.getByRole('status')).toContainText('インシデント・苦情を記録しました');

  await sv.goto('/admin/incidents?status=open');
  const row = sv.getByTestId('incident-row').filter({ hasText: summary });
  // A phone number is refused, and nothing changes.
  await row.getByLabel(/報告先/).fill('住民課 0594-12-3456');
  await row.getByRole('button', { name: /自治体へ報告/ }).click();
  await expect(sv.getByTestId('incident-error')).toContainText('電話番号');
  await row.getByLabel(/報告先/).fill('住民課 担当係長');
  await row.getByRole('button', { name: /自治体へ報告/ }).click();
  await expect(sv.getByRole('status')).toContainText('自治体へ報告しました');

  const a = await logIn(browser, '/staff/incidents', staffA);
  const seen = a.getByTestId('incident-row').filter({ hasText: summary });
  await expect(seen.getByTestId('notified')).toHaveText('住民課 担当係長');
  await expect(seen.getByTestId('escalation')).toContainText('SV 記録E2E');
  await expect(seen.getByTestId('acknowledged')).toContainText('未確認');
  await seen.getByRole('button', { name: /確認しました/ }).click();
  await expect(seen.getByTestId('acknowledged')).toContainText('東員町 住民課');
  // The incident filter narrows by status, and the period filters of the inquiry log and the
  // ledger are labelled fields that keep what was chosen.
  const status = a.getByLabel(/状態/);
  const chosen = await status.locator('option').nth(1).getAttribute('value');
  expect(chosen).toBeTruthy();
  await status.selectOption(chosen!);
  await a.getByRole('button', { name: /絞り込む/ }).click();
  await expect(a).toHaveURL(new RegExp(`status=${chosen}(&|$)`));
  await expect(a.getByLabel(/状態/)).toHaveValue(chosen!);
  for (const path of ['/staff/inquiries', '/staff/ledger']) {
    const response = await a.goto(`${path}?from=2026-04-01&to=2026-04-30`);
    await expect(a.getByLabel(/開始日/)).toHaveValue('2026-04-01');
    await expect(a.getByLabel(/終了日/)).toHaveValue('2026-04-30');
    // Pages answer with a request id, and the audit entry a page causes carries it.
    const requestId = response!.headers()['x-request-id'];
    expect(requestId).toBeTruthy();
    if (path === '/staff/ledger') {
      expect((await queryDb('SELECT action FROM audit_log WHERE request_id = ?', [requestId!])).map((r) => String(r.action))).toEqual([
        'ledger.read',
      ]);
    }
  }

  const b = await logIn(browser, '/staff/incidents', staffB);
  await expect(b.getByRole('heading', { level: 1 })).toContainText('インシデント');
  await expect(b.getByText(summary)).toHaveCount(0);
  await expect(b.getByText('住民課 担当係長')).toHaveCount(0);
});

test("in a call, the FAQ panel shows the entries for the call's procedure", async ({ browser }) => {
  // Two approved entries: one for this call's procedure, one for another.
  const adminPage = await logIn(browser, '/admin', admin);
  const sv = await logIn(browser, '/admin/faq', supervisor);
  const entries: Record<string, string> = {};
  for (const [procedure, question] of [
    ['health_insurance', 'E2E: 利用登録で暗証番号を忘れた'],
    ['bank_account', 'E2E: 口座登録でカードを2回読み取る'],
  ] as const) {
    const drafted = await adminPage.request.post('/api/v1/faq', {
      data: { procedure, question, answer: '窓口で再設定できます。', effectiveOn: '2025-04-01' },
    });
    expect(drafted.status(), await drafted.text()).toBe(201);
    const { entryId } = (await drafted.json()) as { entryId: string };
    expect((await sv.request.post(`/api/v1/faq/${entryId}/revisions/1/approve`)).status()).toBe(200);
    entries[procedure] = question;
  }

  // The operator takes a health-insurance call from town A's booth.
  const operatorContext = await browser.newContext({ baseURL: fixtures.baseURL });
  const op = await operatorAvailable(operatorContext, operator);
  const boothContext = await browser.newContext({ baseURL: fixtures.baseURL });
  const booth = await residentWalksUp(boothContext, fixtures.municipalityA.boothCredential, 'health_insurance');
  await booth.getByRole('button', { name: /同意して相談する/ }).click();
  await op
    .getByTestId('offer')
    .getByRole('button', { name: /応答する/ })
    .click();
  await expect(op).toHaveURL(/\/console\/sessions\//);

  const panel = op.getByTestId('faq-panel');
  await expect(panel.getByTestId('faq-item').filter({ hasText: entries.health_insurance! }).getByTestId('faq-edition')).toHaveText(/初版/);
  await expect(panel).not.toContainText(entries.bank_account!);

  // End the call and go offline, so nothing of this test is left for the next.
  await op.getByRole('button', { name: /通話を終了/ }).click();
  await expect(op).toHaveURL(/\/console$/);
  await expect(booth.getByTestId('attract-screen')).toBeVisible({ timeout: 20_000 });
  await op.getByRole('button', { name: /オフライン|Offline/ }).click();
  await boothContext.close();
  await operatorContext.close();
});
