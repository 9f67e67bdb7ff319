import { readFileSync } from 'node:fs';
import { createClient, type InValue } from '@libsql/client';
import type { SeededMunicipality } from '@madoguchi/app/seed';
import { type Browser, chromium } from '@playwright/test';
import { boothChromiumFlags, chromiumLaunchOptions } from '../chromium';

/** The fault runner's control endpoint (run-faults.ts), on the test namespace's loopback. */
export const CONTROL_PORT = 3999;

export interface FaultFixtures {
  /** The app as the console sees it (the test namespace's loopback). */
  consoleURL: string;
  /** The app as the booth sees it, from its own namespace, over the line the faults act on. */
  boothURL: string;
  databaseUrl: string;
  /** Chromium inside the booth's namespace (booth-netns.ts). */
  boothChromium: string;
  municipality: SeededMunicipality;
  heartbeatMs: number;
  offlineAfterMs: number;
}

export function loadFaultFixtures(): FaultFixtures {
  const file = process.env.FAULT_FIXTURES;
  if (!file) throw new Error('FAULT_FIXTURES is not set: run with "npm run test:faults".');
  return JSON.parse(readFileSync(file, 'utf8')) as FaultFixtures;
}

/**
 * Rows from the fault run's database (the real libSQL file the app writes), read with a client of
 * its own: the app may be SIGKILLed and started between two reads.
 */
export async function recordRows(sql: string, args: InValue[] = []) {
  const db = createClient({ url: loadFaultFixtures().databaseUrl });
  try {
    return (await db.execute({ sql, args })).rows;
  } finally {
    db.close();
  }
}

async function post(action: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${CONTROL_PORT}${action}`, {
    method: 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
}

/** Faults, each undone by its pair; the runner undoes the line's at the end of the run too. */
export const faults = {
  /** The booth's line drops every packet both ways (a cut cable: no error to either side). */
  cutBoothLink: () => post('/link/cut'),
  restoreBoothLink: () => post('/link/restore'),
  shapeBoothLink: (line: { rateKbit?: number; lossPercent?: number }) => post('/link/shape', line),
  /** SIGKILL of the app process; `startApp` waits until it answers again. */
  killApp: () => post('/app/kill'),
  startApp: () => post('/app/start'),
  killLiveKit: () => post('/livekit/kill'),
  startLiveKit: () => post('/livekit/start'),
};

/** A browser for the booth, inside its own network namespace. */
export function launchBoothBrowser(fixtures: FaultFixtures): Promise<Browser> {
  return chromium.launch({
    ...chromiumLaunchOptions,
    executablePath: fixtures.boothChromium,
    // The booth's own flags (what start-booth.sh runs a booth with). Camera and microphone need a
    // secure context; a real booth reaches the app over TLS.
    args: [...chromiumLaunchOptions.args, ...boothChromiumFlags, `--unsafely-treat-insecure-origin-as-secure=${fixtures.boothURL}`],
  });
}
