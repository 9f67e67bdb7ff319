/**
 * Incidents with escalation to town staff, and the inquiry log, through the real API on a real
 * libSQL file: who was notified, by whom and when; town scoping; validation that stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const login of ['op-a', 'op-b', 'staff-a', 'staff-b', 'supervisor', 'admin']) cookies[login] = await t.cookieFor(login);
});
afterAll(async () => {
  await t.close();
});

async function call(login: string, method: string, path: string, body?: unknown) {
  const response = await t.api.request(path, {
    method,
    headers: { Cookie: cookies[login]!, 'Accept-Language': 'ja', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, any> };
}

const report = async (login: string, municipalityId: string, over: Record<string, unknown> = {}) =>
  (
    await call(login, 'POST', '/v1/incidents', {
      municipalityId,
      kind: 'complaint',
      severity: 'medium',
      summary: '待ち時間が長いとのご意見',
      ...over,
    })
  ).body;

describe('escalation to town staff', () => {
  it('stores who was notified, who escalated and when; staff of that town see it and acknowledge it', async () => {
    const incident = await report('op-a', t.municipalityA.municipalityId);
    expect(incident).toMatchObject({ status: 'open', notified: null, escalatedBy: null, escalatedAt: null });

    const before = Date.now();
    const escalated = await call('supervisor', 'POST', `/v1/incidents/${incident.id}/actions`, {
      action: 'escalate',
      notified: ' 住民課　担当係長 ',
    });
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ status: 'escalated', notified: '住民課 担当係長', escalatedBy: t.accountIds.supervisor });
    expect(Date.parse(escalated.body.escalatedAt)).toBeGreaterThanOrEqual(before - 5);

    // Town A's staff see it with the escalation; town B's staff do not, not even by id.
    const listA = await call('staff-a', 'GET', '/v1/incidents?status=escalated');
    const seen = listA.body.items.find((i: { id: string }) => i.id === incident.id);
    expect(seen).toMatchObject({ notified: '住民課 担当係長', escalatedBy: t.accountIds.supervisor });
    const listB = await call('staff-b', 'GET', '/v1/incidents');
    expect(listB.body.items.map((i: { id: string }) => i.id)).not.toContain(incident.id);
    expect((await call('staff-b', 'POST', `/v1/incidents/${incident.id}/actions`, { action: 'acknowledge' })).status).toBe(404);

    const ack = await call('staff-a', 'POST', `/v1/incidents/${incident.id}/actions`, { action: 'acknowledge' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'escalated', acknowledgedBy: t.accountIds['staff-a'], notified: '住民課 担当係長' });
    expect(ack.body.acknowledgedAt).not.toBeNull();
    // Both steps are in the audit log.
    expect(
      await count(t.ctx, "SELECT count(*) FROM audit_log WHERE target_id = ? AND action IN ('incident.escalate', 'incident.acknowledge')", [
        incident.id,
      ]),
    ).toBe(2);

    const resolved = await call('supervisor', 'POST', `/v1/incidents/${incident.id}/actions`, {
      action: 'resolve',
      resolution: '混雑時間帯の案内を掲示',
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: '混雑時間帯の案内を掲示', notified: '住民課 担当係長' });
  });

  it('refuses an escalation without a proper section or role, in both languages, and changes nothing', async () => {
    const incident = await report('op-a', t.municipalityA.municipalityId);
    const bad: unknown[] = [
      { action: 'escalate' },
      { action: 'escalate', notified: '   ' },
      { action: 'escalate', notified: '市民課 090-1234-5678' },
      { action: 'escalate', notified: '123456789012' },
      { action: 'escalate', notified: 'kakari@example.jp' },
      { action: 'escalate', notified: '課'.repeat(61) },
      { action: 'acknowledge', notified: '市民課' },
    ];
    for (const body of bad) {
      const response = await call('supervisor', 'POST', `/v1/incidents/${incident.id}/actions`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.messages.ja).toBeTruthy();
      expect(response.body.messages.en).toBeTruthy();
    }
    const row = (await call('supervisor', 'GET', '/v1/incidents?status=open&limit=200')).body.items.find(
      (i: { id: string }) => i.id === incident.id,
    );
    expect(row).toMatchObject({ status: 'open', notified: null, escalatedBy: null });
    expect(
      await count(t.ctx, 'SELECT count(*) FROM audit_log WHERE target_id = ? AND action = ?', [incident.id, 'incident.escalate']),
    ).toBe(0);
  });

  it('the service itself refuses a phone number as the notified party (forms call it directly)', async () => {
    const incident = await report('op-a', t.municipalityA.municipalityId);
    await expect(
      t.ctx.records.changeIncident(await t.principal('supervisor'), incident.id, 'escalate', { notified: '内線 1234' }),
    ).rejects.toMatchObject({ status: 400, code: 'invalid_notified' });
    await expect(t.ctx.records.changeIncident(await t.principal('supervisor'), incident.id, 'escalate', {})).rejects.toMatchObject({
      status: 400,
    });
  });

  it('two people escalating at once: one succeeds, the other meets a conflict', async () => {
    const incident = await report('op-a', t.municipalityA.municipalityId);
    const [sv, admin] = [await t.principal('supervisor'), await t.principal('admin')];
    const results = await Promise.allSettled([
      t.ctx.records.changeIncident(sv, incident.id, 'escalate', { notified: '住民課' }),
      t.ctx.records.changeIncident(admin, incident.id, 'escalate', { notified: '総務課' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    expect(await count(t.ctx, "SELECT count(*) FROM audit_log WHERE target_id = ? AND action = 'incident.escalate'", [incident.id])).toBe(
      1,
    );
  });

  it('two people acknowledging at once: one is recorded, the other meets a conflict', async () => {
    const incident = await report('op-a', t.municipalityA.municipalityId);
    await t.ctx.records.changeIncident(await t.principal('supervisor'), incident.id, 'escalate', { notified: '住民課' });
    const [staff, admin] = [await t.principal('staff-a'), await t.principal('admin')];
    const results = await Promise.allSettled([
      t.ctx.records.changeIncident(staff, incident.id, 'acknowledge', {}),
      t.ctx.records.changeIncident(admin, incident.id, 'acknowledge', {}),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    expect(
      await count(t.ctx, "SELECT count(*) FROM audit_log WHERE target_id = ? AND action = 'incident.acknowledge'", [incident.id]),
    ).toBe(1);
  });

  it('filters by status, kind and period', async () => {
    const complaint = await report('supervisor', t.municipalityA.municipalityId, { kind: 'complaint' });
    const fault = await report('supervisor', t.municipalityA.municipalityId, { kind: 'incident', severity: 'high', summary: 'カメラ故障' });
    const ids = async (q: string) =>
      (await call('supervisor', 'GET', `/v1/incidents?limit=200&${q}`)).body.items.map((i: { id: string }) => i.id) as string[];
    expect(await ids('kind=incident')).toContain(fault.id);
    expect(await ids('kind=incident')).not.toContain(complaint.id);
    expect(await ids('kind=complaint')).toContain(complaint.id);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await ids(`from=${future}`)).toEqual([]);
    expect(await ids(`to=${future}&kind=complaint`)).toContain(complaint.id);
    expect(await ids(`municipalityId=${t.municipalityB.municipalityId}`)).not.toContain(fault.id);
    expect((await call('supervisor', 'GET', '/v1/incidents?kind=accident')).status).toBe(400);
  });
});

describe('inquiry log by category', () => {
  it('logs inquiries for a town and counts them per category ア–ケ; other towns see none of it', async () => {
    for (const category of ['a', 'a', 'ka', 'ke']) {
      expect(
        (
          await call('op-a', 'POST', '/v1/inquiries', {
            municipalityId: t.municipalityA.municipalityId,
            channel: 'phone',
            category,
            durationSeconds: 120,
          })
        ).status,
      ).toBe(201);
    }
    await call('op-b', 'POST', '/v1/inquiries', { municipalityId: t.municipalityB.municipalityId, channel: 'phone', category: 'a' });
    // An operator of town B cannot log for town A.
    expect(
      (await call('op-b', 'POST', '/v1/inquiries', { municipalityId: t.municipalityA.municipalityId, channel: 'phone', category: 'a' }))
        .status,
    ).toBe(403);

    const a = await call('staff-a', 'GET', '/v1/inquiries/counts');
    expect(a.body.counts).toMatchObject({ a: 2, ka: 1, ke: 1, i: 0, u: 0 });
    expect(a.body.total).toBe(4);
    const b = await call('staff-b', 'GET', '/v1/inquiries/counts');
    expect(b.body).toMatchObject({ total: 1, counts: { a: 1 } });
    const byCategory = await call('staff-a', 'GET', '/v1/inquiries?category=a');
    expect(byCategory.body.items).toHaveLength(2);
    expect(byCategory.body.items.every((i: { municipalityId: string }) => i.municipalityId === t.municipalityA.municipalityId)).toBe(true);
    // A period before today holds none.
    expect((await call('staff-a', 'GET', `/v1/inquiries/counts?to=${new Date(Date.now() - 86_400_000).toISOString()}`)).body.total).toBe(0);
  });
});
