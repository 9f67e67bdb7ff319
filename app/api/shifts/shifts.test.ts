/** The shift API on a real libSQL file: planning, refusals in the caller's language, an operator's own view, exports. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, createTestApp, refusal, type TestApp } from '../../test/test-context';

let t: TestApp;
const WEEK = '2027-05-03'; // a Monday
const nineToSix = { startMinute: 540, endMinute: 1080, breakStartMinute: 720, breakEndMinute: 780 };

beforeAll(async () => {
  t = await createTestApp({}, { onDuty: false });
});
afterAll(async () => {
  await t.close();
});

async function call(login: string, method: string, path: string, body?: unknown, lang = 'ja') {
  return t.api.request(path, {
    method,
    headers: {
      Cookie: await t.cookieFor(login),
      'Accept-Language': lang,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('/v1/shifts', () => {
  it('a supervisor plans a week for two operators; the grid shows them', async () => {
    const sv = await t.as('supervisor');
    for (const [login, date] of [
      ['op-a', '2027-05-03'],
      ['op-a', '2027-05-04'],
      ['op-b', '2027-05-03'],
    ] as const) {
      const shift = await bodyOf(await sv.v1.shifts.$post({ json: { accountId: t.accountIds[login]!, date, ...nineToSix } }), 201);
      expect(shift.date).toBe(date);
    }
    const week = await bodyOf(await sv.v1.shifts.$get({ query: { weekStart: WEEK } }), 200);
    expect(week.rows.map((r) => [r.displayName, r.cells.filter(Boolean).length])).toEqual([
      ['オペレーター A', 2],
      ['オペレーター B', 1],
    ]);
  });

  it('an operator gets their own row only, whatever they ask for', async () => {
    const op = await t.as('op-a');
    const week = await bodyOf(await op.v1.shifts.$get({ query: { weekStart: WEEK } }), 200);
    expect(week.rows.map((r) => r.accountId)).toEqual([t.accountIds['op-a']]);
    const other = await bodyOf(
      await op.v1.shifts.$get({ query: { weekStart: WEEK, municipalityId: t.municipalityB.municipalityId } }),
      200,
    );
    expect(other.rows.map((r) => r.accountId)).toEqual([t.accountIds['op-a']]);
  });

  it('an operator cannot change, remove or copy shifts, their own included (403); nothing changes', async () => {
    const week = await bodyOf(await (await t.as('supervisor')).v1.shifts.$get({ query: { weekStart: WEEK } }), 200);
    const own = week.rows.find((r) => r.accountId === t.accountIds['op-a'])!.cells[0]!;
    const change = { ...nineToSix, endMinute: 1200, municipalityIds: own.municipalityIds, languages: own.languages, procedures: [] };
    await refusal(call('op-a', 'PUT', `/v1/shifts/${own.id}`, change), 403);
    await refusal(call('op-a', 'DELETE', `/v1/shifts/${own.id}`), 403);
    await refusal(call('op-a', 'POST', '/v1/shifts/copy-week', { fromWeek: WEEK, toWeek: '2027-05-10' }), 403);
    const after = await bodyOf(await (await t.as('op-a')).v1.shifts.$get({ query: { weekStart: WEEK } }), 200);
    expect(after.rows[0]!.cells[0]!.endMinute).toBe(1080);
  });

  it('town staff have no shifts to read (403)', async () => {
    await refusal(call('staff-a', 'GET', `/v1/shifts?weekStart=${WEEK}`), 403);
  });

  it('an invalid shift is a 400 in the caller’s language, with the fields', async () => {
    const bad = {
      accountId: t.accountIds['op-a'],
      date: '2027-05-05',
      startMinute: 545,
      endMinute: 540,
      breakStartMinute: null,
      breakEndMinute: null,
    };
    const ja = await refusal(call('supervisor', 'POST', '/v1/shifts', bad, 'ja'));
    expect(ja.code).toBe('invalid_shift');
    expect(ja.detail).toContain('15分単位');
    const en = await refusal(call('supervisor', 'POST', '/v1/shifts', bad, 'en-GB,en'));
    expect(en.detail).toContain('quarter hour');
    expect(en.errors?.map((e) => e.path)).toEqual(['startMinute', 'endMinute']);
  });

  it('bounded input: unknown fields, minutes beyond the day, a week not on Monday are 400', async () => {
    const base = { accountId: t.accountIds['op-a'], date: '2027-05-05', ...nineToSix };
    await refusal(call('supervisor', 'POST', '/v1/shifts', { ...base, note: '田中さん 090-…' }));
    await refusal(call('supervisor', 'POST', '/v1/shifts', { ...base, endMinute: 1441 }));
    await refusal(
      call('supervisor', 'POST', '/v1/shifts', { ...base, municipalityIds: Array.from({ length: 201 }, () => crypto.randomUUID()) }),
    );
    const notMonday = await refusal(call('supervisor', 'GET', '/v1/shifts?weekStart=2027-05-04', undefined, 'en'));
    expect(notMonday.code).toBe('not_week_start');
  });

  it('a second shift the same day is a 409', async () => {
    const body = { accountId: t.accountIds['op-a'], date: '2027-05-03', ...nineToSix };
    expect((await refusal(call('admin', 'POST', '/v1/shifts', body), 409)).code).toBe('shift_exists');
  });

  it('copy-week reports what it skipped; planned counts the interval', async () => {
    const sv = await t.as('supervisor');
    await bodyOf(await sv.v1.shifts.$post({ json: { accountId: t.accountIds['op-b']!, date: '2027-05-10', ...nineToSix } }), 201);
    const copied = await bodyOf(await sv.v1.shifts['copy-week'].$post({ json: { fromWeek: WEEK, toWeek: '2027-05-10' } }), 200);
    expect(copied.created.map((s) => s.date).sort()).toEqual(['2027-05-10', '2027-05-11']);
    expect(copied.skipped).toEqual([
      { accountId: t.accountIds['op-b'], displayName: 'オペレーター B', date: '2027-05-10', reason: 'already_planned' },
    ]);
    const planned = await bodyOf(
      await sv.v1.shifts.planned.$get({ query: { date: '2027-05-10', municipalityId: t.municipalityA.municipalityId } }),
      200,
    );
    expect(planned.intervals).toHaveLength(48);
    expect(planned.intervals.find((i) => i.startMinute === 540)!.planned).toBe(1);
    expect(planned.intervals.find((i) => i.startMinute === 720)!.planned).toBe(0);
  });

  it('exports: CSV with BOM for a week, XLSX for a month; an operator’s export has only their shifts', async () => {
    const csv = await call('supervisor', 'GET', `/v1/shifts/export?week=${WEEK}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`madoguchi-shifts-${WEEK}.csv`);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('\r\n');
    expect(text).toContain('オペレーター B');
    const own = await (await call('op-a', 'GET', `/v1/shifts/export?week=${WEEK}&format=csv&lang=en`)).text();
    expect(own).toContain('Operator,Date');
    expect(own).not.toContain('オペレーター B');
    const xlsx = await call('admin', 'GET', '/v1/shifts/export?month=2027-05&format=xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b])); // a zip
    await refusal(call('admin', 'GET', `/v1/shifts/export?week=${WEEK}&month=2027-05`));
    await refusal(call('admin', 'GET', '/v1/shifts/export?month=2027-13'));
  });
});
