/**
 * A booth is never at two pop-up events whose hours overlap, also when supervisors save at the same
 * moment (issue 17): the check and the write are one write transaction (popups.server.ts). Many
 * concurrent saves through the real API on a real libSQL file, and through two app contexts on one
 * file (two nodes): exactly one wins, the others get 409 popup_booth_busy in their language, and
 * nothing already stored is lost.
 */
import { ON_LOOP_CHECKPOINT_PAGES } from '@madoguchi/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/create-api';
import type { AppContext } from '../../server/platform/context';
import { count, createTestApp, problemOf, type TestApp } from '../../test/test-context';

/** Saves racing for one booth. */
const N = 20;

let t: TestApp;
let second: AppContext;
let secondApi: ReturnType<typeof createApi>;
beforeAll(async () => {
  t = await createTestApp();
  // A second app node on the same libSQL file: its own connection, its own pop-up service (closed by t.close).
  second = await t.restart();
  secondApi = createApi(second);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const day = (date: string, start = '10:00', end = '17:00') => ({ date, ranges: [{ start, end }] });
const plan = (siteName: string, boothIds: string[], days: ReturnType<typeof day>[]) => ({
  municipalityId: t.municipalityA.municipalityId,
  siteName,
  siteKind: 'mall',
  days,
  procedures: ['renewal'],
  boothIds,
});

/** Sends as the supervisor through node `i % nodes` of the given APIs, in Japanese or English by turn. */
async function send(i: number, method: string, path: string, body: unknown, apis = [t.api]) {
  const api = apis[i % apis.length]!;
  return api.request(path, {
    method,
    headers: {
      Cookie: await t.cookieFor('supervisor'),
      'Content-Type': 'application/json',
      'Accept-Language': i % 2 ? 'en-GB,en' : 'ja',
    },
    body: JSON.stringify(body),
  });
}

/** Exactly one 201/200, the rest 409 popup_booth_busy in the caller's language. */
async function exactlyOneWins(answers: Response[], ok: number) {
  const statuses = answers.map((a) => a.status);
  expect(statuses.filter((s) => s === ok)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(answers.length - 1);
  const refused = await Promise.all(answers.filter((a) => a.status === 409).map(problemOf));
  expect(new Set(refused.map((p) => p.code))).toEqual(new Set(['popup_booth_busy']));
  const english = refused.filter((p) => p.detail.startsWith('A booth is already assigned to another pop-up event'));
  const japanese = refused.filter((p) => p.detail.startsWith('ブースは同じ時間に別の臨時会場に割り当て済みです'));
  expect(english.length + japanese.length).toBe(answers.length - 1);
  expect(english.length).toBeGreaterThan(0);
  expect(japanese.length).toBeGreaterThan(0);
  return answers.findIndex((a) => a.status === ok);
}

/** The events a booth is linked to on a date. */
const eventsOf = (boothId: string, date: string) =>
  count(
    t.ctx,
    `SELECT count(*) FROM popup_event_booth pb JOIN popup_event e ON e.id = pb.event_id
      WHERE pb.booth_id = ? AND e.first_date <= ? AND e.last_date >= ?`,
    [boothId, date, date],
  );

describe.each([
  ['one node', 1],
  ['two app contexts on one libSQL file', 2],
])('concurrent pop-up saves for one booth (%s)', (_, nodes) => {
  const apis = () => (nodes === 2 ? [t.api, secondApi] : [t.api]);
  const date = nodes === 2 ? '2032-06-01' : '2032-05-01';
  const earlier = nodes === 2 ? '2032-05-31' : '2032-04-30';

  it(`${N} concurrent plans of overlapping events: exactly one is stored, what was stored stays`, async () => {
    const booth = (await t.addPortableBooth(`可搬 作成 ${nodes}`)).boothId;
    // Already stored: the booth the day before, and another event the same day without the booth.
    const kept = await send(0, 'POST', '/v1/popups', plan('前日の会場', [booth], [day(earlier)]));
    expect(kept.status).toBe(201);
    const other = await send(0, 'POST', '/v1/popups', plan('ブースなしの会場', [], [day(date)]));
    expect(other.status).toBe(201);

    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        send(i, 'POST', '/v1/popups', plan(`会場 ${i}`, [booth], [day(date, `1${i % 7}:00`, '18:00')]), apis()),
      ),
    );
    const winner = await exactlyOneWins(answers, 201);
    expect(await eventsOf(booth, date)).toBe(1);
    // Refused plans leave no event behind (with or without its booth).
    expect(await count(t.ctx, `SELECT count(*) FROM popup_event WHERE first_date = ? AND site_name LIKE '会場 %'`, [date])).toBe(1);
    expect(await count(t.ctx, `SELECT count(*) FROM popup_event WHERE site_name = ? AND first_date = ?`, [`会場 ${winner}`, date])).toBe(1);
    expect(await eventsOf(booth, earlier)).toBe(1);
    expect(await count(t.ctx, `SELECT count(*) FROM popup_event WHERE site_name = 'ブースなしの会場' AND first_date = ?`, [date])).toBe(1);
  });

  it(`${N} concurrent changes moving events onto the same hours: exactly one is moved`, async () => {
    const booth = (await t.addPortableBooth(`可搬 変更 ${nodes}`)).boothId;
    const target = nodes === 2 ? '2032-07-01' : '2032-06-20';
    // N events of the booth on N different days; each now asks to move to the same day and hours.
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const created = await send(
        0,
        'POST',
        '/v1/popups',
        plan(`移動 ${nodes}-${i}`, [booth], [day(`2032-08-${String(i + 1).padStart(2, '0')}`)]),
      );
      expect(created.status).toBe(201);
      ids.push(((await created.json()) as { id: string }).id);
    }
    const answers = await Promise.all(
      ids.map((id, i) =>
        send(
          i,
          'PUT',
          `/v1/popups/${id}`,
          { siteName: `移動 ${nodes}-${i}`, siteKind: 'mall', days: [day(target)], procedures: ['renewal'], boothIds: [booth] },
          apis(),
        ),
      ),
    );
    const winner = await exactlyOneWins(answers, 200);
    expect(await eventsOf(booth, target)).toBe(1);
    // The refused keep their own day and their booth.
    for (const [i, id] of ids.entries()) {
      const row = await t.ctx.database.client.execute({
        sql: 'SELECT first_date, (SELECT count(*) FROM popup_event_booth WHERE event_id = e.id) AS booths FROM popup_event e WHERE id = ?',
        args: [id],
      });
      expect(row.rows[0]).toMatchObject({ first_date: i === winner ? target : `2032-08-${String(i + 1).padStart(2, '0')}`, booths: 1 });
    }
  });

  it(`${N} concurrent assignments of one booth to events at the same hours: exactly one is assigned`, async () => {
    const booth = (await t.addPortableBooth(`可搬 割当 ${nodes}`)).boothId;
    const target = nodes === 2 ? '2032-09-02' : '2032-09-01';
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const created = await send(0, 'POST', '/v1/popups', plan(`割当 ${nodes}-${i}`, [], [day(target, '09:00', `1${i % 10}:30`)]));
      ids.push(((await created.json()) as { id: string }).id);
    }
    const answers = await Promise.all(ids.map((id, i) => send(i, 'PUT', `/v1/popups/${id}/booths`, { boothIds: [booth] }, apis())));
    await exactlyOneWins(answers, 200);
    expect(await eventsOf(booth, target)).toBe(1);
  });
});

it('the writes kept the connection the app configured (no interactive transaction swapped it for a bare one)', async () => {
  for (const ctx of [t.ctx, second]) {
    const pragma = async (name: string) => Number((await ctx.database.client.execute(`PRAGMA ${name}`)).rows[0]?.[0]);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(5_000);
    expect(await pragma('synchronous')).toBe(2); // FULL
    expect(await pragma('wal_autocheckpoint')).toBe(ON_LOOP_CHECKPOINT_PAGES);
  }
});
