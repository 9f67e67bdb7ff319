import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { loadFixtures, loginOf } from '../fixtures';
import { logIn } from '../login';

const fixtures = loadFixtures();
const month = fixtures.reportMonth;
const staffA = loginOf(fixtures.municipalityA, 'town_staff');
const staffB = loginOf(fixtures.municipalityB, 'town_staff');
const admin = loginOf(fixtures.municipalityA, 'admin');
const A = fixtures.municipalityA.municipalityId;
const B = fixtures.municipalityB.municipalityId;

/** The cells of the row whose first cell is `label`, in one report table. */
async function rowOf(page: Page, table: string, label: string): Promise<string[]> {
  const row = page
    .getByTestId(`report-table-${table}`)
    .locator('tr', { has: page.locator('th', { hasText: label }) })
    .first();
  return row.locator('th, td').allInnerTexts();
}

test('the monthly report of the seeded month: the figures on the page, in the JSON, the CSV and the XLSX', async ({ browser }) => {
  const page = await logIn(browser, '/staff', staffA);
  await expect(page.getByRole('heading', { name: /ダッシュボード/ })).toBeVisible();
  await page.getByRole('link', { name: /報告書/ }).click();
  await expect(page).toHaveURL(/\/staff\/reports/);
  // Only one town: no picker, and town B's name nowhere.
  await expect(page.getByTestId('report-municipality')).toHaveCount(0);
  await page.getByTestId('report-period').selectOption('monthly');
  await page.getByTestId('report-key').fill(month);
  await page.getByRole('button', { name: /表示/ }).click();
  await expect(page.getByTestId('report-title')).toContainText(`月次報告書 — 東員町（E2E） ${month}`);
  await expect(page.locator('main')).not.toContainText('人吉市');

  // Hand-computed (app/server/start/seed-reports.ts): 15 sessions, 11 answered, 2 referred at the booth, 2 abandoned.
  expect(await rowOf(page, '手続×結果', '新規申請')).toEqual(['新規申請', '6', '0', '0', '0', '2', '0', '8']);
  expect(await rowOf(page, '手続×結果', '更新申請')).toEqual(['更新申請', '0', '3', '0', '1', '0', '0', '4']);
  expect(await rowOf(page, '手続×結果', '健康保険証利用登録')).toEqual(['健康保険証利用登録', '0', '0', '2', '0', '0', '0', '2']);
  expect((await rowOf(page, '待ち時間', '着信数'))[1]).toBe('13');
  expect((await rowOf(page, '待ち時間', 'サービスレベル'))[1]).toBe('61.5');
  expect((await rowOf(page, '待ち時間', '放棄率'))[1]).toBe('15.4');
  expect((await rowOf(page, '待ち時間', '平均待ち時間'))[1]).toBe('61.2');
  expect((await rowOf(page, '待ち時間', '95パーセンタイル'))[1]).toBe('120');
  expect((await rowOf(page, '待ち時間', '平均対応時間'))[1]).toBe('438.2');
  await expect(page.getByTestId('report-table-待ち時間')).toContainText('放棄率：（放棄 − 短時間放棄）÷ 着信数');
  await expect(page.getByTestId('report-table-待ち時間')).toContainText('目標 80%');
  // The staffing section (issue 16): required vs planned vs actual, with its definitions.
  await expect(page.getByTestId('report-table-人員配置')).toContainText('必要人数');
  await expect(page.getByTestId('report-table-人員配置')).toContainText('計画人数：その自治体を担当するシフト');
  expect((await rowOf(page, '言語別', '日本語'))[1]).toBe('11');
  expect((await rowOf(page, '問合せ', '（カ）'))[1]).toBe('3');
  await expect(page.getByTestId('report-table-インシデント')).toContainText('住民課 担当係長');
  // Town staff read; they do not write the analysis.
  await expect(page.getByTestId('analysis-text')).toHaveCount(0);

  // The same figures in the JSON.
  const json = (await (await page.request.get(`/api/v1/reports/monthly?municipalityId=${A}&month=${month}`)).json()) as {
    figures: { totals: Record<string, number>; queue: Record<string, number> };
  };
  expect(json.figures.totals).toMatchObject({ sessions: 15, answered: 11, referredAtBooth: 2, abandoned: 2, completed: 6 });
  expect(json.figures.queue).toMatchObject({ offered: 13, answeredWithinServiceLevel: 8, p95WaitMs: 120_000 });

  // CSV download: UTF-8 with BOM, Japanese headers.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  expect(csvDownload.suggestedFilename()).toBe(`madoguchi-monthly-243248-${month}.csv`);
  const csv = readFileSync((await csvDownload.path())!);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = csv.toString('utf8');
  expect(text).toContain('手続,完了,未完了,窓口案内,中断,放棄（待ち中）,結果未記録,計');
  expect(text).toContain('新規申請,6,0,0,0,2,0,8');
  expect(text).toContain('サービスレベル（%・60秒）,61.5');
  expect(text).toContain('# 人員配置（必要・計画・実績）');
  expect(text).toContain(
    '曜日,日数,時間帯,平均着信数,平均対応時間（秒）,必要人数,必要人数の根拠,計画人数,実績人数,計画−必要,サービスレベル（%）',
  );

  // XLSX download, parsed here.
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-xlsx').click()]);
  expect(xlsxDownload.suggestedFilename()).toBe(`madoguchi-monthly-243248-${month}.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await xlsxDownload.path())!) as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((w) => w.name)).toEqual(
    expect.arrayContaining(['概要', '手続×結果', 'ブース別', '言語別', '待ち時間', '人員配置', '稼働', 'インシデント', '問合せ', '分析']),
  );
  const rowIn = (sheet: string, label: string) => {
    const ws = workbook.getWorksheet(sheet)!;
    return ws.getRows(1, ws.rowCount)!.find((r) => String(r.getCell(1).value).startsWith(label))!;
  };
  expect(rowIn('手続×結果', '新規申請').getCell(2).value).toBe(6);
  expect(rowIn('手続×結果', '新規申請').getCell(8).value).toBe(8);
  expect(rowIn('待ち時間', 'サービスレベル').getCell(2).value).toBe(61.5);
  expect(rowIn('待ち時間', '95パーセンタイル').getCell(2).value).toBe(120);
  expect(rowIn('概要', 'セッション数').getCell(2).value).toBe(15);
  expect(rowIn('ブース別', 'E2E 役場ブース A').getCell(2).value).toBe(15);
  expect(workbook.getWorksheet('人員配置')!.getRow(2).getCell(6).value).toBe('必要人数');

  // The PDF and the print view exist for the same report.
  const pdf = await page.request.get(`/api/v1/reports/monthly?municipalityId=${A}&month=${month}&format=pdf`);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  const print = await page.context().newPage();
  await print.goto(`/staff/reports/print?municipalityId=${A}&period=monthly&key=${month}`);
  await expect(print.getByTestId('report-title')).toContainText('月次報告書');
  await expect(print.locator('nav')).toHaveCount(0);
});

test('staff of town A cannot see town B: refused by the API, absent from the pages', async ({ browser }) => {
  const page = await logIn(browser, '/staff', staffA);
  for (const path of [
    `/api/v1/reports/monthly?municipalityId=${B}&month=${month}`,
    `/api/v1/reports/daily?municipalityId=${B}&date=${month}-02`,
    `/api/v1/reports/dashboard?municipalityId=${B}`,
  ]) {
    const res = await page.request.get(path);
    expect([403, 404], path).toContain(res.status());
  }
  await page.goto(`/staff?municipalityId=${B}`);
  await expect(page.getByTestId('dashboard-error')).toBeVisible();
  await expect(page.getByTestId('dashboard-municipality')).toHaveCount(0);
  await expect(page.locator('main')).not.toContainText('人吉市');

  // Town B's staff see their own town only, and town A's month is refused to them.
  const b = await logIn(browser, '/staff', staffB);
  await expect(b.getByRole('heading', { name: /人吉市/ })).toBeVisible();
  expect((await b.request.get(`/api/v1/reports/monthly?municipalityId=${A}&month=${month}`)).status()).toBe(404);
});

test('an administrator picks the town, writes the analysis, and staff read it in the report', async ({ browser }) => {
  const page = await logIn(browser, `/staff/reports?municipalityId=${A}&period=monthly&key=${month}`, admin);
  await expect(page.getByTestId('report-municipality')).toContainText('東員町（E2E）');
  await expect(page.getByTestId('report-municipality')).toContainText('人吉市（E2E）');
  await page.getByTestId('analysis-text').fill('10時台の放棄が多い。午前の配置を1名増やす。');
  await page.getByTestId('analysis-save').click();
  await expect(page.getByRole('status')).toContainText('保存しました');
  await expect(page.getByTestId('report-table-分析')).toContainText('午前の配置を1名増やす');

  // N of the service level is a choice: within 30 s only the six 30-second answers count (6/13).
  await page.goto(`/staff/reports?municipalityId=${A}&period=monthly&key=${month}&sl=30`);
  expect(await rowOf(page, '待ち時間', 'サービスレベル（%・30秒）')).toEqual(['サービスレベル（%・30秒）', '46.2']);
  await expect(page.getByTestId('download-csv')).toHaveAttribute('href', /serviceLevelSeconds=30/);

  // The dashboard shows the seeded month as a chosen period, with the charts.
  await page.goto(`/staff?municipalityId=${A}&from=${month}-01&to=${month}-28`);
  await expect(page.getByTestId('figure-sessions').getByTestId('period')).toHaveText('15');
  await expect(page.getByTestId('figure-abandoned').getByTestId('period')).toHaveText('2');
  await expect(page.getByTestId('chart-hour')).toBeVisible();

  const staff = await logIn(browser, `/staff/reports?period=monthly&key=${month}`, staffA);
  await expect(staff.getByTestId('report-table-分析')).toContainText('午前の配置を1名増やす');
});
