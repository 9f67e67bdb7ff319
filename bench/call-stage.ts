/**
 * The stage bench:call and bench:photo's part (c) both set up in the network namespace: the stack
 * and Chromium, bounded in time; a bench municipality open around the clock with one operator, the
 * operator logged in and available on the console, and the municipality's booth page open — each
 * page with its own measuring script.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { everyDayCalendar } from '@madoguchi/app/calendar';
import { parseEnv } from '@madoguchi/app/env';
import { seedMunicipality } from '@madoguchi/app/seed';
import { startStack } from '@madoguchi/app/stack';
import type { Language, Procedure } from '@madoguchi/db';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { operatorAvailable } from '../e2e/journey';
import { ensureBuilds } from './server';

/**
 * The stack (livekit-server and the app, on a fresh data folder) and Chromium for a bench run by
 * bench/run-in-netns.sh; the process exits after 6 minutes. `chromiumArgs` may first write what the
 * browser reads (a fake camera's video) into the data folder. `run` runs the bench, then stops both,
 * removes the folder and exits with the bench's outcome.
 */
export async function startCallBench(bench: {
  script: string;
  runWith: string;
  name: string;
  dataPrefix: string;
  chromiumArgs?: (dataDir: string) => Promise<string[]>;
}) {
  const nodeIp = process.env.NETNS_IP;
  if (!nodeIp) {
    console.error(`${bench.script} needs the network namespace: run "${bench.runWith}".`);
    process.exit(2);
  }
  ensureBuilds(); // the stack serves the built kiosk and Remix app; before the time limit starts
  const deadline = setTimeout(() => {
    console.error(`${bench.name} exceeded 6 minutes; stopping.`);
    process.exit(1);
  }, 6 * 60_000);
  deadline.unref();

  const dataDir = mkdtempSync(path.join(tmpdir(), bench.dataPrefix));
  const args = (await bench.chromiumArgs?.(dataDir)) ?? [];
  const env = parseEnv({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '3000',
    LOG_LEVEL: 'warn',
    MADOGUCHI_DATA_DIR: dataDir,
    WRAP_UP_MS: '0',
  });
  const livekitOverrides = { rtc: { stun_servers: ['127.0.0.1:3478'] }, logging: { level: 'warn' } };
  const stack = await startStack({ env, nodeIp, livekitOverrides });
  const browser = await chromium.launch({ ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, ...args] });
  const close = async () => {
    await browser.close().catch(() => undefined);
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return {
    stack,
    browser,
    /** Runs the bench on this stage, closes it, and exits: 0 when `body` finished, 1 when it threw. */
    async run(body: () => Promise<void>): Promise<never> {
      let exitCode = 1;
      try {
        await body();
        exitCode = 0;
      } catch (error) {
        console.error(`${bench.name} failed:`, error);
      } finally {
        await close();
      }
      process.exit(exitCode);
    },
  };
}

export async function operatorAndBooth(
  stack: Awaited<ReturnType<typeof startStack>>,
  browser: Browser,
  options: {
    procedure: Procedure;
    consoleScript: string;
    boothScript: string;
    /** Extra accounts of the bench municipality (bench:call's interpreter). */
    extraLogins?: { loginId: string; role: 'interpreter'; displayName: string; languages: Language[] }[];
  },
): Promise<{ console_: Page; booth: Page; logins: { loginId: string; password: string }[] }> {
  const municipality = await seedMunicipality(stack.app.ctx.database.db, {
    code: '243248',
    name: 'ベンチ町',
    boothName: 'ベンチブース',
    calendar: everyDayCalendar([{ start: '00:00', end: '24:00' }]),
    procedures: [options.procedure],
    logins: [{ loginId: 'bench-op', role: 'operator', displayName: 'ベンチ オペレーター' }, ...(options.extraLogins ?? [])],
  });
  const op = municipality.logins[0]!;
  const operatorContext = await browser.newContext({ baseURL: stack.app.url });
  const boothContext = await browser.newContext({ baseURL: stack.app.url });
  await operatorContext.addInitScript(options.consoleScript);
  await boothContext.addInitScript(options.boothScript);
  const console_ = await operatorAvailable(operatorContext, op);
  const booth = await boothContext.newPage();
  await booth.goto(`/booth/?provision=${municipality.boothCredential}`);
  return { console_, booth, logins: municipality.logins };
}

/**
 * At the booth, a call about `procedure` asked for in Japanese; the operator answers it. Resolves
 * once the console shows the booth's video (bench:photo's part (c) and bench:photo-guidance).
 */
export async function callAnsweredWithVideo(console_: Page, booth: Page, procedure: Procedure): Promise<void> {
  await booth.getByRole('button', { name: /ビデオ通話で相談する/ }).click();
  await booth.getByRole('button', { name: '日本語' }).click();
  await booth.locator(`[data-procedure="${procedure}"]`).click();
  await console_
    .getByTestId('offer')
    .getByRole('button', { name: /応答する/ })
    .click();
  await console_.waitForURL(/\/console\/sessions\//);
  await console_.getByTestId('remote-video').waitFor();
}
