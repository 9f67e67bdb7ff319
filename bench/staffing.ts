/**
 * `npm run bench:staffing` — the forecast and staffing at national scale.
 *
 *   Data: the 10 M-session file bench:reports builds and caches (bench/reports.ts benchFile; 2016–
 *   2025, 1,741 municipalities, m-0000 the largest). That file has no operator groups, so this
 *   bench works on its own copy (bench/.cache/staffing-…db, made once): 175 operator groups of 10
 *   municipalities in size order (m-0000…m-0009 is the first; 1,741 = 174 × 10 + 1), shrinkage 30 %.
 *   A copy made before a migration gets it when the bench opens it, as the app would at start (the
 *   time is in the results: migration 0011 builds session_municipality_time_idx, a one-off). The
 *   forecast's history read is covered by that index (municipality_id, requested_at, answered_at,
 *   ended_at, outcome), so it never touches the session table.
 *
 *   The forecast is made on 2026-01-01 (the day after the data ends) for the week of Monday
 *   2026-01-05, through app/server/staffing/forecast.server.ts:
 *     (a) one municipality's week from a year of history (weeks = 52): random municipalities, and
 *         the 10 largest; also random municipalities with the default 8 weeks. Goal p95 ≤ 200 ms.
 *     (b) the national view: every municipality read in one statement, forecast, pooled into the
 *         175 groups, staffed (weeks = 8, the default). Goal ≤ 2 s.
 *     baseline: a bare count(*) over the same municipality and range (the index range alone), and
 *     over the national range.
 *   Staffing: Erlang C, or Erlang A where the forecast has a patience (erlangStaffing over erlang.ts).
 *   (c) Erlang C and A per call for 1–500 operators: bench/erlang.ts benchErlang() (goal p99 ≤ 1 ms).
 *
 * BENCH_REPORTS_SESSIONS=200000 for a quick run. Results: bench/results/staffing.json.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Database, migrateDatabase, openDatabase, repoRoot } from '@madoguchi/db';
import { seededRandom } from '../app/domain/seeded-random';
import { dayOfDate, intervalStartMs } from '../app/domain/staffing/forecast';
import { erlangStaffing, type StaffingFunction } from '../app/domain/staffing/forecast-staffing';
import { createStaffingForecast, readHistories } from '../app/server/staffing/forecast.server';
import { benchErlang } from './erlang';
import { benchFile, migrateCached, municipalities } from './reports';
import { machineFacts, percentile, round, sortedOf } from './stats';

const SAMPLES = Number(process.env.BENCH_STAFFING_SAMPLES ?? 200);
const NATIONAL_SAMPLES = Number(process.env.BENCH_STAFFING_NATIONAL_SAMPLES ?? 8);
const GOAL_MUNICIPALITY_P95_MS = 200;
const GOAL_NATIONAL_MS = 2000;
const GROUP_SIZE = 10;
const NOW = new Date('2026-01-01T03:00:00Z');
const AS_OF = '2026-01-01';
const WEEK_START = '2026-01-05';
const YEAR_WEEKS = 52;
const RESULTS_FILE = path.join(repoRoot, 'bench', 'results', 'staffing.json');

function stats(ms: number[]) {
  const s = sortedOf(ms);
  return {
    n: ms.length,
    p50Ms: round(percentile(s, 50)),
    p95Ms: round(percentile(s, 95)),
    p99Ms: round(percentile(s, 99)),
    maxMs: round(s[s.length - 1]!),
  };
}

/** The bench's own copy of the reports file, with operator groups (migrated, if made before a migration). */
async function staffingCopy(source: string): Promise<{ file: string; seconds: number; cached: boolean; migratedSeconds?: number }> {
  const file = source.replace(/reports-(.*)\.db$/, 'staffing-$1.db');
  if (existsSync(file)) {
    const built = existsSync(`${file}.json`)
      ? (JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { seconds: number })
      : { seconds: Number.NaN };
    const migrated = await migrateCached(file);
    return { file, seconds: built.seconds, cached: true, ...(migrated.applied ? { migratedSeconds: migrated.seconds } : {}) };
  }
  const started = performance.now();
  const tmp = `${file}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true });
  copyFileSync(source, tmp);
  const database = await openDatabase({ url: `file:${tmp}` });
  await migrateDatabase(database);
  const c = database.client;
  const groups = [];
  const all = municipalities();
  for (let i = 0; i < all.length; i += GROUP_SIZE) {
    groups.push({ id: `g-${String(i / GROUP_SIZE).padStart(3, '0')}`, members: all.slice(i, i + GROUP_SIZE).map((m) => m.id) });
  }
  await c.execute({
    sql: `INSERT INTO operator_group (id, name, shrinkage_percent) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), 30 FROM json_each(?)`,
    args: [JSON.stringify(groups.map((g) => [g.id, `ベンチ班${g.id}`]))],
  });
  await c.execute({
    sql: `UPDATE municipality SET operator_group_id = (SELECT json_extract(value, '$[1]') FROM json_each(?) WHERE json_extract(value, '$[0]') = municipality.id)`,
    args: [JSON.stringify(groups.flatMap((g) => g.members.map((m) => [m, g.id])))],
  });
  await c.execute('ANALYZE');
  // Everything into the file itself before it is renamed (its -wal would keep the old name).
  await c.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  database.close();
  for (const suffix of ['-wal', '-shm']) rmSync(tmp + suffix, { force: true });
  renameSync(tmp, file);
  const seconds = round((performance.now() - started) / 1000, 1);
  writeFileSync(`${file}.json`, JSON.stringify({ seconds, at: new Date().toISOString() }));
  return { file, seconds, cached: false };
}

async function measure(file: string, staff: StaffingFunction) {
  const database: Database = await openDatabase({ url: `file:${file}` });
  const c = database.client;
  // Time in the staffing function (Erlang C/A), for the national view's split.
  let staffMs = 0;
  const timed: StaffingFunction = (input) => {
    const t = performance.now();
    try {
      return staff(input);
    } finally {
      staffMs += performance.now() - t;
    }
  };
  const forecasts = createStaffingForecast({ client: c, staff: timed, now: () => NOW });
  const all = municipalities();
  const random = seededRandom(16);
  const pick = () => all[Math.floor(random() * all.length)]!;
  const end = intervalStartMs(dayOfDate(AS_OF), 0);
  const rangeOf = (weeks: number) => ({ from: end - weeks * 7 * 86_400_000, to: end });
  const count = async (municipalityId: string | null, weeks: number) => {
    const r = rangeOf(weeks);
    const t = performance.now();
    const result = await c.execute(
      municipalityId
        ? {
            sql: 'SELECT count(*) AS n FROM session WHERE municipality_id = ? AND requested_at >= ? AND requested_at < ?',
            args: [municipalityId, r.from, r.to],
          }
        : { sql: 'SELECT count(*) AS n FROM session WHERE requested_at >= ? AND requested_at < ?', args: [r.from, r.to] },
    );
    return { ms: performance.now() - t, n: Number(result.rows[0]!.n) };
  };
  const week = async (municipalityId: string, weeks: number) => {
    const t = performance.now();
    const w = await forecasts.municipalityWeek(municipalityId, WEEK_START, { weeks });
    const ms = performance.now() - t;
    if (!w) throw new Error(`no forecast for ${municipalityId}`);
    return { ms, calls: w.days.reduce((s, d) => s + d.cells.reduce((x, cell) => x + cell.calls, 0), 0) };
  };

  // Warm-up: the first reads load pages from disk into the OS cache.
  for (let i = 0; i < 10; i++) await week(pick().id, YEAR_WEEKS);
  await forecasts.nationalWeek(WEEK_START);

  const year = { ms: [] as number[], baseline: [] as number[], sessions: 0 };
  const eight = { ms: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < SAMPLES; i++) {
    const m = pick();
    const b = await count(m.id, YEAR_WEEKS);
    year.baseline.push(b.ms);
    year.sessions += b.n;
    year.ms.push((await week(m.id, YEAR_WEEKS)).ms);
    eight.baseline.push((await count(m.id, 8)).ms);
    eight.ms.push((await week(m.id, 8)).ms);
  }
  const largest = { ms: [] as number[], baseline: [] as number[], maxSessions: 0, weekCalls: 0 };
  for (const m of all.slice(0, 10)) {
    for (let k = 0; k < 3; k++) {
      const b = await count(m.id, YEAR_WEEKS);
      largest.baseline.push(b.ms);
      largest.maxSessions = Math.max(largest.maxSessions, b.n);
      const w = await week(m.id, YEAR_WEEKS);
      largest.ms.push(w.ms);
      largest.weekCalls = Math.max(largest.weekCalls, w.calls);
    }
  }

  const national = {
    ms: [] as number[],
    readMs: [] as number[],
    staffMs: [] as number[],
    restMs: [] as number[],
    baseline: [] as number[],
    pools: 0,
    sessions: 0,
  };
  for (let i = 0; i < NATIONAL_SAMPLES; i++) {
    const b = await count(null, 8);
    national.baseline.push(b.ms);
    national.sessions = b.n;
    let t = performance.now();
    await readHistories(c, { national: true }, { asOf: AS_OF, weeks: 8 });
    national.readMs.push(performance.now() - t);
    t = performance.now();
    staffMs = 0;
    const pools = await forecasts.nationalWeek(WEEK_START);
    const ms = performance.now() - t;
    national.ms.push(ms);
    national.staffMs.push(staffMs);
    national.restMs.push(ms - staffMs - national.readMs[national.readMs.length - 1]!);
    national.pools = pools.length;
  }
  database.close();

  const y = stats(year.ms);
  const n = stats(national.ms);
  return {
    municipalityWeekFromAYear: {
      ...y,
      meanSessionsInHistory: round(year.sessions / SAMPLES, 0),
      baselineCount: stats(year.baseline),
      goalP95AtMostMs: GOAL_MUNICIPALITY_P95_MS,
      met: y.p95Ms <= GOAL_MUNICIPALITY_P95_MS,
    },
    largestMunicipalitiesWeekFromAYear: {
      ...stats(largest.ms),
      maxSessionsInHistory: largest.maxSessions,
      maxCallsForecastInTheWeek: round(largest.weekCalls, 0),
      baselineCount: stats(largest.baseline),
    },
    municipalityWeekFrom8Weeks: { ...stats(eight.ms), baselineCount: stats(eight.baseline) },
    nationalWeek8Weeks: {
      ...n,
      pools: national.pools,
      sessionsInHistory: national.sessions,
      readHistoriesOnly: stats(national.readMs),
      staffingOnly: stats(national.staffMs),
      forecastAndRestEstimate: stats(national.restMs),
      baselineCount: stats(national.baseline),
      goalAtMostMs: GOAL_NATIONAL_MS,
      met: n.p95Ms <= GOAL_NATIONAL_MS,
    },
  };
}

async function main() {
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  // The machine is shared: the load around the run says how far to trust one run's figures.
  const loadAtStart = os.loadavg().map((x) => round(x));
  const source = await benchFile('bench:staffing');
  const staff = erlangStaffing;
  const name = 'Erlang C/A: erlangStaffing (app/domain/staffing/forecast-staffing.ts) over staffInterval (erlang.ts)';
  const copy = await staffingCopy(source.file);
  console.log(`bench:staffing: ${path.relative(repoRoot, copy.file)}; staffing: ${name}`);
  const measured = await measure(copy.file, staff);
  const erlang = await benchErlang();
  const result = {
    bench: 'staffing',
    at: new Date().toISOString(),
    machine: { ...machineFacts(), loadAverage1_5_15: { atStart: loadAtStart, atEnd: os.loadavg().map((x) => round(x)) } },
    data: {
      sessions: source.sessions,
      municipalities: municipalities().length,
      operatorGroups: `${Math.ceil(municipalities().length / GROUP_SIZE)} groups of ${GROUP_SIZE} municipalities in size order (bench copy only)`,
      fileMb: round(statSync(copy.file).size / 2 ** 20, 0),
      forecastMadeOn: AS_OF,
      weekStart: WEEK_START,
    },
    seeding: { reportsFile: source.seeding, staffingCopy: copy },
    staffingFunction: name,
    ...measured,
    erlangPerCall: erlang,
    notes:
      'Warm OS cache. municipality*: forecast + staffing of one week through createStaffingForecast().municipalityWeek (one SQL statement + JS). ' +
      'national: nationalWeek (all municipalities in one statement, pooled per operator group, staffed). readHistoriesOnly: the same read run on its own just before; ' +
      'staffingOnly: time inside the staffing function during nationalWeek; forecastAndRestEstimate: nationalWeek − staffingOnly − readHistoriesOnly (per sample). ' +
      'baselineCount: bare count(*) over the same range.',
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  {
    const r = measured;
    console.log(
      `bench:staffing: municipality week from a year p95 ${r.municipalityWeekFromAYear.p95Ms} ms (goal ≤ ${GOAL_MUNICIPALITY_P95_MS}) — ${r.municipalityWeekFromAYear.met ? 'met' : 'NOT met'}; ` +
        `10 largest p95 ${r.largestMunicipalitiesWeekFromAYear.p95Ms} ms; national p95 ${r.nationalWeek8Weeks.p95Ms} ms (goal ≤ ${GOAL_NATIONAL_MS}) — ${r.nationalWeek8Weeks.met ? 'met' : 'NOT met'}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
