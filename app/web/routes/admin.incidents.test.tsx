/**
 * Escalating and resolving incidents (/admin/incidents): the real action with a browser's form post
 * against the real test database, then the page as it shows the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formPost, loadContext, outcome, pageGet, pageText, renderRoute } from '../../test/remix-route';
import { createTestApp, type TestApp } from '../../test/test-context';
import * as incidents from './admin.incidents';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('escalating and resolving an incident (/admin/incidents)', () => {
  const report = async (summary: string) =>
    (
      await t.ctx.records.reportIncident(await t.principal('op-a'), {
        municipalityId: t.municipalityA.municipalityId,
        kind: 'incident',
        severity: 'high',
        summary,
      })
    ).id;
  const change = async (fields: Record<string, string>, loginId = 'supervisor') => {
    const request = await formPost(t, loginId, '/admin/incidents', fields);
    return outcome(() => incidents.action({ request, context: loadContext(t), params: {} }));
  };
  const page = async (actionData: unknown) => {
    const request = await pageGet(t, 'supervisor', '/admin/incidents?status=');
    const loaderData = await incidents.loader({ request, context: loadContext(t), params: {} });
    return renderRoute(incidents, '/admin/incidents', '/admin/incidents', loaderData, actionData);
  };
  const stored = async (id: string) => {
    const { rows } = await t.ctx.database.client.execute({
      sql: 'SELECT status, notified, resolution FROM incident WHERE id = ?',
      args: [id],
    });
    return { ...rows[0] };
  };

  it('refuses a phone number as who was notified, under that field in its row, and changes nothing', async () => {
    const id = await report('ブースのスピーカーから音が出ない');
    const before = await stored(id);
    const { status, data } = await change({ intent: 'escalate', id, notified: '住民課 0594-12-3456' });
    expect(status).toBe(400);
    expect(await stored(id)).toEqual(before);
    const html = await page(data);
    expect(html).toMatch(new RegExp(`data-testid="incident-error"><div id="notified-${id}-error" class="error" role="alert">`));
    expect(pageText(html)).toContain('電話番号');
    expect(html.match(/data-testid="incident-error"/g)).toHaveLength(1);
    // What was typed stays in the field.
    expect(html).toContain('value="住民課 0594-12-3456"');
  });

  it('refuses an empty "notified" in the service’s words, and a resolution with personal data', async () => {
    const id = await report('画面が固まった');
    const before = await stored(id);
    const empty = await change({ intent: 'escalate', id, notified: '' });
    expect(empty.status).toBe(400);
    expect(pageText(await page(empty.data))).toContain('連絡先（課・係・役職）を入力してください。');
    const personal = await change({ intent: 'resolve', id, resolution: '山田様に 090-1234-5678 で連絡' });
    expect(personal.status).toBe(400);
    expect(await stored(id)).toEqual(before);
    expect(await page(personal.data)).toContain(`id="resolution-${id}-error"`);
  });

  it('escalates naming who was told, then resolves, each with its notice', async () => {
    const id = await report('受話器の音が小さい');
    const escalated = await change({ intent: 'escalate', id, notified: ' 住民課 担当係長 ' });
    expect(escalated.status).toBe(200);
    expect(await stored(id)).toMatchObject({ status: 'escalated', notified: '住民課 担当係長' });
    expect(await page(escalated.data)).toMatch(/role="status"[^>]*>自治体へ報告しました</);
    const resolved = await change({ intent: 'resolve', id, resolution: '' });
    expect(resolved.status).toBe(200);
    expect(await stored(id)).toMatchObject({ status: 'resolved', resolution: null });
    expect(await page(resolved.data)).toMatch(/role="status"[^>]*>解決にしました</);
  });

  it('a refusal of the service (resolved meanwhile) is the page’s alert, in both languages, though the row’s forms are gone', async () => {
    const id = await report('椅子ががたつく');
    expect((await change({ intent: 'resolve', id, resolution: '交換した' })).status).toBe(200);
    const again = await change({ intent: 'resolve', id, resolution: '' });
    expect(again.status).toBe(409);
    expect(await stored(id)).toMatchObject({ status: 'resolved', resolution: '交換した' });
    expect(await page(again.data)).toMatch(
      /role="alert" data-testid="incident-error">この事案は現在「resolved」のため[^<]+ \/ The incident is resolved/,
    );
  });

  it('refuses what is not a change of an incident with 400, and town staff with 403', async () => {
    const id = await report('照明が暗い');
    expect((await change({ intent: 'delete', id })).status).toBe(400);
    expect((await change({ intent: 'resolve', id: 'not-an-id', resolution: '' })).status).toBe(400);
    expect((await change({ intent: 'resolve', id, resolution: '' }, 'staff-a')).status).toBe(403);
    expect(await stored(id)).toMatchObject({ status: 'open' });
  });
});
