import { everyDayCalendar } from '@madoguchi/app/calendar';
import { expect, type Page } from '@playwright/test';

/**
 * A fresh booth of `municipalityId`, open around the clock, provisioned by the administrator logged
 * in on `admin` over the API: for specs that change a booth's state (health, maintenance) without
 * touching the seeded ones.
 */
export async function provisionBooth(admin: Page, municipalityId: string, name: string): Promise<{ boothId: string; credential: string }> {
  const response = await admin.request.post('/api/v1/booths', {
    data: { municipalityId, name, kind: 'mall', location: 'E2E', calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]) },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { booth: { id: string }; credential: string };
  return { boothId: body.booth.id, credential: body.credential };
}
