/**
 * Two app processes on ONE libSQL file (as several nodes on one host run it) plan overlapping
 * pop-up events for the same booth at the same moment: exactly one is stored, every other plan is
 * refused with popup_booth_busy. Here the processes really wait on each other's write lock (in one
 * process, a batch runs to its end before anything else), so this is the BEGIN IMMEDIATE case.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { count, createTestApp, type TestApp } from '../../test/test-context';

/** Plans per process. */
const PER_PROCESS = 10;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(async () => t?.close());

function start(job: object) {
  const script = fileURLToPath(new URL('./popups-race.fixture.mts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(job)], { stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  const ready = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('ready\n')) {
        clearInterval(check);
        resolve();
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(check);
      reject(new Error(`exited ${code} before ready: ${err}`));
    });
  });
  const done = new Promise<{ outcomes: string[]; from: number; to: number }>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.slice(out.indexOf('ready\n') + 6).trim())) : reject(new Error(`exit ${code}: ${err}`)),
    ),
  );
  return { child, ready, done };
}

let children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill();
});

it(`two processes, ${PER_PROCESS} overlapping plans each for one booth at once: exactly one is stored`, async () => {
  const { booth } = await t.ctx.booths.provision(await t.principal('admin'), {
    municipalityId: t.municipalityA.municipalityId,
    name: '可搬 二つのプロセス',
    kind: 'popup',
    location: '',
  });
  const date = '2033-03-03';
  const job = {
    url: t.ctx.database.url,
    principal: await t.principal('supervisor'),
    municipalityId: t.municipalityA.municipalityId,
    boothId: booth.id,
    date,
    count: PER_PROCESS,
  };
  const runs = [start({ ...job, label: 'A' }), start({ ...job, label: 'B' })];
  children = runs.map((r) => r.child);
  await Promise.all(runs.map((r) => r.ready));
  for (const r of runs) r.child.stdin.write('go\n');
  const [a, b] = await Promise.all(runs.map((r) => r.done));
  // The two processes' plans were in flight at the same time.
  expect(a!.from < b!.to && b!.from < a!.to).toBe(true);
  const outcomes = [...a!.outcomes, ...b!.outcomes];
  expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
  expect(outcomes.filter((o) => o === 'popup_booth_busy')).toHaveLength(2 * PER_PROCESS - 1);
  expect(
    await count(t.ctx, 'SELECT count(*) FROM popup_event_booth pb JOIN popup_event e ON e.id = pb.event_id WHERE pb.booth_id = ?', [
      booth.id,
    ]),
  ).toBe(1);
  expect(await count(t.ctx, 'SELECT count(*) FROM popup_event WHERE first_date = ?', [date])).toBe(1);
}, 120_000);
