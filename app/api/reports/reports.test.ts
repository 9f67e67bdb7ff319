import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { JSONParsed } from 'hono/utils/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekdayCalendar } from '../../domain/calendar';
import { pastMonth, seedKnownMonth } from '../../server/start/seed-reports';
import { bodyOf, createTestApp, problemOf, type TestApp } from '../../test/test-context';
import { ReportSchema } from './reports.routes';

let t: TestApp;
const month = pastMonth();
const cookies: Record<string, string> = {};
const get = (who: string, path: string, headers: Record<string, string> = {}) =>
  t.api.request(path, { headers: { Cookie: cookies[who]!, ...headers } });

beforeAll(async () => {
  t = await createTestApp();
  await seedKnownMonth(
    t.ctx.database.db,
    { municipalityId: t.municipalityA.municipalityId, boothId: t.municipalityA.boothId, staffId: t.accountIds['staff-a']! },
    month,
  );
  for (const who of ['staff-a', 'staff-b', 'supervisor', 'op-a']) cookies[who] = await t.cookieFor(who);
});
afterAll(async () => {
  await t.close();
});

type Dashboard = Awaited<ReturnType<TestApp['ctx']['reports']['dashboard']>>;

const monthly = (format: string, extra = '') =>
  `/v1/reports/monthly?municipalityId=${t.municipalityA.municipalityId}&month=${month}&format=${format}${extra}`;

describe('GET /v1/reports/monthly', () => {
  it('JSON with the known figures', async () => {
    const res = await get('staff-a', monthly('json'));
    expect(res.status).toBe(200);
    const { figures } = ReportSchema.parse(await res.json());
    expect(figures).toMatchObject({ totals: { sessions: 15 }, queue: { offered: 13 } });
  });

  it('CSV: UTF-8 with BOM, Japanese by default, English with lang=en', async () => {
    const res = await get('staff-a', monthly('csv'));
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain(`madoguchi-monthly-243248-${month}.csv`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('# 手続 × 結果');
    expect(text).toContain('新規申請,6,0,0,0,2,0,8');
    expect(text).toContain('サービスレベル（%・60秒）,61.5');
    const en = await (await get('staff-a', monthly('csv', '&lang=en'))).text();
    expect(en).toContain('New application,6,0,0,0,2,0,8');
    expect(en).toContain('Abandon rate (%),15.4');
  });

  it('XLSX: the sheets, with numbers in cells', async () => {
    const res = await get('staff-a', monthly('xlsx'));
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['概要', '手続×結果', 'ブース別', '言語別', '待ち時間', '稼働', 'インシデント', '問合せ', '分析']),
    );
    const matrix = wb.getWorksheet('手続×結果')!;
    const row = matrix.getRows(1, matrix.rowCount)!.find((r) => r.getCell(1).value === '新規申請')!;
    expect(row.getCell(2).value).toBe(6);
    expect(row.getCell(6).value).toBe(2);
    const inquiries = wb.getWorksheet('問合せ')!;
    const ka = inquiries.getRows(1, inquiries.rowCount)!.find((r) => String(r.getCell(1).value).startsWith('（カ）'))!;
    expect(ka.getCell(2).value).toBe(3);
  });

  it('PDF: a real PDF with an embedded Japanese font subset', async () => {
    const res = await get('staff-a', monthly('pdf'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toMatch(/FontFile2/);
    expect(bytes.toString('latin1')).toMatch(/Identity-H/);
    // Subset: far smaller than the 6 MB font.
    expect(bytes.length).toBeLessThan(1_000_000);
  });

  it('refuses bad input with a 4xx in Japanese and English', async () => {
    for (const [path, status, code] of [
      [`/v1/reports/monthly?municipalityId=${t.municipalityA.municipalityId}&month=2026-13`, 400, 'report_period_format'],
      [`/v1/reports/monthly?municipalityId=${t.municipalityA.municipalityId}&month=2999-01`, 400, 'report_period_future'],
      [`/v1/reports/daily?municipalityId=${t.municipalityA.municipalityId}&date=2026-02-30`, 400, 'report_period_format'],
      [`/v1/reports/daily?municipalityId=${t.municipalityA.municipalityId}&date=26-1-1`, 400, 'invalid_request'],
      [`/v1/reports/monthly?municipalityId=${crypto.randomUUID()}&month=${month}`, 404, 'municipality_not_found'],
      [`/v1/reports/monthly?municipalityId=${t.municipalityA.municipalityId}&month=${month}&format=docx`, 400, 'invalid_request'],
      [`/v1/reports/dashboard?municipalityId=${t.municipalityA.municipalityId}&from=2026-10-10&to=2026-10-01`, 400, 'report_period_order'],
      [`/v1/reports/dashboard?municipalityId=${t.municipalityA.municipalityId}&boothId=${t.municipalityB.boothId}`, 404, 'booth_not_found'],
    ] as const) {
      const res = await get('supervisor', path);
      expect(res.status, path).toBe(status);
      const body = await problemOf(res);
      expect(body.code, path).toBe(code);
      expect(body.messages.ja.length).toBeGreaterThan(0);
      expect(body.messages.en.length).toBeGreaterThan(0);
    }
  });

  it('town B staff cannot see town A; operators cannot see reports', async () => {
    expect((await get('staff-b', monthly('json'))).status).toBe(404);
    expect((await get('staff-b', `/v1/reports/dashboard?municipalityId=${t.municipalityA.municipalityId}`)).status).toBe(404);
    expect((await get('op-a', monthly('json'))).status).toBe(403);
  });
});

describe('dashboard and analysis', () => {
  /** The month's dashboard (its first 28 days) through the typed client, typed as the service builds it (the schema leaves it open). */
  const dashboard = async (who: string, municipalityId: string, query: { boothId?: string } = {}): Promise<JSONParsed<Dashboard>> => {
    const api = await t.as(who);
    const res = await api.v1.reports.dashboard.$get({ query: { municipalityId, from: `${month}-01`, to: `${month}-28`, ...query } });
    return (await bodyOf(res, 200)) as unknown as JSONParsed<Dashboard>;
  };

  it('the dashboard for a chosen period and booth', async () => {
    const body = await dashboard('staff-a', t.municipalityA.municipalityId, { boothId: t.municipalityA.boothId });
    expect(body.period.fromDate).toBe(`${month}-01`);
    expect(body.period.figures.totals.sessions).toBe(15);
    expect(body.period.figures.byHour).toHaveLength(24);
    expect(body.period.figures.byUnit).toHaveLength(1);
  });

  it('charts every hour the booths are open and every hour with a session: a call at 04:00 is on it (not a fixed 06–22)', async () => {
    // Town B: a town-hall booth open 09:00–17:00 on weekdays, and one call at 04:00 Japan time.
    await t.ctx.database.client.execute({
      sql: 'UPDATE booth SET calendar = ? WHERE id = ?',
      args: [JSON.stringify(weekdayCalendar([{ start: '09:00', end: '17:00' }])), t.municipalityB.boothId],
    });
    const at = new Date(`${month}-03T04:20:00+09:00`).getTime();
    await t.ctx.database.client.execute({
      sql: "INSERT INTO session (id, booth_id, municipality_id, room_name, status, requested_at, ended_at) VALUES (?, ?, ?, 'mdg-early', 'ended', ?, ?)",
      args: [randomUUID(), t.municipalityB.boothId, t.municipalityB.municipalityId, at, at + 60_000],
    });
    const body = await dashboard('staff-b', t.municipalityB.municipalityId);
    expect(body.period.figures.byHour[4]).toMatchObject({ hour: 4, sessions: 1 });
    expect(body.period.hours).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    // Town A's booth is open around the clock: all 24 hours.
    const a = await dashboard('staff-a', t.municipalityA.municipalityId);
    expect(a.period.hours).toHaveLength(24);
  });

  it('the supervisor saves the analysis; it is in the report and the XLSX', async () => {
    const res = await t.api.request(`/v1/reports/monthly/${month}/analysis?municipalityId=${t.municipalityA.municipalityId}`, {
      method: 'PUT',
      headers: { Cookie: cookies.supervisor!, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: '午前10時台の放棄が多い。\n午前の配置を1名増やす。' }),
    });
    expect(res.status).toBe(200);
    const report = ReportSchema.parse(await (await get('staff-a', monthly('json'))).json());
    expect(report.analysis?.text).toContain('午前の配置を1名増やす');
    const empty = await t.api.request(`/v1/reports/monthly/${month}/analysis?municipalityId=${t.municipalityA.municipalityId}`, {
      method: 'PUT',
      headers: { Cookie: cookies.supervisor!, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: '   ' }),
    });
    expect(empty.status).toBe(400);
  });
});
