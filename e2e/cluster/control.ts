import { readFileSync } from 'node:fs';
import type { SeededMunicipality } from '@madoguchi/app/seed';
import { type Browser, chromium } from '@playwright/test';
import { boothChromiumFlags, chromiumLaunchOptions } from '../chromium';

/** The cluster runner's control endpoint (run-cluster.ts), on the test namespace's loopback. */
export const CLUSTER_CONTROL_PORT = 3998;

export interface ClusterNodeFixture {
  name: string;
  /** This node alone, from the test namespace (the console's side). */
  url: string;
  /** This node alone, as a booth in its own namespace reaches it. */
  boothURL: string;
}

export interface ClusterFixtures {
  /** The app through HAProxy, from the test namespace. */
  consoleURL: string;
  /** The app through HAProxy, as the booth reaches it. */
  boothURL: string;
  apps: ClusterNodeFixture[];
  livekits: string[];
  /** LIVEKIT_PUBLIC_URL (HAProxy in front of the LiveKit nodes). */
  livekitURL: string;
  databaseUrl: string;
  metricsToken: string;
  /** Chromium inside the booth's namespace (e2e/faults/booth-netns.ts). */
  boothChromium: string;
  municipality: SeededMunicipality;
  heartbeatMs: number;
}

export function loadClusterFixtures(): ClusterFixtures {
  const file = process.env.CLUSTER_FIXTURES;
  if (!file) throw new Error('CLUSTER_FIXTURES is not set: run with "bash scripts/netns.sh npx tsx e2e/cluster/run-cluster.ts".');
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterFixtures;
}

async function call(method: 'GET' | 'POST', action: string) {
  const response = await fetch(`http://127.0.0.1:${CLUSTER_CONTROL_PORT}${action}`, { method, signal: AbortSignal.timeout(120_000) });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${action}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** Processes of the cluster by name (app-1, livekit-2): kill -9 and start again (waits until it answers). */
export const cluster = {
  kill: (name: string) => call('POST', `/${name}/kill`),
  start: (name: string) => call('POST', `/${name}/start`),
  /** The app node that holds the dispatcher's lease now (null during a failover). */
  dispatcher: async () => (await call('GET', '/dispatcher')).name as string | null,
  /** Server states as HAProxy sees them: { 'app_nodes/app-1': 'UP', … }. */
  backends: async () => (await call('GET', '/backends')) as Record<string, string>,
  /** Waits until HAProxy sees `name` in `state` (e.g. a restarted node back in rotation). */
  waitFor: (name: string, state: 'UP' | 'DOWN') => call('POST', `/${name}/wait/${state}`),
};

/** A browser for the booth, inside its own network namespace (as the fault suite's). */
export function launchClusterBoothBrowser(fixtures: ClusterFixtures): Promise<Browser> {
  const origins = [fixtures.boothURL, ...fixtures.apps.map((a) => a.boothURL)].join(',');
  return chromium.launch({
    ...chromiumLaunchOptions,
    executablePath: fixtures.boothChromium,
    // Camera and microphone need a secure context; a real booth reaches the app over TLS.
    args: [...chromiumLaunchOptions.args, ...boothChromiumFlags, `--unsafely-treat-insecure-origin-as-secure=${origins}`],
  });
}
