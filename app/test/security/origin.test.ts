import { beforeAll, describe, expect, it } from 'vitest';
import { useRealServer } from '../real-server';
import { rawRequest } from './http-client';

/** Issue 11 (6): writes only from our own origin, pages and API alike, behind a proxy too. */
describe('cross-site writes, through the real server', () => {
  const PUBLIC_ORIGIN = 'https://madoguchi.example.lg.jp';
  const server = useRealServer({ PUBLIC_ORIGIN });
  let cookie: string;
  beforeAll(async () => {
    cookie = await server().cookieFor('admin');
  });

  const displayName = async () =>
    (
      await server().app.ctx.database.client.execute({
        sql: 'SELECT display_name FROM account WHERE id = ?',
        args: [server().accountIds.staff!],
      })
    ).rows[0]?.display_name;
  const commandCount = async () =>
    Number((await server().app.ctx.database.client.execute('SELECT count(*) FROM booth_command')).rows[0]?.[0] ?? 0);

  const renameStaff = (headers: Record<string, string>, path = `/admin/accounts/${server().accountIds.staff}`) =>
    rawRequest(`${server().url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie, ...headers },
      body: `intent=update&displayName=renamed&role=town_staff&municipalityIds=${server().municipality.municipalityId}`,
    });

  it('refuses a page form posted from another origin with a 403 page in both languages', async () => {
    const res = await renameStaff({ Origin: 'http://evil.example', Accept: 'text/html' });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('ほかのサイトから送られた操作は受け付けられません');
    expect(res.body).toContain('Requests sent from another site are refused');
    expect(res.body).toContain(String(res.headers['x-request-id']));
    expect(await displayName()).toBe('職員');
  });

  it('refuses Remix data requests and API calls from another origin with a 403 problem', async () => {
    for (const path of [
      `/admin/accounts/${server().accountIds.staff}.data`,
      `/admin/accounts/${server().accountIds.staff}?_data=routes%2Fadmin.accounts.%24id`,
    ]) {
      const res = await renameStaff({ Origin: 'http://evil.example' }, path);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ status: 403, code: 'cross_site_request' });
    }
    const api = await rawRequest(`${server().url}/api/v1/booths/${server().municipality.boothId}/commands`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, Origin: 'http://evil.example', 'Accept-Language': 'en' },
      body: JSON.stringify({ kind: 'reload' }),
    });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toMatchObject({
      code: 'cross_site_request',
      detail: 'Requests sent from another site are refused. Use Madoguchi’s own pages.',
    });
    expect(await displayName()).toBe('職員');
    expect(await commandCount()).toBe(0);
  });

  it('trusts Sec-Fetch-Site over Origin', async () => {
    const res = await renameStaff({ 'Sec-Fetch-Site': 'cross-site', Origin: server().url });
    expect(res.status).toBe(403);
    expect(await displayName()).toBe('職員');
  });

  it('accepts writes from PUBLIC_ORIGIN (a proxy in front), from the request’s own origin, and from non-browsers', async () => {
    for (const headers of [{ Origin: PUBLIC_ORIGIN }, { Origin: server().url }, { 'Sec-Fetch-Site': 'same-origin' }, {}]) {
      const res = await rawRequest(`${server().url}/api/v1/booths/${server().municipality.boothId}/commands`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, ...headers },
        body: JSON.stringify({ kind: 'self_test' }),
      });
      expect(res.status, JSON.stringify(headers)).not.toBe(403);
    }
    expect(await commandCount()).toBe(4);
    // The same form that was refused above does rename when it comes from our own page.
    const res = await renameStaff({ Origin: PUBLIC_ORIGIN, Accept: 'text/html' });
    expect(res.status).toBeLessThan(400);
    expect(await displayName()).toBe('renamed');
  });
});
