/**
 * The residents' pop-up list (/popups/<code>): the real loader against the real test database, then
 * the page as it renders. Its language follows the same rule as the reservation page
 * (web/public-language.ts): `?lang=`, else the browser's, else Japanese; every link names its language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContext, renderRoute } from '../../test/remix-route';
import { createTestApp, type TestApp } from '../../test/test-context';
import * as popups from './popups.$code';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const page = async (query: string, acceptLanguage?: string) => {
  const url = `/popups/243248${query}`;
  const request = new Request(`http://127.0.0.1${url}`, acceptLanguage ? { headers: { 'Accept-Language': acceptLanguage } } : {});
  const loaderData = await popups.loader({ request, context: loadContext(t), params: { code: '243248' } });
  return { loaderData, html: renderRoute(popups, '/popups/:code', url, loaderData) };
};

describe('/popups/<code>', () => {
  it('speaks ?lang=, else the browser’s language, else Japanese', async () => {
    expect((await page('?lang=vi', 'en-US')).loaderData.language).toBe('vi');
    expect((await page('', 'pt-BR,pt;q=0.9')).loaderData.language).toBe('pt');
    expect((await page('', 'fr-FR')).loaderData.language).toBe('ja');
    expect((await page('')).loaderData.language).toBe('ja');
  });

  it('names the language in every link, so an English browser can still switch to Japanese', async () => {
    const { html } = await page('', 'en-US');
    expect(html).toContain('href="/popups/243248?lang=ja"');
  });
});
