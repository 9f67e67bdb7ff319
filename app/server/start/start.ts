/**
 * `npm start`: LiveKit + the app on this machine, the demo municipality seeded on first run, and
 * the URLs (reachable ones, and which booth can call now) and demo logins printed.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { dataDir as resolveDataDir, schema } from '@madoguchi/db';
import { inArray } from 'drizzle-orm';
import { OpeningCalendar } from '../../domain/calendar';
import { parseEnv } from '../platform/env';
import { reachableOrigins, startBanner } from './banner';
import { seedDemo } from './seed';
import { startStack } from './stack';

const env = parseEnv();
const stack = await startStack({ env });
const demoFile = path.join(resolveDataDir(env.MADOGUCHI_DATA_DIR), 'demo-logins.json');

type Demo = NonNullable<Awaited<ReturnType<typeof seedDemo>>>;
let demo: Demo | null = await seedDemo(stack.app.ctx.database.db);
if (demo) {
  // Demo only: kept so each start can print them again. Git-ignored, readable by you alone.
  writeFileSync(demoFile, JSON.stringify(demo, null, 2), { mode: 0o600 });
  chmodSync(demoFile, 0o600);
} else {
  try {
    demo = JSON.parse(readFileSync(demoFile, 'utf8')) as Demo;
  } catch {
    demo = null;
  }
}

// What to print is decided in banner.ts; here only what it needs: interfaces, calendars, time.
// (A demo file from before the 24-hour booth existed has only the town-hall booth.)
const demoBooths = [
  ...(demo?.allDayBooth ? [{ label: 'Demo booth (24 h)', ...demo.allDayBooth }] : []),
  ...(demo ? [{ label: 'Town-hall booth', boothId: demo.boothId, boothCredential: demo.boothCredential }] : []),
];
const rows = await stack.app.ctx.database.db.query.booth.findMany({
  where: inArray(
    schema.booth.id,
    demoBooths.map((b) => b.boothId),
  ),
  columns: { id: true, calendar: true },
});
const booths = demoBooths.flatMap((b) => {
  const calendar = OpeningCalendar.safeParse(rows.find((r) => r.id === b.boothId)?.calendar);
  return calendar.success ? [{ label: b.label, path: `/booth/?provision=${b.boothCredential}`, calendar: calendar.data }] : [];
});
const banner = startBanner({
  origins: reachableOrigins(env.HOST, env.PORT, networkInterfaces()),
  livekitUrl: stack.livekit.url,
  booths,
  logins: demo?.logins ?? [],
  loginsFile: path.relative(process.cwd(), demoFile),
  now: new Date(),
});
if (booths.length === 0)
  banner.splice(2, 0, "  Booth kiosk      (open a booth's provisioning link from /admin: the demo file data/demo-logins.json is missing)");
console.log(banner.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stack.stop().then(() => process.exit(0));
  });
}
