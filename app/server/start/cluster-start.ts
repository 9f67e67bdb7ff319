/**
 * `npm run start:cluster`: the local cluster (cluster.ts) with its data under data/cluster/ — its
 * own database, secrets generated once, demo logins — the demo municipality seeded on the first
 * run as `npm start` does, and the same URLs and logins printed, plus each node and the metrics.
 * Runs until Ctrl-C (or SIGTERM), then stops every process it started.
 * Environment: PORT (the app's load balancer, default 3000), CLUSTER_APP_NODES (2 or 3, default 2),
 * LOG_LEVEL (the app nodes', default info).
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { dataDir as resolveDataDir, schema } from '@madoguchi/db';
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { OpeningCalendar } from '../../domain/calendar';
import { type BannerBooth, reachableOrigins, startBanner } from './banner';
import { defaultClusterPorts, type RunningCluster, startCluster } from './cluster';
import { seedDemo } from './seed';

const Settings = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CLUSTER_APP_NODES: z.coerce.number().int().min(2).max(3).default(2),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
const parsed = Settings.safeParse(process.env);
if (!parsed.success) {
  console.error(`start:cluster: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  process.exit(1);
}
const settings = parsed.data;
const HEALTH_CHECK_LINE = /INFO: GET \/api\/health 200 /;
const dataDir = path.join(resolveDataDir(), 'cluster');
const demoFile = path.join(dataDir, 'demo-logins.json');
type Demo = NonNullable<Awaited<ReturnType<typeof seedDemo>>>;

let booths: BannerBooth[] = [];
let demo: Demo | null = null;
let cluster: RunningCluster | null = null;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the cluster (app nodes, LiveKit, HAProxy, Redis)…');
  await cluster?.stop();
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(0));

try {
  cluster = await startCluster({
    dataDir,
    appNodes: settings.CLUSTER_APP_NODES,
    ports: defaultClusterPorts(settings.CLUSTER_APP_NODES, 2, settings.PORT),
    appEnv: { LOG_LEVEL: settings.LOG_LEVEL, LOG_FORMAT: 'pretty' },
    livekitOverrides: { logging: { level: 'warn' } },
    // HAProxy checks each node's /api/health every second: those lines would drown the rest.
    onLine: (source, line) => {
      if (!HEALTH_CHECK_LINE.test(line)) console.log(`${source.padEnd(9)} ${line}`);
    },
    async prepare(db) {
      demo = await seedDemo(db);
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
      const known = demo
        ? [
            ...(demo.allDayBooth ? [{ label: 'Demo booth (24 h)', ...demo.allDayBooth }] : []),
            { label: 'Town-hall booth', boothId: demo.boothId, boothCredential: demo.boothCredential },
          ]
        : [];
      const rows = await db.query.booth.findMany({
        where: inArray(
          schema.booth.id,
          known.map((b) => b.boothId),
        ),
        columns: { id: true, calendar: true },
      });
      booths = known.flatMap((b) => {
        const calendar = OpeningCalendar.safeParse(rows.find((r) => r.id === b.boothId)?.calendar);
        return calendar.success ? [{ label: b.label, path: `/booth/?provision=${b.boothCredential}`, calendar: calendar.data }] : [];
      });
    },
  });
} catch (error) {
  console.error(`start:cluster failed: ${(error as Error).message}`);
  await stop(1);
}

if (cluster) {
  const banner = startBanner({
    origins: reachableOrigins('127.0.0.1', settings.PORT, networkInterfaces()),
    livekitUrl: cluster.livekitUrl,
    booths,
    logins: (demo as Demo | null)?.logins ?? [],
    loginsFile: path.relative(process.cwd(), demoFile),
    now: new Date(),
  });
  if (booths.length === 0)
    banner.splice(
      2,
      0,
      `  Booth kiosk      (open a booth's provisioning link from /admin: ${path.relative(process.cwd(), demoFile)} is missing)`,
    );
  const tokenFile = path.relative(process.cwd(), path.join(dataDir, 'metrics-token'));
  const nodes = [
    `  Cluster (HAProxy in front; each node alone for debugging, stats at ${cluster.statsUrl}/):`,
    ...cluster.apps.map((a) => `    ${a.name.padEnd(10)} ${a.url}   metrics: ${a.metricsUrl}`),
    ...cluster.livekits.map((l) => `    ${l.name.padEnd(10)} ${l.httpUrl}   metrics: ${l.prometheusUrl}`),
    `    redis      ${cluster.redisUrl}`,
    `  App metrics need the token: curl -H "Authorization: Bearer $(cat ${tokenFile})" ${cluster.apps[0]!.metricsUrl}`,
  ];
  // Before "Press Ctrl+C to stop."
  banner.splice(banner.length - 2, 0, ...nodes);
  console.log(banner.join('\n'));
}
