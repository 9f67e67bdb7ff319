/**
 * The stage bench:call and bench:photo's part (c) both set up in the network namespace: a bench
 * municipality open around the clock with one operator, the operator logged in and available on the
 * console, and the municipality's booth page open — each page with its own measuring script.
 */
import type { Browser, Page } from '@playwright/test';
import type { Procedure } from '@madoguchi/db';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { seedMunicipality } from '@madoguchi/app/seed';
import type { startStack } from '@madoguchi/app/stack';
import { operatorAvailable } from '../e2e/journey';

export async function operatorAndBooth(
  stack: Awaited<ReturnType<typeof startStack>>,
  browser: Browser,
  options: { procedure: Procedure; consoleScript: string; boothScript: string },
): Promise<{ console_: Page; booth: Page }> {
  const municipality = await seedMunicipality(stack.app.ctx.database.db, {
    code: '243248',
    name: 'ベンチ町',
    boothName: 'ベンチブース',
    calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
    procedures: [options.procedure],
    logins: [{ loginId: 'bench-op', role: 'operator', displayName: 'ベンチ オペレーター' }],
  });
  const op = municipality.logins[0]!;
  const operatorContext = await browser.newContext({ baseURL: stack.app.url });
  const boothContext = await browser.newContext({ baseURL: stack.app.url });
  await operatorContext.addInitScript(options.consoleScript);
  await boothContext.addInitScript(options.boothScript);
  const console_ = await operatorAvailable(operatorContext, op);
  const booth = await boothContext.newPage();
  await booth.goto(`/booth/?provision=${municipality.boothCredential}`);
  return { console_, booth };
}
