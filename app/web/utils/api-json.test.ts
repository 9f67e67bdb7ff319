import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchJson, problemText } from './api-json';

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('problemText', () => {
  it('is the problem message in both languages', async () => {
    expect(await problemText(json({ messages: { ja: '見つかりません。', en: 'Not found.' } }, 404))).toBe('見つかりません。 / Not found.');
  });

  it('falls back to the status when the body is not a problem', async () => {
    expect(await problemText(new Response('<html>', { status: 502, statusText: 'Bad Gateway' }))).toBe('502 Bad Gateway');
  });
});

describe('fetchJson', () => {
  it('returns the JSON of a 2xx answer, and throws the problem text otherwise', async () => {
    const fetch = vi.fn(async (input: string) =>
      input === '/ok' ? json({ items: [1] }, 200) : json({ messages: { ja: '権限がありません。', en: 'Forbidden.' } }, 403),
    );
    vi.stubGlobal('fetch', fetch);
    expect(await fetchJson<{ items: number[] }>('/ok')).toEqual({ items: [1] });
    await expect(fetchJson('/no')).rejects.toThrow('権限がありません。 / Forbidden.');
  });

  it('a 2xx without a JSON body (204, or empty) is an empty object', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: string) => (input === '/204' ? new Response(null, { status: 204 }) : new Response('', { status: 200 }))),
    );
    expect(await fetchJson('/204')).toEqual({});
    expect(await fetchJson('/empty')).toEqual({});
  });
});
