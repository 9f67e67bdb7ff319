import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weekdayCalendar } from '../domain/calendar';
import { bodyOf, createTestApp, problemOf, type TestApp } from '../test/test-context';

let t: TestApp;
let adminCookie: string;
let staffACookie: string;

beforeAll(async () => {
  t = await createTestApp();
  adminCookie = await t.cookieFor('admin');
  staffACookie = await t.cookieFor('staff-a');
});
afterAll(async () => {
  await t.close();
});

async function call(cookie: string, method: string, path: string, body?: unknown) {
  const response = await t.api.request(path, {
    method,
    headers: { Cookie: cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, any> };
}

async function tableCounts() {
  const tables = (
    await t.ctx.database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
  ).rows.map((r) => String(r.name));
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await t.ctx.database.client.execute(`SELECT count(*) FROM "${table}"`)).rows[0]?.[0]);
  return counts;
}

describe('validation: a clear 4xx in both languages, and nothing stored', () => {
  const A = () => t.municipalityA.municipalityId;
  const cases: [string, number, () => [string, string, unknown?]][] = [
    ['municipality with a wrong check digit', 400, () => ['POST', '/v1/municipalities', { code: '243249', name: '町' }]],
    ['municipality without a name', 400, () => ['POST', '/v1/municipalities', { code: '131016' }]],
    [
      'municipality offering an unknown procedure',
      400,
      () => ['POST', '/v1/municipalities', { code: '131016', name: '区', procedures: ['teleport'] }],
    ],
    [
      'municipality with a repeated procedure',
      400,
      () => ['POST', '/v1/municipalities', { code: '131016', name: '区', procedures: ['renewal', 'renewal'] }],
    ],
    ['municipality with an unknown field', 400, () => ['POST', '/v1/municipalities', { code: '131016', name: '区', mayor: '誰か' }]],
    ['municipality code already registered', 409, () => ['POST', '/v1/municipalities', { code: '243248', name: '東員町' }]],
    ['municipality patch that changes nothing', 400, () => ['PATCH', `/v1/municipalities/${A()}`, {}]],
    [
      'eligibility question without Japanese text',
      400,
      () => [
        'PATCH',
        `/v1/municipalities/${A()}`,
        { eligibility: { renewal: [{ id: 'form', text: { en: 'Form?' }, proceedIf: true, guidance: { ja: '窓口へ' } }] } },
      ],
    ],
    [
      'alert webhook that is not an http(s) URL',
      400,
      () => ['PATCH', `/v1/municipalities/${A()}`, { alertWebhookUrl: 'javascript:alert(1)' }],
    ],
    ['outage alert after 0 minutes', 400, () => ['PATCH', `/v1/municipalities/${A()}`, { outageAlertMinutes: 0 }]],
    [
      'consent document without Japanese',
      400,
      () => ['POST', `/v1/municipalities/${A()}/consent`, { kind: 'terms', texts: { en: 'Terms' } }],
    ],
    [
      'consent document of an unknown kind',
      400,
      () => ['POST', `/v1/municipalities/${A()}/consent`, { kind: 'cookies', texts: { ja: '規約' } }],
    ],
    [
      'booth in an unknown municipality',
      404,
      () => ['POST', '/v1/booths', { municipalityId: '00000000-0000-4000-8000-000000000000', name: 'x', kind: 'mall' }],
    ],
    ['booth of an unknown kind', 400, () => ['POST', '/v1/booths', { municipalityId: A(), name: 'x', kind: 'spaceship' }]],
    [
      'booth with an invalid calendar',
      400,
      () => [
        'POST',
        '/v1/booths',
        { municipalityId: A(), name: 'x', kind: 'mall', calendar: weekdayCalendar([{ start: '08:00', end: '12:00' }]).weekly.slice(1) },
      ],
    ],
    ['booth patch with a 101-character name', 400, () => ['PATCH', `/v1/booths/${t.municipalityA.boothId}`, { name: 'x'.repeat(101) }]],
    [
      'calendar with overlapping ranges',
      400,
      () => [
        'PUT',
        `/v1/booths/${t.municipalityA.boothId}/calendar`,
        {
          ...weekdayCalendar([]),
          weekly: [
            [],
            [
              { start: '09:00', end: '12:00' },
              { start: '11:00', end: '13:00' },
            ],
            [],
            [],
            [],
            [],
            [],
          ],
        },
      ],
    ],
    [
      'calendar with 25:00',
      400,
      () => [
        'PUT',
        `/v1/booths/${t.municipalityA.boothId}/calendar`,
        { ...weekdayCalendar([]), weekly: [[], [{ start: '09:00', end: '25:00' }], [], [], [], [], []] },
      ],
    ],
    [
      'account with a short password',
      400,
      () => ['POST', '/v1/accounts', { loginId: 'newbie', password: 'short', displayName: 'x', role: 'operator' }],
    ],
    [
      'account with an upper-case login id',
      400,
      () => ['POST', '/v1/accounts', { loginId: 'NewBie', password: 'a long enough pass', displayName: 'x', role: 'operator' }],
    ],
    [
      'account with an unknown role',
      400,
      () => ['POST', '/v1/accounts', { loginId: 'newbie', password: 'a long enough pass', displayName: 'x', role: 'mayor' }],
    ],
    [
      'account in an unknown municipality',
      400,
      () => [
        'POST',
        '/v1/accounts',
        {
          loginId: 'newbie',
          password: 'a long enough pass',
          displayName: 'x',
          role: 'operator',
          municipalityIds: ['00000000-0000-4000-8000-000000000000'],
        },
      ],
    ],
    [
      'account login id already taken',
      409,
      () => ['POST', '/v1/accounts', { loginId: 'op-a', password: 'a long enough pass', displayName: 'x', role: 'operator' }],
    ],
    ['an admin demoting themselves', 409, () => ['PATCH', `/v1/accounts/${t.accountIds.admin}`, { role: 'operator' }]],
    [
      'incident with an empty summary',
      400,
      () => ['POST', '/v1/incidents', { municipalityId: A(), kind: 'incident', severity: 'low', summary: '  ' }],
    ],
    [
      "incident naming another town's booth",
      400,
      () => [
        'POST',
        '/v1/incidents',
        { municipalityId: A(), boothId: t.municipalityB.boothId, kind: 'incident', severity: 'low', summary: '故障' },
      ],
    ],
    [
      'incident action that does not exist',
      400,
      () => ['POST', `/v1/incidents/00000000-0000-4000-8000-000000000000/actions`, { action: 'delete' }],
    ],
    ['inquiry of an unknown category', 400, () => ['POST', '/v1/inquiries', { municipalityId: A(), channel: 'phone', category: 'ko' }]],
    [
      'inquiry lasting minus a minute',
      400,
      () => ['POST', '/v1/inquiries', { municipalityId: A(), channel: 'phone', category: 'a', durationSeconds: -60 }],
    ],
    ['list page of 0', 400, () => ['GET', '/v1/sessions?limit=0']],
    ['list page of 1000', 400, () => ['GET', '/v1/booths?limit=1000']],
    ['forged cursor', 400, () => ['GET', '/v1/municipalities?cursor=bm90LWpzb24']],
    [
      'cursor beyond any date',
      400,
      () => ['GET', `/v1/municipalities?cursor=${Buffer.from(JSON.stringify([1e300, 'x'])).toString('base64url')}`],
    ],
    ['period that is not a date', 400, () => ['GET', '/v1/sessions?from=yesterday']],
    ['malformed JSON', 400, () => ['POST', '/v1/inquiries', '{"municipalityId":']],
  ];

  it.each(cases)('%s → %i', async (_, expected, build) => {
    const [method, path, body] = build();
    const before = await tableCounts();
    const { status, body: problem } = await call(adminCookie, method, path, body);
    expect(status).toBe(expected);
    expect(problem.messages.ja.length).toBeGreaterThan(0);
    expect(problem.messages.en.length).toBeGreaterThan(0);
    expect(problem.detail).toBe(problem.messages.ja);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('resources behave as the people using them expect', () => {
  it('provisions a booth whose credential works once issued and stops when revoked', async () => {
    const { status, body } = await call(adminCookie, 'POST', '/v1/booths', {
      municipalityId: t.municipalityA.municipalityId,
      name: 'イオンモール東員',
      kind: 'mall',
      calendar: weekdayCalendar([{ start: '10:00', end: '20:00' }]),
    });
    expect(status).toBe(201);
    expect(body.credential).toMatch(/^mdgb_/);
    expect(body.booth).not.toHaveProperty('credentialHash');
    expect(body.booth.hasCredential).toBe(true);
    const me = await t.booth(body.credential).v1.booth.me.$get();
    expect(me.status).toBe(200);
    expect((await bodyOf(me, 200)).booth.name).toBe('イオンモール東員');

    const reissued = await call(adminCookie, 'POST', `/v1/booths/${body.booth.id}/credential`);
    expect((await t.asBooth(body.credential, 'GET', '/v1/booth/me')).status).toBe(401);
    expect((await t.asBooth(reissued.body.credential, 'GET', '/v1/booth/me')).status).toBe(200);

    await call(adminCookie, 'DELETE', `/v1/booths/${body.booth.id}/credential`);
    expect((await t.asBooth(reissued.body.credential, 'GET', '/v1/booth/me')).status).toBe(401);

    const audit = await call(adminCookie, 'GET', '/v1/audit-log?limit=10');
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['booth.provisioned', 'booth.credential_issued', 'booth.credential_revoked']),
    );
  });

  it('pages through a list with cursors, without repeats or gaps', async () => {
    for (let i = 0; i < 5; i++)
      await call(adminCookie, 'POST', '/v1/inquiries', { municipalityId: t.municipalityA.municipalityId, channel: 'phone', category: 'i' });
    const all = (await call(adminCookie, 'GET', '/v1/inquiries?limit=200')).body.items.map((i: { id: string }) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await call(adminCookie, 'GET', `/v1/inquiries?limit=2${cursor ? `&cursor=${cursor}` : ''}`)) as unknown as {
        body: { items: { id: string }[]; nextCursor: string | null };
      };
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it('versions the terms, and a booth must accept the current ones to call', async () => {
    const A = t.municipalityA.municipalityId;
    await call(adminCookie, 'POST', `/v1/municipalities/${A}/consent`, { kind: 'terms', texts: { ja: '利用規約 第1版' } });
    await call(adminCookie, 'POST', `/v1/municipalities/${A}/consent`, { kind: 'privacy', texts: { ja: 'プライバシーポリシー 第1版' } });
    const second = await call(adminCookie, 'POST', `/v1/municipalities/${A}/consent`, {
      kind: 'terms',
      texts: { ja: '利用規約 第2版', en: 'Terms v2' },
    });
    expect(second.body.version).toBe(2);
    const current = await call(staffACookie, 'GET', `/v1/municipalities/${A}/consent`);
    expect(current.body.terms.version).toBe(2);
    expect(current.body.privacy.version).toBe(1);

    // An English-speaking operator is on duty, so the call can be taken once the terms are accepted.
    await t.ctx.accountAdmin.update(await t.principal('admin'), t.accountIds['op-a']!, { languages: ['ja', 'en'] });
    const without = await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/sessions', {
      procedure: 'renewal',
      language: 'en',
    });
    expect(without.status).toBe(400);
    expect((await problemOf(without)).code).toBe('consent_required');
    const outdated = await t.asBooth(t.municipalityA.boothCredential, 'POST', '/v1/booth/sessions', {
      procedure: 'renewal',
      language: 'en',
      consent: { terms: 1, privacy: 1 },
    });
    expect(outdated.status).toBe(409);
    const consented = { procedure: 'renewal', language: 'en', consent: { terms: 2, privacy: 1 } } as const;
    const accepted = await t.booth(t.municipalityA.boothCredential).v1.booth.sessions.$post({ json: consented });
    expect(accepted.status).toBe(201);
    const { sessionId } = await bodyOf(accepted, 201);
    const record = await call(staffACookie, 'GET', `/v1/sessions/${sessionId}`);
    expect(record.body).toMatchObject({
      procedure: 'renewal',
      language: 'en',
      consentVersion: 'terms:2:en,privacy:1:ja',
      status: 'waiting',
      waitMs: null,
    });
    expect(record.body.events.map((e: { type: string }) => e.type)).toContain('requested');
  });

  it('tells the booth what to show: procedures, eligibility, consent and whether it is open', async () => {
    const A = t.municipalityA.municipalityId;
    await call(adminCookie, 'PATCH', `/v1/municipalities/${A}`, {
      procedures: ['renewal', 'health_insurance'],
      eligibility: {
        renewal: [
          { id: 'form', text: { ja: '交付申請書をお持ちですか？' }, proceedIf: true, guidance: { ja: '申請書は窓口でお渡しします。' } },
        ],
      },
    });
    await call(adminCookie, 'PUT', `/v1/booths/${t.municipalityA.boothId}/calendar`, weekdayCalendar([{ start: '08:15', end: '17:00' }]));
    const me = await bodyOf(await t.booth(t.municipalityA.boothCredential).v1.booth.me.$get(), 200);
    expect(me.municipality.procedures).toEqual(['renewal', 'health_insurance']);
    expect(me.municipality.eligibility.renewal?.[0]?.id).toBe('form');
    expect(typeof me.opening.open).toBe('boolean');
    expect(me.opening.nextOpening).toMatch(/T\d\d:15:00.000Z$|T23:15:00.000Z$/);
  });

  it('escalates an incident to town staff, who acknowledge it; a second acknowledgement conflicts', async () => {
    const reported = await call(adminCookie, 'POST', '/v1/incidents', {
      municipalityId: t.municipalityA.municipalityId,
      boothId: t.municipalityA.boothId,
      kind: 'incident',
      severity: 'high',
      summary: '回線断',
    });
    const id = reported.body.id;
    expect((await call(staffACookie, 'POST', `/v1/incidents/${id}/actions`, { action: 'acknowledge' })).status).toBe(409);
    expect(
      (await call(adminCookie, 'POST', `/v1/incidents/${id}/actions`, { action: 'escalate', notified: '住民課 担当係長' })).body.status,
    ).toBe('escalated');
    const ack = await call(staffACookie, 'POST', `/v1/incidents/${id}/actions`, { action: 'acknowledge' });
    expect(ack.body.acknowledgedBy).toBe(t.accountIds['staff-a']);
    expect((await call(staffACookie, 'POST', `/v1/incidents/${id}/actions`, { action: 'acknowledge' })).status).toBe(409);
    expect(
      (await call(adminCookie, 'POST', `/v1/incidents/${id}/actions`, { action: 'resolve', resolution: 'ルーター交換' })).body.status,
    ).toBe('resolved');
  });

  it('changes only what a patch names', async () => {
    const A = t.municipalityA.municipalityId;
    await call(adminCookie, 'PATCH', `/v1/municipalities/${A}`, { procedures: ['renewal', 'bank_account'] });
    const renamed = await call(adminCookie, 'PATCH', `/v1/municipalities/${A}`, { name: '東員町（改）' });
    expect(renamed.body).toMatchObject({
      name: '東員町（改）',
      procedures: ['renewal', 'bank_account'],
      alertWebhookUrl: null,
      outageAlertMinutes: 5,
    });
    const alerting = await call(adminCookie, 'PATCH', `/v1/municipalities/${A}`, {
      alertWebhookUrl: 'https://alerts.example.lg.jp/madoguchi',
      outageAlertMinutes: 15,
    });
    expect(alerting.body).toMatchObject({
      name: '東員町（改）',
      alertWebhookUrl: 'https://alerts.example.lg.jp/madoguchi',
      outageAlertMinutes: 15,
    });
    expect((await call(adminCookie, 'PATCH', `/v1/municipalities/${A}`, { alertWebhookUrl: null })).body).toMatchObject({
      alertWebhookUrl: null,
      outageAlertMinutes: 15,
    });
    const opId = t.accountIds['op-a']!;
    const before = (await call(adminCookie, 'GET', `/v1/accounts/${opId}`)).body;
    const after = (await call(adminCookie, 'PATCH', `/v1/accounts/${opId}`, { displayName: 'オペレーター 鈴木' })).body;
    expect(after).toMatchObject({
      displayName: 'オペレーター 鈴木',
      municipalityIds: before.municipalityIds,
      languages: before.languages,
      role: 'operator',
    });
    const moved = await call(adminCookie, 'PATCH', `/v1/accounts/${opId}`, { municipalityIds: [t.municipalityB.municipalityId] });
    expect(moved.status).toBe(200);
    expect(moved.body.municipalityIds).toEqual([t.municipalityB.municipalityId]);
    await call(adminCookie, 'PATCH', `/v1/accounts/${opId}`, { municipalityIds: before.municipalityIds });
  });

  it('refuses a cross-site write even with a valid cookie', async () => {
    const response = await t.api.request('/v1/inquiries', {
      method: 'POST',
      headers: { Cookie: adminCookie, 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: JSON.stringify({ municipalityId: t.municipalityA.municipalityId, channel: 'phone', category: 'a' }),
    });
    expect(response.status).toBe(403);
  });
});
