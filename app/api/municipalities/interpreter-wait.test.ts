/**
 * Issue 18: a municipality's own interpreter wait, edited on the admin municipality form beside
 * the listen-in settings: 15–600 seconds, or empty for the server's default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAction } from '../../test/remix-route';
import { createTestApp, type TestApp } from '../../test/test-context';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const postForm = async (interpreterWaitSeconds: string) =>
  postAction(
    t,
    await import('../../web/routes/admin.municipalities.$id'),
    `/admin/municipalities/${t.municipalityA.municipalityId}`,
    { id: t.municipalityA.municipalityId },
    { intent: 'update', name: '東員町', eligibility: '', outageAlertMinutes: '5', procedures: ['renewal'], interpreterWaitSeconds },
  );

const stored = async () =>
  (
    await t.ctx.database.client.execute({
      sql: 'SELECT interpreter_wait_seconds AS s FROM municipality WHERE id = ?',
      args: [t.municipalityA.municipalityId],
    })
  ).rows[0]!.s;

describe("the admin form's interpreter wait", () => {
  it('saves seconds within 15–600, refuses others at the field, and empty means the server default', async () => {
    expect((await postForm('90')).status).toBe(200);
    expect(await stored()).toBe(90);
    for (const bad of ['5', '601', 'abc']) {
      const { status, errors } = await postForm(bad);
      expect(status, bad).toBe(400);
      expect(errors.interpreterWaitSeconds?.[0], bad).toMatch(/15〜600/);
      expect(await stored()).toBe(90);
    }
    expect((await postForm('')).status).toBe(200);
    expect(await stored()).toBeNull();
  });
});
