/**
 * The public reservation page (/reserve/<code>): the real loader and action against the real test
 * database, then the page as it renders — in English, no login.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadContext, outcome, pageText, renderRoute } from '../../test/remix-route';
import { createTestApp, type TestApp } from '../../test/test-context';
import * as reserve from './reserve.$municipalityCode';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({
    RESERVATION_POW_MAX_NUMBER: '0',
    RESERVATION_REQUESTS_PER_ADDRESS: '100000',
    RESERVATION_BOOKINGS_PER_ADDRESS: '100000',
  });
});
afterAll(() => t.close());

const origin = 'http://127.0.0.1';
const params = { municipalityCode: '243248' };
const page = async (query: string) => {
  const url = `/reserve/243248?${query}`;
  const loaderData = await reserve.loader({ request: new Request(`${origin}${url}`), context: loadContext(t), params });
  return { loaderData, text: pageText(renderRoute(reserve, '/reserve/:municipalityCode', url, loaderData)) };
};
const post = (fields: Record<string, string>) =>
  outcome(async () =>
    reserve.action({
      request: new Request(`${origin}/reserve/243248`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin },
        body: new URLSearchParams(fields),
      }),
      context: loadContext(t),
      params,
    }),
  );

describe('/reserve/<code>', () => {
  it('books in English: code, QR code, .ics link; then cancels with the code', async () => {
    const { loaderData, text } = await page('lang=en');
    expect(text).toContain('Reservation — 東員町');
    expect(text).toContain('Show free times');
    const slot = loaderData.slots[0]!;
    const booked = await post({
      lang: 'en',
      intent: 'book',
      procedure: 'renewal',
      language: 'en',
      site: loaderData.choice.site,
      slot: slot.start,
    });
    expect(booked.status).toBe(302);
    const location = booked.response!.headers.get('Location')!;
    const code = new URL(location, origin).searchParams.get('reservation')!;
    const shown = await page(`lang=en&reservation=${code}`);
    expect(shown.loaderData.reservation?.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    expect(shown.loaderData.reservation?.qr).toContain('<svg');
    expect(shown.text).toContain('Booked');
    expect(shown.text).toContain('Renew my card');
    const cancelled = await post({ lang: 'en', intent: 'cancel', code: shown.loaderData.reservation!.code });
    expect(cancelled.status).toBe(302);
    const after = await page(`lang=en&reservation=${code}&done=cancelled`);
    expect(after.loaderData.reservation?.state).toBe('cancelled');
    expect(after.text).toContain('The reservation is cancelled.');
  });

  it('speaks the six booth languages, and says when a code is not found', async () => {
    expect((await page('lang=vi')).text).toContain('Đặt lịch');
    expect((await page('lang=pt')).text).toContain('Reserva');
    expect((await page('lang=ko')).loaderData.lang).toBe('ko');
    expect((await page('lang=zh-Hans')).loaderData.lang).toBe('zh-Hans');
    expect((await page('lang=en&reservation=ABCD-EFGH')).text).toContain('No reservation has this code.');
  });

  it('a full slot is said so on the page, not as an error page', async () => {
    const { loaderData } = await page('lang=en');
    const slot = loaderData.slots.at(-1)!;
    const fields = { lang: 'en', intent: 'book', procedure: 'renewal', language: 'en', site: loaderData.choice.site, slot: slot.start };
    for (let i = 0; i < slot.remaining; i++) expect((await post(fields)).status).toBe(302);
    const full = await post(fields);
    expect(full.data).toMatchObject({ error: 'full' });
  });

  it('late in the evening, when today has no free time left, opens on the next day with its times', async () => {
    // Only Date is faked: the database, timers and the page's own awaits run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-12-10T14:55:00Z')); // 23:55 in Japan: every slot of the day has started.
      const { loaderData, text } = await page('lang=en');
      expect(loaderData.days[0]).toEqual({ date: '2026-12-10', free: false });
      expect(loaderData.choice.day).toBe('2026-12-11');
      expect(loaderData.slots.length).toBeGreaterThan(0);
      expect(text).not.toContain('No free times on this day.');
      // A full day asked for by name is still shown, with the reason.
      const asked = await page('lang=en&day=2026-12-10');
      expect(asked.loaderData.choice.day).toBe('2026-12-10');
      expect(asked.text).toContain('No free times on this day.');
    } finally {
      vi.useRealTimers();
    }
  });
});
