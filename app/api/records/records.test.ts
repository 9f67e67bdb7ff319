/**
 * Incidents with escalation to town staff, and the inquiry log, through the real API on a real
 * libSQL file: who was notified, by whom and when; town scoping; validation that stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyOf, count, createTestApp, refusal, type TestApp } from '../../test/test-context';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The typed API as that login, in Japanese. */
const api = async (login: string) => (await t.as(login, { 'Accept-Language': 'ja' })).v1;
type NewIncident = NonNullable<Parameters<Awaited<ReturnType<typeof api>>['incidents']['$post']>[0]>['json'];
type IncidentChange = NonNullable<Parameters<Awaited<ReturnType<typeof api>>['incidents'][':id']['actions']['$post']>[0]>['json'];
type IncidentQuery = NonNullable<Parameters<Awaited<ReturnType<typeof api>>['incidents']['$get']>[0]>['query'];

const report = async (login: string, municipalityId: string, over: Partial<NewIncident> = {}) => {
  const json = { municipalityId, kind: 'complaint', severity: 'medium', summary: '待ち時間が長いとのご意見', ...over } as const;
  return bodyOf(await (await api(login)).incidents.$post({ json }), 201);
};
const change = async (login: string, id: string, json: IncidentChange) =>
  (await api(login)).incidents[':id'].actions.$post({ param: { id }, json });
const incidents = async (login: string, query: IncidentQuery = {}) =>
  (await bodyOf(await (await api(login)).incidents.$get({ query }), 200)).items;

describe('escalation to town staff', () => {
  it('stores who was notified, who escalated and when; staff of that town see it and acknowledge it', async () => {
    const incident = await report('op-a', t.municipalityA.municipalityId);
    expect(incident).toMatchObject({ status: 'open', notified: null, escalatedBy: null, escalatedAt: null });

    const before = Date.now();
    const escalated = await bodyOf(await change('supervisor', incident.id, { action: 'escalate', notified: ' 住民課　担当係長 ' }), 200);
    expect(escalated).toMatchObject({ status: 'escalated', notified: '住民課 担当係長', escalatedBy: t.accountIds.supervisor });
    expect(Date.parse(escalated.escalatedAt!)).toBeGreaterThanOrEqual(before - 5);

    // Town A's staff see it with the escalation; town B's staff do not, not even by id.
    const seen = (await incidents('staff-a', { status: 'escalated' })).find((i) => i.id === incident.id);
    expect(seen).toMatchObject({ notified: '住民課 担当係長', escalatedBy: t.accountIds.supervisor });
    expect((await incidents('staff-b')).map((i) => i.id)).not.toContain(incident.id);
    expect((await change('staff-b', incident.id, { action: 'acknowledge' })).status).toBe(404);

    const ack = await bodyOf(await change('staff-a', incident.id, { action: 'acknowledge' }), 200);
    expect(ack).toMatchObject({ status: 'escalated', acknowledgedBy: t.accountIds['staff-a'], notified: '住民課 担当係長' });
    expect(ack.acknowledgedAt).not.toBeNull();
    // Both steps are in the audit log.
    expect(
      await count(t.ctx, "SELECT count(*) FROM audit_log WHERE target_id = ? AND action IN ('incident.escalate', 'incident.acknowledge')", [
        incident.id,
      ]),
    ).toBe(2);

    const resolved = await bodyOf(
      await change('supervisor', incident.id, { action: 'resolve', resolution: '混雑時間帯の案内を掲示' }),
      200,
    );
    expect(resolved).toMatchObject({ status: 'resolved', resolution: '混雑時間帯の案内を掲示', notified: '住民課 担当係長' });
  });

  it('refuses an escalation without a proper section or role, in both languages, and changes nothing', async () => {
    const incident = await report('op-a', t.municipalityA.municipalityId);
    const bad: IncidentChange[] = [
      { action: 'escalate' },
      { action: 'escalate', notified: '   ' },
      { action: 'escalate', notified: '市民課 090-1234-5678' },
      { action: 'escalate', notified: '123456789012' },
      { action: 'escalate', notified: 'kakari@example.jp' },
      { action: 'escalate', notified: '課'.repeat(61) },
      { action: 'acknowledge', notified: '市民課' },
    ];
    for (const body of bad) {
      const problem = await refusal(change('supervisor', incident.id, body));
      expect(problem.messages.ja, JSON.stringify(body)).toBeTruthy();
      expect(problem.messages.en).toBeTruthy();
    }
    const row = (await incidents('supervisor', { status: 'open', limit: '200' })).find((i) => i.id === incident.id);
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
    const ids = async (query: IncidentQuery) => (await incidents('supervisor', { limit: '200', ...query })).map((i) => i.id);
    expect(await ids({ kind: 'incident' })).toContain(fault.id);
    expect(await ids({ kind: 'incident' })).not.toContain(complaint.id);
    expect(await ids({ kind: 'complaint' })).toContain(complaint.id);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(await ids({ from: future })).toEqual([]);
    expect(await ids({ to: future, kind: 'complaint' })).toContain(complaint.id);
    expect(await ids({ municipalityId: t.municipalityB.municipalityId })).not.toContain(fault.id);
    // A kind the API does not know, as a browser could send it.
    expect((await t.api.request('/v1/incidents?kind=accident', { headers: { Cookie: await t.cookieFor('supervisor') } })).status).toBe(400);
  });
});

describe('inquiry log by category', () => {
  it('logs inquiries for a town and counts them per category ア–ケ; other towns see none of it', async () => {
    const log = async (login: string, municipalityId: string, category: 'a' | 'ka' | 'ke') =>
      (await api(login)).inquiries.$post({ json: { municipalityId, channel: 'phone', category, durationSeconds: 120 } });
    for (const category of ['a', 'a', 'ka', 'ke'] as const) {
      expect((await log('op-a', t.municipalityA.municipalityId, category)).status).toBe(201);
    }
    await log('op-b', t.municipalityB.municipalityId, 'a');
    // An operator of town B cannot log for town A.
    expect((await log('op-b', t.municipalityA.municipalityId, 'a')).status).toBe(403);

    const counts = async (login: string, query: { to?: string } = {}) =>
      bodyOf(await (await api(login)).inquiries.counts.$get({ query }), 200);
    const a = await counts('staff-a');
    expect(a.counts).toMatchObject({ a: 2, ka: 1, ke: 1, i: 0, u: 0 });
    expect(a.total).toBe(4);
    expect(await counts('staff-b')).toMatchObject({ total: 1, counts: { a: 1 } });
    const byCategory = (await bodyOf(await (await api('staff-a')).inquiries.$get({ query: { category: 'a' } }), 200)).items;
    expect(byCategory).toHaveLength(2);
    expect(byCategory.every((i) => i.municipalityId === t.municipalityA.municipalityId)).toBe(true);
    // A period before today holds none.
    expect((await counts('staff-a', { to: new Date(Date.now() - 86_400_000).toISOString() })).total).toBe(0);
  });
});
