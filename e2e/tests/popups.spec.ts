/**
 * Pop-up sites (issue 17): a supervisor plans an event at a mall with a portable booth, the town's
 * staff agree to it, it appears on the residents' public list (with its .ics), and the booth —
 * closed by its own calendar — follows the event's hours, names the site on its attract screen, and
 * its call is counted under the event.
 */
import { CLOSED_CALENDAR } from '@madoguchi/app/calendar';
import { expect, test } from '@playwright/test';
import { createAudit } from '../axe';
import { loadFixtures, loginNamed, loginOf, queryDb } from '../fixtures';
import { callAnswered, operatorAvailable, residentWalksUp } from '../journey';
import { logIn } from '../login';

const fixtures = loadFixtures();
const admin = loginOf(fixtures.municipalityA, 'admin');
const staff = loginNamed(fixtures.municipalityA, 'staff-a');
const operator = loginOf(fixtures.municipalityA, 'operator');
const A = fixtures.municipalityA.municipalityId;
const CODE = '243248';
const supervisor = { loginId: 'popup-supervisor', password: 'popups e2e supervisor' };
const SITE = 'E2E モール 2F 催事場';
/** Japan's date `days` from now. */
const japanDate = (days = 0) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

let booth = { id: '', credential: '' };

test.beforeAll(async ({ browser }) => {
  const page = await logIn(browser, '/admin', admin);
  const created = await page.request.post('/api/v1/accounts', {
    data: {
      loginId: supervisor.loginId,
      password: supervisor.password,
      displayName: 'SV 臨時会場E2E',
      role: 'supervisor',
      municipalityIds: [],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  // A portable booth that its own calendar keeps closed: only the event opens it.
  const provisioned = await page.request.post('/api/v1/booths', {
    data: { municipalityId: A, name: 'E2E 可搬ブース', kind: 'popup', location: '', calendar: CLOSED_CALENDAR },
  });
  expect(provisioned.status(), await provisioned.text()).toBe(201);
  const body = (await provisioned.json()) as { booth: { id: string }; credential: string };
  booth = { id: body.booth.id, credential: body.credential };
  await page.context().close();
});

test('planned by a supervisor, agreed by the town, listed for residents; the assigned booth shows it and counts its call', async ({
  browser,
}) => {
  const audit = createAudit();
  // The supervisor plans it: today and tomorrow all day (so the booth is open whenever this runs).
  const sv = await logIn(browser, `/console/popups?municipalityId=${A}`, supervisor);
  const form = sv.getByTestId('popup-form');
  await form.getByLabel('会場名').fill(SITE);
  await form.getByLabel('日程と受付時間').fill(`${japanDate()} 00:00-24:00\n${japanDate(1)} 00:00-24:00`);
  await form.getByRole('checkbox', { name: '健康保険証利用登録' }).check();
  await form.getByRole('checkbox', { name: 'E2E 可搬ブース' }).check();
  await form.getByRole('button', { name: '保存する' }).click();
  const row = sv.getByTestId('popup-list').locator('tr', { hasText: SITE });
  await expect(row.getByTestId('popup-state')).toHaveText(/計画中/);
  const eventId = (await row.getAttribute('data-popup-id'))!;
  await audit.check(sv, 'console pop-up sites');

  // Not agreed yet: the booth stays closed.
  const boothContext = await browser.newContext({ baseURL: fixtures.baseURL });
  const kiosk = await boothContext.newPage();
  await kiosk.goto(`/booth/?provision=${booth.credential}`);
  await expect(kiosk.getByTestId('closed-screen')).toBeVisible();
  await kiosk.close();

  // Town staff agree to it.
  const townStaff = await logIn(browser, '/staff/popups', staff);
  const staffRow = townStaff.getByTestId('popup-list').locator(`tr[data-popup-id="${eventId}"]`);
  await staffRow.getByTestId('popup-agree').click();
  await expect(staffRow.getByTestId('popup-state')).toHaveText(/合意済み/);
  await audit.check(townStaff, 'staff pop-up sites');
  await townStaff.context().close();

  // Residents see it (no login), in English too, with its calendar file and the booking link.
  const publicContext = await browser.newContext({ baseURL: fixtures.baseURL });
  const resident = await publicContext.newPage();
  await resident.goto(`/popups/${CODE}?lang=en`);
  const listed = resident.getByTestId('public-popup').filter({ hasText: SITE });
  await expect(listed).toContainText('Use my card as health insurance card');
  await expect(listed.getByRole('link', { name: 'Book a slot here' })).toHaveAttribute('href', `/reserve/${CODE}?lang=en`);
  const ics = await resident.request.get(`/popups/${CODE}/ics/${eventId}`);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  expect(await ics.text()).toContain('BEGIN:VEVENT');
  await audit.check(resident, 'public pop-up list');
  await publicContext.close();

  // The booth now follows the event: open, with the site's name; its call carries the event.
  const operatorContext = await browser.newContext({ baseURL: fixtures.baseURL });
  const op = await operatorAvailable(operatorContext, operator);
  const walkUp = await boothContext.newPage();
  await walkUp.goto(`/booth/?provision=${booth.credential}`);
  await expect(walkUp.getByTestId('popup-site')).toContainText(SITE);
  await walkUp.close();
  const atBooth = await residentWalksUp(boothContext, booth.credential, 'health_insurance');
  const sessionId = await callAnswered(atBooth, op);
  const [session] = await queryDb('SELECT popup_event_id FROM session WHERE id = ?', [sessionId]);
  expect(session?.popup_event_id).toBe(eventId);
  await op.getByRole('button', { name: /通話を終了/ }).click();
  await expect(op).toHaveURL(/\/console$/);
  await op.getByRole('button', { name: /オフライン|Offline/ }).click();
  await operatorContext.close();
  await boothContext.close();

  // The supervisor's list counts the call under the event.
  await sv.reload();
  await expect(sv.getByTestId('popup-list').locator(`tr[data-popup-id="${eventId}"]`).getByTestId('popup-sessions')).toHaveText('1');
  audit.expectClean();
});
