/**
 * One app process of popups.two-processes.test.ts: opens the shared libSQL file as the app does,
 * prints "ready", waits for "go" on stdin, then plans `count` overlapping events for one booth at
 * once through the pop-up service and prints each outcome ("stored" or the refusal's code) and when
 * it began and ended (ms) as JSON.
 */
import { createInterface } from 'node:readline';
import { openDatabase } from '@madoguchi/db';
import type { AccountPrincipal } from '../auth/login.server';
import { createPopupService } from './popups.server';

const job = JSON.parse(process.argv[2]!) as {
  url: string;
  principal: AccountPrincipal;
  municipalityId: string;
  boothId: string;
  date: string;
  count: number;
  label: string;
};
const database = await openDatabase({ url: job.url });
const popups = createPopupService(database.db);
await popups.list(job.principal, { municipalityId: job.municipalityId }); // warm: the first query's setup is done
process.stdout.write('ready\n');
await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
const from = Date.now();
const outcomes = await Promise.all(
  Array.from({ length: job.count }, (_, i) =>
    popups
      .create(job.principal, {
        municipalityId: job.municipalityId,
        siteName: `${job.label} ${i}`,
        siteKind: 'mall',
        days: [{ date: job.date, ranges: [{ start: `1${i % 7}:00`, end: '18:00' }] }],
        procedures: ['renewal'],
        boothIds: [job.boothId],
      })
      .then(
        () => 'stored',
        (error: unknown) => String((error as { code?: unknown }).code ?? error),
      ),
  ),
);
const to = Date.now();
database.close();
process.stdout.write(`${JSON.stringify({ outcomes, from, to })}\n`);
process.exit(0);
