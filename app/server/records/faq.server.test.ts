/**
 * FAQ / manual revisions on a real libSQL file, through the real API: 初版 → 改訂版 after approval,
 * drafts and future revisions hidden from operators, retired entries hidden, history kept, four eyes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../domain/japan-time';
import { bodyOf, count, createTestApp, problemOf, refusal, type TestApp } from '../../test/test-context';
import { seedDemoFaq } from '../start/seed';

let t: TestApp;
const cookies: Record<string, string> = {};
const today = () => localDate(new Date());
const dayAfter = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  for (const login of ['op-a', 'op-b', 'staff-a', 'supervisor', 'admin']) cookies[login] = await t.cookieFor(login);
});
afterAll(async () => {
  await t.close();
});

/** The FAQ routes through the typed client, as that login. */
const faq = async (login: string) => (await t.as(login)).v1.faq;
/** An entry's revision, for approving it. */
const revision = async (login: string, entryId: string, version: number) =>
  (await faq(login))[':entryId'].revisions[':version'].approve.$post({ param: { entryId, version: String(version) } });
/** A revision drafted by that login. */
const draftAs = async (login: string, entryId: string, json: { question: string; answer: string; effectiveOn: string }) =>
  (await faq(login))[':entryId'].revisions.$post({ param: { entryId }, json });
/** What an operator sees today. */
const operatorSees = async (query: { municipalityId?: string; procedure?: 'renewal' | 'bank_account' } = {}) =>
  (await bodyOf(await (await faq('op-a')).$get({ query }), 200)).items;
/** A POST the typed client would not send (bad bodies, bad ids): its status and problem. */
async function rawPost(login: string, path: string, body?: unknown) {
  const response = await t.api.request(path, {
    method: 'POST',
    headers: { Cookie: cookies[login]!, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, problem: await problemOf(response) };
}

describe('FAQ revisions', () => {
  it('初版 is hidden until approved by someone else; a 改訂版 replaces it once approved; the history keeps both', async () => {
    const drafted = await (await faq('supervisor')).$post({
      json: {
        procedure: 'renewal',
        question: '申請書IDが見つからない',
        answer: '交付申請書の QR コードの下にある 23 桁の番号です。申請書がない場合は窓口で新しい申請書を受け取ってください。',
        effectiveOn: today(),
      },
    });
    const draft = await bodyOf(drafted, 201);
    expect(draft).toMatchObject({ version: 1, label: { ja: '初版' }, approvedBy: null, createdBy: t.accountIds.supervisor });
    const { entryId } = draft;
    expect((await operatorSees()).map((e) => e.entryId)).not.toContain(entryId);

    // The author may not publish alone; a second person may.
    expect((await refusal(revision('supervisor', entryId, 1), 409)).code).toBe('faq_own_draft');
    const approved = await bodyOf(await revision('admin', entryId, 1), 200);
    expect(approved).toMatchObject({ approvedBy: t.accountIds.admin });
    expect(approved.approvedAt).not.toBeNull();
    expect((await refusal(revision('admin', entryId, 1), 409)).code).toBe('faq_already_approved');

    const shown = (await operatorSees({ municipalityId: t.municipalityA.municipalityId, procedure: 'renewal' })).find(
      (e) => e.entryId === entryId,
    );
    expect(shown).toMatchObject({ version: 1, label: { ja: '初版' }, question: '申請書IDが見つからない' });
    // Another procedure's list does not carry it.
    expect((await operatorSees({ procedure: 'bank_account' })).map((e) => e.entryId)).not.toContain(entryId);

    // A revision: a draft first (the operator still sees 初版), one draft at a time, then approval.
    const revised = await draftAs('admin', entryId, {
      question: '申請書IDが見つからない',
      answer: '改訂: 有効期限通知書に同封の申請書にも記載があります。',
      effectiveOn: today(),
    });
    expect(await bodyOf(revised, 201)).toMatchObject({ version: 2, label: { ja: '改訂版（第2版）' }, procedure: 'renewal' });
    const second = draftAs('supervisor', entryId, { question: 'x', answer: 'y', effectiveOn: today() });
    expect((await refusal(second, 409)).code).toBe('faq_draft_pending');
    expect((await operatorSees()).find((e) => e.entryId === entryId)?.version).toBe(1);
    expect((await revision('supervisor', entryId, 2)).status).toBe(200);
    const now = (await operatorSees()).find((e) => e.entryId === entryId);
    expect(now).toMatchObject({ version: 2, label: { ja: '改訂版（第2版）' }, approvedBy: t.accountIds.supervisor });
    expect(now?.answer).toContain('改訂');

    const history = await bodyOf(await (await faq('op-a'))[':entryId'].revisions.$get({ param: { entryId } }), 200);
    expect(history.revisions.map((r) => [r.version, r.approvedBy])).toEqual([
      [1, t.accountIds.admin],
      [2, t.accountIds.supervisor],
    ]);
  });

  it('an approved revision that takes effect in the future is not shown yet; the previous one still is', async () => {
    const sv = await t.principal('supervisor');
    const admin = await t.principal('admin');
    const first = await t.ctx.faq.createEntry(sv, {
      question: '暗証番号ロック',
      answer: '窓口で再設定してください。',
      effectiveOn: today(),
    });
    await t.ctx.faq.approve(admin, first.entryId, 1);
    await t.ctx.faq.draftRevision(sv, first.entryId, {
      question: '暗証番号ロック',
      answer: '来月から: コンビニでも再設定できます。',
      effectiveOn: dayAfter(today(), 30),
    });
    await t.ctx.faq.approve(admin, first.entryId, 2);
    expect((await operatorSees()).find((e) => e.entryId === first.entryId)?.version).toBe(1);
    const later = await t.ctx.faq.current(await t.principal('op-a'), { today: dayAfter(today(), 30) });
    expect(later.find((e) => e.entryId === first.entryId)?.version).toBe(2);
    // A new entry effective tomorrow is not there today at all.
    const tomorrow = await t.ctx.faq.createEntry(sv, { question: '明日から', answer: '明日から有効', effectiveOn: dayAfter(today(), 1) });
    await t.ctx.faq.approve(admin, tomorrow.entryId, 1);
    expect((await operatorSees()).map((e) => e.entryId)).not.toContain(tomorrow.entryId);
  });

  it('a retired entry is hidden, keeps its history, and takes no more revisions', async () => {
    const sv = await t.principal('supervisor');
    const entry = await t.ctx.faq.createEntry(sv, { question: '廃止予定', answer: '古い案内', effectiveOn: today() });
    await t.ctx.faq.approve(await t.principal('admin'), entry.entryId, 1);
    expect((await operatorSees()).map((e) => e.entryId)).toContain(entry.entryId);
    const param = { entryId: entry.entryId };
    const retire = async () => (await faq('supervisor'))[':entryId'].retire.$post({ param });
    expect(await bodyOf(await retire(), 200)).toMatchObject({ retired: true, revisions: [{ version: 1, retired: true }] });
    expect((await operatorSees()).map((e) => e.entryId)).not.toContain(entry.entryId);
    expect((await bodyOf(await (await faq('op-a'))[':entryId'].revisions.$get({ param }), 200)).revisions).toHaveLength(1);
    const afterRetiring = draftAs('supervisor', entry.entryId, { question: 'q', answer: 'a', effectiveOn: today() });
    expect((await refusal(afterRetiring, 409)).code).toBe('faq_retired');
    expect((await retire()).status).toBe(409);
  });

  it('a town’s own entry is shown for that town only; shared entries for every town', async () => {
    const sv = await t.principal('supervisor');
    const admin = await t.principal('admin');
    const own = await t.ctx.faq.createEntry(sv, {
      municipalityId: t.municipalityA.municipalityId,
      question: '東員町の窓口案内',
      answer: '役場1階',
      effectiveOn: today(),
    });
    await t.ctx.faq.approve(admin, own.entryId, 1);
    expect((await operatorSees({ municipalityId: t.municipalityA.municipalityId })).map((e) => e.entryId)).toContain(own.entryId);
    expect((await operatorSees({ municipalityId: t.municipalityB.municipalityId })).map((e) => e.entryId)).not.toContain(own.entryId);
  });

  it('refuses bad input with 4xx in both languages and stores nothing; operators and staff cannot write', async () => {
    const before = await count(t.ctx, 'SELECT count(*) FROM faq_revision');
    const bad: [string, string, unknown, number][] = [
      ['supervisor', '/v1/faq', { question: '', answer: 'a', effectiveOn: today() }, 400],
      ['supervisor', '/v1/faq', { question: 'q', answer: ' ', effectiveOn: today() }, 400],
      ['supervisor', '/v1/faq', { question: 'q', answer: 'a', effectiveOn: '2026-02-30' }, 400],
      ['supervisor', '/v1/faq', { question: 'q', answer: 'a', effectiveOn: '2026/12/01' }, 400],
      ['supervisor', '/v1/faq', { question: 'q'.repeat(201), answer: 'a', effectiveOn: today() }, 400],
      ['supervisor', '/v1/faq', { question: 'q', answer: 'a', effectiveOn: today(), procedure: 'teleport' }, 400],
      ['supervisor', '/v1/faq', { question: 'q', answer: 'a', effectiveOn: today(), approvedBy: 'me' }, 400],
      [
        'supervisor',
        '/v1/faq',
        { question: 'q', answer: 'a', effectiveOn: today(), municipalityId: '00000000-0000-4000-8000-000000000000' },
        400,
      ],
      ['supervisor', '/v1/faq/00000000-0000-4000-8000-000000000000/revisions', { question: 'q', answer: 'a', effectiveOn: today() }, 404],
      ['op-a', '/v1/faq', { question: 'q', answer: 'a', effectiveOn: today() }, 403],
      ['staff-a', '/v1/faq', { question: 'q', answer: 'a', effectiveOn: today() }, 403],
    ];
    for (const [login, path, body, status] of bad) {
      const response = await rawPost(login, path, body);
      expect(response.status, `${login} ${JSON.stringify(body)}`).toBe(status);
      expect(response.problem.messages.ja).toBeTruthy();
      expect(response.problem.messages.en).toBeTruthy();
    }
    expect((await rawPost('supervisor', '/v1/faq/not-a-uuid/revisions/1/approve')).status).toBe(400);
    expect((await (await faq('staff-a')).$get({ query: {} })).status).toBe(403);
    expect(await count(t.ctx, 'SELECT count(*) FROM faq_revision')).toBe(before);
  });

  it('the demo seed gives operators approved first editions, e.g. for a missing 申請書ID and a locked PIN', async () => {
    await seedDemoFaq(t.ctx.database.db);
    const seen = await operatorSees({ municipalityId: t.municipalityA.municipalityId, procedure: 'renewal' });
    const byQuestion = new Map(seen.map((e) => [e.question, e]));
    expect(byQuestion.get('申請書IDが見つからない')).toMatchObject({ version: 1, label: { ja: '初版' }, approvedBy: t.accountIds.admin });
    expect(byQuestion.get('暗証番号がロックされた')?.answer).toContain('聞かない');
    expect(byQuestion.get('電子証明書の更新はオンラインでできますか')?.answer).toContain('窓口');
    // The lost-card entry belongs to another procedure.
    expect(byQuestion.has('カードを紛失した')).toBe(false);
  });

  it('two simultaneous drafts of the same entry: one is stored, the other is refused with 409', async () => {
    const sv = await t.principal('supervisor');
    const admin = await t.principal('admin');
    const entry = await t.ctx.faq.createEntry(sv, { question: '同時改訂', answer: '初版', effectiveOn: today() });
    await t.ctx.faq.approve(admin, entry.entryId, 1);
    const results = await Promise.allSettled([
      t.ctx.faq.draftRevision(sv, entry.entryId, { question: '同時改訂', answer: 'A', effectiveOn: today() }),
      t.ctx.faq.draftRevision(admin, entry.entryId, { question: '同時改訂', answer: 'B', effectiveOn: today() }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 409, code: 'faq_draft_pending' });
    expect((await t.ctx.faq.history(sv, entry.entryId)).revisions).toHaveLength(2);
  });
});
