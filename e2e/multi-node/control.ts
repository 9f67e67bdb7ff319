import { readFileSync } from 'node:fs';
import { createClient, type InValue } from '@libsql/client';
import type { SeededMunicipality } from '@madoguchi/app/seed';

/** The multi-node runner's control endpoint (run-multi-node.ts), on the test namespace's loopback. */
export const MULTI_NODE_CONTROL_PORT = 3998;

/** The dispatcher's lease in the suite (LEASE_MS): a dead holder's lease is taken ≤ this + 250 ms after the kill. */
export const MULTI_NODE_LEASE_MS = 3_000;
/**
 * How long an offer rings in the suite (OFFER_TIMEOUT_MS), the most the app allows. The dispatcher
 * kill must come while the call still rings: an offer that rings out first sends its operator
 * away, and by the routing rules nothing rings again until they are back (decision 0029). With
 * 20 s, one loaded run (load 29) took 20 s from the offer to the kill and failed so.
 */
export const MULTI_NODE_OFFER_TIMEOUT_MS = 120_000;

export interface MultiNodeFixtures {
  /** The app through HAProxy. */
  lbURL: string;
  /** Each app node alone (index 0 is node app-1). */
  appURLs: string[];
  appNodeIds: string[];
  livekitHttpURLs: string[];
  databaseUrl: string;
  metricsToken: string;
  /** One town, open around the clock: booth 1, operators op-1 and op-2. */
  municipality: SeededMunicipality;
  secondBooth: { boothId: string; boothCredential: string };
}

export function loadMultiNodeFixtures(): MultiNodeFixtures {
  const file = process.env.MULTI_NODE_FIXTURES;
  if (!file) throw new Error('MULTI_NODE_FIXTURES is not set: run with "npm run test:multi-node".');
  return JSON.parse(readFileSync(file, 'utf8')) as MultiNodeFixtures;
}

/** Rows from the cluster's database file, with a client of its own (nodes are killed between reads). */
export async function recordRows(sql: string, args: InValue[] = []) {
  const db = createClient({ url: loadMultiNodeFixtures().databaseUrl });
  try {
    return (await db.execute({ sql, args })).rows;
  } finally {
    db.close();
  }
}

async function post(action: string): Promise<{ at: number }> {
  const response = await fetch(`http://127.0.0.1:${MULTI_NODE_CONTROL_PORT}${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { at: number };
}

/** Which app node (its index, 1-based) runs the dispatcher now; null while none does. */
export async function dispatcherNode(): Promise<number | null> {
  const response = await fetch(`http://127.0.0.1:${MULTI_NODE_CONTROL_PORT}/dispatcher`);
  const { nodeId } = (await response.json()) as { nodeId: string | null };
  const index = loadMultiNodeFixtures().appNodeIds.indexOf(nodeId ?? '');
  return index < 0 ? null : index + 1;
}

/** Which LiveKit node (1-based) hosts this room now; null when none that runs does. */
export async function livekitNodeHosting(room: string): Promise<number | null> {
  const response = await fetch(`http://127.0.0.1:${MULTI_NODE_CONTROL_PORT}/livekit/hosting/${encodeURIComponent(room)}`);
  return ((await response.json()) as { node: number | null }).node;
}

/** kill -9 of a node (app or LiveKit, 1-based); `start` starts it again and waits until it answers. */
export const nodes = {
  killApp: (i: number) => post(`/app/${i}/kill`),
  startApp: (i: number) => post(`/app/${i}/start`),
  killLiveKit: (i: number) => post(`/livekit/${i}/kill`),
  startLiveKit: (i: number) => post(`/livekit/${i}/start`),
};
